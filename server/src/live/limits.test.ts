import type { ServerMessage } from '@vp/shared'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type Client, createTestApp, openCase, type TestApp } from '../../test/app.ts'
import { connectLive, isEvent, type LiveTestClient } from '../../test/live-client.ts'

/**
 * Live abuse (issue #15): message and re-subscribe floods, too many sockets for one session, an
 * out-of-range afterSeq. Each ends in a clear error, and leaves nothing behind in the hub.
 */

const MAX_MESSAGES = 40
const MAX_SUBSCRIBES = 10
const MAX_SOCKETS = 3

let t: TestApp
let base: string
const sockets: LiveTestClient[] = []

beforeAll(async () => {
  t = await createTestApp({
    LIVE_MAX_MESSAGES: String(MAX_MESSAGES),
    LIVE_MESSAGE_WINDOW_SECONDS: '10',
    LIVE_MAX_SUBSCRIBES_PER_MINUTE: String(MAX_SUBSCRIBES),
    LIVE_MAX_SOCKETS_PER_SESSION: String(MAX_SOCKETS),
  })
  base = await t.app.listen({ port: 0, host: '127.0.0.1' })
})
afterAll(async () => {
  for (const s of sockets) s.close()
  await t.close()
})

const live = async (c: Client) => {
  const s = await connectLive(base, c.cookie, t.config.publicOrigin)
  sockets.push(s)
  return s
}

/** A case with `n` events more than opening it takes, written by its projectleider. */
async function caseWithEvents(n: number) {
  const lead = await t.as(await t.make.user())
  const caseId = await openCase(lead)
  for (let i = 0; i < n; i++) {
    const res = await lead.patch(
      `/api/cases/${caseId}`,
      { area: `Gebied ${i}` },
      { 'if-match': (await lead.get(`/api/cases/${caseId}`)).headers.etag as string },
    )
    expect(res.statusCode).toBe(200)
  }
  const lastSeq = (await lead.get(`/api/cases/${caseId}`)).json().lastSeq as number
  return { lead, caseId, lastSeq }
}

const isRateLimited = (m: ServerMessage) => m.type === 'error' && m.code === 'rate_limited'

