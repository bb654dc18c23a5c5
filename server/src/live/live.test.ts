import type { ServerMessage } from '@vp/shared'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, type Client, createTestApp, openCase, type TestApp } from '../../test/app.ts'
import { testDriver } from '../../test/db.ts'
import { connectLive, isEvent, type LiveTestClient } from '../../test/live-client.ts'
import { buildApp } from '../app.ts'
import { testConfig } from '../config.ts'
import { openDatabase } from '../db/client.ts'

let t: TestApp
let base: string
const sockets: LiveTestClient[] = []
beforeAll(async () => {
  // 200 sockets of one session in the fan-out test: the per-session socket limit is tested elsewhere.
  t = await createTestApp(
    { LIVE_MAX_SOCKETS_PER_SESSION: '1000' },
    { live: { heartbeatMs: 500, presenceRefreshMs: 300, presenceTtlMs: 1500, sweepMs: 1000 } },
  )
  base = await t.app.listen({ port: 0, host: '127.0.0.1' })
})
afterAll(async () => {
  for (const s of sockets) s.close()
  await t.close()
})

const live = async (c: Client | null, origin?: string) => {
  const s = await connectLive(base, c?.cookie ?? null, origin ?? t.config.publicOrigin)
  sockets.push(s)
  return s
}
const seqsOf = (ms: ServerMessage[]) => ms.map((m) => (m.type === 'event' ? m.seq : -1))

async function caseWithPartner() {
  const lead = await t.as(await t.make.user())
  const caseId = await openCase(lead)
  const partnerUser = await t.make.user()
  const partner = await addMember(t, lead, caseId, partnerUser)
  const etag = (await lead.get(`/api/cases/${caseId}/steps/1`)).headers.etag as string
  await lead.patch(`/api/cases/${caseId}/steps/1`, { status: 'closed' }, { 'if-match': etag })
  return { lead, partner, partnerUser, caseId }
}

async function addSignals(c: Client, caseId: string, n: number, extra: Record<string, unknown> = {}) {
  for (let i = 0; i < n; i++) {
    const res = await c.post(`/api/cases/${caseId}/items`, {
      kind: 'signal',
      step: 2,
      title: `Signaal ${i}`,
      source: 'meldingen',
      ...extra,
    })
    expect(res.statusCode).toBe(201)
  }
}

describe('the handshake', () => {
  it('refuses the upgrade without a session, with a foreign Origin, and without an Origin', async () => {
    await expect(connectLive(base, null, t.config.publicOrigin)).rejects.toMatchObject({ status: 401 })
    const c = await t.as(await t.make.user())
    await expect(connectLive(base, c.cookie, 'https://evil.example')).rejects.toMatchObject({ status: 403 })
    const without = await connectLive(base, c.cookie, undefined).catch((e: { status: number; body: string }) => e)
    expect(without).toMatchObject({ status: 403 })
    expect(JSON.parse((without as { body: string }).body)).toEqual({
      error: { code: 'forbidden', message: expect.any(String) },
    })
    await expect(connectLive(base, 'vp_session=forged', t.config.publicOrigin)).rejects.toMatchObject({ status: 401 })
  })

  it('answers an invalid message with an error and keeps the socket open', async () => {
    const s = await live(await t.as(await t.make.user()))
    s.send('not json')
    expect(await s.next((m) => m.type === 'error')).toMatchObject({ code: 'bad_message' })
    s.send({ type: 'subscribe', caseId: 'x' })
    expect(await s.next((m) => m.type === 'error')).toMatchObject({
      code: 'bad_message',
      message: expect.stringContaining('caseId'),
    })
    s.send({ type: 'ping' })
    expect(await s.next((m) => m.type === 'pong')).toEqual({ type: 'pong' })
  })

  it('tells a non-member "not found", as HTTP does', async () => {
    const { caseId } = await caseWithPartner()
    const s = await live(await t.as(await t.make.user()))
    s.send({ type: 'subscribe', caseId, afterSeq: 0 })
    expect(await s.next((m) => m.type === 'error')).toMatchObject({ code: 'not_found', caseId })
    expect(s.messages.some((m) => m.type === 'event')).toBe(false)
  })
})

