import type { CaseRole, ItemKind } from '@vp/shared'
import type { ActiveSession } from '../auth/sessions.ts'
import { forbidden, notFound, unauthenticated } from '../http/errors.ts'

/** The caller's seat in the case at hand; null when they are not (or no longer) a member. */
export interface Membership {
  memberId: string
  role: CaseRole
  organisationId: string
}

/** Who is asking. `membership` is loaded per case; instance-level actions look only at the user. */
export interface Actor {
  user: ActiveSession['user'] | null
  membership: Membership | null
}

/** The facts a member-level rule needs about a seat. */
export interface SeatFacts {
  organisationId: string
  /** Which fields the change touches. */
  fields: string[]
}

/** The facts an item rule needs: who wrote it, who may see it, who is involved (actions). */
export interface ItemFacts {
  kind: ItemKind
  authorOrganisationId: string
  audience: string[] | null
  /** Organisations that must accept or decline an action (trekker and participants). */
  involvedOrganisationIds?: string[]
}

/**
 * The facts that decide who may read an event's content: the item it is about as it is *now*
 * (null for events about the case, its members, invitations or steps, which every member reads).
 * Never a stored audience: restricting an item later hides its past on every path at once.
 */
export interface EventFacts {
  item: ItemFacts | null
  /** For events about a document: the document as it is now (its item included). */
  document?: DocumentFacts
}

/**
 * The facts a document rule needs: its uploader's organisation, its own audience and, when it hangs
 * on an item, that item as it is now. A document attached to an item is never wider than the item.
 */
export interface DocumentFacts {
  uploaderOrganisationId: string
  audience: string[] | null
  item: ItemFacts | null
}

type InstanceResources = {
  /** Manage organisations of the instance. */
  'organisation.manage': null
  /** Manage accounts of the instance. */
  'user.manage': null
  /** See which organisations exist, to pick from when inviting. */
  'organisation.list': null
  /** Open a new case (and become its projectleider). */
  'case.create': null
}

type CaseResources = {
  'case.read': null
  'case.update': null
  'case.close': null
  'case.handover': null
  'member.list': null
  'member.update': SeatFacts
  'member.remove': null
  'invitation.manage': null
  /** Propose an organisation that is not listed yet, for an invitation in this case. */
  'organisation.propose': null
  'outbox.read': null
  /** Whom to chase: who is not done, owes a commitment, has not shown up. */
  'case.followUp': null
  'activity.read': null
  'event.read': EventFacts
  'step.change': null
  'step.markDone': null
  'item.create': { kind: ItemKind }
  'item.read': ItemFacts
  'item.update': ItemFacts
  'item.delete': ItemFacts
  'item.comment': ItemFacts
  'item.rate': ItemFacts
  'item.position': ItemFacts
  'item.commit': ItemFacts
  /** Upload a file to the case, a step or an item (the item's own read rule is checked too). */
  'document.create': null
  'document.read': DocumentFacts
  /** Rename, move, restrict. */
  'document.update': DocumentFacts
  'document.delete': DocumentFacts
  'document.addVersion': DocumentFacts
  /** Mark read ("gelezen"). */
  'document.acknowledge': DocumentFacts
}

type Resources = InstanceResources & CaseResources
export type Action = keyof Resources
export type CaseAction = keyof CaseResources

/** A caller with a live session. */
export type SignedIn = Actor & { user: NonNullable<Actor['user']> }
/** A signed-in caller with an active seat in the case at hand. */
export type Member = SignedIn & { membership: Membership }
/** What `authorize` proves about the caller: a seat for case actions, a session for the rest. */
export type Authorized<A extends Action> = A extends CaseAction ? Member : SignedIn

/** Fields of a seat that its own organisation may state: its interest, role and commitment. */
const OWN_SEAT_FIELDS = new Set(['belang', 'roleText', 'commitment', 'commitmentNote'])

const isProjectleider = (a: Member) => a.membership.role === 'projectleider'
/** Partners and the projectleider contribute for their organisation; waarnemers only read. */
const contributes = (a: Member) => a.membership.role !== 'waarnemer'
/** Outside an item's audience a member sees only a placeholder, whatever their role. */
const inAudience = (a: Member, item: ItemFacts) =>
  item.audience === null || item.audience.includes(a.membership.organisationId)
