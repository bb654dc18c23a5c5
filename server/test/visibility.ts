import { type ActivityEvent, ItemSchema, type ServerMessage } from '@vp/shared'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, expect } from 'vitest'
import { items } from '../src/db/schema.ts'
import { addMember, type Client, createTestApp, openCase, type TestApp } from './app.ts'
import { connectLive, isEvent, type LiveTestClient } from './live-client.ts'

// Issue #14: visibility is decided when something is read, never when it is written. The tests
// that use these helpers restrict (or open up) items after the fact and then read every path as a
// member outside the audience, searching the raw answers for the restricted content.

/** Changes an item's audience as `c`, on top of its current version; returns the item as answered. */
export async function setAudience(c: Client, caseId: string, itemId: string, audience: string[] | null) {
  const current = await c.get(`/api/cases/${caseId}/items/${itemId}`)
  const res = await c.patch(
    `/api/cases/${caseId}/items/${itemId}`,
    { audience },
    { 'if-match': current.headers.etag as string },
  )
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

export const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)
export const NO_SUCH_ITEM = '7d3f0c52-5a1e-4c3b-9f0e-2b8a6d4e1c90'
export const sorted = (xs: string[]) => [...xs].sort()

/** Every number anywhere in a JSON answer. */
function figuresIn(value: unknown): number[] {
  if (typeof value === 'number') return [value]
  if (Array.isArray(value)) return value.flatMap(figuresIn)
  if (value && typeof value === 'object') return Object.values(value).flatMap(figuresIn)
  return []
}

/** Neither a restricted text (searched in the raw answer) nor a restricted figure appears. */
export function expectNoTrace(raw: string, what: string, secret: { texts: string[]; figures?: number[] }) {
  for (const text of secret.texts) expect(raw, `${what} quotes "${text}"`).not.toContain(text)
  if (!secret.figures?.length) return
  // `raw` may be several answers, one per line (JSON never holds a raw newline).
  const figures = raw
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => figuresIn(JSON.parse(line)))
  for (const n of secret.figures) expect(figures, `${what} shows the figure ${n}`).not.toContain(n)
}

export const placeholderOf = (id: string, caseId: string, kind: string, step: number, organisationId: string) => ({
  id,
  caseId,
  kind,
  step,
  restricted: true,
  authorOrganisation: expect.objectContaining({ id: organisationId }),
  createdAt: expect.any(String),
  updatedAt: expect.any(String),
})

/**
 * A test app listening on a port (for live sockets), with the helpers the visibility tests share;
 * call once at the top of a test file. `t` is the app once `beforeAll` has run.
 */
export function visibilitySuite() {
  let app: TestApp | undefined
  let base = ''
  const sockets: LiveTestClient[] = []
  beforeAll(async () => {
    app = await createTestApp()
    base = await app.app.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => {
    for (const s of sockets) s.close()
    await app?.close()
  })
  const testApp = () => {
    if (!app) throw new Error('the test app starts in beforeAll')
    return app
  }

  let partnerships = 0
  /** The projectleider of the gemeente, with politie, OM and the winkeliers as partners (four organisations). */
  async function partnership() {
    const t = testApp()
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

  async function storedAudience(itemId: string) {
    const [row] = await testApp()
      .testDb.database.db.select({ audience: items.audience })
      .from(items)
      .where(eq(items.id, itemId))
    return row?.audience === null || row?.audience === undefined ? null : [...row.audience].sort()
  }

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
    const s = await connectLive(base, c.cookie, testApp().config.publicOrigin)
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

  return {
    /** The test app (after `beforeAll`). */
    get t() {
      return testApp()
    },
    partnership,
    changeStep,
    openSteps,
    create,
    setAudience,
    storedAudience,
    lastSeqOf,
    activityOf,
    live,
    subscribed,
    replayFromStart,
  }
}
