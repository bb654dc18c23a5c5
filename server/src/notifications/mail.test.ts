import { OutboxListSchema } from '@vp/shared'
import { and, eq, inArray } from 'drizzle-orm'
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, openCase, type TestApp } from '../../test/app.ts'
import { closeStep, createItem } from '../../test/items.ts'
import { freePort, startTestSmtp, type TestSmtp } from '../../test/smtp.ts'
import { caseMembers, caseOrganisations, items, notificationSettings, notifications, outbox } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { retryQueuedMail } from '../invitations/outbox.ts'
import { createMailer } from '../mail/mailer.ts'
import { amsterdamDay, type MailDeps, sendNotificationMail } from './mail.ts'
import { insertNotifications, type NewNotification } from './store.ts'

// Notification mail (issue #20): at once but bundled per person and case, a daily digest, or off;
// every mail through the outbox, with the case in the subject and a way to change preferences.
// Every test sends to a real SMTP server on 127.0.0.1.

const PUBLIC_URL = 'http://veilig.rivierstede.example'
const minutes = (n: number) => new Date(Date.now() + n * 60_000)

/**
 * A gemeente's case with politie and a woningcorporatie as members. Members are written directly:
 * with SMTP on, an invitation's link goes by mail only.
 */
async function parties(t: TestApp, opts: { step2?: boolean } = {}) {
  const gem = await t.make.organisation({ name: `Gemeente ${Math.random()}`, type: 'gemeente' })
  const pol = await t.make.organisation({ name: `Politie ${Math.random()}`, type: 'politie' })
  const won = await t.make.organisation({ name: `Woonstichting ${Math.random()}`, type: 'woningcorporatie' })
  const leadUser = await t.make.user({ organisationId: gem.id })
  const lead = await t.as(leadUser)
  const caseId = await openCase(lead)
  const policeUser = await t.make.user({ organisationId: pol.id })
  const housingUser = await t.make.user({ organisationId: won.id })
  await t.app.db.insert(caseMembers).values([
    { caseId, userId: policeUser.id, organisationId: pol.id, role: 'partner' },
    { caseId, userId: housingUser.id, organisationId: won.id, role: 'partner' },
  ])
  await t.app.db.insert(caseOrganisations).values([
    { caseId, organisationId: pol.id },
    { caseId, organisationId: won.id },
  ])
  if (opts.step2) await closeStep(lead, caseId, 1)
  return {
    lead,
    police: await t.as(policeUser),
    caseId,
    leadId: leadUser.id,
    policeId: policeUser.id,
    housingId: housingUser.id,
    gem: gem.id,
    pol: pol.id,
    won: won.id,
  }
}

async function emailOf(t: TestApp, userId: string) {
  return (await t.read.user(userId))!.email
}

function notify(t: TestApp, rows: NewNotification[]) {
  return inTransaction(t.testDb.database.db, (tx) => insertNotifications(tx, rows))
}

