import type { Notification, ServerMessage } from '@vp/shared'
import { and, eq } from 'drizzle-orm'
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, changeCase, createTestApp, type TestApp, type TestUser } from '../../test/app.ts'
import { changeStep, closeStep } from '../../test/items.ts'
import { connectLiveReady, type LiveTestClient } from '../../test/live-client.ts'
import { partiesWithPeople, removeMember, setAudience, signalInStep2 } from '../../test/notifications.ts'
import { startTestSmtp, type TestSmtp } from '../../test/smtp.ts'
import { cases, notifications, users } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { encodeCursor } from '../http/paging.ts'
import { createMailer } from '../mail/mailer.ts'
import { type MailDeps, sendNotificationMail } from './mail.ts'
import { insertNotifications, type NewNotification } from './store.ts'

// What an outsider or a member with bad intent can get out of the notification features: the list,
// marking read, the live push, mail, the calendar address and the invitation preview. Every change of
// state after a notification was written (restricted, deleted, removed, renamed, disabled, moved,
// rotated) must be reflected the next time anything is shown.

const SECRET = 'Drugspand Kerkstraat 12'
const WHISPER = 'Informant woont op nummer 14'
const RENAMED = 'Ondermijning Havenkwartier (vertrouwelijk)'

let t: TestApp
let base: string
let smtp: TestSmtp
let deps: MailDeps
const sockets: LiveTestClient[] = []

beforeAll(async () => {
  smtp = await startTestSmtp()
  // The app itself sends no mail (invitation links come back in the answer); the mail pass below
  // goes to the test SMTP server.
  t = await createTestApp({ PUBLIC_URL: 'http://veilig.rivierstede.example' })
  base = await t.app.listen({ port: 0, host: '127.0.0.1' })
  deps = { db: t.testDb.database.db, mailer: createMailer({ ...t.config, SMTP_URL: smtp.url }), config: t.config }
})
afterAll(async () => {
  for (const s of sockets) s.close()
  deps.mailer.close()
  await t.close()
  await smtp.close()
})

const write = (rows: NewNotification[]) => inTransaction(t.app.db, (tx) => insertNotifications(tx, rows))
const isNotification = (m: ServerMessage): m is Extract<ServerMessage, { type: 'notification' }> =>
  m.type === 'notification'
const live = async (cookie: string | null) => {
  const s = await connectLiveReady(base, cookie, t.config.publicOrigin)
  sockets.push(s)
  return s
}
const listOf = async (c: Client, query = '') => {
  const res = await c.get(`/api/me/notifications${query}`)
  expect(res.statusCode, res.body).toBe(200)
  return res
}
const mailTo = (user: TestUser) =>
  smtp.messages.filter((m: ParsedMail) => m.to && 'text' in m.to && m.to.text === user.email)
const mailPass = async () => {
  // Every bundle goes at once: the gap since the last mail about a case is not what is probed here.
  await t.app.db.execute("update outbox set created_at = created_at - interval '1 day'")
  await sendNotificationMail(deps)
}
const thread = (caseId: string, itemId: string) => `/api/cases/${caseId}/items/${itemId}/comments`
async function mention(author: Client, caseId: string, itemId: string, who: string[], body = WHISPER) {
  const res = await author.post(thread(caseId, itemId), { body, mentions: who })
  expect(res.statusCode, res.body).toBe(201)
}
const renameCase = (lead: Client, caseId: string, title: string) => changeCase(lead, caseId, { title })
async function calendarTokenOf(c: Client) {
  const res = await c.get('/api/me/calendar')
  expect(res.statusCode, res.body).toBe(200)
  return new URL(res.json().url).pathname
}
/** Sets the account's `disabled` through the administrator's route, as an administrator would. */
async function setDisabled(user: TestUser, disabled: boolean) {
  const admin = await t.as(await t.make.admin())
  const etag = (await admin.get(`/api/admin/users/${user.id}`)).headers.etag as string
  const res = await admin.patch(`/api/admin/users/${user.id}`, { disabled }, { 'if-match': etag })
  expect(res.statusCode, res.body).toBe(200)
}

