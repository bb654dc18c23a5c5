import { and, asc, eq, isNull } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, createTestApp, type TestApp, type TestUser } from '../../test/app.ts'
import { documentParties, storeDocument, storeVersion } from '../../test/documents.ts'
import { changeStep, closeStep, createItem } from '../../test/items.ts'
import { partiesWithPeople, signalInStep2 } from '../../test/notifications.ts'
import { caseMembers, comments, notifications } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent } from '../events/append.ts'

const MENTION_BOUND = 3
let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ MENTIONS_PER_USER_PER_HOUR: String(MENTION_BOUND) })
})
afterAll(() => t.close())

const db = () => t.testDb.database.db

/** Every notification of a case, oldest first, as stored. */
const stored = (caseId: string) =>
  db().select().from(notifications).where(eq(notifications.caseId, caseId)).orderBy(asc(notifications.createdAt))

/** Who got a notification of `type` (sorted user ids; one entry per row). */
async function recipients(caseId: string, type: string) {
  return (await stored(caseId))
    .filter((n) => n.type === type)
    .map((n) => n.userId)
    .sort()
}

const ids = (...users: TestUser[]) => users.map((u) => u.id).sort()

async function removeSeat(p: Awaited<ReturnType<typeof partiesWithPeople>>, user: TestUser) {
  const [seat] = await db()
    .select()
    .from(caseMembers)
    .where(and(eq(caseMembers.caseId, p.caseId), eq(caseMembers.userId, user.id), isNull(caseMembers.removedAt)))
  const res = await p.lead.delete(`/api/cases/${p.caseId}/members/${seat!.id}`, { 'if-match': `"${seat!.version}"` })
  expect(res.statusCode, res.body).toBe(200)
}

