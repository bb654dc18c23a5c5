import { OutboxListSchema } from '@vp/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, openCase, type TestApp } from '../../test/app.ts'
import { freePort, startTestSmtp, type TestSmtp } from '../../test/smtp.ts'
import { createMailer } from '../mail/mailer.ts'
import { retryQueuedMail } from './outbox.ts'

// Invitation mail goes out from the gemeente's own sender: nobody may turn it into a phishing
// channel (issue #15). Every test sends to a real SMTP server on 127.0.0.1.

describe('invitation mail', () => {
  let smtp: TestSmtp
  let t: TestApp
  beforeAll(async () => {
    smtp = await startTestSmtp()
    t = await createTestApp({
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'http://veilig.rivierstede.example',
      MAIL_FROM: 'Gemeente\r\nRivierstede <noreply@rivierstede.example>',
      // The defaults (test/app.ts lifts them for other tests).
      INVITATIONS_PER_USER_PER_HOUR: '20',
      INVITATIONS_PER_CASE_PER_DAY: '50',
    })
  })
  afterAll(async () => {
    await t.close()
    await smtp.close()
  })

  it('keeps a case title and names with CR/LF on one line, and says who invites and what this is', async () => {
    const gemeente = await t.make.organisation({ name: 'Gemeente Rivierstede' })
    const lead = await t.as(
      await t.make.user({ name: 'Iris\r\nBcc: slachtoffer@example.test', organisationId: gemeente.id }),
    )
    const caseId = await openCase(lead, { title: 'Woninginbraken\r\nBcc: slachtoffer@example.test\n\nHallo' })
    const politie = await t.make.organisation({ name: 'Politie\nRivierstede-Oost', type: 'politie' })
    const res = await lead.post(`/api/cases/${caseId}/invitations`, {
      email: 'ruud.kalkman@politie.example',
      organisationId: politie.id,
      role: 'partner',
      message: 'Graag jullie cijfers.\nGroet, Iris',
    })
    expect(res.statusCode).toBe(201)
    expect(res.json().invitation.delivery).toBe('sent')

    const mail = await smtp.next()
    expect(mail.subject).toBe('Uitnodiging: Woninginbraken Bcc: slachtoffer@example.test Hallo')
    expect(mail.headers.has('bcc')).toBe(false)
    expect(mail.from?.value).toEqual([{ name: 'Gemeente Rivierstede', address: 'noreply@rivierstede.example' }])
    expect(mail.to).toMatchObject({ text: 'ruud.kalkman@politie.example' })
    const text = mail.text ?? ''
    expect(text).toContain('Iris Bcc: slachtoffer@example.test (Gemeente Rivierstede) nodigt u uit')
    expect(text).toContain('namens Politie Rivierstede-Oost')
    expect(text).toMatch(/De Veiligheidsplanner is de online werkplek/)
    // The inviter's own words are quoted, so they cannot pass for the instance's text.
    expect(text).toContain('> Graag jullie cijfers.\n> Groet, Iris')
    expect(text).toMatch(/http:\/\/veilig\.rivierstede\.example\/uitnodiging\/[\w-]{40,}/)

    // The outbox shows what was said, with the link left out.
    const outbox = OutboxListSchema.parse((await lead.get(`/api/cases/${caseId}/outbox`)).json()).items
    expect(outbox[0]).toMatchObject({ status: 'sent', attempts: 1, nextAttemptAt: null })
    expect(outbox[0]!.subject).toBe(mail.subject)
    expect(outbox[0]!.body).toContain('[persoonlijke link]')
    expect(outbox[0]!.body).not.toContain('/uitnodiging/')
  })

  it('refuses the 21st invitation (or resend) of one person within the hour with 429 and Retry-After', async () => {
    const lead = await t.as(await t.make.user())
    const caseId = await openCase(lead)
    const org = await t.make.organisation()
    const invite = (n: number) =>
      lead.post(`/api/cases/${caseId}/invitations`, {
        email: `buitenstaander-${n}@example.test`,
        organisationId: org.id,
        role: 'partner',
      })
    let first = ''
    for (let n = 1; n <= 20; n++) {
      const res = await invite(n)
      expect(res.statusCode).toBe(201)
      if (n === 1) first = res.json().invitation.id
    }
    const refused = await invite(21)
    expect(refused.statusCode).toBe(429)
    expect(refused.json().error.code).toBe('rate_limited')
    const retryAfter = Number(refused.headers['retry-after'])
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(3600)
    // A resend sends mail too; it counts against the same limit.
    expect((await lead.post(`/api/cases/${caseId}/invitations/${first}/resend`)).statusCode).toBe(429)
    // Nothing of the refused invitation was stored.
    const items = (await lead.get(`/api/cases/${caseId}/invitations`)).json().items
    expect(items).toHaveLength(20)
    expect(items.find((i: { sendCount: number }) => i.sendCount > 1)).toBeUndefined()
  })
})

