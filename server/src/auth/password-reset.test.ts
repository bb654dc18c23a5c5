import { PasswordLinkInfoSchema, PasswordResetResultSchema } from '@vp/shared'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.ts'
import { startTestSmtp, type TestSmtp } from '../../test/smtp.ts'
import { singleUseTokens, users } from '../db/schema.ts'
import { hashToken } from './links.ts'

// "Wachtwoord vergeten?": partners sign in a few times a year and will forget (issue #17).
// Every mail goes to a real SMTP server on 127.0.0.1.

let smtp: TestSmtp
let t: TestApp
beforeAll(async () => {
  smtp = await startTestSmtp()
  t = await createTestApp({
    SMTP_URL: smtp.url,
    PUBLIC_URL: 'http://veilig.rivierstede.example',
    PASSWORD_RESETS_PER_IP_PER_HOUR: '5',
  })
})
afterAll(async () => {
  await t.close()
  await smtp.close()
})

const NEW_PASSWORD = 'fietsenstalling-oranje-88'
let ipCounter = 1
/** A client address of its own per test, so the per-address limit of one test never spoils another. */
const freshIp = () => `198.51.100.${ipCounter++}`

function requestReset(app: TestApp, email: string, ip: string) {
  return app.app.inject({
    method: 'POST',
    url: '/api/auth/password-reset',
    headers: { 'x-requested-with': 'veiligheidsplanner' },
    payload: { email },
    remoteAddress: ip,
  })
}

const linkIn = (text: string) => {
  const m = /http:\/\/veilig\.rivierstede\.example\/wachtwoord-instellen\/([\w-]{40,})/.exec(text)
  if (!m) throw new Error(`no link in mail: ${text}`)
  return m[1]!
}

/** Waits long enough for a mail that should not come to have arrived. */
const settle = () => new Promise((r) => setTimeout(r, 400))

