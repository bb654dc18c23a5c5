import type { NotificationType } from '@vp/shared'
import { and, eq, sql } from 'drizzle-orm'
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, changeCase, createTestApp, openCase, type TestApp, type TestUser } from '../../test/app.ts'
import { uploadDocument } from '../../test/documents.ts'
import { changeStep, closeStep, createItem } from '../../test/items.ts'
import { startTestSmtp, type TestSmtp } from '../../test/smtp.ts'
import { notifications } from '../db/schema.ts'
import { createMailer } from '../mail/mailer.ts'
import { type MailDeps, sendNotificationMail } from './mail.ts'

// From what a member does to the e-mail another member receives (issue #20): a mention, an action
// assigned, a commitment declined and a document added each go through the API, the event log, the
// triggers, the instance's reminder loop and the outbox to a real SMTP server, as the person's
// preference says: at once, in the daily digest, or not at all. Members join through the link in
// their invitation mail, as they would.

const PUBLIC_URL = 'http://veilig.rivierstede.example'
const CASE_TITLE = 'Verloedering en overlast winkelcentrum De Hoven'
const SETTINGS_URL = `${PUBLIC_URL}/account#meldingen`

let smtp: TestSmtp
let t: TestApp
let deps: MailDeps

beforeAll(async () => {
  smtp = await startTestSmtp()
  t = await createTestApp({ SMTP_URL: smtp.url, PUBLIC_URL, NOTIFICATION_MAIL_GAP_MINUTES: '5' })
  deps = { db: t.testDb.database.db, mailer: createMailer(t.config), config: t.config }
})
afterAll(async () => {
  deps.mailer.close()
  await t.close()
  await smtp.close()
})

const isInvitation = (m: ParsedMail) => (m.text ?? '').includes('/uitnodiging/')
const addressedTo = (m: ParsedMail, email: string) => !!m.to && 'text' in m.to && m.to.text === email

/** The notification mails (not invitations) a person has received so far. */
const notificationMailTo = (user: TestUser) =>
  smtp.messages.filter((m) => addressedTo(m, user.email) && !isInvitation(m))

