import type { ServerMessage } from '@vp/shared'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, clientFor, createTestApp, openCase, type TestApp } from '../../test/app.ts'
import { testDriver } from '../../test/db.ts'
import { connectLive } from '../../test/live-client.ts'
import { canRunPrivatePostgres, type PrivatePostgres, startPrivatePostgres } from '../../test/private-postgres.ts'
import { type Database, openDatabase } from '../db/client.ts'
import { migrateDatabase } from '../db/migrate.ts'

let pg: PrivatePostgres
let database: Database
let t: TestApp
let base: string

describe.runIf(testDriver() === 'postgres' && canRunPrivatePostgres)('across a PostgreSQL restart', () => {
  beforeAll(async () => {
    pg = await startPrivatePostgres()
    database = await openDatabase({ url: pg.url, poolSize: 5 })
    await migrateDatabase(database)
    t = await createTestApp({}, { testDb: { database, url: pg.url, close: async () => {} } })
    base = await t.app.listen({ port: 0, host: '127.0.0.1' })
  }, 120_000)
  afterAll(async () => {
    await (t?.app as FastifyInstance | undefined)?.close()
    await database?.close().catch(() => {})
    pg?.stop()
  })

  it('a subscriber misses nothing and gets nothing twice: the hub reconnects and catches up by seq', async () => {
    const lead = await t.as(await t.make.user())
    const caseId = await openCase(lead)
    const partner = await addMember(t, lead, caseId, await t.make.user())
    const etag = (await lead.get(`/api/cases/${caseId}/steps/1`)).headers.etag as string
    await lead.patch(`/api/cases/${caseId}/steps/1`, { status: 'closed' }, { 'if-match': etag })

    const s = await connectLive(base, partner.cookie, t.config.publicOrigin)
    s.send({ type: 'subscribe', caseId, afterSeq: 0 })
    const { seq } = (await s.next((m) => m.type === 'caught-up')) as { seq: number }

    const startedAt = async () =>
      ((await database.pool!.query('select pg_postmaster_start_time()::text as t')).rows[0] as { t: string }).t
    const before = await startedAt()
    pg.restart()
    // Writes after the restart go through fresh pool connections; retry while the server comes up.
    const writer = clientFor(t.app, lead.cookie)
    for (let i = 0; i < 10; i++) {
      for (let attempt = 0; ; attempt++) {
        const res = await writer.post(
          `/api/cases/${caseId}/items`,
          { kind: 'signal', step: 2, title: `Na herstart ${i}`, source: 'meldingen' },
          { 'idempotency-key': `pg-restart-${caseId}-${i}` },
        )
        if (res.statusCode === 201) break
        if (attempt > 50) throw new Error(`write ${i} kept failing: ${res.statusCode} ${res.body}`)
        await new Promise((r) => setTimeout(r, 200))
      }
    }
    const isMine = (m: ServerMessage) => m.type === 'event' && m.caseId === caseId && m.seq > seq
    const events = await s.collect(isMine, 10, 20_000)
    await new Promise((r) => setTimeout(r, 300))
    const seqs = s.messages.filter(isMine).map((m) => (m as { seq: number }).seq)
    expect(seqs).toEqual(Array.from({ length: 10 }, (_, i) => seq + 1 + i))
    expect(events).toHaveLength(10)
    expect(await startedAt()).not.toBe(before)
    s.close()
  }, 90_000)
})
