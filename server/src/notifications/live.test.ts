import type { Notification, ServerMessage } from '@vp/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.ts'
import { connectLiveReady, type LiveTestClient } from '../../test/live-client.ts'
import { partiesWithPeople, removeMember, signalInStep2 } from '../../test/notifications.ts'
import { inTransaction } from '../db/tx.ts'
import { insertNotifications, type NewNotification } from './store.ts'

let t: TestApp
let base: string
const sockets: LiveTestClient[] = []
beforeAll(async () => {
  t = await createTestApp()
  base = await t.app.listen({ port: 0, host: '127.0.0.1' })
})
afterAll(async () => {
  for (const s of sockets) s.close()
  await t.close()
})

const live = async (cookie: string | null) => {
  const s = await connectLiveReady(base, cookie, t.config.publicOrigin)
  sockets.push(s)
  return s
}
const write = (rows: NewNotification[]) => inTransaction(t.app.db, (tx) => insertNotifications(tx, rows))
const isNotification = (m: ServerMessage): m is Extract<ServerMessage, { type: 'notification' }> =>
  m.type === 'notification'
const SECRET = 'Drugspand Kerkstraat 12'

describe('a notification arriving live', () => {
  it("reaches every socket of its person, composed for them, and nobody else's", async () => {
    const p = await partiesWithPeople(t)
    const item = await signalInStep2(p, p.police, SECRET, [p.pol.id, p.gem.id])
    const housingTabs = [await live(p.housing.cookie), await live(p.housing.cookie)]
    const policeTab = await live(p.police.cookie)
    const leadTab = await live(p.lead.cookie)
    const about = {
      caseId: p.caseId,
      type: 'action_assigned' as const,
      entityType: 'item' as const,
      entityId: item.id,
      step: 2,
    }
    const [toHousing] = await write([{ ...about, userId: p.housingUser.id }])
    const [toPolice] = await write([{ ...about, userId: p.policeUser.id }])

    for (const tab of housingTabs) {
      const m = await tab.next(isNotification, 10_000)
      const n = (m as { notification: Notification }).notification
      expect(n.id).toBe(toHousing!.id)
      expect(n.title).toContain('Vertrouwelijke bijdrage')
      expect(JSON.stringify(m)).not.toContain(SECRET)
    }
    const forPolice = (await policeTab.next(isNotification, 10_000)) as { notification: Notification }
    expect(forPolice.notification.id).toBe(toPolice!.id)
    expect(forPolice.notification.title).toContain(SECRET)

    // A later one for the lead arrives after the others: by then any stray message would be there too.
    const [toLead] = await write([{ ...about, userId: p.leadUser.id }])
    expect(((await leadTab.next(isNotification, 10_000)) as { notification: Notification }).notification.id).toBe(
      toLead!.id,
    )
    expect(policeTab.messages.filter(isNotification)).toHaveLength(1)
    for (const tab of housingTabs) expect(tab.messages.filter(isNotification)).toHaveLength(1)
    expect(leadTab.messages.filter(isNotification)).toHaveLength(1)
  })

  it('sends nothing about a case the person has left', async () => {
    const p = await partiesWithPeople(t)
    const tab = await live(p.housing.cookie)
    // Removing them notifies them of it (triggers.ts): that one arrives.
    await removeMember(p.lead, p.caseId, p.housingUser)
    await write([{ userId: p.housingUser.id, caseId: p.caseId, type: 'step_opened', entityType: 'step', step: 1 }])
    // A second notice written after the step: once it is here, the step's turn has passed.
    const [last] = await write([{ userId: p.housingUser.id, caseId: p.caseId, type: 'removed', entityType: 'member' }])
    await tab.next(
      (m) => isNotification(m) && (m as { notification: Notification }).notification.id === last!.id,
      10_000,
    )
    const arrived = tab.messages.filter(isNotification) as { notification: Notification }[]
    expect(arrived.map((m) => m.notification.type)).toEqual(['removed', 'removed'])
  })
})