describe('catch-up and live delivery', () => {
  it('replays the log from afterSeq, says caught-up, then delivers new events within a second', async () => {
    const { lead, partner, caseId } = await caseWithPartner()
    const last = (await lead.get(`/api/cases/${caseId}`)).json().lastSeq as number
    const s = await live(partner)
    s.send({ type: 'subscribe', caseId, afterSeq: 0 })
    const caught = await s.next((m) => m.type === 'caught-up')
    expect(caught).toEqual({ type: 'caught-up', caseId, seq: last })
    expect(seqsOf(s.messages.filter(isEvent(caseId)))).toEqual(Array.from({ length: last }, (_, i) => i + 1))

    const start = Date.now()
    await addSignals(lead, caseId, 1)
    const ev = await s.next((m) => m.type === 'event' && m.caseId === caseId && m.seq === last + 1, 1000)
    expect(Date.now() - start).toBeLessThan(1000)
    expect(ev).toMatchObject({ event: { type: 'item.created', visible: true, payload: { title: 'Signaal 0' } } })
  })

  it('delivers an event whose wake-up was lost, from the log, within the sweep', async () => {
    const { partner, caseId } = await caseWithPartner()
    const s = await live(partner)
    s.send({ type: 'subscribe', caseId, afterSeq: 0 })
    const { seq } = (await s.next((m) => m.type === 'caught-up')) as { seq: number }
    // An event in the log without its NOTIFY, as when a wake-up is lost.
    await t.testDb.database.db.execute(sql`
      with next as (update cases set last_seq = last_seq + 1 where id = ${caseId} returning last_seq)
      insert into case_events (case_id, seq, type, entity_type, payload)
      select ${caseId}, last_seq, 'case.updated', 'case', '{}'::jsonb from next`)
    const ev = await s.next((m) => m.type === 'event' && m.caseId === caseId && m.seq > seq, 3000)
    expect(ev).toMatchObject({ seq: seq + 1, event: { type: 'case.updated' } })
  })

  it('a client that was away while 100 events happened gets exactly those 100, in order, once', async () => {
    const { lead, partner, caseId } = await caseWithPartner()
    const first = await live(partner)
    first.send({ type: 'subscribe', caseId, afterSeq: 0 })
    const { seq } = (await first.next((m) => m.type === 'caught-up')) as { seq: number }
    first.close()
    await first.closed
    await addSignals(lead, caseId, 100)
    const again = await live(partner)
    again.send({ type: 'subscribe', caseId, afterSeq: seq })
    await again.next((m) => m.type === 'caught-up', 10_000)
    expect(seqsOf(again.messages.filter(isEvent(caseId)))).toEqual(Array.from({ length: 100 }, (_, i) => seq + 1 + i))
  })

  it('loses and doubles nothing when events are committed during the replay', async () => {
    const { lead, partner, caseId } = await caseWithPartner()
    await addSignals(lead, caseId, 30)
    const s = await live(partner)
    const writing = addSignals(lead, caseId, 30)
    s.send({ type: 'subscribe', caseId, afterSeq: 0 })
    await writing
    const final = (await lead.get(`/api/cases/${caseId}`)).json().lastSeq as number
    const events = await s.collect(isEvent(caseId), final, 10_000)
    await new Promise((r) => setTimeout(r, 200))
    expect(seqsOf(s.messages.filter(isEvent(caseId)))).toEqual(Array.from({ length: final }, (_, i) => i + 1))
    expect(events).toHaveLength(final)
  })

  it('delivers a restricted item to outsiders only as a placeholder', async () => {
    const { lead, partner, caseId } = await caseWithPartner()
    const leadOrg = (await lead.get('/api/auth/me')).json().user.organisation.id
    const s = await live(partner)
    s.send({ type: 'subscribe', caseId, afterSeq: 0 })
    await s.next((m) => m.type === 'caught-up')
    await addSignals(lead, caseId, 1, { title: 'Geheime driehoeksinformatie', audience: [leadOrg] })
    const ev = await s.next((m) => m.type === 'event' && m.caseId === caseId && m.event.type === 'item.created')
    expect(ev).toMatchObject({ event: { visible: false, payload: null } })
    expect(JSON.stringify(s.messages)).not.toContain('Geheime')
  })
})

