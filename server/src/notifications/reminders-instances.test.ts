import { and, eq, isNotNull } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, createTestApp, openCase, type TestApp } from '../../test/app.ts'
import { testDriver } from '../../test/db.ts'
import { buildApp } from '../app.ts'
import { testConfig } from '../config.ts'
import { type Database, openDatabase } from '../db/client.ts'
import { caseSteps, notifications } from '../db/schema.ts'

const INTERVAL = { REMINDER_INTERVAL_SECONDS: '1' }

/** Polls until `check` holds, or fails after `ms`. */
async function until(check: () => Promise<boolean>, ms: number) {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`not within ${ms} ms`)
}

// Two instances share one PostgreSQL and nothing else; each runs its own reminder loop.
describe.runIf(testDriver() === 'postgres')('reminders on two instances of one PostgreSQL', () => {
  let t: TestApp
  let b: { app: FastifyInstance; database: Database } | null = null

  async function startB() {
    const database = await openDatabase({ url: t.testDb.url!, poolSize: 3 })
    const app = await buildApp(testConfig(INTERVAL), { database, serveWeb: false })
    b = { app, database }
  }
  async function stopB() {
    if (!b) return
    await b.app.close()
    await b.database.close()
    b = null
  }

  beforeAll(async () => {
    t = await createTestApp(INTERVAL)
    await startB()
  })
  afterAll(async () => {
    await stopB()
    await t.close()
  })

  it('sends the 1-day reminder once within the interval, with both running and one restarted', async () => {
    const lead = await t.make.user()
    const leadClient = await t.as(lead)
    const caseId = await openCase(leadClient)
    const partner = await t.make.user()
    await addMember(t, leadClient, caseId, partner)
    const deadline = new Date(Date.now() + 23 * 3_600_000)
    await t.app.db
      .update(caseSteps)
      .set({ status: 'open', deadline })
      .where(and(eq(caseSteps.caseId, caseId), eq(caseSteps.step, 1)))

    const rows = () =>
      t.app.db
        .select({ userId: notifications.userId, key: notifications.key })
        .from(notifications)
        // Reminders only: the events of setting the case up notify people too (triggers.ts).
        .where(and(eq(notifications.caseId, caseId), isNotNull(notifications.key)))
    await until(async () => (await rows()).length === 2, 5000)

    // Several passes of both loops, then instance B restarts and scans again from scratch.
    await new Promise((r) => setTimeout(r, 2500))
    await stopB()
    await startB()
    await new Promise((r) => setTimeout(r, 2500))

    const all = await rows()
    expect(all.map((r) => [r.userId, r.key]).sort()).toEqual(
      [
        [partner.id, `step:${caseId}:1:${deadline.toISOString()}:1d`],
        [lead.id, `step_overview:${caseId}:1:${deadline.toISOString()}:1d`],
      ].sort(),
    )
  })
})
