import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, createTestApp, openCase, type TestApp, type TestUser } from '../../test/app.ts'
import { storeDocument } from '../../test/documents.ts'
import type { SessionUser } from '../auth/sessions.ts'
import { type Action, type Actor, CASE_ACTIONS, can, type DocumentFacts, type ItemFacts } from './policy.ts'

/**
 * The route-coverage probe: for every route under /api/cases/:caseId, every kind of caller makes a
 * valid request, and the answer must match what the policy table says of the route's *declared*
 * action — refused callers get 401/403/404 (or the placeholder where the route declares one),
 * allowed callers get past authorization. A route whose declared action is not the one it
 * enforces shows up as a mismatch, whichever way it errs.
 */

let t: TestApp

const ROLES = [
  'anonymous',
  'nonMember',
  'removedMember',
  'outsideAudience',
  'waarnemer',
  'partnerOwnOrg',
  'partnerOtherOrg',
  'projectleider',
] as const
type Role = (typeof ROLES)[number]
/** Callers who are not (or no longer) members: they must learn nothing, so 404 and nothing else. */
const OUTSIDERS = new Set<Role>(['nonMember', 'removedMember'])

type People = Record<Exclude<Role, 'anonymous'>, { user: TestUser; client: Client }>
let people: People

interface Fixture {
  caseId: string
  seats: Partial<
    Record<Role, { memberId: string; role: 'projectleider' | 'partner' | 'waarnemer'; organisationId: string }>
  >
  /** A sub-problem by partnerOwnOrg's organisation; outsideAudience's organisation is not in its audience. */
  subproblem: { id: string; facts: ItemFacts }
  /** An action with partnerOwnOrg's organisation as trekker, the same audience. */
  action: { id: string; facts: ItemFacts }
  invitationId: string
  /** A document by partnerOwnOrg's organisation, with the sub-problem's audience. */
  document: { id: string; facts: DocumentFacts }
}

export interface RouteUnderTest {
  method: string
  url: string
  policy: Action | undefined
  placeholder: boolean
}

export interface Mismatch {
  route: string
  role: Role
  expected: 'allow' | 'refuse'
  status: number
}

beforeAll(async () => {
  t = await createTestApp()
  const entries = await Promise.all(
    (
      [
        'nonMember',
        'removedMember',
        'outsideAudience',
        'waarnemer',
        'partnerOwnOrg',
        'partnerOtherOrg',
        'projectleider',
      ] as const
    ).map(async (role) => {
      const user = await t.make.user({ name: `Probe ${role}` })
      return [role, { user, client: await t.as(user) }] as const
    }),
  )
  people = Object.fromEntries(entries) as People
})
afterAll(() => t.close())

async function ok(
  res: Promise<{ statusCode: number; body: string; json(): unknown; headers: Record<string, unknown> }>,
  want: number,
) {
  const r = await res
  if (r.statusCode !== want) throw new Error(`fixture: expected ${want}, got ${r.statusCode} ${r.body}`)
  return r
}

/** Invites an existing account and accepts with its own session: no extra sign-ins. */
async function join(lead: Client, caseId: string, role: Role, caseRole: 'partner' | 'waarnemer') {
  const { user, client } = people[role as Exclude<Role, 'anonymous'>]
  const inv = await ok(
    lead.post(`/api/cases/${caseId}/invitations`, {
      email: user.email,
      organisationId: user.organisationId,
      role: caseRole,
    }),
    201,
  )
  const token = (inv.json() as { link: string }).link.split('/uitnodiging/')[1]!
  await ok(client.post(`/api/invitations/${token}/accept`, {}), 200)
}

