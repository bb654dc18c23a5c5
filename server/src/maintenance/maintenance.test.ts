import { eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.ts'
import { idempotencyKeys, loginFailures, rateCounters } from '../db/schema.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000)

describe('housekeeping', () => {
  it('one pass deletes idempotency keys older than a day and expired counters; fresh ones stay', async () => {
    const user = await t.make.user()
    const key = (name: string, createdAt: Date) => ({
      userId: user.id,
      key: `maintenance-${name}`,
      method: 'POST',
      path: '/api/cases',
      statusCode: 201,
      body: '{}',
      createdAt,
    })
    await t.app.db
      .insert(idempotencyKeys)
      .values([key('old', hoursAgo(25)), key('fresh', hoursAgo(23)), key('new', new Date())])
    const counter = (name: string, expiresAt: Date) => ({
      key: `test.maintenance:${name}`,
      windowStart: new Date(expiresAt.getTime() - 900_000),
      hits: 3,
      expiresAt,
    })
    await t.app.db
      .insert(rateCounters)
      .values([counter('ended', hoursAgo(1)), counter('current', new Date(Date.now() + 600_000))])
    await t.app.db.insert(loginFailures).values([{ accountKey: 'maintenance-old', at: hoursAgo(2) }])

    await t.app.maintenance.runOnce()

    const keys = await t.app.db
      .select({ key: idempotencyKeys.key })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.userId, user.id))
    expect(keys.map((k) => k.key).sort()).toEqual(['maintenance-fresh', 'maintenance-new'])
    const counters = await t.app.db
      .select({ key: rateCounters.key })
      .from(rateCounters)
      .where(inArray(rateCounters.key, ['test.maintenance:ended', 'test.maintenance:current']))
    expect(counters.map((c) => c.key)).toEqual(['test.maintenance:current'])
    expect(await t.app.db.select().from(loginFailures).where(eq(loginFailures.accountKey, 'maintenance-old'))).toEqual(
      [],
    )
  })

  it('two instances running a pass at the same time both succeed and leave the same result', async () => {
    const second = await createTestApp({}, { testDb: t.testDb })
    try {
      const user = await t.make.user()
      await t.app.db.insert(idempotencyKeys).values(
        Array.from({ length: 20 }, (_, i) => ({
          userId: user.id,
          key: `twin-${i}`,
          method: 'POST',
          path: '/api/cases',
          statusCode: 201,
          body: '{}',
          createdAt: i % 2 ? hoursAgo(30) : new Date(),
        })),
      )
      await Promise.all([t.app.maintenance.runOnce(), second.app.maintenance.runOnce()])
      const left = await t.app.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.userId, user.id))
      expect(left).toHaveLength(10)
    } finally {
      await second.app.close()
    }
  })
})
