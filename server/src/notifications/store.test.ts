import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, openCase, type TestApp } from '../../test/app.ts'
import { notifications } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { insertNotifications } from './store.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('writing notifications', () => {
  it('writes a reminder once per person and key, however often it is decided', async () => {
    const org = await t.make.organisation({ type: 'gemeente', name: `Gemeente ${Math.random()}` })
    const user = await t.make.user({ organisationId: org.id })
    const caseId = await openCase(await t.as(user))
    const reminder = {
      userId: user.id,
      caseId,
      type: 'step_reminder' as const,
      entityType: 'step' as const,
      step: 1,
      key: `step:${caseId}:1:2027-03-12T12:00:00.000Z:1d`,
    }
    const db = t.app.db
    const first = await inTransaction(db, (tx) => insertNotifications(tx, [reminder, { ...reminder, key: null }]))
    const again = await inTransaction(db, (tx) => insertNotifications(tx, [reminder]))
    expect(first).toHaveLength(2)
    expect(again).toEqual([])
    const rows = await db.select().from(notifications).where(eq(notifications.userId, user.id))
    expect(rows.map((r) => r.key).sort()).toEqual([reminder.key, null].sort())
  })
})