/** A fresh case with every kind of caller in place, so an allowed write never spoils the next probe. */
async function makeFixture(): Promise<Fixture> {
  const lead = people.projectleider.client
  const caseId = await openCase(lead)
  await join(lead, caseId, 'partnerOwnOrg', 'partner')
  await join(lead, caseId, 'partnerOtherOrg', 'partner')
  await join(lead, caseId, 'outsideAudience', 'partner')
  await join(lead, caseId, 'waarnemer', 'waarnemer')
  await join(lead, caseId, 'removedMember', 'partner')
  type Seat = {
    id: string
    userId: string
    role: 'projectleider' | 'partner' | 'waarnemer'
    organisation: { id: string }
  }
  const members = (
    (await ok(lead.get(`/api/cases/${caseId}/members`), 200)).json() as { items: (Seat & { version: number })[] }
  ).items
  const seatOf = (role: Role) => {
    const m = members.find((x) => x.userId === people[role as Exclude<Role, 'anonymous'>].user.id)
    if (!m) throw new Error(`no seat for ${role}`)
    return m
  }
  const removed = seatOf('removedMember')
  await ok(lead.delete(`/api/cases/${caseId}/members/${removed.id}`, { 'if-match': `"${removed.version}"` }), 200)
  const seats: Fixture['seats'] = {}
  for (const role of ['outsideAudience', 'waarnemer', 'partnerOwnOrg', 'partnerOtherOrg', 'projectleider'] as const) {
    const s = seatOf(role)
    seats[role] = { memberId: s.id, role: s.role, organisationId: s.organisation.id }
  }
  const step2 = await ok(lead.get(`/api/cases/${caseId}/steps/2`), 200)
  await ok(
    lead.patch(`/api/cases/${caseId}/steps/2`, { status: 'open' }, { 'if-match': step2.headers.etag as string }),
    200,
  )
  const audience = [seats.projectleider!, seats.partnerOwnOrg!, seats.partnerOtherOrg!, seats.waarnemer!].map(
    (s) => s.organisationId,
  )
  const own = seats.partnerOwnOrg!.organisationId
  const sub = await ok(
    people.partnerOwnOrg.client.post(`/api/cases/${caseId}/items`, {
      kind: 'subproblem',
      step: 2,
      title: 'Deelprobleem',
      audience,
    }),
    201,
  )
  const act = await ok(
    lead.post(`/api/cases/${caseId}/items`, {
      kind: 'action',
      step: 5,
      title: 'Afspraak',
      trekkerOrganisationId: own,
      audience,
    }),
    201,
  )
  const inv = await ok(
    lead.post(`/api/cases/${caseId}/invitations`, {
      email: `probe-${Date.now()}@example.test`,
      organisationId: own,
      role: 'partner',
    }),
    201,
  )
  const subId = (sub.json() as { id: string }).id
  const doc = await storeDocument(
    t,
    caseId,
    { userId: people.partnerOwnOrg.user.id, organisationId: own },
    { title: 'Document', audience },
  )
  const actId = (act.json() as { id: string }).id
  const lead0 = seats.projectleider!.organisationId
  return {
    caseId,
    seats,
    subproblem: { id: subId, facts: { kind: 'subproblem', authorOrganisationId: own, audience } },
    action: {
      id: actId,
      facts: { kind: 'action', authorOrganisationId: lead0, audience, involvedOrganisationIds: [own] },
    },
    invitationId: (inv.json() as { invitation: { id: string } }).invitation.id,
    document: { id: doc.id, facts: { uploaderOrganisationId: own, audience, item: null } },
  }
}