/** Kinds the projectleider writes for the group: the agreed problem statement and the evaluation. */
/** Inside the document's audience and, when it hangs on an item, inside that item's too. */
const readsDocument = (a: Member, d: DocumentFacts) =>
  (d.audience === null || d.audience.includes(a.membership.organisationId)) &&
  (d.item === null || inAudience(a, d.item))
/** The uploader's organisation or the projectleider changes a document it can see. */
const managesDocument = (a: Member, d: DocumentFacts) =>
  readsDocument(a, d) &&
  (isProjectleider(a) || (contributes(a) && d.uploaderOrganisationId === a.membership.organisationId))
const LEAD_KINDS = new Set<ItemKind>(['problem_statement', 'evaluation'])
const POSITION_KINDS = new Set<ItemKind>(['subproblem', 'problem_statement', 'goal'])

const instanceRules: { [A in keyof InstanceResources]: (a: SignedIn, r: InstanceResources[A]) => boolean } = {
  // Only the instance's functional admins manage organisations and accounts.
  'organisation.manage': (a) => a.user.isAdmin,
  'user.manage': (a) => a.user.isAdmin,
  // Names and types of organisations are not case content.
  'organisation.list': () => true,
  // A case needs the creator's organisation for their seat.
  'case.create': (a) => a.user.organisation !== null,
}

const caseRules: { [A in CaseAction]: (a: Member, r: CaseResources[A]) => boolean } = {
  // Every member reads the case, its project group and its activity; waarnemers only read.
  'case.read': () => true,
  'member.list': () => true,
  'activity.read': () => true,
  // An event's content follows its item's current audience; outside it, only who and when show.
  'event.read': (a, e) => (e.document ? readsDocument(a, e.document) : e.item === null || inAudience(a, e.item)),
  // The projectleider directs: profile, phasing, the group, invitations and what was sent.
  'case.update': isProjectleider,
  'case.close': isProjectleider,
  'case.handover': isProjectleider,
  'member.remove': isProjectleider,
  'invitation.manage': isProjectleider,
  // Whoever invites may add the invitee's organisation; an administrator confirms it later.
  'organisation.propose': isProjectleider,
  'outbox.read': isProjectleider,
  // Chasing partners is the projectleider's job; partners see only what they owe themselves.
  'case.followUp': isProjectleider,
  // A partner states its own organisation's interest, role and commitment; roles are the projectleider's.
  'member.update': (a, seat) =>
    isProjectleider(a) ||
    (a.membership.role === 'partner' &&
      seat.organisationId === a.membership.organisationId &&
      seat.fields.every((f) => OWN_SEAT_FIELDS.has(f))),
  // Phasing and deadlines are the projectleider's.
  'step.change': isProjectleider,
  // Each contributing organisation marks its own contribution done.
  'step.markDone': contributes,
  'item.create': (a, r) => isProjectleider(a) || (contributes(a) && !LEAD_KINDS.has(r.kind)),
  'item.read': inAudience,
  // The projectleider may edit every item it can see; a partner only its own organisation's.
  'item.update': (a, item) =>
    inAudience(a, item) &&
    (isProjectleider(a) || (contributes(a) && item.authorOrganisationId === a.membership.organisationId)),
  'item.delete': (a, item) =>
    inAudience(a, item) &&
    (isProjectleider(a) || (contributes(a) && item.authorOrganisationId === a.membership.organisationId)),
  'item.comment': (a, item) => contributes(a) && inAudience(a, item),
  // One priority rating per organisation, on sub-problems.
  'item.rate': (a, item) => contributes(a) && inAudience(a, item) && item.kind === 'subproblem',
  'item.position': (a, item) => contributes(a) && inAudience(a, item) && POSITION_KINDS.has(item.kind),
  // Only an organisation the action is assigned to can accept or decline it.
  'item.commit': (a, item) =>
    contributes(a) &&
    inAudience(a, item) &&
    item.kind === 'action' &&
    (item.involvedOrganisationIds ?? []).includes(a.membership.organisationId),
  // Every member may bring a file (API.md); who then sees it is its audience's and its item's matter.
  'document.create': () => true,
  'document.read': readsDocument,
  'document.update': managesDocument,
  'document.delete': managesDocument,
  'document.addVersion': managesDocument,
  'document.acknowledge': readsDocument,
}

