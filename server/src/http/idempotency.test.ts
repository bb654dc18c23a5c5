import { and, count, eq, sql } from 'drizzle-orm'
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.ts'
import { idempotencyKeys, organisations } from '../db/schema.ts'
import { registerIdempotency, requestScopedDb } from './idempotency.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const caseBody = (title: string) => ({
  title,
  gemeente: 'Rivierstede',
  theme: 'verloedering',
  problemType: 'standaard',
})

describe('Idempotency-Key: the answer commits with the change', () => {
  it('stores the exact status, body and headers of the answer in the key row', async () => {
    const user = await t.make.user()
    const me = await t.as(user)
    const res = await me.post('/api/cases', caseBody('Opgeslagen antwoord'), { 'idempotency-key': 'stored-answer-1' })
    expect(res.statusCode).toBe(201)
    const [row] = await t.app.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, user.id), eq(idempotencyKeys.key, 'stored-answer-1')))
    expect(row).toMatchObject({ statusCode: 201, body: res.body, method: 'POST', path: '/api/cases' })
    expect(row!.headers).toMatchObject({ location: res.headers.location, etag: res.headers.etag })

    // The answer was built from reads after the service's transaction: they saw the change.
    const fresh = await me.get(`/api/cases/${res.json().id}`)
    expect(res.json()).toEqual(fresh.json())
    const again = await me.post('/api/cases', caseBody('Opgeslagen antwoord'), { 'idempotency-key': 'stored-answer-1' })
    expect(again.statusCode).toBe(201)
    expect(again.body).toBe(res.body)
    expect(again.headers['idempotent-replay']).toBe('true')
  })

  it('never shows a committed key without its answer, however many changes run at once', async () => {
    const user = await t.make.user()
    const me = await t.as(user)
    // Another connection (on PostgreSQL) watches the table the whole time. Before, a key was
    // committed with status 0 and got its answer in a later statement: a crash in between left a
    // key whose retry could only answer 409.
    const raw = t.testDb.database.db
    let running = true
    let polls = 0
    let unanswered = 0
    const watcher = (async () => {
      while (running) {
        const [r] = await raw.select({ n: count() }).from(idempotencyKeys).where(eq(idempotencyKeys.statusCode, 0))
        unanswered += r?.n ?? 0
        polls++
        await new Promise((r) => setImmediate(r))
      }
    })()
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        me.post('/api/cases', caseBody(`Tegelijk ${i}`), { 'idempotency-key': `at-once-${user.id}-${i}` }),
      ),
    )
    running = false
    await watcher
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(201))
    expect(polls).toBeGreaterThan(0)
    expect(unanswered).toBe(0)
    const rows = await raw.select().from(idempotencyKeys).where(eq(idempotencyKeys.userId, user.id))
    expect(rows).toHaveLength(20)
    for (const row of rows) {
      const res = responses[Number(row.key.split('-').pop())]!
      expect(row.statusCode).toBe(201)
      expect(row.body).toBe(res.body)
    }
  })

  it('an invalid request leaves no key: the retry with the same key applies', async () => {
    const user = await t.make.user()
    const me = await t.as(user)
    const key = { 'idempotency-key': 'refused-first-1' }
    const bad = await me.post('/api/cases', { ...caseBody('x'), theme: 'bestaat-niet' }, key)
    expect(bad.statusCode).toBe(400)
    const ok = await me.post('/api/cases', caseBody('Na weigering'), key)
    expect(ok.statusCode).toBe(201)
    expect(ok.headers['idempotent-replay']).toBeUndefined()
  })
})

describe('Idempotency-Key: the held transaction', () => {
  // A small app with only the idempotency hooks, so a route can fail on purpose after its change.
  async function smallApp() {
    const database = t.testDb.database
    const user = await t.make.user()
    const app = Fastify()
    app.decorateRequest('currentSession', async () => ({ sessionId: 'test', user: { id: user.id } }) as never)
    registerIdempotency(app, database.db)
    const db = requestScopedDb(database.db)
    app.post<{ Querystring: { fail?: string; name: string } }>('/change', async (req, reply) => {
      const { name } = req.query
      const id = await req.writeDb.transaction(async (tx) => {
        const [org] = await tx.insert(organisations).values({ name, type: 'gemeente' }).returning()
        return org!.id
      })
      // A second transaction in the same request joins the held one.
      await req.writeDb.transaction(async (tx) => {
        await tx
          .update(organisations)
          .set({ name: `${name} (2)` })
          .where(eq(organisations.id, id))
      })
      // Read with the request-scoped database after the change: it is there.
      const [seen] = await db.select().from(organisations).where(eq(organisations.id, id))
      if (req.query.fail) throw new Error('after the change')
      return reply.status(201).send({ id, name: seen?.name })
    })
    await app.ready()
    return { app, user }
  }
  const orgsNamed = (name: string) =>
    t.testDb.database.db
      .select()
      .from(organisations)
      .where(sql`${organisations.name} like ${`${name}%`}`)

  it('a handler that fails after its change (5xx) rolls it back, key and all; the retry applies', async () => {
    const { app, user } = await smallApp()
    try {
      const name = `Rollback ${user.id}`
      const send = (fail: boolean) =>
        app.inject({
          method: 'POST',
          url: `/change?name=${encodeURIComponent(name)}${fail ? '&fail=1' : ''}`,
          headers: { 'idempotency-key': 'held-fails-1' },
        })
      expect((await send(true)).statusCode).toBe(500)
      expect(await orgsNamed(name)).toEqual([])
      const ok = await send(false)
      expect(ok.statusCode).toBe(201)
      expect(ok.json()).toMatchObject({ name: `${name} (2)` })
      expect((await orgsNamed(name)).map((o) => o.name)).toEqual([`${name} (2)`])
      const again = await send(false)
      expect(again.statusCode).toBe(201)
      expect(again.body).toBe(ok.body)
      expect(again.headers['idempotent-replay']).toBe('true')
    } finally {
      await app.close()
    }
  })

  it('ten requests held at once all commit, each with its own answer', async () => {
    const { app, user } = await smallApp()
    try {
      const name = `Parallel ${user.id}`
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          app.inject({
            method: 'POST',
            url: `/change?name=${encodeURIComponent(`${name} ${i}`)}`,
            headers: { 'idempotency-key': `held-parallel-${i}` },
          }),
        ),
      )
      expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(201))
      expect(await orgsNamed(name)).toHaveLength(10)
    } finally {
      await app.close()
    }
  })
})
