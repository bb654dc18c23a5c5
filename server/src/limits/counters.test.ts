import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../test/db.ts'
import { clearHits, pruneCounters, takeHit } from './counters.ts'

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(() => t.close())

const limit = { name: 'test.parallel', max: 10, windowSeconds: 60 }

describe('a limit counter', () => {
  it('lets exactly max of 40 parallel hits through, and answers the rest 429 with Retry-After', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, () => takeHit(t.database.db, limit, 'subject-a')),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10)
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(refused).toHaveLength(30)
    expect(refused.every((r) => r.reason.statusCode === 429 && r.reason.extra.retryAfter > 0)).toBe(true)
  })

  it('counts each subject on its own, starts again in a new window, and forgets on clear', async () => {
    const l = { name: 'test.window', max: 1, windowSeconds: 60 }
    const now = Date.UTC(2027, 2, 12, 10, 0, 30)
    await takeHit(t.database.db, l, 'x', undefined, now)
    await expect(takeHit(t.database.db, l, 'x', undefined, now)).rejects.toMatchObject({ statusCode: 429 })
    await takeHit(t.database.db, l, 'y', undefined, now)
    await takeHit(t.database.db, l, 'x', undefined, now + 60_000)
    await clearHits(t.database.db, l, 'y', now)
    await takeHit(t.database.db, l, 'y', undefined, now)
  })

  it('prunes counters whose window has ended', async () => {
    const l = { name: 'test.prune', max: 5, windowSeconds: 1 }
    await takeHit(t.database.db, l, 'old', undefined, Date.now() - 10_000)
    await pruneCounters(t.database.db)
    const left = (await t.database.db.execute(
      sql`select count(*)::int as n from rate_counters where key = 'test.prune:old'`,
    )) as unknown as { rows: { n: number }[] }
    expect(left.rows[0]!.n).toBe(0)
  })
})
