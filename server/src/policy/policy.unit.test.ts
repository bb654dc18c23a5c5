import { describe, expect, it } from 'vitest'
import type { ActiveSession } from '../auth/sessions.ts'
import { ACTIONS, type Action, type Actor, authorize, CASE_ACTIONS, can, INSTANCE_ACTIONS, seatCan } from './policy.ts'

const ORG = 'org-own'
const OTHER = 'org-other'
const user = (isAdmin = false, organisation = true): ActiveSession['user'] => ({
  id: 'u',
  email: 'u@example.test',
  name: 'U',
  isAdmin,
  locale: 'nl',
  organisation: organisation ? { id: ORG, name: 'Eigen', type: 'politie' } : null,
})
const member = (role: 'projectleider' | 'partner' | 'waarnemer'): Actor => ({
  user: user(),
  membership: { memberId: 'm', role, organisationId: ORG },
})

/** Every kind of caller the product knows. A removed member has no membership, like a non-member. */
const ROLES = {
  anonymous: { user: null, membership: null },
  nonMember: { user: user(), membership: null },
  removedMember: { user: user(), membership: null },
  admin: { user: user(true), membership: null },
  waarnemer: member('waarnemer'),
  partnerOwnOrg: member('partner'),
  partnerOtherOrg: { user: user(), membership: { memberId: 'm', role: 'partner', organisationId: OTHER } },
  projectleider: member('projectleider'),
} satisfies Record<string, Actor>
type Role = keyof typeof ROLES

const ownSeat = { organisationId: ORG, fields: ['belang', 'commitment'] }
/** A sub-problem written by ORG, visible to all members. */
const ownItem = { kind: 'subproblem' as const, authorOrganisationId: ORG, audience: null }
/** An action assigned to ORG. */
const ownAction = {
  kind: 'action' as const,
  authorOrganisationId: OTHER,
  audience: null,
  involvedOrganisationIds: [ORG],
}
/** A document uploaded by ORG for every member, on the case itself. */
const ownDocument = { uploaderOrganisationId: ORG, audience: null, item: null }
const RESOURCES: Partial<Record<Action, unknown>> = {
  'member.update': ownSeat,
  'item.create': { kind: 'signal' },
  'item.read': ownItem,
  'item.update': ownItem,
  'item.delete': ownItem,
  'item.comment': ownItem,
  'item.rate': ownItem,
  'item.position': ownItem,
  'item.commit': ownAction,
  'event.read': { item: ownItem },
  'document.read': ownDocument,
  'document.update': ownDocument,
  'document.delete': ownDocument,
  'document.addVersion': ownDocument,
  'document.acknowledge': ownDocument,
}

