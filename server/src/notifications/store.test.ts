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

  it('keeps every field as given, whatever characters the facts hold', async () => {
    const org = await t.make.organisation({ type: 'gemeente', name: `Gemeente ${Math.random()}` })
    const user = await t.make.user({ organisationId: org.id })
    const actor = await t.make.user({ organisationId: org.id })
    const caseId = await openCase(await t.as(user))
    const awkward = 'Overlast "De Hoven", {plein} \\ NULL; \'quote\' – ñ 🚲 \u05e9\u05dc\u05d5\u05dd'
    const at = new Date('2026-11-30T08:15:00.000Z')
    const [written] = await inTransaction(t.app.db, (tx) =>
      insertNotifications(tx, [
        {
          userId: user.id,
          caseId,
          type: 'removed',
          entityType: 'member',
          entityId: actor.id,
          step: 3,
          eventSeq: 42,
          actor: { userId: actor.id, organisationId: org.id },
          data: { caseTitle: awkward, organisationIds: [org.id], n: 2, nothing: null },
          key: null,
          mail: 'none',
          createdAt: at,
        },
      ]),
    )
    const [row] = await t.app.db.select().from(notifications).where(eq(notifications.id, written!.id))
    expect(row).toMatchObject({
      userId: user.id,
      caseId,
      type: 'removed',
      entityType: 'member',
      entityId: actor.id,
      step: 3,
      eventSeq: 42,
      actorUserId: actor.id,
      actorOrganisationId: org.id,
      data: { caseTitle: awkward, organisationIds: [org.id], n: 2, nothing: null },
      key: null,
      mail: 'none',
      createdAt: at,
      readAt: null,
    })
  })
})