describe('revocation', () => {
  it('a removed member is told within a second and gets nothing after', async () => {
    const { lead, partner, partnerUser, caseId } = await caseWithPartner()
    const s = await live(partner)
    s.send({ type: 'subscribe', caseId, afterSeq: 0 })
    await s.next((m) => m.type === 'caught-up')
    const seat = (await lead.get(`/api/cases/${caseId}/members`))
      .json()
      .items.find((m: { userId: string }) => m.userId === partnerUser.id)
    const start = Date.now()
    await lead.delete(`/api/cases/${caseId}/members/${seat.id}`, { 'if-match': `"${seat.version}"` })
    expect(await s.next((m) => m.type === 'revoked', 1000)).toEqual({ type: 'revoked', caseId, reason: 'removed' })
    expect(Date.now() - start).toBeLessThan(1000)
    const count = s.messages.filter(isEvent(caseId)).length
    await addSignals(lead, caseId, 3)
    await new Promise((r) => setTimeout(r, 300))
    expect(s.messages.filter(isEvent(caseId)).length).toBe(count)
    s.send({ type: 'subscribe', caseId, afterSeq: 0 })
    expect(await s.next((m) => m.type === 'error')).toMatchObject({ code: 'not_found' })
  })

  it('logout closes the session’s sockets, and says why', async () => {
    const user = await t.make.user()
    const c = await t.as(user)
    const other = await t.as(user)
    const s = await live(c)
    const keeps = await live(other)
    await c.post('/api/auth/logout')
    expect(await s.closed).toMatchObject({ code: 4001 })
    keeps.send({ type: 'ping' })
    expect(await keeps.next((m) => m.type === 'pong')).toEqual({ type: 'pong' })
  })

  it('disabling an account closes every socket of it', async () => {
    const admin = await t.as(await t.make.admin())
    const user = await t.make.user()
    const s = await live(await t.as(user))
    await admin.patch(`/api/admin/users/${user.id}`, { disabled: true }, { 'if-match': '"1"' })
    expect(await s.closed).toMatchObject({ code: 4001 })
  })
})

describe('presence', () => {
  it('shows who is in the case and on which step, and drops someone whose connection goes', async () => {
    const { lead, partner, caseId } = await caseWithPartner()
    const a = await live(lead)
    const b = await live(partner)
    for (const s of [a, b]) {
      s.send({ type: 'subscribe', caseId, afterSeq: 0 })
      await s.next((m) => m.type === 'caught-up')
    }
    a.send({ type: 'presence', caseId, step: 2, itemId: null })
    const seen = await b.next((m) => m.type === 'presence' && m.people.length === 1)
    expect(seen).toMatchObject({ caseId, people: [{ step: 2, itemId: null, name: expect.any(String) }] })
    a.socket.terminate()
    const gone = await b.next((m) => m.type === 'presence' && m.people.length === 0, 3000)
    expect(gone).toEqual({ type: 'presence', caseId, people: [] })
  })
})

describe('message order', () => {
  it('handles a presence sent right after a subscribe, without waiting for caught-up', async () => {
    const { lead, partner, caseId } = await caseWithPartner()
    const watcher = await live(lead)
    watcher.send({ type: 'subscribe', caseId, afterSeq: 0 })
    await watcher.next((m) => m.type === 'caught-up')
    const s = await live(partner)
    s.send({ type: 'subscribe', caseId, afterSeq: 0 })
    s.send({ type: 'presence', caseId, step: 4, itemId: null })
    await watcher.next((m) => m.type === 'presence' && m.people.some((p) => p.step === 4))
    expect(s.messages.filter((m) => m.type === 'error')).toEqual([])
  })
})

describe('many sockets', () => {
  it('200 sockets in one case each receive a burst of 100 events, in order, none missing', async () => {
    const { lead, partner, caseId } = await caseWithPartner()
    const start = (await lead.get(`/api/cases/${caseId}`)).json().lastSeq as number
    const clients = await Promise.all(Array.from({ length: 200 }, () => live(partner)))
    for (const c of clients) c.send({ type: 'subscribe', caseId, afterSeq: start })
    await Promise.all(clients.map((c) => c.next((m) => m.type === 'caught-up', 10_000)))
    await addSignals(lead, caseId, 100)
    const expected = Array.from({ length: 100 }, (_, i) => start + 1 + i)
    // Generous: on a loaded machine the 100 writes alone can take a minute; the check is order and completeness.
    await Promise.all(clients.map((c) => c.collect(isEvent(caseId), 100, 150_000)))
    for (const c of clients) expect(seqsOf(c.messages.filter(isEvent(caseId)))).toEqual(expected)
    for (const c of clients) c.close()
  }, 240_000)
})

