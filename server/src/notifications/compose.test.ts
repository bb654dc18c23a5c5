import { eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changeCase, createTestApp, type TestApp } from '../../test/app.ts'
import { storeDocument } from '../../test/documents.ts'
import { partiesWithPeople, removeMember, setAudience, signalInStep2 } from '../../test/notifications.ts'
import { comments, notifications } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { composeNotifications } from './compose.ts'
import { insertNotifications, type NewNotification } from './store.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const SECRET = 'Drugspand Kerkstraat 12'
const SAID = 'Zie de melding van vorige week'

async function write(rows: NewNotification[]) {
  const written = await inTransaction(t.app.db, (tx) => insertNotifications(tx, rows))
  return t.app.db
    .select()
    .from(notifications)
    .where(
      inArray(
        notifications.id,
        written.map((w) => w.id),
      ),
    )
}

describe('composing notifications', () => {
  it('names a restricted item only inside its audience, and quotes a comment only there', async () => {
    const p = await partiesWithPeople(t)
    const item = await signalInStep2(p, p.police, SECRET, [p.pol.id, p.gem.id])
    await p.police.post(`/api/cases/${p.caseId}/items/${item.id}/comments`, { body: SAID })
    const [comment] = await t.app.db.select().from(comments).where(eq(comments.itemId, item.id))
    const about = {
      caseId: p.caseId,
      type: 'mentioned' as const,
      entityType: 'item' as const,
      entityId: item.id,
      step: 2,
      actor: { userId: p.policeUser.id, organisationId: p.pol.id },
      data: { commentId: comment!.id },
    }
    const [toLead] = await write([{ ...about, userId: p.leadUser.id }])
    const [toHousing] = await write([{ ...about, userId: p.housingUser.id }])

    const [insider] = await composeNotifications(t.app.db, p.leadUser.id, [toLead!])
    expect(insider!.body).toContain(SECRET)
    expect(insider!.body).toContain(SAID)
    expect(insider!.link).toBe(`/dossiers/${p.caseId}/stap/2#item-${item.id}`)

    const [outsider] = await composeNotifications(t.app.db, p.housingUser.id, [toHousing!])
    const shown = JSON.stringify(outsider)
    expect(shown).not.toContain(SECRET)
    expect(shown).not.toContain(SAID)
    expect(shown).not.toContain(item.id)
    expect(outsider!.body).toContain(`Vertrouwelijke bijdrage van ${p.pol.name} in stap 2`)
    expect(outsider!.link).toBe(`/dossiers/${p.caseId}/stap/2`)
  })

  it('hides the title of an item restricted after the notification was written', async () => {
    const p = await partiesWithPeople(t)
    const item = await signalInStep2(p, p.police, SECRET)
    const [row] = await write([
      {
        userId: p.housingUser.id,
        caseId: p.caseId,
        type: 'action_assigned',
        entityType: 'item',
        entityId: item.id,
        step: 2,
      },
    ])
    expect((await composeNotifications(t.app.db, p.housingUser.id, [row!]))[0]!.title).toContain(SECRET)
    await setAudience(p.police, p.caseId, item.id, [p.pol.id])
    const [after] = await composeNotifications(t.app.db, p.housingUser.id, [row!])
    expect(JSON.stringify(after)).not.toContain(SECRET)
    expect(after!.title).toContain('Vertrouwelijke bijdrage')
  })

  it("drops a case's notifications once the person left it, except the notice of their removal", async () => {
    const p = await partiesWithPeople(t)
    const rows = await write([
      { userId: p.housingUser.id, caseId: p.caseId, type: 'step_opened', entityType: 'step', step: 1 },
      { userId: p.housingUser.id, caseId: p.caseId, type: 'removed', entityType: 'member' },
    ])
    expect(await composeNotifications(t.app.db, p.housingUser.id, rows)).toHaveLength(2)
    await removeMember(p.lead, p.caseId, p.housingUser)
    const left = await composeNotifications(t.app.db, p.housingUser.id, rows)
    expect(left.map((n) => n.type)).toEqual(['removed'])
    expect(left[0]!.link).toBe('/dossiers')
  })

  it('tells someone without a seat the case name they were told, not the name it was given since', async () => {
    const p = await partiesWithPeople(t)
    const outsider = await t.make.user({ organisationId: p.won.id })
    const invitation = await p.lead.post(`/api/cases/${p.caseId}/invitations`, {
      email: outsider.email,
      organisationId: p.won.id,
      role: 'partner',
    })
    expect(invitation.statusCode, invitation.body).toBe(201)
    await removeMember(p.lead, p.caseId, p.housingUser)
    await changeCase(p.lead, p.caseId, { title: 'Ondermijning pand Kerkstraat 12' })

    const listed = async (c: typeof p.lead) =>
      ((await c.get('/api/me/notifications')).json().items as { type: string; title: string; body: string }[]).filter(
        (n) => n.type === 'removed' || n.type === 'invited',
      )
    // Their own invitation, long ago, and their removal.
    const removedList = await listed(p.housing)
    expect(removedList.map((n) => n.title).sort()).toEqual([
      'Uitgenodigd voor Verloedering en overlast winkelcentrum De Hoven',
      'Verwijderd uit Verloedering en overlast winkelcentrum De Hoven',
    ])
    const invitedList = await listed(await t.as(outsider))
    expect(invitedList.map((n) => n.title)).toEqual([
      'Uitgenodigd voor Verloedering en overlast winkelcentrum De Hoven',
    ])
    for (const n of [...removedList, ...invitedList]) expect(JSON.stringify(n)).not.toContain('Kerkstraat')
    // A member sees the case as it is now.
    const member = (await p.police.get('/api/me/notifications')).json().items as { body: string }[]
    expect(member.some((n) => n.body.includes('Kerkstraat'))).toBe(false)
  })

  it("composes nothing from someone else's rows", async () => {
    const p = await partiesWithPeople(t)
    const rows = await write([
      { userId: p.leadUser.id, caseId: p.caseId, type: 'step_opened', entityType: 'step', step: 1 },
    ])
    expect(await composeNotifications(t.app.db, p.housingUser.id, rows)).toEqual([])
  })

  it('writes English when asked, and links a step reminder to its step', async () => {
    const p = await partiesWithPeople(t)
    const rows = await write([
      {
        userId: p.housingUser.id,
        caseId: p.caseId,
        type: 'step_reminder',
        entityType: 'step',
        step: 1,
        data: { moment: '1d', deadline: '2027-03-12T12:00:00.000Z' },
      },
    ])
    const [nl] = await composeNotifications(t.app.db, p.housingUser.id, rows)
    const [en] = await composeNotifications(t.app.db, p.housingUser.id, rows, 'en')
    expect(nl!.title).toBe('Stap 1 moet morgen klaar zijn')
    expect(nl!.body).toContain('12 maart')
    expect(en!.title).toBe('Step 1 is due tomorrow')
    expect(en!.link).toBe(`/dossiers/${p.caseId}/stap/1`)
  })

  it('names a restricted document only inside its audience', async () => {
    const p = await partiesWithPeople(t)
    const doc = await storeDocument(
      t,
      p.caseId,
      { userId: p.policeUser.id, organisationId: p.pol.id },
      { title: SECRET, step: 1, audience: [p.pol.id, p.gem.id] },
    )
    const about = {
      caseId: p.caseId,
      type: 'document_added' as const,
      entityType: 'document' as const,
      entityId: doc.id,
      step: 1,
      actor: { userId: p.policeUser.id, organisationId: p.pol.id },
    }
    const [toLead] = await write([{ ...about, userId: p.leadUser.id }])
    const [toHousing] = await write([{ ...about, userId: p.housingUser.id }])
    expect((await composeNotifications(t.app.db, p.leadUser.id, [toLead!]))[0]!.body).toContain(SECRET)
    const [outsider] = await composeNotifications(t.app.db, p.housingUser.id, [toHousing!])
    expect(JSON.stringify(outsider)).not.toContain(SECRET)
    expect(outsider!.body).toContain(`Vertrouwelijk document van ${p.pol.name} in stap 1`)
  })
})