describe('notifications made with their events', () => {
  it('tells an invited account holder, the projectleider of an acceptance, and a removed person of the removal', async () => {
    const p = await partiesWithPeople(t)
    expect(await recipients(p.caseId, 'invited')).toEqual(ids(p.policeUser, p.housingUser))
    const accepted = (await stored(p.caseId)).filter((n) => n.type === 'invitation_accepted')
    expect(accepted.map((n) => n.userId)).toEqual([p.leadUser.id, p.leadUser.id])
    expect(accepted.map((n) => n.actorUserId).sort()).toEqual(ids(p.policeUser, p.housingUser))

    // An address without an account has nobody to tell in the app.
    const res = await p.lead.post(`/api/cases/${p.caseId}/invitations`, {
      email: `nog-geen-account-${Date.now()}@example.test`,
      organisationId: p.won.id,
      role: 'partner',
    })
    expect(res.statusCode, res.body).toBe(201)
    expect(await recipients(p.caseId, 'invited')).toHaveLength(2)

    await removeSeat(p, p.housingUser)
    const [removal] = (await stored(p.caseId)).filter((n) => n.type === 'removed')
    expect(removal).toMatchObject({ userId: p.housingUser.id, mail: 'pending', entityType: 'member' })

    // From now on the removed person hears nothing of the case.
    const before = (await stored(p.caseId)).filter((n) => n.userId === p.housingUser.id).length
    await changeStep(p.lead, p.caseId, 1, { deadline: '2027-03-01T12:00:00.000Z' })
    await closeStep(p.lead, p.caseId, 1)
    expect((await stored(p.caseId)).filter((n) => n.userId === p.housingUser.id)).toHaveLength(before)
    expect(await recipients(p.caseId, 'step_closed')).toEqual(ids(p.policeUser))
  })

  it('tells every active member but the actor of a step opened, closed or reopened and of a moved deadline', async () => {
    const p = await partiesWithPeople(t)
    await changeStep(p.lead, p.caseId, 1, { deadline: '2027-03-01T12:00:00.000Z' })
    await changeStep(p.lead, p.caseId, 1, { deadline: '2027-03-08T12:00:00.000Z' })
    const moved = (await stored(p.caseId)).filter((n) => n.type === 'deadline_changed')
    expect(moved.map((n) => n.userId).sort()).toEqual(ids(p.policeUser, p.policeUser, p.housingUser, p.housingUser))
    const last = moved.filter((n) => n.userId === p.policeUser.id).at(-1)
    expect(last).toMatchObject({
      step: 1,
      entityType: 'step',
      actorUserId: p.leadUser.id,
      data: { deadline: '2027-03-08T12:00:00.000Z', previous: '2027-03-01T12:00:00.000Z' },
    })

    await closeStep(p.lead, p.caseId, 1)
    const everyone = ids(p.policeUser, p.housingUser)
    expect(await recipients(p.caseId, 'step_closed')).toEqual(everyone)
    expect(await recipients(p.caseId, 'step_opened')).toEqual(everyone)
    await changeStep(p.lead, p.caseId, 1, { status: 'open', reason: 'Nieuwe meldingen', deadline: null })
    expect(await recipients(p.caseId, 'step_reopened')).toEqual(everyone)

    const all = await stored(p.caseId)
    // Never the actor; one row per person per event.
    expect(
      all.filter((n) => n.type.startsWith('step_') || n.type === 'deadline_changed').map((n) => n.userId),
    ).not.toContain(p.leadUser.id)
    const perEvent = all.map((n) => `${n.userId}:${n.eventSeq}`)
    expect(new Set(perEvent).size).toBe(perEvent.length)
  })

  it('asks newly involved organisations of an action and tells the projectleider of a declined commitment', async () => {
    const p = await partiesWithPeople(t)
    await changeStep(p.lead, p.caseId, 5, { status: 'open' })
    const action = await createItem(p.lead, p.caseId, {
      kind: 'action',
      step: 5,
      title: 'Extra toezicht in de avonduren',
      trekkerOrganisationId: p.gem.id,
      participants: [{ organisationId: p.pol.id, hours: 8 }],
    })
    expect(await recipients(p.caseId, 'action_assigned')).toEqual(ids(p.policeUser))

    // Adding the woningcorporatie asks only them; the police were asked already.
    const res = await p.lead.patch(
      `/api/cases/${p.caseId}/items/${action.id}`,
      {
        participants: [
          { organisationId: p.pol.id, hours: 8 },
          { organisationId: p.won.id, hours: 4 },
        ],
      },
      { 'if-match': `"${action.version}"` },
    )
    expect(res.statusCode, res.body).toBe(200)
    expect(await recipients(p.caseId, 'action_assigned')).toEqual(ids(p.policeUser, p.housingUser))
    const housingAsked = (await stored(p.caseId)).find(
      (n) => n.type === 'action_assigned' && n.userId === p.housingUser.id,
    )
    expect(housingAsked).toMatchObject({ entityType: 'item', entityId: action.id, data: { role: 'participant' } })

    const accept = await p.housing.put(
      `/api/cases/${p.caseId}/items/${action.id}/commitment`,
      { status: 'accepted' },
      { 'if-match': '"1"' },
    )
    expect(accept.statusCode, accept.body).toBe(200)
    expect(await recipients(p.caseId, 'commitment_declined')).toEqual([])
    const decline = await p.police.put(
      `/api/cases/${p.caseId}/items/${action.id}/commitment`,
      { status: 'declined', reason: 'Geen capaciteit in het voorjaar' },
      { 'if-match': '"1"' },
    )
    expect(decline.statusCode, decline.body).toBe(200)
    const declined = (await stored(p.caseId)).filter((n) => n.type === 'commitment_declined')
    expect(declined).toHaveLength(1)
    expect(declined[0]).toMatchObject({
      userId: p.leadUser.id,
      entityId: action.id,
      data: { organisationId: p.pol.id },
    })
  })

  it('tells mentioned readers of the item and earlier commenters of a reply, nobody outside its audience', async () => {
    const p = await partiesWithPeople(t)
    const signal = await signalInStep2(p, p.lead, 'Dealen achter de flat', [p.gem.id, p.pol.id])
    const thread = `/api/cases/${p.caseId}/items/${signal.id}/comments`
    const first = await p.police.post(thread, { body: 'Zie ook de melding van gisteren', mentions: [p.leadUser.id] })
    expect(first.statusCode, first.body).toBe(201)
    expect(await recipients(p.caseId, 'mentioned')).toEqual(ids(p.leadUser))

    const reply = await p.lead.post(thread, { body: 'Dank, ik neem het mee' })
    expect(reply.statusCode, reply.body).toBe(201)
    expect(await recipients(p.caseId, 'reply')).toEqual(ids(p.policeUser))

    // A mention of an active member outside the audience or of a stranger writes nothing, even when
    // the event names them (the trigger decides again, now).
    const stranger = await t.make.user()
    const before = (await stored(p.caseId)).length
    await inTransaction(db(), (tx) =>
      appendEvent(tx, {
        caseId: p.caseId,
        type: 'comment.added',
        actor: { userId: p.policeUser.id, organisationId: p.pol.id },
        entityType: 'item',
        entityId: signal.id,
        step: 2,
        payload: { kind: 'signal', commentId: null, mentions: [p.housingUser.id, stranger.id, p.policeUser.id] },
      }),
    )
    const after = await stored(p.caseId)
    // Only the reply to the lead, who commented earlier; the actor is never told.
    expect(after.slice(before).map((n) => [n.type, n.userId])).toEqual([['reply', p.leadUser.id]])
  })

  it('bounds the mentions one person sends per hour; their comments are still saved', async () => {
    const p = await partiesWithPeople(t)
    const signal = await signalInStep2(p, p.lead, 'Overlast scooters')
    const thread = `/api/cases/${p.caseId}/items/${signal.id}/comments`
    for (let i = 0; i < 3; i++) {
      const res = await p.housing.post(thread, {
        body: `Herinnering ${i}`,
        mentions: [p.leadUser.id, p.policeUser.id],
      })
      expect(res.statusCode, res.body).toBe(201)
    }
    expect(await recipients(p.caseId, 'mentioned')).toHaveLength(MENTION_BOUND)
    expect(await db().select().from(comments).where(eq(comments.itemId, signal.id))).toHaveLength(3)
    // Another sender has their own bound.
    const res = await p.police.post(thread, { body: 'Ook gezien', mentions: [p.leadUser.id] })
    expect(res.statusCode, res.body).toBe(201)
    expect(await recipients(p.caseId, 'mentioned')).toHaveLength(MENTION_BOUND + 1)
  })

  it('tells contributing readers of a document on a step, and who acknowledged it of a new version', async () => {
    const d = await documentParties(t)
    const watcher = await t.make.user({ organisationId: d.pol })
    await addMember(t, d.lead, d.caseId, watcher, 'waarnemer')
    const doc = await storeDocument(t, d.caseId, d.uploader.police, { step: 1, audience: d.driehoek })
    // The driehoek without the uploader; not the shops (outside the audience), not the waarnemer.
    expect(await recipients(d.caseId, 'document_added')).toEqual([d.users.lead.id, d.users.prosecutor.id].sort())
    expect((await stored(d.caseId)).find((n) => n.type === 'document_added')).toMatchObject({
      entityType: 'document',
      entityId: doc.id,
      step: 1,
    })

    const ack = await d.lead.put(`/api/cases/${d.caseId}/documents/${doc.id}/acknowledgement`)
    expect(ack.statusCode, ack.body).toBe(200)
    await storeVersion(t, doc, d.uploader.police, { bytes: Buffer.from('%PDF-1.7\nversie 2\n%%EOF\n') })
    const versions = (await stored(d.caseId)).filter((n) => n.type === 'document_version')
    expect(versions.map((n) => n.userId)).toEqual([d.users.lead.id])
    expect(versions[0]).toMatchObject({ entityId: doc.id, data: { versionNumber: 2, acknowledged: 1 } })

    // A document of the case itself (no step) tells nobody.
    const before = (await stored(d.caseId)).length
    await storeDocument(t, d.caseId, d.uploader.police, { step: null })
    expect(await stored(d.caseId)).toHaveLength(before)
  })
})