describe('bad input to the notification routes', () => {
  it('answers every malformed list query with 400 naming the field, never a 500', async () => {
    const p = await partiesWithPeople(t)
    const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url')
    const uuid = '7d3f0c52-5a1e-4c3b-9f0e-2b8a6d4e1c90'
    const cursors = [
      'garbage!!',
      '%00',
      'x'.repeat(501),
      b64('not json'),
      b64({ a: 1 }),
      b64([]),
      b64(['2026-01-01T00:00:00.000Z']),
      b64(['2026-01-01T00:00:00.000Z', uuid, 'extra']),
      b64(['2026-01-01T00:00:00.000Z', 'not-a-uuid']),
      b64(['2026-01-01T00:00:00.000Z', 42]),
      b64([null, uuid]),
      b64(['yesterday', uuid]),
      b64(['2026-13-45T99:99:99Z', uuid]),
      // Dates JavaScript reads but the database has no such moment for.
      b64(['0000-01-01T00:00:00.000Z', uuid]),
      b64(['0000-06-15T12:00:00Z', uuid]),
    ]
    for (const cursor of cursors) {
      const res = await p.housing.get(`/api/me/notifications?cursor=${encodeURIComponent(cursor)}`)
      expect(res.statusCode, `${cursor}: ${res.body}`).toBe(400)
      expect(res.json().error.fields?.[0]?.path, cursor).toMatch(/^querystring\.cursor/)
    }
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=101', 'limit'],
      ['limit=1e9', 'limit'],
      ['limit=99999999999999999999999', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=abc', 'limit'],
      ['unread=yes', 'unread'],
      ['unread=1', 'unread'],
    ] as const) {
      const res = await p.housing.get(`/api/me/notifications?${query}`)
      expect(res.statusCode, `${query}: ${res.body}`).toBe(400)
      expect(res.json().error.fields?.[0]?.path, query).toBe(`querystring.${field}`)
    }
    // A cursor made from a real moment and id still pages (the oldest the database keeps, too).
    for (const key of [
      ['2026-01-01T00:00:00.000Z', uuid],
      ['0001-01-01T00:00:00.000Z', uuid],
    ]) {
      expect((await p.housing.get(`/api/me/notifications?cursor=${encodeCursor(key)}`)).statusCode).toBe(200)
    }
  })

  it('answers every malformed mark-read body with 400 naming the field, never a 500', async () => {
    const p = await partiesWithPeople(t)
    const bodies: unknown[] = [
      {},
      { ids: [] },
      { ids: 'all' },
      { ids: ['not-a-uuid'] },
      { ids: [42] },
      { ids: [null] },
      { ids: Array.from({ length: 201 }, () => crypto.randomUUID()) },
      { all: false },
      { all: 'true' },
      { all: true, ids: [crypto.randomUUID()] },
      { all: true, extra: 1 },
      { ids: [crypto.randomUUID()], userId: p.leadUser.id },
      [],
      'all',
    ]
    for (const body of bodies) {
      const res = await p.housing.post('/api/me/notifications/read', body as object, {
        'content-type': 'application/json',
      })
      expect(res.statusCode, `${JSON.stringify(body)}: ${res.body}`).toBe(400)
      expect(res.json().error.fields?.[0]?.path ?? '', JSON.stringify(body)).toMatch(/^body/)
    }
    const broken = await p.housing.request('POST', '/api/me/notifications/read', '{"ids": [', {
      'content-type': 'application/json',
    })
    expect(broken.statusCode, broken.body).toBe(400)
    for (const body of [{ email: 'sometimes' }, { digestHour: 24 }, { digestHour: '7' }, { colour: 'red' }]) {
      const res = await p.housing.put('/api/me/notification-settings', body)
      expect(res.statusCode, `${JSON.stringify(body)}: ${res.body}`).toBe(400)
      expect(res.json().error.fields?.[0]?.path ?? '', JSON.stringify(body)).toMatch(/^body/)
    }
  })

  it('answers a made-up or malformed calendar address with 400 or 404, never a 500', async () => {
    for (const token of ['x', 'a'.repeat(20), 'a'.repeat(101), '%00'.repeat(10), '..%2F..%2Fetc%2Fpasswd0000000000']) {
      const res = await t.anon.get(`/api/calendar/${token}.ics`)
      expect([400, 404], `${token}: ${res.statusCode} ${res.body}`).toContain(res.statusCode)
    }
    expect((await t.anon.get(`/api/calendar/${'A'.repeat(43)}.ics`)).statusCode).toBe(404)
    expect((await t.anon.get('/api/calendar/.ics')).statusCode).not.toBe(500)
  })
})