/** Waits until the hub holds no more connections than `n`. */
async function hubSettles(n: number) {
  const end = Date.now() + 5000
  while (t.app.live.stats().connections > n) {
    if (Date.now() > end) throw new Error(`hub kept ${JSON.stringify(t.app.live.stats())}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('limits per socket', () => {
  it('a message flood gets rate_limited and close 4029, and the hit is logged without the cookie', async () => {
    const warn = vi.spyOn(t.app.log, 'warn')
    const c = await t.as(await t.make.user())
    const s = await live(c)
    for (let i = 0; i < MAX_MESSAGES + 20; i++) s.send({ type: 'ping' })
    expect(await s.closed).toMatchObject({ code: 4029 })
    // The error is the last word; messages queued behind the limit are dropped, not answered.
    expect(s.messages.at(-1)).toMatchObject({ type: 'error', code: 'rate_limited', message: expect.any(String) })
    expect(s.messages.filter((m) => m.type === 'pong').length).toBeLessThanOrEqual(MAX_MESSAGES)
    const hit = warn.mock.calls.find((call) => JSON.stringify(call).includes('messages'))
    expect(hit).toBeDefined()
    const token = c.cookie!.split('=')[1]!
    expect(JSON.stringify(warn.mock.calls)).not.toContain(token)
  })

  it('a re-subscribe flood from 0 replays the log at most once, then rate_limited and close 4029', async () => {
    const { lead, caseId, lastSeq } = await caseWithEvents(60)
    const s = await live(lead)
    let bytes = 0
    s.socket.on('message', (data: Buffer) => {
      bytes += data.length
    })
    for (let i = 0; i < 100; i++) s.send({ type: 'subscribe', caseId, afterSeq: 0 })
    expect(await s.closed).toMatchObject({ code: 4029 })
    expect(s.messages.some(isRateLimited)).toBe(true)
    const events = s.messages.filter(isEvent(caseId))
    // Each superseded subscribe stops its replay: never more than one full log on the wire.
    expect(events.length).toBeLessThanOrEqual(lastSeq)
    const oneReplayBytes = events.length > 0 ? (bytes / events.length) * lastSeq * 1.5 : 64 * 1024
    expect(bytes).toBeLessThan(oneReplayBytes)
  })

  it('re-subscribes within the limit answer only the last one: one replay, each event once, one caught-up', async () => {
    const { lead, caseId, lastSeq } = await caseWithEvents(40)
    const s = await live(lead)
    for (let i = 0; i < MAX_SUBSCRIBES; i++) s.send({ type: 'subscribe', caseId, afterSeq: 0 })
    await s.next((m) => m.type === 'caught-up')
    await new Promise((r) => setTimeout(r, 300))
    expect(s.messages.filter((m) => m.type === 'caught-up')).toEqual([{ type: 'caught-up', caseId, seq: lastSeq }])
    const seqs = s.messages.filter(isEvent(caseId)).map((m) => (m.type === 'event' ? m.seq : 0))
    expect(seqs).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1))
    expect(s.socket.readyState).toBe(s.socket.OPEN)
  })

  it('an afterSeq past 2^31−1 is a bad_message naming the field, and leaves no subscription behind', async () => {
    const { lead, caseId, lastSeq } = await caseWithEvents(0)
    const s = await live(lead)
    const before = t.app.live.stats()
    s.send({ type: 'subscribe', caseId, afterSeq: 2 ** 31 })
    expect(await s.next((m) => m.type === 'error')).toMatchObject({
      code: 'bad_message',
      message: expect.stringContaining('afterSeq'),
    })
    expect(t.app.live.stats()).toMatchObject({ subscriptions: before.subscriptions, feeds: before.feeds })
    // Later events reach nobody on this socket and are held for nobody.
    await lead.patch(
      `/api/cases/${caseId}`,
      { area: 'Elders' },
      { 'if-match': (await lead.get(`/api/cases/${caseId}`)).headers.etag as string },
    )
    await new Promise((r) => setTimeout(r, 300))
    expect(t.app.live.stats()).toMatchObject({ subscriptions: before.subscriptions, bufferedEvents: 0 })
    // The largest allowed value is accepted: nothing after it, caught up.
    s.send({ type: 'subscribe', caseId, afterSeq: 2 ** 31 - 1 })
    expect(await s.next((m) => m.type === 'caught-up')).toEqual({ type: 'caught-up', caseId, seq: 2 ** 31 - 1 })
    expect(s.messages.filter(isEvent(caseId))).toEqual([])
    expect(lastSeq).toBeGreaterThan(0)
  })

  it('a subscribe refused as not found leaves no subscription or feed behind', async () => {
    const { caseId } = await caseWithEvents(0)
    const s = await live(await t.as(await t.make.user()))
    const before = t.app.live.stats()
    s.send({ type: 'subscribe', caseId, afterSeq: 0 })
    expect(await s.next((m) => m.type === 'error')).toMatchObject({ code: 'not_found' })
    expect(t.app.live.stats()).toMatchObject({ subscriptions: before.subscriptions, feeds: before.feeds })
  })
})

describe('sockets per session', () => {
  it('refuses one socket more than the limit with 429 rate_limited; another session and a freed place still work', async () => {
    const user = await t.make.user()
    const c = await t.as(user)
    const open = await Promise.all(Array.from({ length: MAX_SOCKETS }, () => live(c)))
    const refused = await connectLive(base, c.cookie, t.config.publicOrigin).catch(
      (e: { status: number; body: string }) => e,
    )
    expect(refused).toMatchObject({ status: 429 })
    expect(JSON.parse((refused as { body: string }).body)).toMatchObject({ error: { code: 'rate_limited' } })
    // Another session of the same person has its own count.
    await live(await t.as(user))
    open[0]!.close()
    await open[0]!.closed
    const end = Date.now() + 2000
    for (;;) {
      const again = await connectLive(base, c.cookie, t.config.publicOrigin).catch(() => null)
      if (again) {
        sockets.push(again)
        break
      }
      expect(Date.now()).toBeLessThan(end)
      await new Promise((r) => setTimeout(r, 50))
    }
  })
})

describe('memory', () => {
  it('100 re-subscribe floods, cut off mid-replay, leave the hub as it was: no connections, subscriptions, feeds or buffered events', async () => {
    for (const s of sockets) s.close()
    await hubSettles(0)
    const { lead, caseId, lastSeq } = await caseWithEvents(20)
    const gc = (globalThis as { gc?: () => void }).gc
    gc?.()
    const baseline = t.app.live.stats()
    const heapBefore = process.memoryUsage().heapUsed
    let peak = { bufferedEvents: 0, subscriptions: 0, pendingMessages: 0 }
    const sampler = setInterval(() => {
      const now = t.app.live.stats()
      peak = {
        bufferedEvents: Math.max(peak.bufferedEvents, now.bufferedEvents),
        subscriptions: Math.max(peak.subscriptions, now.subscriptions),
        pendingMessages: Math.max(peak.pendingMessages, now.pendingMessages),
      }
    }, 2)
    try {
      for (let round = 0; round < 100; round++) {
        const s = await connectLive(base, lead.cookie, t.config.publicOrigin)
        // Re-subscribes within the limit, then the rest of the flood while the replay is running.
        for (let i = 0; i < MAX_SUBSCRIBES; i++) s.send({ type: 'subscribe', caseId, afterSeq: 0 })
        await s.next(isEvent(caseId))
        for (let i = 0; i < 40; i++) s.send({ type: 'subscribe', caseId, afterSeq: 0 })
        expect((await s.closed).code).toBe(4029)
        expect(s.messages.filter(isEvent(caseId)).length).toBeLessThanOrEqual(lastSeq)
      }
    } finally {
      clearInterval(sampler)
    }
    await hubSettles(0)
    const after = t.app.live.stats()
    expect(after).toEqual({ ...baseline, connections: 0, people: 0, sessions: 0 })
    expect(after).toMatchObject({ subscriptions: 0, feeds: 0, bufferedEvents: 0, pendingMessages: 0 })
    // While a flood runs the hub holds at most one subscription, one replay's worth of events and
    // the messages up to the limit.
    expect(peak.subscriptions).toBeLessThanOrEqual(1)
    expect(peak.bufferedEvents).toBeLessThanOrEqual(lastSeq)
    expect(peak.pendingMessages).toBeLessThanOrEqual(MAX_SUBSCRIBES)
    if (gc) {
      gc()
      const grown = process.memoryUsage().heapUsed - heapBefore
      // Measured, not assumed: with --expose-gc the heap may not grow by more than a few MB.
      expect(grown).toBeLessThan(8 * 1024 * 1024)
    }
  }, 120_000)
})