const Y = true
const n = false
/** One line per action: the answer for each role, in the order of ROLES. */
const MATRIX: Record<Action, [Role[], boolean[]]> = Object.fromEntries(
  (
    [
      //                    anon nonM  remv  admin waarn pOwn  pOth  pl
      ['organisation.manage', [n, n, n, Y, n, n, n, n]],
      ['user.manage', [n, n, n, Y, n, n, n, n]],
      ['organisation.list', [n, Y, Y, Y, Y, Y, Y, Y]],
      ['case.create', [n, Y, Y, Y, Y, Y, Y, Y]],
      ['case.read', [n, n, n, n, Y, Y, Y, Y]],
      ['member.list', [n, n, n, n, Y, Y, Y, Y]],
      ['activity.read', [n, n, n, n, Y, Y, Y, Y]],
      ['case.update', [n, n, n, n, n, n, n, Y]],
      ['case.close', [n, n, n, n, n, n, n, Y]],
      ['case.handover', [n, n, n, n, n, n, n, Y]],
      ['member.remove', [n, n, n, n, n, n, n, Y]],
      ['invitation.manage', [n, n, n, n, n, n, n, Y]],
      ['organisation.propose', [n, n, n, n, n, n, n, Y]],
      ['outbox.read', [n, n, n, n, n, n, n, Y]],
      ['case.followUp', [n, n, n, n, n, n, n, Y]],
      // Own organisation's seat: its partner may state belang and commitment, another org's partner not.
      ['member.update', [n, n, n, n, n, Y, n, Y]],
      ['step.change', [n, n, n, n, n, n, n, Y]],
      ['step.markDone', [n, n, n, n, n, Y, Y, Y]],
      ['item.create', [n, n, n, n, n, Y, Y, Y]],
      ['item.read', [n, n, n, n, Y, Y, Y, Y]],
      // An event about an item reads as the item does now.
      ['event.read', [n, n, n, n, Y, Y, Y, Y]],
      // Own organisation's item: its partners and the projectleider edit; another organisation not.
      ['item.update', [n, n, n, n, n, Y, n, Y]],
      ['item.delete', [n, n, n, n, n, Y, n, Y]],
      ['item.comment', [n, n, n, n, n, Y, Y, Y]],
      ['item.rate', [n, n, n, n, n, Y, Y, Y]],
      ['item.position', [n, n, n, n, n, Y, Y, Y]],
      // Only an organisation the action is assigned to accepts or declines it.
      ['item.commit', [n, n, n, n, n, Y, n, Y]],
      // Every member may bring a file; the uploader's organisation and the projectleider manage it.
      ['document.create', [n, n, n, n, Y, Y, Y, Y]],
      ['document.read', [n, n, n, n, Y, Y, Y, Y]],
      ['document.update', [n, n, n, n, n, Y, n, Y]],
      ['document.delete', [n, n, n, n, n, Y, n, Y]],
      ['document.addVersion', [n, n, n, n, n, Y, n, Y]],
      ['document.acknowledge', [n, n, n, n, Y, Y, Y, Y]],
    ] as [Action, boolean[]][]
  ).map(([a, answers]) => [a, [Object.keys(ROLES) as Role[], answers]]),
) as Record<Action, [Role[], boolean[]]>