describe("someone else's notifications", () => {
  it('marks none of them, and answers for them exactly as for ids that do not exist', async () => {
    const p = await partiesWithPeople(t)
    const [theirs] = await write([
      { userId: p.policeUser.id, caseId: p.caseId, type: 'step_opened', entityType: 'step', step: 1 },
    ])
    const before = (await listOf(p.housing)).json().unreadCount
    const other = await p.housing.post('/api/me/notifications/read', { ids: [theirs!.id] })
    const none = await p.housing.post('/api/me/notifications/read', { ids: [crypto.randomUUID()] })
    expect(other.statusCode).toBe(200)
    expect(other.json()).toEqual(none.json())
    expect(other.json()).toEqual({ marked: 0, unreadCount: before })
    const [row] = await t.app.db.select().from(notifications).where(eq(notifications.id, theirs!.id))
    expect(row!.readAt).toBeNull()
    // Many calls at once (a script, a stuck button): every one is answered, nothing is marked twice.
    const [mine] = await write([
      { userId: p.housingUser.id, caseId: p.caseId, type: 'step_opened', entityType: 'step', step: 1 },
    ])
    const flood = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        p.housing.post('/api/me/notifications/read', i % 2 ? { ids: [mine!.id, theirs!.id] } : { all: true }),
      ),
    )
    expect(flood.map((r) => r.statusCode)).toEqual(flood.map(() => 200))
    expect(flood.reduce((n, r) => n + r.json().marked, 0)).toBeGreaterThanOrEqual(1)
    expect((await listOf(p.housing)).json().unreadCount).toBe(0)
    const [still] = await t.app.db.select().from(notifications).where(eq(notifications.id, theirs!.id))
    expect(still!.readAt).toBeNull()
  })
})