describe('queued mail', () => {
  let port: number
  let t: TestApp
  let smtp: TestSmtp | null = null
  beforeAll(async () => {
    port = await freePort()
    // The interval is an hour: the test drives the retries itself.
    t = await createTestApp({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      PUBLIC_URL: 'http://veilig.rivierstede.example',
      MAIL_RETRY_SECONDS: '3600',
    })
  })
  afterAll(async () => {
    await t.close()
    await smtp?.close()
  })

  it('is retried with backoff, and sent with a fresh link once the mail server is back', async () => {
    const lead = await t.as(await t.make.user())
    const caseId = await openCase(lead, { title: 'Overlast jeugd Hovenpark' })
    const org = await t.make.organisation()
    const res = await lead.post(`/api/cases/${caseId}/invitations`, {
      email: 'wijkteam@example.test',
      organisationId: org.id,
      role: 'partner',
    })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ link: null, invitation: { delivery: 'queued' } })
    const outboxOf = async () =>
      OutboxListSchema.parse((await lead.get(`/api/cases/${caseId}/outbox`)).json()).items[0]!
    const first = await outboxOf()
    expect(first).toMatchObject({ status: 'queued', attempts: 1, error: expect.any(String) })

    const mailer = createMailer(t.config)
    try {
      const db = t.testDb.database.db
      // Not due yet: nothing is tried.
      expect(await retryQueuedMail(db, mailer, t.config)).toEqual({ tried: 0, sent: 0 })
      // Due, but the server is still down: one more attempt, a longer wait.
      const later = new Date(Date.now() + 2 * 3_600_000)
      expect(await retryQueuedMail(db, mailer, t.config, undefined, later)).toEqual({ tried: 1, sent: 0 })
      const second = await outboxOf()
      expect(second).toMatchObject({ status: 'queued', attempts: 2 })
      const waited = (o: { nextAttemptAt: string | null }, from: Date) => Date.parse(o.nextAttemptAt!) - from.getTime()
      expect(waited(second, new Date())).toBeGreaterThan(waited(first, new Date()))

      // The server comes back: the next retry sends, with a link that works.
      smtp = await startTestSmtp(port)
      const muchLater = new Date(Date.now() + 24 * 3_600_000)
      expect(await retryQueuedMail(db, mailer, t.config, undefined, muchLater)).toEqual({ tried: 1, sent: 1 })
      const mail = await smtp.next()
      expect(mail.subject).toBe('Uitnodiging: Overlast jeugd Hovenpark')
      const token = /\/uitnodiging\/([\w-]+)/.exec(mail.text ?? '')![1]!
      expect((await t.anon.get(`/api/invitations/${token}`)).json()).toMatchObject({ state: 'pending' })

      const sent = await outboxOf()
      expect(sent).toMatchObject({ status: 'sent', attempts: 3, nextAttemptAt: null, sentAt: expect.any(String) })
      expect(sent.body).not.toContain(token)
      // Sent once: a further run sends nothing.
      expect(await retryQueuedMail(db, mailer, t.config, undefined, muchLater)).toEqual({ tried: 0, sent: 0 })
    } finally {
      mailer.close()
    }
  })
})
