import { NotificationListSchema } from '@vp/shared'
import { eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.ts'
import { closeStep, createItem } from '../../test/items.ts'
import { partiesWithPeople, removeMember, setAudience } from '../../test/notifications.ts'
import { notificationSettings, notifications } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { insertNotifications, type NewNotification } from './store.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const SECRET = 'Drugspand Kerkstraat 12'

const write = (rows: NewNotification[]) => inTransaction(t.app.db, (tx) => insertNotifications(tx, rows))
const stepOpened = (userId: string, caseId: string, step = 1): NewNotification => ({
  userId,
  caseId,
  type: 'step_opened',
  entityType: 'step',
  step,
})
/**
 * The parties, without the notifications that setting up their case wrote (invitations, steps): each
 * test here writes the notifications it reads.
 */
async function freshParties() {
  const p = await partiesWithPeople(t)
  await t.app.db.delete(notifications).where(inArray(notifications.userId, [p.housingUser.id, p.policeUser.id]))
  return p
}
const readAtOf = async (ids: string[]) =>
  new Map(
    (
      await t.app.db
        .select({ id: notifications.id, readAt: notifications.readAt })
        .from(notifications)
        .where(inArray(notifications.id, ids))
    ).map((r) => [r.id, r.readAt]),
  )

describe('the notification list', () => {
  it('lists my notifications newest first, page by page, with the unread count', async () => {
    const p = await freshParties()
    const written = []
    for (const step of [1, 2, 3]) written.push(...(await write([stepOpened(p.housingUser.id, p.caseId, step)])))
    await write([stepOpened(p.policeUser.id, p.caseId)])
    const first = NotificationListSchema.parse((await p.housing.get('/api/me/notifications?limit=2')).json())
    expect(first.unreadCount).toBe(3)
    expect(first.items.map((n) => n.title)).toEqual(['Stap 3 geopend', 'Stap 2 geopend'])
    expect(first.items[0]!.link).toBe(`/dossiers/${p.caseId}/stap/3`)
    const second = NotificationListSchema.parse(
      (await p.housing.get(`/api/me/notifications?limit=2&cursor=${first.nextCursor}`)).json(),
    )
    expect(second.items.map((n) => n.id)).toEqual([written[0]!.id])
    expect(second.nextCursor).toBeNull()
    expect((await p.housing.get('/api/me/notifications?cursor=bm9wZQ')).statusCode).toBe(400)
    expect((await t.anon.get('/api/me/notifications')).statusCode).toBe(401)
  })

  it('no longer shows the title of an item restricted after the notification was written', async () => {
    const p = await freshParties()
    await closeStep(p.lead, p.caseId, 1)
    const item = await createItem(p.police, p.caseId, { kind: 'signal', step: 2, title: SECRET, source: 'meldingen' })
    await write([
      {
        userId: p.housingUser.id,
        caseId: p.caseId,
        type: 'action_assigned',
        entityType: 'item',
        entityId: item.id,
        step: 2,
      },
    ])
    expect((await p.housing.get('/api/me/notifications')).body).toContain(SECRET)
    await setAudience(p.police, p.caseId, item.id, [p.pol.id])
    const after = await p.housing.get('/api/me/notifications')
    expect(after.statusCode).toBe(200)
    expect(after.body).not.toContain(SECRET)
    expect(after.body).toContain('Vertrouwelijke bijdrage')
  })

  it("drops a case's notifications from the list and the count once I left it", async () => {
    const p = await freshParties()
    await write([stepOpened(p.housingUser.id, p.caseId)])
    // Removing a member notifies them of it (triggers.ts): that one stays in their list.
    await removeMember(p.lead, p.caseId, p.housingUser)
    const list = NotificationListSchema.parse((await p.housing.get('/api/me/notifications')).json())
    expect(list.items.map((n) => n.type)).toEqual(['removed'])
    expect(list.unreadCount).toBe(1)
  })
})

describe('marking notifications read', () => {
  it('marks one of mine, passes over ids of someone else without a word, then all', async () => {
    const p = await freshParties()
    const mine = await write([stepOpened(p.housingUser.id, p.caseId, 1), stepOpened(p.housingUser.id, p.caseId, 2)])
    const theirs = await write([stepOpened(p.policeUser.id, p.caseId)])
    const one = await p.housing.post('/api/me/notifications/read', { ids: [mine[0]!.id, theirs[0]!.id] })
    expect(one.statusCode, one.body).toBe(200)
    expect(one.json()).toEqual({ marked: 1, unreadCount: 1 })
    let readAt = await readAtOf([...mine, ...theirs].map((r) => r.id))
    expect(readAt.get(mine[0]!.id)).not.toBeNull()
    expect(readAt.get(mine[1]!.id)).toBeNull()
    expect(readAt.get(theirs[0]!.id)).toBeNull()
    // Someone else's id alone: the same answer as an id that was read already.
    expect((await p.housing.post('/api/me/notifications/read', { ids: [theirs[0]!.id] })).json()).toEqual({
      marked: 0,
      unreadCount: 1,
    })
    expect((await p.housing.post('/api/me/notifications/read', { all: true })).json()).toEqual({
      marked: 1,
      unreadCount: 0,
    })
    readAt = await readAtOf([...mine, ...theirs].map((r) => r.id))
    expect(readAt.get(mine[1]!.id)).not.toBeNull()
    expect(readAt.get(theirs[0]!.id)).toBeNull()
    const unread = NotificationListSchema.parse((await p.housing.get('/api/me/notifications?unread=true')).json())
    expect(unread.items).toEqual([])
  })

  it('refuses a body that is neither ids nor all, and a write without the CSRF header', async () => {
    const p = await freshParties()
    expect((await p.housing.post('/api/me/notifications/read', { all: false })).statusCode).toBe(400)
    expect((await p.housing.post('/api/me/notifications/read', { ids: ['nope'] })).statusCode).toBe(400)
    const noHeader = await t.app.inject({
      method: 'POST',
      url: '/api/me/notifications/read',
      payload: { all: true },
      headers: { cookie: p.housing.cookie! },
    })
    expect(noHeader.statusCode).toBe(403)
  })
})

describe('notification settings', () => {
  it('gives the defaults, then keeps what I change and only that', async () => {
    const p = await freshParties()
    expect((await p.housing.get('/api/me/notification-settings')).json()).toEqual({
      email: 'immediate',
      digestHour: 8,
    })
    const daily = await p.housing.put('/api/me/notification-settings', { email: 'daily' })
    expect(daily.json()).toEqual({ email: 'daily', digestHour: 8 })
    expect((await p.housing.put('/api/me/notification-settings', { digestHour: 17 })).json()).toEqual({
      email: 'daily',
      digestHour: 17,
    })
    const [row] = await t.app.db
      .select()
      .from(notificationSettings)
      .where(eq(notificationSettings.userId, p.housingUser.id))
    expect(row).toMatchObject({ email: 'daily', digestHour: 17 })
    expect((await p.housing.put('/api/me/notification-settings', { digestHour: 24 })).statusCode).toBe(400)
    expect((await p.housing.put('/api/me/notification-settings', { inApp: false })).statusCode).toBe(400)
    expect((await p.police.get('/api/me/notification-settings')).json().email).toBe('immediate')
  })
})