describe('changes of state after a notification', () => {
  it('an item restricted after a mention loses its title and the quote in the list, the live push and the mail', async () => {
    const p = await partiesWithPeople(t)
    const signal = await signalInStep2(p, p.police, SECRET)
    await mailPass()
    const mailsBefore = mailTo(p.housingUser).length
    await mention(p.police, p.caseId, signal.id, [p.housingUser.id])
    expect((await listOf(p.housing)).body).toContain(SECRET)
    await setAudience(p.police, p.caseId, signal.id, [p.pol.id])

    const list = (await listOf(p.housing)).body
    expect(list).not.toContain(SECRET)
    expect(list).not.toContain(WHISPER)
    expect(list).toContain('Vertrouwelijke bijdrage')

    await mailPass()
    const mails = mailTo(p.housingUser).slice(mailsBefore)
    expect(mails.length).toBeGreaterThanOrEqual(1)
    for (const m of mails) {
      expect(`${m.subject}\n${m.text}`).not.toContain(SECRET)
      expect(m.text).not.toContain(WHISPER)
    }

    // The same notification pushed to an open socket now (another event in the case wakes it).
    const tab = await live(p.housing.cookie)
    const [row] = await t.app.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, p.housingUser.id), eq(notifications.type, 'mentioned')))
    const [again] = await write([
      {
        userId: p.housingUser.id,
        caseId: p.caseId,
        type: 'mentioned',
        entityType: 'item',
        entityId: signal.id,
        step: 2,
        data: row!.data,
      },
    ])
    const pushed = await tab.next((m) => isNotification(m) && m.notification.id === again!.id, 10_000)
    expect(JSON.stringify(pushed)).not.toContain(SECRET)
    expect(JSON.stringify(pushed)).not.toContain(WHISPER)
  })

  it('an item deleted after a mention is named nowhere, its comment is not quoted', async () => {
    const p = await partiesWithPeople(t)
    const signal = await signalInStep2(p, p.police, SECRET)
    await mention(p.police, p.caseId, signal.id, [p.housingUser.id])
    const etag = (await p.police.get(`/api/cases/${p.caseId}/items/${signal.id}`)).headers.etag as string
    const del = await p.police.delete(`/api/cases/${p.caseId}/items/${signal.id}`, { 'if-match': etag })
    expect(del.statusCode, del.body).toBe(200)
    const list = (await listOf(p.housing)).json() as { items: Notification[] }
    const n = list.items.find((x) => x.type === 'mentioned')!
    expect(n.body).toContain('Verwijderde bijdrage')
    expect(JSON.stringify(list)).not.toContain(SECRET)
    expect(JSON.stringify(list)).not.toContain(WHISPER)
    expect(n.link).not.toContain(signal.id)
  })

  it('a removed member learns nothing more: not the new name, not new notifications, not by mail, socket or calendar', async () => {
    const p = await partiesWithPeople(t)
    await changeStep(p.lead, p.caseId, 2, { deadline: '2027-03-12T12:00:00.000Z' })
    const calendar = await calendarTokenOf(p.housing)
    expect((await t.anon.get(calendar)).body).toContain('Verloedering')
    const signal = await signalInStep2(p, p.police, SECRET)
    await mention(p.police, p.caseId, signal.id, [p.housingUser.id])
    const tab = await live(p.housing.cookie)
    await mailPass()
    const mailsBefore = mailTo(p.housingUser).length

    await removeMember(p.lead, p.caseId, p.housingUser)
    await renameCase(p.lead, p.caseId, RENAMED)
    await changeStep(p.lead, p.caseId, 2, { deadline: '2027-04-01T12:00:00.000Z' })
    await mention(p.police, p.caseId, signal.id, [p.leadUser.id], `${WHISPER} (${RENAMED})`)

    const list = (await listOf(p.housing)).json() as { items: Notification[]; unreadCount: number }
    // Only the notices made for someone without a seat: that they were invited, and removed.
    expect(list.items.map((n) => n.type).sort()).toEqual(['invited', 'removed'])
    expect(list.unreadCount).toBe(list.items.filter((n) => n.readAt === null).length)
    const raw = JSON.stringify(list)
    for (const secret of [SECRET, WHISPER, RENAMED]) expect(raw).not.toContain(secret)
    expect(list.items.find((n) => n.type === 'removed')!.title).toContain('Verloedering')
    // Marking everything read says nothing about how many there were about the case.
    const marked = await p.housing.post('/api/me/notifications/read', { all: true })
    expect(marked.json().unreadCount).toBe(0)

    await mailPass()
    for (const m of mailTo(p.housingUser).slice(mailsBefore)) {
      for (const secret of [SECRET, WHISPER, RENAMED]) expect(`${m.subject}\n${m.text}`).not.toContain(secret)
    }
    for (const m of tab.messages) {
      for (const secret of [SECRET, WHISPER, RENAMED]) expect(JSON.stringify(m)).not.toContain(secret)
    }
    const ics = await t.anon.get(calendar)
    expect(ics.statusCode).toBe(200)
    expect(ics.body).not.toContain(RENAMED)
    expect(ics.body).not.toContain('Verloedering')

    // Let back in: what they may read now is theirs again, under the name it has now.
    const back = await p.lead.post(`/api/cases/${p.caseId}/invitations`, {
      email: p.housingUser.email,
      organisationId: p.won.id,
      role: 'partner',
    })
    expect(back.statusCode, back.body).toBe(201)
    const token = (back.json().link as string).split('/uitnodiging/')[1]!
    expect((await p.housing.post(`/api/invitations/${token}/accept`, {})).statusCode).toBe(200)
    const rejoined = (await listOf(p.housing)).json() as { items: Notification[] }
    expect(rejoined.items.some((n) => n.type === 'mentioned')).toBe(true)
    expect(JSON.stringify(rejoined)).toContain(SECRET)
  })

  it('a case renamed after an invitation is revoked: the link shows the name it was sent with', async () => {
    const p = await partiesWithPeople(t)
    const stranger = await t.make.user({ organisationId: p.won.id })
    const inv = await p.lead.post(`/api/cases/${p.caseId}/invitations`, {
      email: stranger.email,
      organisationId: p.won.id,
      role: 'partner',
    })
    expect(inv.statusCode, inv.body).toBe(201)
    const token = (inv.json().link as string).split('/uitnodiging/')[1]!
    const revoked = await p.lead.delete(`/api/cases/${p.caseId}/invitations/${inv.json().invitation.id}`)
    expect(revoked.statusCode, revoked.body).toBe(200)
    await renameCase(p.lead, p.caseId, RENAMED)
    const preview = await t.anon.get(`/api/invitations/${token}`)
    expect(preview.statusCode).toBe(200)
    expect(preview.json().state).toBe('revoked')
    expect(preview.body).not.toContain(RENAMED)
    expect(preview.json().caseId).toBeNull()
    // The invited account's own notice keeps the name it was told too.
    const list = (await listOf(await t.as(stranger))).json() as { items: Notification[] }
    expect(JSON.stringify(list)).not.toContain(RENAMED)
    expect(list.items.map((n) => n.type)).toEqual(['invited'])
  })

  it('a closed case leaves the calendar; its notifications stay readable to its members', async () => {
    const p = await partiesWithPeople(t)
    await changeStep(p.lead, p.caseId, 1, { deadline: '2027-03-12T12:00:00.000Z' })
    const calendar = await calendarTokenOf(p.police)
    expect((await t.anon.get(calendar)).body).toContain('Verloedering')
    await t.app.db.update(cases).set({ status: 'closed', closedAt: new Date() }).where(eq(cases.id, p.caseId))
    const ics = await t.anon.get(calendar)
    expect(ics.statusCode).toBe(200)
    expect(ics.body).not.toContain('Verloedering')
    expect((await listOf(p.police)).json().items.length).toBeGreaterThan(0)
  })

  it('a moved deadline moves in the calendar, and the notification says the new one', async () => {
    const p = await partiesWithPeople(t)
    const calendar = await calendarTokenOf(p.police)
    await changeStep(p.lead, p.caseId, 1, { deadline: '2027-03-12T12:00:00.000Z' })
    expect((await t.anon.get(calendar)).body).toContain('20270312T120000Z')
    await changeStep(p.lead, p.caseId, 1, { deadline: '2027-05-20T08:00:00.000Z' })
    const ics = (await t.anon.get(calendar)).body
    expect(ics).toContain('20270520T080000Z')
    expect(ics).not.toContain('20270312T120000Z')
    const list = (await listOf(p.police)).json() as { items: Notification[] }
    expect(list.items.find((n) => n.type === 'deadline_changed')!.body).toContain('20 mei')
  })

  it('a disabled account: its open socket ends and hears nothing more, no mail, its calendar answers 404', async () => {
    const p = await partiesWithPeople(t)
    await changeStep(p.lead, p.caseId, 1, { deadline: '2027-03-12T12:00:00.000Z' })
    const calendar = await calendarTokenOf(p.housing)
    const tab = await live(p.housing.cookie)
    await mailPass()
    const mailsBefore = mailTo(p.housingUser).length

    await setDisabled(p.housingUser, true)
    await tab.closed
    await write([{ userId: p.housingUser.id, caseId: p.caseId, type: 'step_opened', entityType: 'step', step: 3 }])
    await changeStep(p.lead, p.caseId, 1, { deadline: '2027-04-12T12:00:00.000Z' })
    await mailPass()
    expect(mailTo(p.housingUser).slice(mailsBefore)).toEqual([])
    expect(tab.messages.filter(isNotification)).toEqual([])
    expect((await t.anon.get(calendar)).statusCode).toBe(404)
    expect((await p.housing.get('/api/me/notifications')).statusCode).toBe(401)

    await setDisabled(p.housingUser, false)
    expect((await t.anon.get(calendar)).statusCode).toBe(200)
  })

  it('an account waiting for approval (invited at an address outside its organisation) is mailed nothing of the case', async () => {
    const p = await partiesWithPeople(t)
    const signal = await signalInStep2(p, p.police, SECRET, [p.pol.id, p.gem.id])
    const email = `buitenstaander-${Math.random().toString(36).slice(2, 8)}@elders.example`
    const inv = await p.lead.post(`/api/cases/${p.caseId}/invitations`, {
      email,
      organisationId: p.pol.id,
      role: 'partner',
    })
    expect(inv.statusCode, inv.body).toBe(201)
    const token = (inv.json().link as string).split('/uitnodiging/')[1]!
    const accepted = await t.anon.post(`/api/invitations/${token}/accept`, {
      name: 'Piet Buiten',
      password: 'zeilboot-vuurtoren-fietsbel-77',
    })
    expect(accepted.statusCode, accepted.body).toBe(200)
    const [pending] = await t.app.db.select().from(users).where(eq(users.email, email))
    expect(pending!.approval).toBe('pending')

    // Within the police's audience, a mention and the steps of the case reach the seat...
    await mention(p.police, p.caseId, signal.id, [pending!.id])
    await closeStep(p.lead, p.caseId, 2)
    await mailPass()
    // ...but not an address nobody has vouched for yet.
    const mails = smtp.messages.filter((m) => m.to && 'text' in m.to && m.to.text === email)
    for (const m of mails) {
      expect(`${m.subject}\n${m.text}`).not.toContain(SECRET)
      expect(m.text).not.toContain(WHISPER)
    }
    expect(mails).toEqual([])
    // Once approved, the app shows them what their seat may read.
    const admin = await t.as(await t.make.admin())
    const approve = await admin.post(`/api/admin/pending-accounts/${pending!.id}/approve`, {})
    expect(approve.statusCode, approve.body).toBe(200)
    const person = await t.as({
      id: pending!.id,
      email,
      name: 'Piet Buiten',
      organisationId: p.pol.id,
      password: 'zeilboot-vuurtoren-fietsbel-77',
    })
    expect((await listOf(person)).body).toContain(SECRET)
  })
})