describe('notification mail', () => {
  let smtp: TestSmtp
  let t: TestApp
  let deps: MailDeps
  const notificationMailTo = (email: string) =>
    smtp.messages.filter(
      (m: ParsedMail) => m.to && 'text' in m.to && m.to.text === email && !m.subject?.startsWith('Uitnodiging'),
    )

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
  // Whatever the fixtures caused (an invitation, a step) is not what these tests count.
  beforeEach(async () => {
    await t.testDb.database.db.update(notifications).set({ mail: 'none' }).where(eq(notifications.mail, 'pending'))
  })

  it('sends an immediate mail once, with the case in the subject, the sender organisation, a link and List-Unsubscribe', async () => {
    const p = await parties(t)
    const leadId = p.leadId
    const policeId = p.policeId
    await notify(t, [
      {
        userId: policeId,
        caseId: p.caseId,
        type: 'step_opened',
        entityType: 'step',
        step: 2,
        actor: { userId: leadId, organisationId: p.gem },
      },
    ])
    // Through the instance's own loop, as it runs every minute.
    await t.app.reminders.runOnce()
    await t.app.reminders.runOnce()
    const policeEmail = await emailOf(t, policeId)
    const mails = notificationMailTo(policeEmail)
    expect(mails).toHaveLength(1)
    const mail = mails[0]!
    expect(mail.subject).toMatch(/^Verloedering en overlast winkelcentrum De Hoven: /)
    expect(mail!.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toBe(
      `List-Unsubscribe: <${PUBLIC_URL}/account#meldingen>`,
    )
    expect(mail.text).toContain(`${PUBLIC_URL}/dossiers/${p.caseId}/stap/2`)
    expect(mail.text).toMatch(/Van: Gemeente /)
    expect(mail.text).toContain(`${PUBLIC_URL}/account#meldingen`)

    const [row] = await t.app.db.select().from(notifications).where(eq(notifications.userId, policeId))
    expect(row!.mail).toBe('sent')
    // The projectleider sees its delivery in the case's outbox.
    const listed = OutboxListSchema.parse((await p.lead.get(`/api/cases/${p.caseId}/outbox`)).json()).items
    const entry = listed.find((m) => m.to === policeEmail)
    expect(entry).toMatchObject({ status: 'sent', attempts: 1, invitationId: null })
  })

  it('sends five quick notifications in one case as one mail now and bundles the rest after the gap', async () => {
    const p = await parties(t)
    const policeId = p.policeId
    const email = await emailOf(t, policeId)
    const one = (n: number): NewNotification => ({
      userId: policeId,
      caseId: p.caseId,
      type: 'mentioned',
      entityType: 'case',
      data: { n },
    })
    await notify(t, [one(1)])
    await sendNotificationMail(deps)
    expect(notificationMailTo(email)).toHaveLength(1)
    await notify(t, [one(2), one(3), one(4), one(5)])
    await sendNotificationMail(deps)
    await sendNotificationMail(deps, minutes(4))
    // Within the gap nothing more goes out; the rows wait.
    expect(notificationMailTo(email)).toHaveLength(1)
    const waiting = await t.app.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, policeId), eq(notifications.mail, 'pending')))
    expect(waiting).toHaveLength(4)

    await sendNotificationMail(deps, minutes(6))
    await sendNotificationMail(deps, minutes(7))
    const mails = notificationMailTo(email)
    expect(mails).toHaveLength(2)
    expect(mails[1]!.subject).toMatch(/: 4 nieuwe meldingen$/)
    expect(mails[1]!.text?.match(/^- /gm)).toHaveLength(4)
    const rows = await t.app.db.select().from(notifications).where(eq(notifications.userId, policeId))
    expect(rows.every((r) => r.mail === 'sent')).toBe(true)
  })

  it('never puts a restricted item’s title in mail to an organisation outside its audience, nor in the outbox', async () => {
    const p = await parties(t, { step2: true })
    const housingId = p.housingId
    const policeId = p.policeId
    const title = 'Drugsrunners portiek Hovenplein 12'
    const item = await createItem(p.police, p.caseId, {
      kind: 'signal',
      step: 2,
      title,
      source: 'meldingen',
      audience: [p.pol, p.gem],
    })
    await notify(t, [
      {
        userId: housingId,
        caseId: p.caseId,
        type: 'mentioned',
        entityType: 'item',
        entityId: item.id,
        step: 2,
        actor: { userId: policeId, organisationId: p.pol },
      },
    ])
    // The same notification to the gemeente, inside the audience, for contrast.
    await notify(t, [
      {
        userId: p.leadId,
        caseId: p.caseId,
        type: 'mentioned',
        entityType: 'item',
        entityId: item.id,
        step: 2,
        actor: { userId: policeId, organisationId: p.pol },
      },
    ])
    await sendNotificationMail(deps)
    const [inside] = notificationMailTo(await emailOf(t, p.leadId))
    expect(`${inside!.subject}\n${inside!.text}`).toContain('Drugsrunners')
    const [mail] = notificationMailTo(await emailOf(t, housingId))
    expect(mail).toBeDefined()
    expect(mail!.subject).not.toContain('Drugsrunners')
    expect(mail!.text).not.toContain('Drugsrunners')
    const [kept] = await t.app.db.select().from(outbox).where(eq(outbox.userId, housingId))
    expect(kept!.subject + kept!.body).not.toContain('Drugsrunners')

    // Restricted after the notification was made: the mail composed later no longer names it.
    await notify(t, [
      {
        userId: p.leadId,
        caseId: p.caseId,
        type: 'reply',
        entityType: 'item',
        entityId: item.id,
        step: 2,
        actor: { userId: policeId, organisationId: p.pol },
      },
    ])
    await t.app.db
      .update(items)
      .set({ audience: [p.pol] })
      .where(eq(items.id, item.id))
    await sendNotificationMail(deps, minutes(10))
    const later = notificationMailTo(await emailOf(t, p.leadId))
    expect(later).toHaveLength(2)
    expect(`${later[1]!.subject}\n${later[1]!.text}`).not.toContain('Drugsrunners')
  })

  it('sends nothing about a case the person has left, and nothing at all to someone with e-mail off except reminders in the digest', async () => {
    const p = await parties(t)
    const policeId = p.policeId
    const housingId = p.housingId
    await t.app.db
      .update(caseMembers)
      .set({ removedAt: new Date() })
      .where(and(eq(caseMembers.caseId, p.caseId), eq(caseMembers.userId, policeId)))
    const { hour } = amsterdamDay(new Date())
    await t.app.db.insert(notificationSettings).values({ userId: housingId, email: 'off', digestHour: hour })
    await notify(t, [
      { userId: policeId, caseId: p.caseId, type: 'step_opened', entityType: 'step', step: 2 },
      { userId: housingId, caseId: p.caseId, type: 'step_opened', entityType: 'step', step: 2 },
      {
        userId: housingId,
        caseId: p.caseId,
        type: 'step_reminder',
        entityType: 'step',
        step: 1,
        key: `step:${p.caseId}:1:x:1d`,
      },
    ])
    await sendNotificationMail(deps)
    await sendNotificationMail(deps, minutes(10))
    expect(notificationMailTo(await emailOf(t, policeId))).toHaveLength(0)
    const housingMail = notificationMailTo(await emailOf(t, housingId))
    expect(housingMail).toHaveLength(1)
    expect(housingMail[0]!.subject).toMatch(/^Dagoverzicht: /)
    expect(housingMail[0]!.text?.match(/^- /gm)).toHaveLength(1)
    expect(housingMail[0]!.text).toContain(`${PUBLIC_URL}/dossiers/${p.caseId}/stap/1`)
    const rows = await t.app.db
      .select({ userId: notifications.userId, type: notifications.type, mail: notifications.mail })
      .from(notifications)
      .where(inArray(notifications.userId, [policeId, housingId]))
    expect(rows.filter((r) => r.userId === policeId).map((r) => r.mail)).toEqual(['none'])
    expect(rows.find((r) => r.userId === housingId && r.type === 'step_opened')!.mail).toBe('none')
    expect(rows.find((r) => r.userId === housingId && r.type === 'step_reminder')!.mail).toBe('digest')
  })

  it('sends one daily digest over all cases, grouped by case, once even with two instances', async () => {
    const a = await parties(t)
    const policeId = a.policeId
    // A second case of the same projectleider with the same police officer.
    const caseB = await openCase(a.lead, { title: 'Woninginbraken Noorderkwartier' })
    const { hour } = amsterdamDay(new Date())
    await t.app.db.insert(notificationSettings).values({ userId: policeId, email: 'daily', digestHour: hour })
    await notify(t, [
      { userId: policeId, caseId: a.caseId, type: 'step_opened', entityType: 'step', step: 2 },
      { userId: policeId, caseId: a.caseId, type: 'document_added', entityType: 'document', step: 2 },
      { userId: policeId, caseId: a.caseId, type: 'mentioned', entityType: 'case' },
    ])
    await t.app.db.insert(caseMembers).values({
      caseId: caseB,
      userId: policeId,
      organisationId: a.pol,
      role: 'partner',
    })
    await notify(t, [{ userId: policeId, caseId: caseB, type: 'deadline_changed', entityType: 'step', step: 1 }])
    // No immediate mail for a daily person.
    await sendNotificationMail({ ...deps, config: { ...deps.config, NOTIFICATION_MAIL_GAP_MINUTES: 0 } })
    const second = await createTestApp({ SMTP_URL: smtp.url, PUBLIC_URL }, { testDb: t.testDb })
    try {
      await Promise.all([t.app.reminders.runOnce(), second.app.reminders.runOnce()])
      await Promise.all([t.app.reminders.runOnce(), second.app.reminders.runOnce()])
    } finally {
      await second.app.close()
    }
    const email = await emailOf(t, policeId)
    const mails = notificationMailTo(email)
    expect(mails).toHaveLength(1)
    const text = mails[0]!.text ?? ''
    expect(mails[0]!.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toBe(
      `List-Unsubscribe: <${PUBLIC_URL}/account#meldingen>`,
    )
    expect(text).toContain('Dossier "Verloedering en overlast winkelcentrum De Hoven":')
    expect(text.match(/^- /gm)).toHaveLength(4)
    expect(text).toContain('Dossier "Woninginbraken Noorderkwartier":')
    const digests = await t.app.db.select().from(outbox).where(eq(outbox.userId, policeId))
    expect(digests).toHaveLength(1)
    expect(digests[0]).toMatchObject({ kind: 'digest', caseId: null, status: 'sent' })
    const rows = await t.app.db.select().from(notifications).where(eq(notifications.userId, policeId))
    expect(rows.every((r) => r.mail === 'digest')).toBe(true)
    // The next notification waits for tomorrow's digest.
    await notify(t, [{ userId: policeId, caseId: a.caseId, type: 'step_closed', entityType: 'step', step: 2 }])
    await sendNotificationMail(deps, minutes(30))
    expect(notificationMailTo(email)).toHaveLength(1)
  })
})