/** The concrete request a route gets in the probe: URL, a valid body, and the facts its rule decides on. */
function requestFor(route: RouteUnderTest, f: Fixture) {
  const itemId = route.url.endsWith('/commitment') ? f.action.id : f.subproblem.id
  const url = route.url
    .replace('/api/cases/:caseId', `/api/cases/${f.caseId}`)
    .replace(':itemId', itemId)
    .replace(':memberId', f.seats.partnerOwnOrg!.memberId)
    .replace(':invitationId', f.invitationId)
    .replace(':documentId', f.document.id)
    .replace(
      ':step',
      route.url.endsWith('/done') ? '1' : route.url.includes('/steps/') && route.method === 'PATCH' ? '3' : '2',
    )
  const own = f.seats.partnerOwnOrg!.organisationId
  const bodies: Record<string, unknown> = {
    'PATCH /api/cases/:caseId': { area: 'Hovenplein' },
    'POST /api/cases/:caseId/documents': probeUpload(),
    'POST /api/cases/:caseId/documents/:documentId/versions': probeUpload(),
    'POST /api/cases/:caseId/handover': { userId: people.partnerOwnOrg.user.id },
    'POST /api/cases/:caseId/items': { kind: 'signal', step: 2, title: 'Signaal', source: 'meldingen' },
    'PATCH /api/cases/:caseId/items/:itemId': { title: 'Nieuwe titel' },
    'PUT /api/cases/:caseId/items/:itemId/rating': { score: 3 },
    'PUT /api/cases/:caseId/items/:itemId/position': { position: 'akkoord' },
    'PUT /api/cases/:caseId/items/:itemId/commitment': { status: 'accepted' },
    'POST /api/cases/:caseId/items/:itemId/comments': { body: 'Opmerking' },
    'PATCH /api/cases/:caseId/members/:memberId': { belang: 'Veilig winkelen' },
    'PATCH /api/cases/:caseId/steps/:step': { deadline: '2031-01-01T00:00:00.000Z' },
    'PUT /api/cases/:caseId/steps/:step/done': { done: true },
    'POST /api/cases/:caseId/invitations': {
      email: `new-${Date.now()}@example.test`,
      organisationId: own,
      role: 'partner',
    },
    'POST /api/cases/:caseId/invitations/:invitationId/resend': {},
    'POST /api/cases/:caseId/organisations': { name: `Buurtpreventie ${crypto.randomUUID()}`, type: 'overig' },
    'PATCH /api/cases/:caseId/documents/:documentId': { title: 'Nieuwe titel' },
  }
  const key = `${route.method} ${route.url}`
  const facts = (action: Action): unknown => {
    if (action.startsWith('item.') && action !== 'item.create')
      return itemId === f.action.id ? f.action.facts : f.subproblem.facts
    if (action === 'item.create') return { kind: 'signal' }
    if (action.startsWith('document.') && action !== 'document.create') return f.document.facts
    if (action === 'member.update') return { organisationId: own, fields: ['belang'] }
    return null
  }
  return { url, body: route.method === 'GET' || route.method === 'DELETE' ? undefined : (bodies[key] ?? {}), facts }
}

function actorOf(role: Role, f: Fixture): Actor {
  if (role === 'anonymous') return { user: null, membership: null }
  const user = { id: people[role].user.id } as SessionUser
  const seat = f.seats[role]
  return { user, membership: seat && !OUTSIDERS.has(role) ? seat : null }
}

/**
 * Probes routes and returns every answer that disagrees with the policy table for the declared
 * action. Callers the table refuses go first on a shared case (a refused request changes
 * nothing); each allowed caller of a write gets a case of its own.
 */
export async function probeRoutes(routes: RouteUnderTest[]): Promise<Mismatch[]> {
  const mismatches: Mismatch[] = []
  for (const route of routes) {
    const name = `${route.method} ${route.url}`
    const action = route.policy
    if (!action) {
      mismatches.push({ route: name, role: 'anonymous', expected: 'refuse', status: 0 })
      continue
    }
    const isAllowed = (role: Role, f: Fixture) =>
      can(actorOf(role, f), action, requestFor(route, f).facts(action) as never)
    // A refused request changes nothing, so refused callers share one case; an allowed write
    // gets a case of its own and cannot spoil the next caller's probe.
    const shared = await makeFixture()
    for (const role of ROLES) {
      const allowed = isAllowed(role, shared)
      const f = allowed && route.method !== 'GET' ? await makeFixture() : shared
      const { url, body } = requestFor(route, f)
      const client = role === 'anonymous' ? t.anon : people[role].client
      const res = await client.request(route.method as 'GET', url, body, { 'if-match': '"1"' })
      const placeholder =
        route.placeholder && res.statusCode === 200 && (res.json() as { restricted?: boolean }).restricted === true
      const refused = [401, 403, 404].includes(res.statusCode) || placeholder
      // Refused is not enough for callers outside the case: they must learn nothing (401 / 404).
      const learnsNothing =
        role === 'anonymous' ? res.statusCode === 401 : OUTSIDERS.has(role) ? res.statusCode === 404 : true
      if (allowed ? refused : !refused || !learnsNothing)
        mismatches.push({ route: name, role, expected: allowed ? 'allow' : 'refuse', status: res.statusCode })
    }
  }
  return mismatches
}