describe('policy matrix', () => {
  it('has a line for every action the policy module knows, and no other', () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...ACTIONS].sort())
  })

  for (const action of ACTIONS) {
    const [roles, answers] = MATRIX[action]
    it.each(roles.map((r, i) => [r, answers[i]!] as const))(`${action}: %s → %s`, (role, expected) => {
      expect(can(ROLES[role], action, (RESOURCES[action] ?? null) as never)).toBe(expected)
    })
  }

  it('lets a partner state only its own seat fields, never the role', () => {
    const p = ROLES.partnerOwnOrg
    expect(can(p, 'member.update', { organisationId: ORG, fields: ['role'] })).toBe(false)
    expect(can(p, 'member.update', { organisationId: ORG, fields: ['belang', 'role'] })).toBe(false)
    expect(can(ROLES.projectleider, 'member.update', { organisationId: OTHER, fields: ['role'] })).toBe(true)
    expect(can(ROLES.waarnemer, 'member.update', { organisationId: ORG, fields: ['belang'] })).toBe(false)
  })

  it('keeps a document from those outside its audience, and from those outside the item it hangs on', () => {
    const driehoekOnly = { uploaderOrganisationId: OTHER, audience: [OTHER], item: null }
    const onRestrictedItem = {
      uploaderOrganisationId: ORG,
      audience: null,
      item: { kind: 'signal' as const, authorOrganisationId: OTHER, audience: [OTHER] },
    }
    for (const doc of [driehoekOnly, onRestrictedItem]) {
      for (const action of [
        'document.read',
        'document.update',
        'document.delete',
        'document.addVersion',
        'document.acknowledge',
      ] as const) {
        expect(can(ROLES.projectleider, action, doc)).toBe(false)
        expect(can(ROLES.partnerOwnOrg, action, doc)).toBe(false)
      }
      expect(can(ROLES.partnerOtherOrg, 'document.read', doc)).toBe(true)
      expect(can(ROLES.projectleider, 'event.read', { item: null, document: doc })).toBe(false)
      expect(can(ROLES.partnerOtherOrg, 'event.read', { item: null, document: doc })).toBe(true)
    }
  })

  it('keeps an item limited to named organisations from everyone outside them, the projectleider included', () => {
    const driehoekOnly = { kind: 'signal' as const, authorOrganisationId: OTHER, audience: [OTHER] }
    for (const action of ['item.read', 'item.update', 'item.delete', 'item.comment'] as const) {
      expect(can(ROLES.projectleider, action, driehoekOnly)).toBe(false)
      expect(can(ROLES.partnerOtherOrg, action, driehoekOnly)).toBe(true)
    }
  })

  it('decides an event by its item as it is now: restricted later, hidden from then on', () => {
    const open = { kind: 'signal' as const, authorOrganisationId: OTHER, audience: null }
    const restricted = { ...open, audience: [OTHER] }
    expect(can(ROLES.partnerOwnOrg, 'event.read', { item: open })).toBe(true)
    expect(can(ROLES.partnerOwnOrg, 'event.read', { item: restricted })).toBe(false)
    expect(can(ROLES.partnerOtherOrg, 'event.read', { item: restricted })).toBe(true)
    // Events about the case, its members and steps are every member's.
    expect(can(ROLES.waarnemer, 'event.read', { item: null })).toBe(true)
  })

  it('answers the same rules for a seat other than the caller (mentions)', () => {
    const restricted = { kind: 'signal' as const, authorOrganisationId: OTHER, audience: [OTHER] }
    const seat = (organisationId: string) => ({ userId: 'x', memberId: 'm2', role: 'partner' as const, organisationId })
    expect(seatCan(seat(ORG), 'item.read', restricted)).toBe(false)
    expect(seatCan(seat(OTHER), 'item.read', restricted)).toBe(true)
  })

  it('leaves the problem statement and the evaluation to the projectleider', () => {
    for (const kind of ['problem_statement', 'evaluation'] as const) {
      expect(can(ROLES.partnerOwnOrg, 'item.create', { kind })).toBe(false)
      expect(can(ROLES.projectleider, 'item.create', { kind })).toBe(true)
    }
  })

  it('takes ratings only on sub-problems and positions only on sub-problems, problem statements and goals', () => {
    const p = ROLES.partnerOwnOrg
    expect(can(p, 'item.rate', { ...ownItem, kind: 'goal' })).toBe(false)
    expect(can(p, 'item.position', { ...ownItem, kind: 'goal' })).toBe(true)
    expect(can(p, 'item.position', { ...ownItem, kind: 'signal' })).toBe(false)
    expect(can(p, 'item.commit', { ...ownAction, involvedOrganisationIds: [OTHER] })).toBe(false)
  })

  it('needs an organisation to open a case', () => {
    expect(can({ user: user(false, false), membership: null }, 'case.create', null)).toBe(false)
  })
})

describe('authorize', () => {
  const statusOf = (actor: Actor, action: Action) => {
    try {
      authorize(actor, action, (RESOURCES[action] ?? null) as never)
      return 200
    } catch (e) {
      return (e as { statusCode: number }).statusCode
    }
  }

  it('answers 401 to anonymous callers for every action', () => {
    for (const a of ACTIONS) expect(statusOf(ROLES.anonymous, a)).toBe(401)
  })

  it('answers 404, never 403, to non-members, removed members and admins for every case action', () => {
    for (const a of CASE_ACTIONS) {
      for (const r of ['nonMember', 'removedMember', 'admin'] as const) expect(statusOf(ROLES[r], a)).toBe(404)
    }
  })

  it('answers 403 to members without the right, and to non-admins for instance actions', () => {
    expect(statusOf(ROLES.waarnemer, 'case.update')).toBe(403)
    expect(statusOf(ROLES.partnerOwnOrg, 'invitation.manage')).toBe(403)
    for (const a of INSTANCE_ACTIONS.filter((x) => x.endsWith('.manage')))
      expect(statusOf(ROLES.nonMember, a)).toBe(403)
  })
})