describe('asking for a password reset', () => {
  it('answers 202 with the same body for a known and an unknown address, and mails only the known one', async () => {
    const user = await t.make.user({ name: 'Ruud Kalkman' })
    const ip = freshIp()
    const before = smtp.messages.length
    const unknown = await requestReset(t, `niemand-${Date.now()}@example.test`, ip)
    await settle()
    expect(smtp.messages.length).toBe(before)
    const known = await requestReset(t, user.email.toUpperCase(), ip)
    expect(unknown.statusCode).toBe(202)
    expect(known.statusCode).toBe(202)
    expect(known.body).toBe(unknown.body)
    expect(PasswordResetResultSchema.parse(known.json())).toEqual({ accepted: true, mailConfigured: true })

    const mail = await smtp.next()
    expect(mail.to).toMatchObject({ text: user.email })
    expect(mail.subject).toBe('Nieuw wachtwoord voor de Veiligheidsplanner')
    expect(mail.text).toContain('Beste Ruud Kalkman,')
    expect(mail.text).toContain('1 uur geldig')
    // Only the hash of the token is stored, with an expiry of an hour.
    const [row] = await t.testDb.database.db
      .select()
      .from(singleUseTokens)
      .where(eq(singleUseTokens.tokenHash, hashToken(linkIn(mail.text ?? ''))))
    expect(row).toMatchObject({ purpose: 'password_reset', userId: user.id, usedAt: null })
    const minutes = (row!.expiresAt.getTime() - Date.now()) / 60_000
    expect(minutes).toBeGreaterThan(55)
    expect(minutes).toBeLessThanOrEqual(60)
  })

  it('sets a new password once through the link and ends every session of the account', async () => {
    const user = await t.make.user()
    const oldSession = await t.as(user)
    await requestReset(t, user.email, freshIp())
    const token = linkIn((await smtp.next()).text ?? '')

    const info = await t.anon.get(`/api/auth/password-links/${token}`)
    expect(PasswordLinkInfoSchema.parse(info.json())).toEqual({
      state: 'valid',
      email: user.email,
      name: user.name,
      purpose: 'password_reset',
    })
    const used = await t.anon.post(`/api/auth/password-links/${token}`, { password: NEW_PASSWORD })
    expect(used.statusCode).toBe(200)
    expect(used.json().user.id).toBe(user.id)
    // The session the link started is the only one.
    expect((await oldSession.get('/api/auth/me')).statusCode).toBe(401)
    expect(await t.read.openSessions(user.id)).toBe(1)
    const login = await t.anon.post('/api/auth/login', { email: user.email, password: NEW_PASSWORD })
    expect(login.statusCode).toBe(200)
    expect((await t.anon.post('/api/auth/login', { email: user.email, password: user.password })).statusCode).toBe(401)

    const again = await t.anon.post(`/api/auth/password-links/${token}`, { password: 'nog-een-ander-wachtwoord-1' })
    expect(again.statusCode).toBe(400)
    expect(again.json().error.message).toMatch(/^Deze link is al gebruikt/)
    expect(again.json().error.message).toContain('Wachtwoord vergeten?')
    expect((await t.anon.get(`/api/auth/password-links/${token}`)).json().state).toBe('used')
  })

  it('refuses an expired link and says so', async () => {
    const user = await t.make.user()
    await requestReset(t, user.email, freshIp())
    const token = linkIn((await smtp.next()).text ?? '')
    await t.testDb.database.db
      .update(singleUseTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(singleUseTokens.tokenHash, hashToken(token)))
    expect((await t.anon.get(`/api/auth/password-links/${token}`)).json().state).toBe('expired')
    const res = await t.anon.post(`/api/auth/password-links/${token}`, { password: NEW_PASSWORD })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.message).toMatch(/^Deze link is verlopen/)
    const [row] = await t.testDb.database.db.select().from(users).where(eq(users.id, user.id))
    expect(row!.passwordHash).not.toBeNull()
    expect((await t.anon.post('/api/auth/login', { email: user.email, password: user.password })).statusCode).toBe(200)
  })

  it('makes an earlier reset link stop working when a new one is asked for', async () => {
    const user = await t.make.user()
    const ip = freshIp()
    await requestReset(t, user.email, ip)
    const first = linkIn((await smtp.next()).text ?? '')
    await requestReset(t, user.email, ip)
    const second = linkIn((await smtp.next()).text ?? '')
    expect((await t.anon.post(`/api/auth/password-links/${first}`, { password: NEW_PASSWORD })).statusCode).toBe(400)
    expect((await t.anon.post(`/api/auth/password-links/${second}`, { password: NEW_PASSWORD })).statusCode).toBe(200)
  })

  it('mails nothing for a disabled account or one waiting for approval, and still answers 202', async () => {
    const disabled = await t.make.user({ disabled: true })
    const pending = await t.make.user()
    await t.testDb.database.db.update(users).set({ approval: 'pending' }).where(eq(users.id, pending.id))
    const before = smtp.messages.length
    const ip = freshIp()
    expect((await requestReset(t, disabled.email, ip)).statusCode).toBe(202)
    expect((await requestReset(t, pending.email, ip)).statusCode).toBe(202)
    await settle()
    expect(smtp.messages.length).toBe(before)
  })

  it('limits requests per address (known or not) with 429, and per client address', async () => {
    const user = await t.make.user()
    const ip = freshIp()
    for (let i = 0; i < 3; i++) expect((await requestReset(t, user.email, ip)).statusCode).toBe(202)
    const fourth = await requestReset(t, user.email, ip)
    expect(fourth.statusCode).toBe(429)
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0)
    // An unknown address is limited the same way: the limit tells nothing.
    const nobody = `niemand-${Date.now()}@example.test`
    const other = freshIp()
    for (let i = 0; i < 3; i++) expect((await requestReset(t, nobody, other)).statusCode).toBe(202)
    expect((await requestReset(t, nobody, other)).statusCode).toBe(429)
    // Three mails for the known address, then none.
    for (let i = 0; i < 3; i++) await smtp.next()

    // One client address asking for many addresses: the sixth within the hour is refused.
    const flood = freshIp()
    for (let i = 0; i < 5; i++) {
      expect((await requestReset(t, `adres-${i}-${Date.now()}@example.test`, flood)).statusCode).toBe(202)
    }
    expect((await requestReset(t, `adres-6-${Date.now()}@example.test`, flood)).statusCode).toBe(429)
  })

  it('answers 400 naming body.email for something that is not an address', async () => {
    const res = await requestReset(t, 'geen-adres', freshIp())
    expect(res.statusCode).toBe(400)
    expect(res.json().error.fields[0].path).toBe('body.email')
  })
})

describe('asking for a password reset without SMTP', () => {
  it('says no mail is configured, for every address alike, and makes no link', async () => {
    const noMail = await createTestApp()
    try {
      const user = await noMail.make.user()
      const known = await requestReset(noMail, user.email, '192.0.2.1')
      const unknown = await requestReset(noMail, `niemand-${Date.now()}@example.test`, '192.0.2.1')
      expect(known.statusCode).toBe(202)
      expect(known.json()).toEqual({ accepted: true, mailConfigured: false })
      expect(unknown.body).toBe(known.body)
      const tokens = await noMail.testDb.database.db
        .select()
        .from(singleUseTokens)
        .where(eq(singleUseTokens.userId, user.id))
      expect(tokens).toEqual([])
    } finally {
      await noMail.close()
    }
    // A second app of its own: migrating its database takes a while on a busy machine.
  }, 120_000)
})