function caseRoutes(): RouteUnderTest[] {
  return t.app.routeList
    .filter((r) => r.url.startsWith('/api/cases/:caseId') && r.method !== 'HEAD')
    .map(({ method, url, policy, placeholder }) => ({ method, url, policy, placeholder }))
}

describe('every route under /api/cases/:caseId', () => {
  it('names an action of the policy table', () => {
    const routes = caseRoutes()
    expect(routes.length).toBeGreaterThan(20)
    const missing = routes
      .filter((r) => !r.policy || !CASE_ACTIONS.includes(r.policy as never))
      .map((r) => `${r.method} ${r.url}`)
    expect(missing).toEqual([])
  })

  it('enforces exactly its declared action: refused callers are refused, allowed ones get through', async () => {
    expect(await probeRoutes(caseRoutes())).toEqual([])
  }, 300_000)

  it('reports a route whose declared action is stricter than what it enforces', async () => {
    // Planted in the test: the steps list checks case.read, but is relabelled case.update.
    const steps = caseRoutes().find((r) => r.method === 'GET' && r.url === '/api/cases/:caseId/steps')!
    const found = await probeRoutes([{ ...steps, policy: 'case.update' }])
    expect(found.map((m) => m.role).sort()).toEqual([
      'outsideAudience',
      'partnerOtherOrg',
      'partnerOwnOrg',
      'waarnemer',
    ])
    expect(found.every((m) => m.expected === 'refuse' && m.status === 200)).toBe(true)
  }, 120_000)

  it('reports a route whose declared action is looser than what it enforces', async () => {
    // Planted in the test: a profile change is the projectleider's, but is relabelled case.read.
    const patch = caseRoutes().find((r) => r.method === 'PATCH' && r.url === '/api/cases/:caseId')!
    const found = await probeRoutes([{ ...patch, policy: 'case.read' }])
    expect(found.map((m) => m.role).sort()).toEqual([
      'outsideAudience',
      'partnerOtherOrg',
      'partnerOwnOrg',
      'waarnemer',
    ])
    expect(found.every((m) => m.expected === 'allow' && m.status === 403)).toBe(true)
  }, 120_000)
})

describe('a closed case', () => {
  it('refuses every write but reopening, route by route, with 409 naming the state', async () => {
    const f = await makeFixture()
    const lead = people.projectleider.client
    const etag = (await lead.get(`/api/cases/${f.caseId}`)).headers.etag as string
    expect((await lead.patch(`/api/cases/${f.caseId}`, { status: 'closed' }, { 'if-match': etag })).statusCode).toBe(
      200,
    )
    const lastSeq = async () => ((await lead.get(`/api/cases/${f.caseId}`)).json() as { lastSeq: number }).lastSeq
    const before = await lastSeq()
    const writes = caseRoutes().filter((r) => r.method !== 'GET')
    expect(writes.length).toBeGreaterThan(12)
    const answers: string[] = []
    for (const route of writes) {
      // The caller the policy allows: a partner of the author's organisation or the projectleider.
      const { url, body, facts } = requestFor(route, f)
      const role = can(actorOf('projectleider', f), route.policy!, facts(route.policy!) as never)
        ? 'projectleider'
        : 'partnerOwnOrg'
      const res = await people[role].client.request(route.method as 'POST', url, body, { 'if-match': '"1"' })
      answers.push(
        `${route.method} ${route.url} ${res.statusCode} ${(res.json() as { error: { code: string } }).error.code}`,
      )
    }
    expect(answers).toEqual(writes.map((r) => `${r.method} ${r.url} 409 case_closed`))
    // Nothing was written, not even an event.
    expect(await lastSeq()).toBe(before)
    const now = (await lead.get(`/api/cases/${f.caseId}`)).headers.etag as string
    const reopened = await lead.patch(`/api/cases/${f.caseId}`, { status: 'active' }, { 'if-match': now })
    expect(reopened.statusCode).toBe(200)
    expect(reopened.json().status).toBe('active')
  }, 60_000)
})

/** Uploads are multipart: one small text file (light-my-request encodes FormData). */
function probeUpload() {
  const f = new FormData()
  f.append('file', new Blob(['Notitie van het overleg\n'], { type: 'text/plain' }), 'notitie.txt')
  return f
}
