import { type ActivityEvent, DashboardSchema, ItemSchema, type ServerMessage } from '@vp/shared'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, type Client, createTestApp, openCase, type TestApp } from '../../test/app.ts'
import { connectLive, isEvent, type LiveTestClient } from '../../test/live-client.ts'
import { items } from '../db/schema.ts'

// Issue #14: visibility is decided when something is read, never when it is written. Every
// test here restricts (or opens up) items after the fact and then reads every path as a member
// outside the audience, searching the raw answers for the restricted content.

let t: TestApp
let base: string
const sockets: LiveTestClient[] = []
beforeAll(async () => {
  t = await createTestApp()
  base = await t.app.listen({ port: 0, host: '127.0.0.1' })
})
afterAll(async () => {
  for (const s of sockets) s.close()
  await t.close()
})

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)
const NO_SUCH_ITEM = '7d3f0c52-5a1e-4c3b-9f0e-2b8a6d4e1c90'

let partnerships = 0
/** The projectleider of the gemeente, with politie, OM and the winkeliers as partners (four organisations). */
async function partnership() {
  // Organisation names are unique on the instance: one set per test.
  const n = ++partnerships
  const gem = await t.make.organisation({ type: 'gemeente', name: `Gemeente Rivierstede ${n}` })
  const pol = await t.make.organisation({ type: 'politie', name: `Politie basisteam Rivierstede ${n}` })
  const om = await t.make.organisation({ type: 'om', name: `Openbaar Ministerie arrondissement ${n}` })
  const win = await t.make.organisation({ type: 'ondernemers', name: `Winkeliersvereniging De Hoven ${n}` })
  const lead = await t.as(await t.make.user({ organisationId: gem.id }))
  const caseId = await openCase(lead)
  const police = await addMember(t, lead, caseId, await t.make.user({ organisationId: pol.id }))
  const prosecutor = await addMember(t, lead, caseId, await t.make.user({ organisationId: om.id }))
  const shops = await addMember(t, lead, caseId, await t.make.user({ organisationId: win.id }))
  return {
    lead,
    police,
    prosecutor,
    shops,
    caseId,
    gem: gem.id,
    pol: pol.id,
    om: om.id,
    win: win.id,
    driehoek: [gem.id, pol.id, om.id],
  }
}
type Partnership = Awaited<ReturnType<typeof partnership>>

async function changeStep(p: Partnership, step: number, body: Record<string, unknown>) {
  const etag = (await p.lead.get(`/api/cases/${p.caseId}/steps/${step}`)).headers.etag as string
  const res = await p.lead.patch(`/api/cases/${p.caseId}/steps/${step}`, body, { 'if-match': etag })
  expect(res.statusCode, res.body).toBe(200)
}

/** Closes step 1 (which opens step 2) and opens the given later steps. */
async function openSteps(p: Partnership, steps: number[]) {
  await changeStep(p, 1, { status: 'closed' })
  for (const step of steps) if (step > 2) await changeStep(p, step, { status: 'open' })
}

async function create(c: Client, caseId: string, body: Record<string, unknown>) {
  const res = await c.post(`/api/cases/${caseId}/items`, body)
  expect(res.statusCode, res.body).toBe(201)
  return ItemSchema.parse(res.json())
}