describe('floods', () => {
  it('mentions: one person naming someone over and over is bounded; people who cannot read the item are refused', async () => {
    const p = await partiesWithPeople(t)
    const signal = await signalInStep2(p, p.police, SECRET, [p.pol.id, p.gem.id])
    const outsider = await t.make.user({ organisationId: p.won.id })
    for (const who of [[p.housingUser.id], [outsider.id], [crypto.randomUUID()]]) {
      const res = await p.police.post(thread(p.caseId, signal.id), { body: WHISPER, mentions: who })
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json().error.fields[0].path).toBe('body.mentions')
    }
    const tooMany = await p.police.post(thread(p.caseId, signal.id), {
      body: WHISPER,
      mentions: Array.from({ length: 21 }, () => p.leadUser.id),
    })
    expect(tooMany.statusCode).toBe(400)
    const results = await Promise.all(
      Array.from({ length: 70 }, () =>
        p.police.post(thread(p.caseId, signal.id), { body: WHISPER, mentions: [p.leadUser.id, p.leadUser.id] }),
      ),
    )
    expect(results.filter((r) => r.statusCode >= 500)).toEqual([])
    const mentioned = await t.app.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, p.leadUser.id), eq(notifications.type, 'mentioned')))
    expect(mentioned.length).toBeLessThanOrEqual(60)
    const housing = await t.app.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, p.housingUser.id), eq(notifications.caseId, p.caseId)))
    expect(housing.filter((n) => n.type === 'mentioned' || n.type === 'reply')).toEqual([])
  })

  it('calendar guessing runs into the limit per client address; rotation ends the old address at once', async () => {
    const limited = await createTestApp({ LINK_MAX_PER_IP: '5' })
    try {
      const codes: number[] = []
      for (let i = 0; i < 8; i++) {
        codes.push((await limited.anon.get(`/api/calendar/${crypto.randomUUID().replaceAll('-', '')}.ics`)).statusCode)
      }
      expect(codes.slice(0, 5)).toEqual([404, 404, 404, 404, 404])
      expect(codes.slice(5)).toEqual([429, 429, 429])
    } finally {
      await limited.close()
    }

    const p = await partiesWithPeople(t)
    const old = await calendarTokenOf(p.police)
    // A calendar client polling while the person rotates: every answer is the old calendar or a 404.
    const polls = Array.from({ length: 10 }, () => t.anon.get(old))
    const rotated = await p.police.post('/api/me/calendar/rotate', {})
    expect(rotated.statusCode, rotated.body).toBe(200)
    for (const r of await Promise.all(polls)) expect([200, 404]).toContain(r.statusCode)
    expect((await t.anon.get(old)).statusCode).toBe(404)
    const fresh = new URL(rotated.json().url).pathname
    expect(fresh).not.toBe(old)
    expect((await t.anon.get(fresh)).statusCode).toBe(200)
    expect(await calendarTokenOf(p.police)).toBe(fresh)
  })
})