describe('the cost of notifying', () => {
  /** Statements one appended event takes, inside its transaction. */
  async function statementsOf(event: Parameters<typeof appendEvent>[1]) {
    return inTransaction(db(), async (tx) => {
      const before = t.testDb.database.queryCount()
      await appendEvent(tx, event)
      return t.testDb.database.queryCount() - before
    })
  }

  it('costs nothing for events that notify nobody and a fixed number of statements for everyone', async () => {
    const p = await partiesWithPeople(t)
    const actor = { userId: p.leadUser.id, organisationId: p.gem.id }
    const quiet = { caseId: p.caseId, actor, entityType: 'item', entityId: null, step: 2 }
    expect(await statementsOf({ ...quiet, type: 'summary.exported' })).toBe(1)
    expect(await statementsOf({ ...quiet, type: 'item.updated', payload: { kind: 'signal', title: 'x' } })).toBe(1)

    const deadline = (n: number) => ({
      caseId: p.caseId,
      actor,
      type: 'step.deadline_set',
      entityType: 'step',
      entityId: null,
      step: 1,
      payload: { deadline: `2027-0${n}-01T12:00:00.000Z`, previous: null },
    })
    const few = await statementsOf(deadline(3))
    for (let i = 0; i < 4; i++) await addMember(t, p.lead, p.caseId, await t.make.user({ organisationId: p.pol.id }))
    const many = await statementsOf(deadline(4))
    // The event, the seats, the rows and their notices: the same for 3 members as for 7.
    expect(many).toBe(few)
    expect(many).toBeLessThanOrEqual(4)
    expect(await recipients(p.caseId, 'deadline_changed')).toHaveLength(2 + 6)
  })
})