describe.runIf(testDriver() === 'postgres')('two instances on one PostgreSQL', () => {
  let b: FastifyInstance
  let baseB: string
  let closeB: () => Promise<void>
  beforeAll(async () => {
    const database = await openDatabase({ url: t.testDb.url!, poolSize: 5 })
    // Sessions stay cached on B for a minute: only the sessions channel can make B forget them.
    b = await buildApp(testConfig({ SESSION_CACHE_SECONDS: '60' }), {
      database,
      serveWeb: false,
      live: { presenceRefreshMs: 300, presenceTtlMs: 1500 },
    })
    baseB = await b.listen({ port: 0, host: '127.0.0.1' })
    closeB = async () => {
      await b.close()
      await database.close()
    }
  })
  afterAll(() => closeB())

  it('a write through instance A reaches a subscriber on instance B within a second', async () => {
    const { lead, partner, caseId } = await caseWithPartner()
    const s = await connectLive(baseB, partner.cookie, t.config.publicOrigin)
    sockets.push(s)
    s.send({ type: 'subscribe', caseId, afterSeq: 0 })
    const { seq } = (await s.next((m) => m.type === 'caught-up')) as { seq: number }
    const start = Date.now()
    await addSignals(lead, caseId, 1)
    await s.next((m) => m.type === 'event' && m.caseId === caseId && m.seq === seq + 1, 1000)
    expect(Date.now() - start).toBeLessThan(1000)
  })

  it('presence appears and disappears across instances', async () => {
    const { lead, partner, caseId } = await caseWithPartner()
    const onA = await live(lead)
    const onB = await connectLive(baseB, partner.cookie, t.config.publicOrigin)
    sockets.push(onB)
    for (const s of [onA, onB]) {
      s.send({ type: 'subscribe', caseId, afterSeq: 0 })
      await s.next((m) => m.type === 'caught-up')
    }
    onA.send({ type: 'presence', caseId, step: 3, itemId: null })
    await onB.next((m) => m.type === 'presence' && m.people.some((p) => p.step === 3), 2000)
    onA.close()
    await onB.next((m) => m.type === 'presence' && m.people.length === 0, 3000)
  })

  it('logout on instance A closes the socket on instance B', async () => {
    const user = await t.make.user()
    const c = await t.as(user)
    const s = await connectLive(baseB, c.cookie, t.config.publicOrigin)
    sockets.push(s)
    await c.post('/api/auth/logout')
    expect(await s.closed).toMatchObject({ code: 4001 })
  })

  it('a session ended on instance A is refused on instance B within a second, though B had it cached', async () => {
    const user = await t.make.user()
    const c = await t.as(user)
    const me = () => b.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: c.cookie ?? '' } })
    expect((await me()).statusCode).toBe(200)
    await c.post('/api/auth/logout')
    const start = Date.now()
    while ((await me()).statusCode === 200) {
      expect(Date.now() - start).toBeLessThan(1000)
      await new Promise((r) => setTimeout(r, 10))
    }
    expect((await me()).statusCode).toBe(401)
  })

  it('a name changed on instance A shows on instance B within a second, though B had the session cached', async () => {
    const user = await t.make.user()
    const c = await t.as(user)
    const me = async () =>
      (await b.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: c.cookie ?? '' } })).json().user.name
    expect(await me()).toBe(user.name)
    expect((await c.patch('/api/auth/me', { name: 'Nieuwe Naam' })).statusCode).toBe(200)
    const start = Date.now()
    while ((await me()) !== 'Nieuwe Naam') {
      expect(Date.now() - start).toBeLessThan(1000)
      await new Promise((r) => setTimeout(r, 10))
    }
  })

  it('loses no event when the LISTEN connection drops: it reconnects and catches up by seq', async () => {
    const { lead, partner, caseId } = await caseWithPartner()
    const s = await connectLive(baseB, partner.cookie, t.config.publicOrigin)
    sockets.push(s)
    s.send({ type: 'subscribe', caseId, afterSeq: 0 })
    const { seq } = (await s.next((m) => m.type === 'caught-up')) as { seq: number }
    // Cut every LISTEN connection to this database, then write while they are gone.
    await t.testDb.database.pool!.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen%' and pid <> pg_backend_pid()",
    )
    await addSignals(lead, caseId, 5)
    const events = await s.collect((m) => m.type === 'event' && m.caseId === caseId && m.seq > seq, 5, 10_000)
    expect(seqsOf(events)).toEqual([seq + 1, seq + 2, seq + 3, seq + 4, seq + 5])
  })
})

describe('a restart', () => {
  it('a client catches up exactly after the server restarts on the same database', async () => {
    const { lead, partner, caseId } = await caseWithPartner()
    const s = await live(partner)
    s.send({ type: 'subscribe', caseId, afterSeq: 0 })
    const { seq } = (await s.next((m) => m.type === 'caught-up')) as { seq: number }
    // A second server on the same database takes over while the first is gone for this client.
    const other = await createTestApp({}, { testDb: { ...t.testDb, close: async () => {} } })
    const url = await other.app.listen({ port: 0, host: '127.0.0.1' })
    s.close()
    await addSignals(lead, caseId, 10)
    const again = await connectLive(url, partner.cookie, t.config.publicOrigin)
    sockets.push(again)
    again.send({ type: 'subscribe', caseId, afterSeq: seq })
    await again.next((m) => m.type === 'caught-up', 5000)
    expect(seqsOf(again.messages.filter(isEvent(caseId)))).toEqual(Array.from({ length: 10 }, (_, i) => seq + 1 + i))
    again.close()
    await other.app.close()
  })
})
