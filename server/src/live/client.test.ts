import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { LiveClient, type LiveStatus, type WebSocketLike } from '../../../web/src/api/live.ts'
import {
  addMember,
  type Client,
  createTestApp,
  clientFor as httpClient,
  openCase,
  type TestApp,
} from '../../test/app.ts'

let t: TestApp
let port: number
beforeAll(async () => {
  t = await createTestApp()
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' })
  port = Number(new URL(url).port)
})
afterAll(async () => {
  // The first test closes this app itself (a restart); closing twice is harmless.
  await t.app.close()
  await t.testDb.close()
})

const waitFor = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

function clientFor(c: Client, seen: { caseId: string; seq: number }[], statuses: LiveStatus[]) {
  return new LiveClient({
    url: `ws://127.0.0.1:${port}/api/live`,
    createSocket: (url) =>
      new WebSocket(url, { headers: { cookie: c.cookie!, origin: t.config.publicOrigin } }) as unknown as WebSocketLike,
    minDelayMs: 50,
    maxDelayMs: 400,
    onEvent: (caseId, seq) => seen.push({ caseId, seq }),
    onStatus: (s) => statuses.push(s),
  })
}

async function addSignals(c: Client, caseId: string, n: number) {
  for (let i = 0; i < n; i++) {
    await c.post(`/api/cases/${caseId}/items`, { kind: 'signal', step: 2, title: `S${i}`, source: 'meldingen' })
  }
}

describe('the web app’s live client', () => {
  it('follows a case, and after the server restarts resubscribes from its last seq: nothing missed, nothing twice', async () => {
    const lead = await t.as(await t.make.user())
    const caseId = await openCase(lead)
    const partner = await addMember(t, lead, caseId, await t.make.user())
    const etag = (await lead.get(`/api/cases/${caseId}/steps/1`)).headers.etag as string
    await lead.patch(`/api/cases/${caseId}/steps/1`, { status: 'closed' }, { 'if-match': etag })

    const seen: { caseId: string; seq: number }[] = []
    const statuses: LiveStatus[] = []
    const live = clientFor(partner, seen, statuses)
    await waitFor(() => live.status === 'open')
    live.subscribe(caseId, 0)
    const start = (await lead.get(`/api/cases/${caseId}`)).json().lastSeq as number
    await waitFor(() => live.lastSeq(caseId) === start)

    // The server goes away (closing sockets with "restarting"); meanwhile another instance takes writes.
    await t.app.close()
    await waitFor(() => statuses.includes('reconnecting'))
    const other = await createTestApp({}, { testDb: { ...t.testDb, close: async () => {} } })
    // Same session, other instance: sessions live in the database.
    await addSignals(httpClient(other.app, lead.cookie), caseId, 15)
    // The server comes back on the same address.
    await other.app.listen({ port, host: '127.0.0.1' })
    const final = start + 15
    await waitFor(() => live.lastSeq(caseId) === final, 10_000)
    expect(seen.filter((s) => s.caseId === caseId).map((s) => s.seq)).toEqual(
      Array.from({ length: final }, (_, i) => i + 1),
    )
    expect(statuses).toEqual(['open', 'reconnecting', 'open'])
    live.close()
    await other.app.close()
  })

  it('stops reconnecting when the session ends', async () => {
    const other = await createTestApp()
    const url = await other.app.listen({ port: 0, host: '127.0.0.1' })
    const c = await other.as(await other.make.user())
    const statuses: LiveStatus[] = []
    const live = new LiveClient({
      url: `${url.replace('http', 'ws')}/api/live`,
      createSocket: (u) =>
        new WebSocket(u, {
          headers: { cookie: c.cookie!, origin: other.config.publicOrigin },
        }) as unknown as WebSocketLike,
      onStatus: (s) => statuses.push(s),
    })
    await waitFor(() => live.status === 'open')
    await c.post('/api/auth/logout')
    await waitFor(() => live.status === 'signed-out')
    expect(statuses).toEqual(['open', 'signed-out'])
    live.close()
    await other.close()
  })

  it('after an idle session ends it is told why and stops reconnecting', async () => {
    const other = await createTestApp({ SESSION_IDLE_SECONDS: '2' })
    const url = await other.app.listen({ port: 0, host: '127.0.0.1' })
    const c = await other.as(await other.make.user())
    const caseId = await openCase(c)
    const statuses: LiveStatus[] = []
    const revoked: string[] = []
    let sockets = 0
    const live = new LiveClient({
      url: `${url.replace('http', 'ws')}/api/live`,
      createSocket: (u) => {
        sockets++
        return new WebSocket(u, {
          headers: { cookie: c.cookie!, origin: other.config.publicOrigin },
        }) as unknown as WebSocketLike
      },
      minDelayMs: 50,
      onStatus: (s) => statuses.push(s),
      onRevoked: (_caseId, reason) => revoked.push(reason),
    })
    live.subscribe(caseId)
    await waitFor(() => live.status === 'signed-out', 6000)
    expect(revoked).toEqual(['idle'])
    await new Promise((r) => setTimeout(r, 300))
    expect(sockets).toBe(1)
    live.close()
    await other.close()
  })

  it('after rate_limited (close 4029) it waits long before reconnecting, not in a tight loop', async () => {
    const other = await createTestApp({ LIVE_MAX_SUBSCRIBES_PER_MINUTE: '3' })
    const url = await other.app.listen({ port: 0, host: '127.0.0.1' })
    const c = await other.as(await other.make.user())
    const caseId = await openCase(c)
    const errors: string[] = []
    const opened: number[] = []
    const live = new LiveClient({
      url: `${url.replace('http', 'ws')}/api/live`,
      createSocket: (u) => {
        opened.push(Date.now())
        return new WebSocket(u, {
          headers: { cookie: c.cookie!, origin: other.config.publicOrigin },
        }) as unknown as WebSocketLike
      },
      minDelayMs: 10,
      maxDelayMs: 50,
      rateLimitedDelayMs: 1500,
      onError: (code) => errors.push(code),
    })
    await waitFor(() => live.status === 'open')
    for (let i = 0; i < 5; i++) live.subscribe(caseId)
    await waitFor(() => live.status === 'reconnecting')
    const closedAt = Date.now()
    expect(errors).toContain('rate_limited')
    await waitFor(() => live.status === 'open', 5000)
    expect(opened).toHaveLength(2)
    // At least half the pause (jitter), far above the 50 ms the ordinary backoff allows.
    expect(opened[1]! - closedAt).toBeGreaterThanOrEqual(700)
    live.close()
    await other.close()
  })
})