/** Waits for the invitation mail to `email` and returns the token of its link. */
async function invitationTokenFor(email: string) {
  const deadline = Date.now() + 10_000
  for (;;) {
    const mail = smtp.messages.find((m) => addressedTo(m, email) && isInvitation(m))
    if (mail) return /\/uitnodiging\/([\w-]+)/.exec(mail.text ?? '')![1]!
    if (Date.now() > deadline) throw new Error(`no invitation mail to ${email}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Invited by the projectleider; joins with the link from the invitation mail. */
async function joinByMail(lead: Client, caseId: string, user: TestUser) {
  const inv = await lead.post(`/api/cases/${caseId}/invitations`, {
    email: user.email,
    organisationId: user.organisationId,
    role: 'partner',
  })
  expect(inv.statusCode, inv.body).toBe(201)
  // With SMTP configured the link goes by mail only.
  expect(inv.json().link ?? null).toBeNull()
  const client = await t.as(user)
  const accepted = await client.post(`/api/invitations/${await invitationTokenFor(user.email)}/accept`, {})
  expect(accepted.statusCode, accepted.body).toBe(200)
  return client
}

/** As if the last mails about the case went out long ago: the next one goes at once. */
const gapOver = (caseId: string) =>
  t.testDb.database.db.execute(
    sql`update outbox set created_at = created_at - interval '1 hour' where case_id = ${caseId}`,
  )

/** One pass of the instance's own minute loop: reminders, then notification mail. */
const tick = () => t.app.reminders.runOnce()

/**
 * A gemeente's case with the police and a woningcorporatie, every member joined by mail. What
 * setting up told them (invited, accepted, step opened) is mailed and out of the way first, and
 * the gap between mails about one case is over for everyone: each test counts only its own mail.
 */
async function parties() {
  const n = Math.random().toString(36).slice(2, 7)
  const gem = await t.make.organisation({ type: 'gemeente', name: `Gemeente Rivierstede ${n}` })
  const pol = await t.make.organisation({ type: 'politie', name: `Politie basisteam Rivierstede ${n}` })
  const won = await t.make.organisation({ type: 'woningcorporatie', name: `Woonstichting Rivierstede ${n}` })
  const users = {
    lead: await t.make.user({ organisationId: gem.id, name: 'Iris Brinkhorst' }),
    police: await t.make.user({ organisationId: pol.id, name: 'Ruud Kalkman' }),
    housing: await t.make.user({ organisationId: won.id, name: 'Noor Hazelaar' }),
  }
  const lead = await t.as(users.lead)
  const caseId = await openCase(lead)
  const police = await joinByMail(lead, caseId, users.police)
  const housing = await joinByMail(lead, caseId, users.housing)
  await tick()
  await gapOver(caseId)
  return { caseId, lead, police, housing, users, gem: gem.id, pol: pol.id, won: won.id, names: { gem, pol, won } }
}

/** The one new notification mail `user` received since `before` mails, after a pass of the loop. */
async function nextMailTo(user: TestUser, before: number) {
  await tick()
  const mails = notificationMailTo(user)
  expect(mails.slice(before), `mail to ${user.name}`).toHaveLength(1)
  return mails.at(-1)!
}

/** What every notification mail carries: the case, the sender's organisation, the way to change preferences. */
function expectWellFormed(mail: ParsedMail, senderOrganisation: string) {
  expect(mail.subject).toMatch(new RegExp(`^${CASE_TITLE}: `))
  expect(mail.text).toContain(`Van: ${senderOrganisation}`)
  expect(mail.text).toContain(SETTINGS_URL)
  expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toBe(`List-Unsubscribe: <${SETTINGS_URL}>`)
}

async function notificationOf(userId: string, caseId: string, type: NotificationType) {
  const rows = await t.testDb.database.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.caseId, caseId), eq(notifications.type, type)))
  return rows
}

describe('from the action to the e-mail', () => {
  it('a mention mails the mentioned reader at once, with the item and a link to it; nobody outside the audience hears of it', async () => {
    const p = await parties()
    await closeStep(p.lead, p.caseId, 1)
    const signal = await createItem(p.lead, p.caseId, {
      kind: 'signal',
      step: 2,
      title: 'Dealen achter flat Meerzicht',
      source: 'meldingen',
      audience: [p.gem, p.pol],
    })
    await tick()
    const leadBefore = notificationMailTo(p.users.lead).length
    const housingBefore = notificationMailTo(p.users.housing).length

    const thread = `/api/cases/${p.caseId}/items/${signal.id}/comments`
    const body = 'Zie ook de melding van gisteravond bij de achteringang'
    // Naming someone outside the signal's audience is refused, naming the field.
    const outside = await p.police.post(thread, { body, mentions: [p.users.lead.id, p.users.housing.id] })
    expect(outside.statusCode, outside.body).toBe(400)
    expect(outside.json().error.fields[0].path).toBe('body.mentions')
    const res = await p.police.post(thread, { body, mentions: [p.users.lead.id] })
    expect(res.statusCode, res.body).toBe(201)

    const mail = await nextMailTo(p.users.lead, leadBefore)
    expectWellFormed(mail, p.names.pol.name)
    expect(mail.subject).toBe(`${CASE_TITLE}: Ruud Kalkman (${p.names.pol.name}) noemde u`)
    expect(mail.text).toContain('“Dealen achter flat Meerzicht”: Zie ook de melding van gisteravond')
    expect(mail.text).toContain(`${PUBLIC_URL}/dossiers/${p.caseId}/stap/2#item-${signal.id}`)

    // The woningcorporatie is outside the signal's audience: no notification, no mail, no title.
    expect(await notificationOf(p.users.housing.id, p.caseId, 'mentioned')).toEqual([])
    expect(await notificationOf(p.users.lead.id, p.caseId, 'mentioned')).toHaveLength(1)
    const housingMails = notificationMailTo(p.users.housing).slice(housingBefore)
    expect(housingMails).toEqual([])
    for (const m of notificationMailTo(p.users.housing)) expect(m.text).not.toContain('Meerzicht')
  })

  it('an action assigned mails each organisation asked; its decline mails the projectleider', async () => {
    const p = await parties()
    await changeStep(p.lead, p.caseId, 5, { status: 'open' })
    await tick()
    await gapOver(p.caseId)
    const policeBefore = notificationMailTo(p.users.police).length
    const housingBefore = notificationMailTo(p.users.housing).length
    const action = await createItem(p.lead, p.caseId, {
      kind: 'action',
      step: 5,
      title: 'Extra toezicht in de avonduren',
      trekkerOrganisationId: p.gem,
      participants: [
        { organisationId: p.pol, hours: 8 },
        { organisationId: p.won, hours: 4 },
      ],
    })

    const police = await nextMailTo(p.users.police, policeBefore)
    expectWellFormed(police, p.names.gem.name)
    expect(police.subject).toBe(`${CASE_TITLE}: Nieuwe actie: “Extra toezicht in de avonduren”`)
    expect(police.text).toContain(`${PUBLIC_URL}/dossiers/${p.caseId}/stap/5#item-${action.id}`)
    const housing = notificationMailTo(p.users.housing).slice(housingBefore)
    expect(housing).toHaveLength(1)
    expect(housing[0]!.subject).toBe(police.subject)

    const leadBefore = notificationMailTo(p.users.lead).length
    const decline = await p.police.put(
      `/api/cases/${p.caseId}/items/${action.id}/commitment`,
      { status: 'declined', reason: 'Geen capaciteit in het voorjaar' },
      { 'if-match': '"1"' },
    )
    expect(decline.statusCode, decline.body).toBe(200)
    const lead = await nextMailTo(p.users.lead, leadBefore)
    expectWellFormed(lead, p.names.pol.name)
    expect(lead.subject).toBe(`${CASE_TITLE}: ${p.names.pol.name} doet niet mee aan een actie`)
    expect(lead.text).toContain('“Extra toezicht in de avonduren”')
    expect(lead.text).toContain(`${PUBLIC_URL}/dossiers/${p.caseId}/stap/5#item-${action.id}`)
    // An acceptance is no news to mail.
    const accept = await p.housing.put(
      `/api/cases/${p.caseId}/items/${action.id}/commitment`,
      { status: 'accepted' },
      { 'if-match': '"1"' },
    )
    expect(accept.statusCode, accept.body).toBe(200)
    await tick()
    expect(notificationMailTo(p.users.lead)).toHaveLength(leadBefore + 1)
  })

  it('a document uploaded to a step mails the members who may read it; a restricted one reaches nobody outside', async () => {
    const p = await parties()
    const leadBefore = notificationMailTo(p.users.lead).length
    const housingBefore = notificationMailTo(p.users.housing).length
    const up = await uploadDocument(p.police, p.caseId, {
      fileName: 'wijkscan-de-hoven.pdf',
      bytes: Buffer.from('%PDF-1.7\nwijkscan De Hoven\n%%EOF\n'),
      title: 'Wijkscan De Hoven 2026',
      step: 1,
    })
    expect(up.statusCode, up.body).toBe(201)
    const lead = await nextMailTo(p.users.lead, leadBefore)
    expectWellFormed(lead, p.names.pol.name)
    expect(lead.subject).toBe(`${CASE_TITLE}: Nieuw document in stap 1`)
    expect(lead.text).toContain('voegde “Wijkscan De Hoven 2026” toe')
    expect(lead.text).toContain(`${PUBLIC_URL}/dossiers/${p.caseId}/stap/1`)
    expect(notificationMailTo(p.users.housing).slice(housingBefore)).toHaveLength(1)

    // For the gemeente and the police only: the woningcorporatie hears nothing of it.
    await gapOver(p.caseId)
    const restricted = await uploadDocument(p.police, p.caseId, {
      fileName: 'analyse-politie.pdf',
      bytes: Buffer.from('%PDF-1.7\nanalyse\n%%EOF\n'),
      title: 'Analyse politie hotspots',
      step: 1,
      audience: [p.gem, p.pol],
    })
    expect(restricted.statusCode, restricted.body).toBe(201)
    const second = await nextMailTo(p.users.lead, leadBefore + 1)
    expect(second.text).toContain('“Analyse politie hotspots”')
    expect(notificationMailTo(p.users.housing).slice(housingBefore)).toHaveLength(1)
    for (const m of notificationMailTo(p.users.housing)) expect(m.text).not.toContain('hotspots')
  })

  it('mails a removed member their removal under the name they knew, also when the case was renamed before the mail went', async () => {
    const p = await parties()
    const before = notificationMailTo(p.users.housing).length
    const seat = (
      (await p.lead.get(`/api/cases/${p.caseId}/members`)).json().items as {
        id: string
        userId: string
        version: number
      }[]
    ).find((m) => m.userId === p.users.housing.id)!
    const removal = await p.lead.delete(`/api/cases/${p.caseId}/members/${seat.id}`, {
      'if-match': `"${seat.version}"`,
    })
    expect(removal.statusCode, removal.body).toBe(200)
    await changeCase(p.lead, p.caseId, { title: 'Ondermijning pand Kerkstraat 12' })

    const mail = await nextMailTo(p.users.housing, before)
    expect(mail.subject).toBe(`${CASE_TITLE}: Verwijderd uit ${CASE_TITLE}`)
    expect(mail.text).not.toContain('Kerkstraat')
    expect(mail.text).toContain(SETTINGS_URL)
  })

  it('follows the preference: the daily digest holds the day in one mail at the chosen hour, off sends nothing', async () => {
    const p = await parties()
    await changeStep(p.lead, p.caseId, 5, { status: 'open' })
    await tick()
    const digest = await p.police.put('/api/me/notification-settings', { email: 'daily', digestHour: 17 })
    expect(digest.statusCode, digest.body).toBe(200)
    const off = await p.housing.put('/api/me/notification-settings', { email: 'off' })
    expect(off.statusCode, off.body).toBe(200)
    const policeBefore = notificationMailTo(p.users.police).length
    const housingBefore = notificationMailTo(p.users.housing).length

    // An assignment, a mention and a document during the day.
    const action = await createItem(p.lead, p.caseId, {
      kind: 'action',
      step: 5,
      title: 'Cameratoezicht parkeerdek',
      trekkerOrganisationId: p.gem,
      participants: [
        { organisationId: p.pol, hours: 8 },
        { organisationId: p.won, hours: 2 },
      ],
    })
    const comment = await p.lead.post(`/api/cases/${p.caseId}/items/${action.id}/comments`, {
      body: 'Kunnen jullie de beelden uitlezen?',
      mentions: [p.users.police.id, p.users.housing.id],
    })
    expect(comment.statusCode, comment.body).toBe(201)
    const up = await uploadDocument(p.lead, p.caseId, {
      fileName: 'plattegrond-parkeerdek.pdf',
      bytes: Buffer.from('%PDF-1.7\nplattegrond\n%%EOF\n'),
      title: 'Plattegrond parkeerdek',
      step: 5,
    })
    expect(up.statusCode, up.body).toBe(201)
    // The loop's passes during the day (before the digest hour): nothing for either of them.
    await sendNotificationMail(deps, new Date('2026-12-07T09:00:00.000Z'))
    await sendNotificationMail(deps, new Date('2026-12-07T14:00:00.000Z'))
    expect(notificationMailTo(p.users.police)).toHaveLength(policeBefore)
    expect(notificationMailTo(p.users.housing)).toHaveLength(housingBefore)

    // 16:30 in Amsterdam: not yet. 17:05: one mail with all three.
    await sendNotificationMail(deps, new Date('2026-12-07T15:30:00.000Z'))
    expect(notificationMailTo(p.users.police)).toHaveLength(policeBefore)
    await sendNotificationMail(deps, new Date('2026-12-07T16:05:00.000Z'))
    const mails = notificationMailTo(p.users.police).slice(policeBefore)
    expect(mails).toHaveLength(1)
    const [day] = mails
    expect(day!.subject).toBe(`Dagoverzicht: ${CASE_TITLE}`)
    expect(day!.text).toContain('Nieuwe actie: “Cameratoezicht parkeerdek”')
    expect(day!.text).toContain('Iris Brinkhorst (')
    expect(day!.text).toContain('noemde u')
    expect(day!.text).toContain('Nieuw document in stap 5')
    expect(day!.text).toContain(`Van: ${p.names.gem.name}`)
    expect(day!.text).toContain(SETTINGS_URL)
    // Once a day: a later pass the same day sends nothing more.
    await sendNotificationMail(deps, new Date('2026-12-07T18:00:00.000Z'))
    expect(notificationMailTo(p.users.police).slice(policeBefore)).toHaveLength(1)

    // With e-mail off nothing of this leaves the server; the app still lists all three.
    expect(notificationMailTo(p.users.housing)).toHaveLength(housingBefore)
    const listed = (await p.housing.get('/api/me/notifications')).json().items as { type: string; caseId: string }[]
    expect(
      listed
        .filter((n) => n.caseId === p.caseId)
        .map((n) => n.type)
        .filter((type) => ['action_assigned', 'mentioned', 'document_added'].includes(type))
        .sort(),
    ).toEqual(['action_assigned', 'document_added', 'mentioned'])
  })
})