export const INSTANCE_ACTIONS = Object.keys(instanceRules) as (keyof InstanceResources)[]
export const CASE_ACTIONS = Object.keys(caseRules) as CaseAction[]
export const ACTIONS: Action[] = [...INSTANCE_ACTIONS, ...CASE_ACTIONS]

const isCaseAction = (action: Action): action is CaseAction => action in caseRules

/**
 * The only place that decides access. Pure: the caller loads the facts first. Admins have no
 * special rights inside a case: they see case content only as members.
 */
export function can<A extends Action>(actor: Actor, action: A, resource: Resources[A]): boolean {
  if (!actor.user) return false
  if (isCaseAction(action)) {
    if (!actor.membership) return false
    return (caseRules[action] as (a: Member, r: unknown) => boolean)(actor as Member, resource)
  }
  return (instanceRules[action as keyof InstanceResources] as (a: SignedIn, r: unknown) => boolean)(
    actor as SignedIn,
    resource,
  )
}

/**
 * `can` for a seat other than the caller's: someone mentioned, notified or listed. The same rules
 * as for the caller, on the seat as it is now.
 */
export function seatCan<A extends CaseAction>(
  seat: { userId: string; memberId: string; role: CaseRole; organisationId: string },
  action: A,
  resource: CaseResources[A],
): boolean {
  const { userId, ...membership } = seat
  const member = { user: { id: userId }, membership } as Member
  return (caseRules[action] as (a: Member, r: unknown) => boolean)(member, resource)
}

const NO_ORGANISATION = '00000000-0000-0000-0000-000000000000'

/**
 * The reader of the raad summary: a seat in no organisation, so outside every restricted audience.
 * What `can` lets it read is exactly what every member of the case may read; the raad builder asks
 * as this reader and so never receives anything restricted.
 */
export const EVERY_MEMBER: Member = {
  user: { id: NO_ORGANISATION } as Member['user'],
  membership: { memberId: NO_ORGANISATION, role: 'waarnemer', organisationId: NO_ORGANISATION },
}

/**
 * Throws unless `can`. Anonymous → 401. For case actions a non-member gets 404, never 403: they
 * must not learn that the case exists. Members without the right, and signed-in callers of
 * instance actions without it, get 403.
 */
export function authorize<A extends Action>(
  actor: Actor,
  action: A,
  resource: Resources[A],
): asserts actor is Authorized<A> {
  if (!actor.user) throw unauthenticated()
  if (isCaseAction(action) && !actor.membership) throw notFound()
  if (!can(actor, action, resource)) throw forbidden()
}

type ItemAction = { [A in CaseAction]: CaseResources[A] extends ItemFacts ? A : never }[CaseAction]

/**
 * `authorize` for an action on one item. An item the caller may not read is answered exactly like
 * an item that does not exist (404): nobody acts on, comments on or reacts to what they cannot
 * see, and the answer tells them nothing about it. Within the audience, a missing right is 403.
 */
export function authorizeItem(actor: Actor, action: ItemAction, item: ItemFacts): asserts actor is Member {
  if (!actor.user) throw unauthenticated()
  if (!actor.membership || !can(actor, 'item.read', item)) throw notFound('Onderdeel niet gevonden')
  if (!can(actor, action, item)) throw forbidden()
}

type DocumentAction = Extract<
  CaseAction,
  'document.read' | 'document.update' | 'document.delete' | 'document.addVersion' | 'document.acknowledge'
>

/** Outside a document's audience (or its item's) it is unknown: 404; inside but not allowed: 403. */
export function authorizeDocument(actor: Actor, action: DocumentAction, doc: DocumentFacts): asserts actor is Member {
  if (!actor.user) throw unauthenticated()
  if (!actor.membership || !can(actor, 'document.read', doc)) throw notFound('Document niet gevonden')
  if (!can(actor, action, doc)) throw forbidden()
}