describe('notification mail when the mail server is down', () => {
  let port: number
  let t: TestApp
  let smtp: TestSmtp | null = null
  beforeAll(async () => {
    port = await freePort()
    t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, PUBLIC_URL, MAIL_RETRY_SECONDS: '3600' })
  })
  afterAll(async () => {
    await t.close()
    await smtp?.close()
  })

  it('is retried from the outbox once the mail server is back, with List-Unsubscribe, and not doubled', async () => {
    const p = await parties(t)
    const policeId = p.policeId
    await t.app.db.update(notifications).set({ mail: 'none' }).where(eq(notifications.mail, 'pending'))
    const deps: MailDeps = { db: t.testDb.database.db, mailer: createMailer(t.config), config: t.config }
    try {
      await notify(t, [{ userId: policeId, caseId: p.caseId, type: 'step_opened', entityType: 'step', step: 2 }])
      await sendNotificationMail(deps)
      const [queued] = await t.app.db.select().from(outbox).where(eq(outbox.userId, policeId))
      expect(queued).toMatchObject({ kind: 'notification', status: 'queued', attempts: 1 })
      // Deciding again sends nothing new: the notification is already in the outbox.
      await sendNotificationMail(deps, minutes(10))
      expect(await t.app.db.select().from(outbox).where(eq(outbox.userId, policeId))).toHaveLength(1)

      smtp = await startTestSmtp(port)
      const later = new Date(Date.now() + 2 * 3_600_000)
      expect(await retryQueuedMail(t.testDb.database.db, deps.mailer, t.config, undefined, later)).toMatchObject({
        sent: 1,
      })
      expect(await retryQueuedMail(t.testDb.database.db, deps.mailer, t.config, undefined, later)).toMatchObject({
        tried: 0,
      })
      await sendNotificationMail(deps, minutes(20))
      const email = await emailOf(t, policeId)
      const mails = smtp.messages.filter((m) => m.to && 'text' in m.to && m.to.text === email)
      expect(mails).toHaveLength(1)
      expect(mails[0]!.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toBe(
        `List-Unsubscribe: <${PUBLIC_URL}/account#meldingen>`,
      )
      expect(mails[0]!.subject).toMatch(/^Verloedering en overlast winkelcentrum De Hoven: /)
      const [row] = await t.app.db.select().from(outbox).where(eq(outbox.userId, policeId))
      expect(row).toMatchObject({ status: 'sent', attempts: 2 })
    } finally {
      deps.mailer.close()
    }
  })
})

describe('notification mail without SMTP', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL })
  })
  afterAll(() => t.close())

  it('lets nothing leave the server: the outbox shows not_sent and the notification stays in the app', async () => {
    const p = await parties(t)
    const policeId = p.policeId
    await t.app.db.update(notifications).set({ mail: 'none' }).where(eq(notifications.mail, 'pending'))
    await notify(t, [{ userId: policeId, caseId: p.caseId, type: 'step_opened', entityType: 'step', step: 2 }])
    await t.app.reminders.runOnce()
    const rows = await t.app.db.select().from(outbox).where(eq(outbox.userId, policeId))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ kind: 'notification', caseId: p.caseId, status: 'not_sent', attempts: 0 })
    const [n] = await t.app.db.select().from(notifications).where(eq(notifications.userId, policeId))
    expect(n!.readAt).toBeNull()
    expect((await t.read.user(policeId))!.id).toBe(policeId)
  })
})