async function setAudience(c: Client, caseId: string, itemId: string, audience: string[] | null) {
  const current = await c.get(`/api/cases/${caseId}/items/${itemId}`)
  const res = await c.patch(
    `/api/cases/${caseId}/items/${itemId}`,
    { audience },
    { 'if-match': current.headers.etag as string },
  )
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

async function storedAudience(itemId: string) {
  const [row] = await t.testDb.database.db.select({ audience: items.audience }).from(items).where(eq(items.id, itemId))
  return row?.audience === null || row?.audience === undefined ? null : [...row.audience].sort()
}

const sorted = (xs: string[]) => [...xs].sort()

async function lastSeqOf(c: Client, caseId: string) {
  return (await c.get(`/api/cases/${caseId}`)).json().lastSeq as number
}

/** The whole activity log as the caller reads it, every page (the API pages at most 200 at a time). */
async function activityOf(c: Client, caseId: string) {
  const all: ActivityEvent[] = []
  const bodies: string[] = []
  let cursor: string | null = null
  do {
    const res = await c.get(`/api/cases/${caseId}/activity?limit=200${cursor ? `&cursor=${cursor}` : ''}`)
    expect(res.statusCode, res.body).toBe(200)
    bodies.push(res.body)
    const page = res.json()
    all.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return { events: all, raw: bodies.join('\n') }
}

const live = async (c: Client) => {
  const s = await connectLive(base, c.cookie, t.config.publicOrigin)
  sockets.push(s)
  return s
}

/** A socket subscribed to the case and caught up; returns it with the seq it caught up to. */
async function subscribed(c: Client, caseId: string, afterSeq = 0) {
  const s = await live(c)
  s.send({ type: 'subscribe', caseId, afterSeq })
  const caught = (await s.next((m) => m.type === 'caught-up' && m.caseId === caseId, 10_000)) as { seq: number }
  return { socket: s, seq: caught.seq }
}

/** A fresh subscription from seq 0: every event the replay sent before caught-up. */
async function replayFromStart(c: Client, caseId: string) {
  const { socket, seq } = await subscribed(c, caseId)
  const events = socket.messages.filter(
    (m): m is Extract<ServerMessage, { type: 'event' }> => isEvent(caseId)(m) && m.type === 'event' && m.seq <= seq,
  )
  socket.close()
  // Gap-free: a restricted event is replaced by a placeholder, never left out.
  expect(events.map((e) => e.seq)).toEqual(Array.from({ length: seq }, (_, i) => i + 1))
  return { events, raw: JSON.stringify(events) }
}

/** Every number anywhere in a JSON answer. */
function figuresIn(value: unknown): number[] {
  if (typeof value === 'number') return [value]
  if (Array.isArray(value)) return value.flatMap(figuresIn)
  if (value && typeof value === 'object') return Object.values(value).flatMap(figuresIn)
  return []
}

/** Neither a restricted text (searched in the raw answer) nor a restricted figure appears. */
function expectNoTrace(raw: string, what: string, secret: { texts: string[]; figures?: number[] }) {
  for (const text of secret.texts) expect(raw, `${what} quotes "${text}"`).not.toContain(text)
  if (!secret.figures?.length) return
  // `raw` may be several answers, one per line (JSON never holds a raw newline).
  const figures = raw
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => figuresIn(JSON.parse(line)))
  for (const n of secret.figures) expect(figures, `${what} shows the figure ${n}`).not.toContain(n)
}

const placeholderOf = (id: string, caseId: string, kind: string, step: number, organisationId: string) => ({
  id,
  caseId,
  kind,
  step,
  restricted: true,
  authorOrganisation: expect.objectContaining({ id: organisationId }),
  createdAt: expect.any(String),
  updatedAt: expect.any(String),
})

describe('an item restricted after it was written', () => {
  it('an item restricted after creation leaks on no path', async () => {
    const p = await partnership()
    await openSteps(p, [2, 3, 4, 5, 6])
    const dueDate = inDays(3)
    const S = {
      actionTitle: 'Camerapost achteringang Zandloperpassage',
      actionDescription: 'Observatie vanuit pand Kwartelkoning, alleen driehoek',
      subTitle: 'Helingroute via de Pelikaansteeg',
      subDescription: 'Vermoedelijke opkoper bij Marmotkade',
      subUpdated: 'Bijgewerkt: opkoper rijdt Narwalbusje',
      policeComment: 'Politie over Flamingo-informant',
      shopsComment: 'Winkeliers zagen Okapi-scooter',
      prosecutorComment: 'OM overweegt Tapir-bevel',
      positionReason: 'Voorbehoud vanwege Lepelaar-onderzoek',
      updateTitle: 'Vertraagd door Gnoe-zaak',
      publicUpdateTitle: 'Lampen besteld bij Wasbeer-installatie',
      laterComment: 'Na afscherming: Zeekoe-aanhouding gepland',
      startDate: '2024-11-17',
      dueDate,
    }
    const FIGURES = { cost: 98765, hoursGem: 1357, hoursPol: 2468, hoursWin: 1122 }
    const secret = { texts: Object.values(S), figures: Object.values(FIGURES) }

    // Open to every member at first.
    const sub = await create(p.lead, p.caseId, {
      kind: 'subproblem',
      step: 2,
      title: S.subTitle,
      description: S.subDescription,
    })
    const measure = await create(p.prosecutor, p.caseId, {
      kind: 'measure',
      step: 3,
      title: 'Inzet handhaving winkelcentrum',
      ownerOrganisationId: p.om,
      yearlyCost: 5000,
      hoursPerWeek: 4,
      subproblemIds: [sub.id],
    })
    const goal = await create(p.lead, p.caseId, {
      kind: 'goal',
      step: 4,
      title: 'Minder heling',
      indicator: 'Meldingen heling',
      unit: 'per kwartaal',
      direction: 'lager',
      baseline: 20,
      target: 8,
      subproblemIds: [sub.id],
    })
    const publicAction = await create(p.lead, p.caseId, {
      kind: 'action',
      step: 5,
      title: 'Extra verlichting parkeerplaats',
      trekkerOrganisationId: p.gem,
      participants: [{ organisationId: p.gem, hours: 10 }],
      cost: 1200,
      payerOrganisationId: p.gem,
      dueDate: '2031-12-31',
      goalIds: [goal.id],
    })
    // The winkeliers take part, so the action is on their agenda (a commitment they owe) until it is restricted.
    const action = await create(p.lead, p.caseId, {
      kind: 'action',
      step: 5,
      title: S.actionTitle,
      description: S.actionDescription,
      trekkerOrganisationId: p.gem,
      participants: [
        { organisationId: p.gem, hours: FIGURES.hoursGem },
        { organisationId: p.pol, hours: FIGURES.hoursPol },
        { organisationId: p.win, hours: FIGURES.hoursWin },
      ],
      cost: FIGURES.cost,
      payerOrganisationId: p.gem,
      startDate: S.startDate,
      dueDate: S.dueDate,
      goalIds: [goal.id],
    })

    // Members react: comments, ratings, a position, a commitment, a change (history) and a status update.
    for (const [c, itemId, body] of [
      [p.police, sub.id, S.policeComment],
      [p.shops, action.id, S.shopsComment],
      [p.prosecutor, action.id, S.prosecutorComment],
    ] as const) {
      const res = await c.post(`/api/cases/${p.caseId}/items/${itemId}/comments`, { body })
      expect(res.statusCode, res.body).toBe(201)
    }
    for (const [c, score] of [
      [p.police, 5],
      [p.prosecutor, 4],
      [p.shops, 2],
    ] as const) {
      // Each organisation's first rating: If-Match "0" (no rating yet).
      expect(
        (await c.put(`/api/cases/${p.caseId}/items/${sub.id}/rating`, { score }, { 'if-match': '"0"' })).statusCode,
      ).toBe(200)
    }
    expect(
      (
        await p.police.put(
          `/api/cases/${p.caseId}/items/${sub.id}/position`,
          { position: 'voorbehoud', reason: S.positionReason },
          { 'if-match': '"0"' },
        )
      ).statusCode,
    ).toBe(200)
    expect(
      (
        await p.police.put(
          `/api/cases/${p.caseId}/items/${goal.id}/position`,
          { position: 'akkoord' },
          { 'if-match': '"0"' },
        )
      ).statusCode,
    ).toBe(200)
    expect(
      (
        await p.police.put(
          `/api/cases/${p.caseId}/items/${action.id}/commitment`,
          { status: 'accepted' },
          { 'if-match': '"1"' },
        )
      ).statusCode,
    ).toBe(200)
    const edited = await p.lead.patch(
      `/api/cases/${p.caseId}/items/${sub.id}`,
      { description: S.subUpdated },
      { 'if-match': (await p.lead.get(`/api/cases/${p.caseId}/items/${sub.id}`)).headers.etag as string },
    )
    expect(edited.statusCode, edited.body).toBe(200)
    const update = await create(p.police, p.caseId, {
      kind: 'action_update',
      step: 6,
      title: S.updateTitle,
      actionId: action.id,
      status: 'vertraagd',
    })

    // A status update on the open action that is restricted later: the status it sets is content too.
    const publicUpdate = await create(p.police, p.caseId, {
      kind: 'action_update',
      step: 6,
      title: S.publicUpdateTitle,
      actionId: publicAction.id,
      status: 'bezig',
    })

    // Before the restriction the winkeliers see it all: the paths below do carry the content.
    const agendaBefore = (await p.shops.get('/api/me/agenda')).json()
    expect(agendaBefore.commitmentsOwed).toContainEqual(expect.objectContaining({ itemId: action.id }))
    expect((await activityOf(p.shops, p.caseId)).raw).toContain(S.actionTitle)

    // Sockets open and caught up before the restriction.
    const shopsLive = await subscribed(p.shops, p.caseId)
    const policeLive = await subscribed(p.police, p.caseId)
    const beforeRestriction = await lastSeqOf(p.lead, p.caseId)
    expect(shopsLive.seq).toBe(beforeRestriction)

    // The authors restrict their items to the driehoek.
    await setAudience(p.lead, p.caseId, action.id, p.driehoek)
    await setAudience(p.lead, p.caseId, sub.id, p.driehoek)
    await setAudience(p.police, p.caseId, update.id, p.driehoek)
    await setAudience(p.police, p.caseId, publicUpdate.id, p.driehoek)
    const restricted = new Set([action.id, sub.id, update.id, publicUpdate.id])
    for (const id of restricted) expect(await storedAudience(id)).toEqual(sorted(p.driehoek))

    // Written after the restriction: inside the audience it is news, outside only who and when.
    const later = await p.police.post(`/api/cases/${p.caseId}/items/${action.id}/comments`, { body: S.laterComment })
    expect(later.statusCode, later.body).toBe(201)
    expect(
      (await p.police.put(`/api/cases/${p.caseId}/items/${sub.id}/rating`, { score: 4 }, { 'if-match': '"1"' }))
        .statusCode,
    ).toBe(200)
    const final = await lastSeqOf(p.lead, p.caseId)

    // 1. The live push on the socket that was already open.
    const pushed = await shopsLive.socket.collect(
      (m) => isEvent(p.caseId)(m) && m.type === 'event' && m.seq > beforeRestriction,
      final - beforeRestriction,
    )
    expectNoTrace(JSON.stringify(pushed), 'live push', secret)
    for (const m of pushed as Extract<ServerMessage, { type: 'event' }>[]) {
      if (m.event.entityId && restricted.has(m.event.entityId))
        expect(m.event, `event ${m.seq}`).toMatchObject({ visible: false, payload: null })
    }
    const pushedComment = (pushed as Extract<ServerMessage, { type: 'event' }>[]).find(
      (m) => m.event.type === 'comment.added',
    )
    expect(pushedComment?.event).toMatchObject({
      entityId: action.id,
      visible: false,
      payload: null,
      actor: { organisation: { id: p.pol } },
    })
    // Politie, inside, gets the same comment in full.
    const policePushed = await policeLive.socket.next(
      (m) => m.type === 'event' && m.seq > beforeRestriction && m.event.type === 'comment.added',
    )
    expect(policePushed).toMatchObject({ event: { visible: true, payload: { body: S.laterComment } } })

    // 2. A fresh subscription from seq 0.
    const replay = await replayFromStart(p.shops, p.caseId)
    expectNoTrace(replay.raw, 'live replay', secret)
    const replayedAbout = replay.events.filter((m) => m.event.entityId && restricted.has(m.event.entityId))
    expect(replayedAbout.length).toBeGreaterThanOrEqual(12)
    for (const m of replayedAbout) expect(m.event, `replayed ${m.seq}`).toMatchObject({ visible: false, payload: null })

    // 3. The activity log.
    const activity = await activityOf(p.shops, p.caseId)
    expect(activity.events).toHaveLength(final)
    expectNoTrace(activity.raw, 'activity', secret)
    for (const e of activity.events.filter((e) => e.entityId && restricted.has(e.entityId)))
      expect(e, `activity ${e.seq}`).toMatchObject({ visible: false, payload: null })

    // 4. History, the item itself and its thread.
    for (const [item, kind, step, org] of [
      [action, 'action', 5, p.gem],
      [sub, 'subproblem', 2, p.gem],
      [update, 'action_update', 6, p.pol],
    ] as const) {
      const history = await p.shops.get(`/api/cases/${p.caseId}/items/${item.id}/history`)
      expect(history.statusCode).toBe(200)
      expectNoTrace(history.body, `history of ${kind}`, secret)
      expect(history.json().restricted).toBe(true)
      expect(history.json().items.every((h: { changes: unknown }) => h.changes === null)).toBe(true)

      const one = await p.shops.get(`/api/cases/${p.caseId}/items/${item.id}`)
      expect(one.statusCode).toBe(200)
      expectNoTrace(one.body, `${kind} itself`, secret)
      expect(one.json()).toEqual(placeholderOf(item.id, p.caseId, kind, step, org))

      const thread = await p.shops.get(`/api/cases/${p.caseId}/items/${item.id}/comments`)
      expect(thread.statusCode).toBe(404)
      expectNoTrace(thread.body, `comments of ${kind}`, secret)
    }

    // 5. Every page and overview.
    const pages = [
      `/api/cases/${p.caseId}`,
      '/api/cases',
      `/api/cases/${p.caseId}/steps`,
      `/api/cases/${p.caseId}/members`,
      ...[1, 2, 3, 4, 5, 6].map((s) => `/api/cases/${p.caseId}/steps/${s}`),
      `/api/cases/${p.caseId}/items/${measure.id}`,
      `/api/cases/${p.caseId}/items/${goal.id}`,
      `/api/cases/${p.caseId}/items/${publicAction.id}`,
      `/api/cases/${p.caseId}/dashboard`,
      '/api/me/agenda',
    ]
    for (const url of pages) {
      const res = await p.shops.get(url)
      expect(res.statusCode, url).toBe(200)
      expectNoTrace(res.body, url, secret)
    }
    const step5 = (await p.shops.get(`/api/cases/${p.caseId}/steps/5`)).json()
    expect(step5.items.find((i: { id: string }) => i.id === action.id)).toEqual(
      placeholderOf(action.id, p.caseId, 'action', 5, p.gem),
    )
    const step2 = (await p.shops.get(`/api/cases/${p.caseId}/steps/2`)).json()
    expect(step2.items.find((i: { id: string }) => i.id === sub.id)).toEqual(
      placeholderOf(sub.id, p.caseId, 'subproblem', 2, p.gem),
    )

    // The dashboard counts the restricted items, but no figure includes them.
    const outside = DashboardSchema.parse((await p.shops.get(`/api/cases/${p.caseId}/dashboard`)).json())
    expect(outside.totals.totalCost).toBe(1200)
    expect(outside.totals.totalHours).toBe(10)
    expect(outside.totals.unassignedCost).toBe(0)
    expect(outside.totals.byGoal).toEqual([{ goalId: goal.id, cost: 1200, hours: 10 }])
    for (const o of outside.totals.byOrganisation) {
      if (o.organisationId === p.gem) expect(o).toMatchObject({ cost: 1200, hours: 10, actionCount: 1 })
      else expect(o, o.organisationId).toMatchObject({ cost: 0, costPending: 0, hours: 0, hoursPending: 0 })
    }
    expect(outside.commitments.actions.map((a) => [a.id, a.status])).toEqual([[publicAction.id, 'gepland']])
    for (const row of outside.commitments.rows) expect(row.cells.map((c) => c.actionId)).toEqual([publicAction.id])
    expect(outside.actionStatus).toEqual({ gepland: 1, bezig: 0, klaar: 0, vertraagd: 0, gestopt: 0 })
    expect(outside.consensus.subproblems).toEqual([])
    expect(outside.measures).toMatchObject({ totalYearlyCost: 5000, totalHoursPerWeek: 4 })
    expect(outside.counts.filter((c) => c.restricted > 0)).toEqual([
      { step: 2, items: 1, restricted: 1 },
      { step: 5, items: 2, restricted: 1 },
      { step: 6, items: 2, restricted: 2 },
    ])
    const agenda = (await p.shops.get('/api/me/agenda')).json()
    for (const list of ['commitmentsOwed', 'actionsDue', 'overdue'])
      expect(agenda[list].map((a: { itemId: string | null }) => a.itemId)).not.toContain(action.id)

    // Politie, inside the audience, still sees everything.
    const inside = (await p.police.get(`/api/cases/${p.caseId}/items/${action.id}`)).json()
    expect(inside).toMatchObject({
      restricted: false,
      title: S.actionTitle,
      description: S.actionDescription,
      audience: expect.arrayContaining(p.driehoek),
      fields: { cost: FIGURES.cost, dueDate: S.dueDate },
      commentCount: 3,
    })
    const thread = (await p.police.get(`/api/cases/${p.caseId}/items/${action.id}/comments`)).json()
    expect(thread.items.map((c: { body: string }) => c.body)).toEqual([
      S.shopsComment,
      S.prosecutorComment,
      S.laterComment,
    ])
    const policeHistory = (await p.police.get(`/api/cases/${p.caseId}/items/${sub.id}/history`)).json()
    expect(policeHistory.restricted).toBe(false)
    expect(JSON.stringify(policeHistory)).toContain(S.subUpdated)
    const policeActivity = await activityOf(p.police, p.caseId)
    for (const text of [S.actionTitle, S.policeComment, S.shopsComment, S.laterComment, S.positionReason])
      expect(policeActivity.raw).toContain(text)
    expect((await replayFromStart(p.police, p.caseId)).raw).toContain(S.laterComment)
    const policeDash = DashboardSchema.parse((await p.police.get(`/api/cases/${p.caseId}/dashboard`)).json())
    expect(policeDash.totals.totalCost).toBe(1200 + FIGURES.cost)
    expect(policeDash.totals.totalHours).toBe(10 + FIGURES.hoursGem + FIGURES.hoursPol + FIGURES.hoursWin)
    expect(policeDash.actionStatus).toEqual({ gepland: 0, bezig: 1, klaar: 0, vertraagd: 1, gestopt: 0 })
    expect(policeDash.consensus.subproblems.map((s) => s.id)).toEqual([sub.id])
    const policeAgenda = (await p.police.get('/api/me/agenda')).json()
    expect(policeAgenda.actionsDue).toContainEqual(expect.objectContaining({ itemId: action.id, title: S.actionTitle }))
  })

  it('restricted, opened up and restricted again: each reader sees it exactly while inside', async () => {
    const p = await partnership()
    await openSteps(p, [2])
    const S = {
      title: 'Dealpand boven Reigerbakkerij',
      first: 'Eerste melding Kraanvogel-portiek',
      whileRestricted: 'Tijdens afscherming: Ekster-observatie',
      whileOpen: 'Weer open: Kievit-buurtpreventie',
      last: 'Alleen gemeente en politie: Koekoek-huiszoeking',
    }
    const signal = await create(p.police, p.caseId, {
      kind: 'signal',
      step: 2,
      title: S.title,
      source: 'waarneming',
    })
    const comment = async (c: Client, body: string) =>
      expect((await c.post(`/api/cases/${p.caseId}/items/${signal.id}/comments`, { body })).statusCode).toBe(201)
    await comment(p.lead, S.first)

    /** Everything one member reads about the signal: activity, replay from 0, history, the item and its thread. */
    const readBy = async (c: Client) => {
      const thread = await c.get(`/api/cases/${p.caseId}/items/${signal.id}/comments`)
      return [
        (await activityOf(c, p.caseId)).raw,
        (await replayFromStart(c, p.caseId)).raw,
        (await c.get(`/api/cases/${p.caseId}/items/${signal.id}/history`)).body,
        (await c.get(`/api/cases/${p.caseId}/items/${signal.id}`)).body,
        thread.statusCode === 200 ? thread.body : '',
      ].join('\n')
    }
    const expectSees = async (c: Client, who: string, texts: string[]) => {
      const seen = await readBy(c)
      for (const text of texts) expect(seen, `${who} should read "${text}"`).toContain(text)
      const history = (await c.get(`/api/cases/${p.caseId}/items/${signal.id}/history`)).json()
      expect(history.restricted, who).toBe(false)
    }
    const expectSeesNothing = async (c: Client, who: string) => {
      expectNoTrace(await readBy(c), who, { texts: Object.values(S) })
      const history = (await c.get(`/api/cases/${p.caseId}/items/${signal.id}/history`)).json()
      expect(history.restricted, who).toBe(true)
      expect((await c.get(`/api/cases/${p.caseId}/items/${signal.id}`)).json().restricted, who).toBe(true)
    }

    // Restricted to the driehoek: the winkeliers are outside, also for what was written before.
    await setAudience(p.police, p.caseId, signal.id, p.driehoek)
    await comment(p.prosecutor, S.whileRestricted)
    await expectSeesNothing(p.shops, 'winkeliers (restricted)')
    await expectSees(p.prosecutor, 'OM (restricted)', [S.title, S.first, S.whileRestricted])

    // Opened up: everyone sees everything again, including what was written while it was restricted.
    await setAudience(p.police, p.caseId, signal.id, null)
    expect(await storedAudience(signal.id)).toBeNull()
    await comment(p.shops, S.whileOpen)
    await expectSees(p.shops, 'winkeliers (open)', [S.title, S.first, S.whileRestricted, S.whileOpen])

    // Restricted again, more narrowly: now OM is outside as well.
    await setAudience(p.police, p.caseId, signal.id, [p.gem, p.pol])
    expect(await storedAudience(signal.id)).toEqual(sorted([p.gem, p.pol]))
    await comment(p.lead, S.last)
    await expectSeesNothing(p.shops, 'winkeliers (restricted again)')
    await expectSeesNothing(p.prosecutor, 'OM (restricted again)')
    await expectSees(p.lead, 'gemeente (restricted again)', Object.values(S))

    // And with the winkeliers named in the audience they are inside again; OM stays out.
    await setAudience(p.police, p.caseId, signal.id, [p.gem, p.pol, p.win])
    await expectSees(p.shops, 'winkeliers (named)', Object.values(S))
    await expectSeesNothing(p.prosecutor, 'OM (not named)')
  })

  it('a restricted evaluation that reopens a step leaves no trace of its text outside its audience', async () => {
    const p = await partnership()
    for (const step of [1, 2, 3, 4, 5]) await changeStep(p, step, { status: 'closed' })
    const S = {
      title: 'Bijstellen wegens Buizerd-onderzoek',
      description: 'Doelen herzien na Havik-informatie van het OM',
    }
    const shopsLive = await subscribed(p.shops, p.caseId)
    const evaluation = await create(p.lead, p.caseId, {
      kind: 'evaluation',
      step: 6,
      title: S.title,
      description: S.description,
      audience: p.driehoek,
      conclusion: 'bijstellen',
      reopenStep: 4,
    })
    expect(await storedAudience(evaluation.id)).toEqual(sorted(p.driehoek))
    expect((await p.shops.get(`/api/cases/${p.caseId}/steps/4`)).json().status).toBe('open')
    const final = await lastSeqOf(p.lead, p.caseId)

    const pushed = await shopsLive.socket.collect(
      (m) => isEvent(p.caseId)(m) && m.type === 'event' && m.seq > shopsLive.seq,
      final - shopsLive.seq,
    )
    const activity = await activityOf(p.shops, p.caseId)
    const replay = await replayFromStart(p.shops, p.caseId)
    for (const [what, raw] of [
      ['live push', JSON.stringify(pushed)],
      ['activity', activity.raw],
      ['live replay', replay.raw],
      ['step 4', (await p.shops.get(`/api/cases/${p.caseId}/steps/4`)).body],
      ['step 6', (await p.shops.get(`/api/cases/${p.caseId}/steps/6`)).body],
      ['evaluation history', (await p.shops.get(`/api/cases/${p.caseId}/items/${evaluation.id}/history`)).body],
      ['dashboard', (await p.shops.get(`/api/cases/${p.caseId}/dashboard`)).body],
      ['case', (await p.shops.get(`/api/cases/${p.caseId}`)).body],
    ] as const)
      expectNoTrace(raw, what, { texts: Object.values(S) })

    // The reopening itself is a step event: every member reads that step 4 reopened.
    const reopened = activity.events.find((e) => e.type === 'step.reopened' && e.step === 4)
    expect(reopened).toMatchObject({ visible: true, entityType: 'step' })
    const created = activity.events.find((e) => e.entityId === evaluation.id && e.type === 'item.created')
    expect(created).toMatchObject({ visible: false, payload: null })
    expect(replay.events.find((m) => m.event.type === 'step.reopened' && m.event.step === 4)?.event.visible).toBe(true)
    // Inside the audience the evaluation reads in full.
    expect((await p.prosecutor.get(`/api/cases/${p.caseId}/items/${evaluation.id}`)).json()).toMatchObject({
      restricted: false,
      title: S.title,
    })
  })
})

describe('acting on a restricted item from outside its audience', () => {
  async function countsFor(caseId: string, actionId: string) {
    const q = sql`
      select
        (select count(*)::int from items where case_id = ${caseId}) as items,
        (select count(*)::int from comments where case_id = ${caseId}) as comments,
        (select count(*)::int from ratings r join items i on i.id = r.item_id where i.case_id = ${caseId}) as ratings,
        (select count(*)::int from positions x join items i on i.id = x.item_id where i.case_id = ${caseId}) as positions,
        (select count(*)::int from commitments c join items i on i.id = c.action_id where i.case_id = ${caseId}) as commitments,
        (select count(*)::int from item_links l join items i on i.id = l.from_item_id where i.case_id = ${caseId}) as links,
        (select count(*)::int from case_events where case_id = ${caseId}) as events,
        (select last_seq from cases where id = ${caseId}) as last_seq,
        (select coalesce(json_agg(json_build_object('org', organisation_id, 'status', status, 'by', by_user_id, 'at', updated_at)
           order by organisation_id), '[]'::json) from commitments where action_id = ${actionId}) as action_commitments,
        (select coalesce(json_agg(json_build_object('id', id, 'version', version) order by id), '[]'::json)
           from items where case_id = ${caseId}) as versions`
    const res = (await t.testDb.database.db.execute(q)) as unknown as { rows: Record<string, unknown>[] }
    return res.rows[0]!
  }

  it('an outside member cannot reference, comment on or react to a restricted item: the answer is as for no item, and nothing is written', async () => {
    const p = await partnership()
    await openSteps(p, [2, 3, 4, 5, 6])
    const driehoek = { audience: p.driehoek }
    const signal = await create(p.lead, p.caseId, {
      kind: 'signal',
      step: 2,
      title: 'Beperkt signaal',
      source: 'waarneming',
      ...driehoek,
    })
    const sub = await create(p.lead, p.caseId, {
      kind: 'subproblem',
      step: 2,
      title: 'Beperkt deelprobleem',
      ...driehoek,
    })
    const openSub = await create(p.lead, p.caseId, { kind: 'subproblem', step: 2, title: 'Open deelprobleem' })
    const goal = await create(p.lead, p.caseId, {
      kind: 'goal',
      step: 4,
      title: 'Beperkt doel',
      indicator: 'Meldingen',
      unit: 'aantal',
      direction: 'lager',
      ...driehoek,
    })
    const action = await create(p.lead, p.caseId, {
      kind: 'action',
      step: 5,
      title: 'Beperkte actie',
      trekkerOrganisationId: p.gem,
      participants: [
        { organisationId: p.pol, hours: 8 },
        { organisationId: p.win, hours: 4 },
      ],
      dueDate: inDays(2),
      ...driehoek,
    })
    // The winkeliers' own open measure, which they may change but not link to what they cannot see.
    const ownMeasure = await create(p.shops, p.caseId, {
      kind: 'measure',
      step: 3,
      title: 'Winkelsurveillance',
      ownerOrganisationId: p.win,
      subproblemIds: [openSub.id],
    })

    // The winkeliers know the ids only from the placeholders on the step pages.
    const placeholders = async (step: number) =>
      (await p.shops.get(`/api/cases/${p.caseId}/steps/${step}`))
        .json()
        .items.filter((i: { restricted: boolean }) => i.restricted) as { id: string; kind: string }[]
    const idOf = async (step: number, kind: string) => (await placeholders(step)).find((i) => i.kind === kind)!.id
    const seen = {
      signal: await idOf(2, 'signal'),
      sub: await idOf(2, 'subproblem'),
      goal: await idOf(4, 'goal'),
      action: await idOf(5, 'action'),
    }
    expect(seen).toEqual({ signal: signal.id, sub: sub.id, goal: goal.id, action: action.id })

    const policeDashBefore = DashboardSchema.parse((await p.police.get(`/api/cases/${p.caseId}/dashboard`)).json())
    const policeAgendaBefore = (await p.police.get('/api/me/agenda')).json()
    expect(policeDashBefore.commitments.actions).toContainEqual(
      expect.objectContaining({ id: action.id, status: 'gepland' }),
    )
    expect(policeAgendaBefore.commitmentsOwed).toContainEqual(expect.objectContaining({ itemId: action.id }))
    const before = await countsFor(p.caseId, action.id)

    const url = (path: string) => `/api/cases/${p.caseId}${path}`
    type Answer = { statusCode: number; json(): unknown }
    const attempts: { what: string; target: string; send: (id: string) => Promise<Answer> }[] = [
      {
        what: 'an action_update on the action',
        target: seen.action,
        send: (id) =>
          p.shops.post(url('/items'), {
            kind: 'action_update',
            step: 6,
            title: 'Gestart',
            actionId: id,
            status: 'bezig',
          }),
      },
      {
        what: 'a measurement of the goal',
        target: seen.goal,
        send: (id) =>
          p.shops.post(url('/items'), {
            kind: 'measurement',
            step: 6,
            title: 'Telling',
            goalId: id,
            value: 3,
            measuredAt: '2026-03-01',
          }),
      },
      {
        what: 'a measure against the sub-problem (next to an open one)',
        target: seen.sub,
        send: (id) =>
          p.shops.post(url('/items'), {
            kind: 'measure',
            step: 3,
            title: 'Maatregel',
            ownerOrganisationId: p.win,
            subproblemIds: [openSub.id, id],
          }),
      },
      {
        what: 'an action towards the goal',
        target: seen.goal,
        send: (id) =>
          p.shops.post(url('/items'), {
            kind: 'action',
            step: 5,
            title: 'Actie',
            trekkerOrganisationId: p.win,
            goalIds: [id],
          }),
      },
      {
        what: 'a sub-problem built on the signal',
        target: seen.signal,
        send: (id) =>
          p.shops.post(url('/items'), { kind: 'subproblem', step: 2, title: 'Deelprobleem', signalIds: [id] }),
      },
      {
        what: 'a link from their own measure to the sub-problem',
        target: seen.sub,
        send: (id) =>
          p.shops.patch(
            url(`/items/${ownMeasure.id}`),
            { subproblemIds: [openSub.id, id] },
            { 'if-match': `"${ownMeasure.version}"` },
          ),
      },
      ...(['signal', 'sub', 'goal', 'action'] as const).map((k) => ({
        what: `a comment on the ${k}`,
        target: seen[k],
        send: (id: string) => p.shops.post(url(`/items/${id}/comments`), { body: 'Mogen wij meekijken?' }),
      })),
      {
        what: 'a rating of the sub-problem',
        target: seen.sub,
        send: (id) => p.shops.put(url(`/items/${id}/rating`), { score: 3 }, { 'if-match': '"0"' }),
      },
      {
        what: 'a position on the sub-problem',
        target: seen.sub,
        send: (id) => p.shops.put(url(`/items/${id}/position`), { position: 'akkoord' }, { 'if-match': '"0"' }),
      },
      {
        what: 'a position on the goal',
        target: seen.goal,
        send: (id) =>
          p.shops.put(
            url(`/items/${id}/position`),
            { position: 'niet_akkoord', reason: 'Te vaag' },
            { 'if-match': '"0"' },
          ),
      },
      {
        what: 'a commitment to the action',
        target: seen.action,
        send: (id) => p.shops.put(url(`/items/${id}/commitment`), { status: 'accepted' }, { 'if-match': '"1"' }),
      },
    ]

    const failures: string[] = []
    for (const a of attempts) {
      const res = await a.send(a.target)
      const none = await a.send(NO_SUCH_ITEM)
      const answer = { status: res.statusCode, body: res.json() }
      const unknown = { status: none.statusCode, body: none.json() }
      if (![400, 404].includes(answer.status) || JSON.stringify(answer) !== JSON.stringify(unknown))
        failures.push(`${a.what}: ${JSON.stringify(answer)} where an unknown id gets ${JSON.stringify(unknown)}`)
    }
    expect(failures).toEqual([])

    // Nothing was written: no row, no event, no version, no changed commitment.
    expect(await countsFor(p.caseId, action.id)).toEqual(before)
    const policeDashAfter = DashboardSchema.parse((await p.police.get(`/api/cases/${p.caseId}/dashboard`)).json())
    expect(policeDashAfter.commitments.actions).toEqual(policeDashBefore.commitments.actions)
    expect(policeDashAfter.actionStatus).toEqual(policeDashBefore.actionStatus)
    expect(policeDashAfter.commitments.rows).toEqual(policeDashBefore.commitments.rows)
    const policeAgendaAfter = (await p.police.get('/api/me/agenda')).json()
    expect(policeAgendaAfter.commitmentsOwed).toContainEqual(expect.objectContaining({ itemId: action.id }))
    expect(policeAgendaAfter).toEqual(policeAgendaBefore)
  })
})

describe('an audience that leaves out the author', () => {
  it('an item whose audience leaves out the author’s own organisation still includes it, on create and on change', async () => {
    const p = await partnership()
    await openSteps(p, [2])

    const created = await p.police.post(`/api/cases/${p.caseId}/items`, {
      kind: 'signal',
      step: 2,
      title: 'Alleen voor het OM bedoeld',
      source: 'waarneming',
      audience: [p.om],
    })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({ restricted: false, title: 'Alleen voor het OM bedoeld' })
    expect(sorted(created.json().audience)).toEqual(sorted([p.om, p.pol]))
    expect(await storedAudience(created.json().id)).toEqual(sorted([p.om, p.pol]))
    expect((await p.police.get(`/api/cases/${p.caseId}/items/${created.json().id}`)).json().restricted).toBe(false)

    const signal = await create(p.police, p.caseId, {
      kind: 'signal',
      step: 2,
      title: 'Eerst voor iedereen',
      source: 'waarneming',
    })
    const changed = await p.police.patch(
      `/api/cases/${p.caseId}/items/${signal.id}`,
      { audience: [p.om] },
      { 'if-match': `"${signal.version}"` },
    )
    expect(changed.statusCode, changed.body).toBe(200)
    expect(sorted(changed.json().audience)).toEqual(sorted([p.om, p.pol]))
    expect(await storedAudience(signal.id)).toEqual(sorted([p.om, p.pol]))
    const after = await p.police.get(`/api/cases/${p.caseId}/items/${signal.id}`)
    expect(after.json()).toMatchObject({ restricted: false, title: 'Eerst voor iedereen' })
    // The police can still change what it wrote.
    expect(
      (
        await p.police.patch(
          `/api/cases/${p.caseId}/items/${signal.id}`,
          { title: 'Voor OM en politie' },
          { 'if-match': after.headers.etag as string },
        )
      ).statusCode,
    ).toBe(200)
  })
})
