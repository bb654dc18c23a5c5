import { UserResponseSchema } from '@vp/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientFor, createTestApp, sessionCookieOf, type TestApp } from '../../test/app.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_PER_ACCOUNT: '4' })
})
afterAll(() => t.close())

describe('sign-in', () => {
  it('signs in with email and password, sets an httpOnly SameSite cookie, and /me answers who it is', async () => {
    const user = await t.make.user({ name: 'Ruud Kalkman' })
    const res = await t.anon.post('/api/auth/login', { email: user.email.toUpperCase(), password: user.password })
    expect(res.statusCode).toBe(200)
    expect(UserResponseSchema.parse(res.json()).user).toMatchObject({
      id: user.id,
      name: 'Ruud Kalkman',
      isAdmin: false,
    })
    const cookie = res.cookies.find((c) => c.name === 'vp_session')!
    expect(cookie.httpOnly).toBe(true)
    expect(cookie.sameSite).toBe('Lax')
    const me = await clientFor(t.app, sessionCookieOf(res)).get('/api/auth/me')
    expect(me.statusCode).toBe(200)
    expect(me.json().user.email).toBe(user.email)
  })

  it('answers 401 to /me without a session, and to a forged or foreign token', async () => {
    expect((await t.anon.get('/api/auth/me')).statusCode).toBe(401)
    const forged =
      'vp_session=eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiJ4Iiwic3ViIjoieSIsImV4cCI6OTk5OTk5OTk5OX0.bm90LWEtc2lnbmF0dXJl'
    expect((await clientFor(t.app, forged).get('/api/auth/me')).statusCode).toBe(401)
    const none = 'vp_session=eyJhbGciOiJub25lIn0.eyJzaWQiOiJ4Iiwic3ViIjoieSJ9.'
    expect((await clientFor(t.app, none).get('/api/auth/me')).statusCode).toBe(401)
  })

  it('gives the same answer for an unknown email and a wrong password, in about the same time', async () => {
    const user = await t.make.user()
    const timed = async (email: string) => {
      const start = performance.now()
      const res = await t.anon.post('/api/auth/login', { email, password: 'niet-het-goede-wachtwoord' })
      return { res, ms: performance.now() - start }
    }
    const wrong = await timed(user.email)
    const unknown = await timed(`nobody-${Date.now()}@example.test`)
    expect(wrong.res.statusCode).toBe(401)
    expect(unknown.res.statusCode).toBe(401)
    expect(unknown.res.body).toBe(wrong.res.body)
    // Both verify an argon2 hash. Without the dummy hash the unknown email would answer ~50x faster.
    const samples = { wrong: [wrong.ms], unknown: [unknown.ms] }
    for (let i = 0; i < 2; i++) {
      samples.wrong.push((await timed(user.email)).ms)
      samples.unknown.push((await timed(`nobody-${i}-${Date.now()}@example.test`)).ms)
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!
    expect(median(samples.unknown)).toBeGreaterThan(median(samples.wrong) * 0.3)
  })

  it('refuses a disabled account with the same answer as a wrong password', async () => {
    const user = await t.make.user({ disabled: true })
    const res = await t.anon.post('/api/auth/login', { email: user.email, password: user.password })
    expect(res.statusCode).toBe(401)
    expect(res.json().error.message).toBe('E-mailadres of wachtwoord klopt niet')
  })

  it('throttles one account after repeated failures with 429 and Retry-After, also for the right password', async () => {
    const user = await t.make.user()
    for (let i = 0; i < 4; i++) {
      expect((await t.anon.post('/api/auth/login', { email: user.email, password: 'fout-fout-fout' })).statusCode).toBe(
        401,
      )
    }
    const blocked = await t.anon.post('/api/auth/login', { email: user.email, password: user.password })
    expect(blocked.statusCode).toBe(429)
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0)
    expect(blocked.json().error.code).toBe('rate_limited')
    // Another account is not affected.
    const other = await t.make.user()
    expect((await t.anon.post('/api/auth/login', { email: other.email, password: other.password })).statusCode).toBe(
      200,
    )
  })

  it('throttles an unknown email exactly like a known one', async () => {
    const email = `ghost-${Date.now()}@example.test`
    const codes: number[] = []
    for (let i = 0; i < 5; i++) codes.push((await t.anon.post('/api/auth/login', { email, password: 'x' })).statusCode)
    expect(codes).toEqual([401, 401, 401, 401, 429])
  })

  it('rejects a login body with the fields named', async () => {
    const res = await t.anon.post('/api/auth/login', { email: 'geen-email', password: 12 })
    expect(res.statusCode).toBe(400)
    const paths = res.json().error.fields.map((f: { path: string }) => f.path)
    expect(paths).toEqual(expect.arrayContaining(['body.email', 'body.password']))
  })
})

describe('ending sessions', () => {
  it('logout ends the session at once: the old cookie no longer works', async () => {
    const user = await t.make.user()
    const me = await t.as(user)
    expect((await me.post('/api/auth/logout')).statusCode).toBe(200)
    expect((await me.get('/api/auth/me')).statusCode).toBe(401)
    expect(await t.read.openSessions(user.id)).toBe(0)
  })

  it('a password change keeps this session and ends every other one', async () => {
    const user = await t.make.user()
    const laptop = await t.as(user)
    const phone = await t.as(user)
    const res = await laptop.post('/api/auth/password', {
      currentPassword: user.password,
      newPassword: 'nieuw-en-lang-genoeg-77',
    })
    expect(res.statusCode).toBe(200)
    expect((await laptop.get('/api/auth/me')).statusCode).toBe(200)
    expect((await phone.get('/api/auth/me')).statusCode).toBe(401)
    expect((await t.anon.post('/api/auth/login', { email: user.email, password: user.password })).statusCode).toBe(401)
    expect(
      (await t.anon.post('/api/auth/login', { email: user.email, password: 'nieuw-en-lang-genoeg-77' })).statusCode,
    ).toBe(200)
  })

  it('a password change needs the current password and a strong new one', async () => {
    const user = await t.make.user()
    const c = await t.as(user)
    const wrongCurrent = await c.post('/api/auth/password', {
      currentPassword: 'fout',
      newPassword: 'nieuw-en-lang-genoeg-77',
    })
    expect(wrongCurrent.statusCode).toBe(400)
    expect(wrongCurrent.json().error.fields[0].path).toBe('body.currentPassword')
    const short = await c.post('/api/auth/password', { currentPassword: user.password, newPassword: 'kort' })
    expect(short.statusCode).toBe(400)
    expect(short.json().error.fields[0].path).toBe('body.newPassword')
    const common = await c.post('/api/auth/password', { currentPassword: user.password, newPassword: 'password1234' })
    expect(common.statusCode).toBe(400)
    expect(common.json().error.fields[0].path).toBe('body.newPassword')
  })

  it('disabling an account ends its sessions at once', async () => {
    const admin = await t.as(await t.make.admin())
    const user = await t.make.user()
    const c = await t.as(user)
    const current = await admin.get(`/api/admin/users/${user.id}`)
    const res = await admin.patch(
      `/api/admin/users/${user.id}`,
      { disabled: true },
      { 'if-match': current.headers.etag as string },
    )
    expect(res.statusCode).toBe(200)
    expect((await c.get('/api/auth/me')).statusCode).toBe(401)
  })

  it('an idle session ends after the idle timeout', async () => {
    const idle = await createTestApp({ SESSION_IDLE_MINUTES: '1' })
    try {
      const user = await idle.make.user()
      const c = await idle.as(user)
      const { sessions } = await import('../db/schema.ts')
      const { eq } = await import('drizzle-orm')
      await idle.testDb.database.db
        .update(sessions)
        .set({ lastSeenAt: new Date(Date.now() - 2 * 60_000) })
        .where(eq(sessions.userId, user.id))
      expect((await c.get('/api/auth/me')).statusCode).toBe(401)
    } finally {
      await idle.close()
    }
  })

  it('lets people change their own name and language', async () => {
    const user = await t.make.user()
    const c = await t.as(user)
    const res = await c.patch('/api/auth/me', { locale: 'en', name: 'Femke Oudeweg' })
    expect(res.statusCode).toBe(200)
    expect(res.json().user).toMatchObject({ locale: 'en', name: 'Femke Oudeweg' })
    expect((await c.patch('/api/auth/me', { locale: 'fr' })).json().error.fields[0].path).toBe('body.locale')
    // The very next request sees the change: the session this server had cached is forgotten.
    expect((await c.get('/api/auth/me')).json().user).toMatchObject({ locale: 'en', name: 'Femke Oudeweg' })
  })

  it('a session ended by a password change is refused at once, also when this server had it cached', async () => {
    const user = await t.make.user()
    const first = await t.as(user)
    const second = await t.as(user)
    expect((await first.get('/api/auth/me')).statusCode).toBe(200)
    const res = await second.post('/api/auth/password', {
      currentPassword: user.password,
      newPassword: 'Een heel nieuw wachtwoord voor 2027',
    })
    expect(res.statusCode).toBe(200)
    expect((await first.get('/api/auth/me')).statusCode).toBe(401)
    expect((await second.get('/api/auth/me')).statusCode).toBe(200)
  })
})

describe('request forgery', () => {
  it('refuses a state-changing request without the X-Requested-With header', async () => {
    const res = await t.anon.post('/api/auth/login', { email: 'a@b.nl', password: 'x' }, { 'x-requested-with': '' })
    expect(res.statusCode).toBe(403)
    expect(res.json().error.code).toBe('csrf')
  })

  it('refuses a state-changing request from another origin', async () => {
    const user = await t.make.user()
    const res = await t.anon.post(
      '/api/auth/login',
      { email: user.email, password: user.password },
      { origin: 'https://evil.example' },
    )
    expect(res.statusCode).toBe(403)
    expect(res.cookies).toHaveLength(0)
  })

  it('accepts the configured origin', async () => {
    const user = await t.make.user()
    const res = await t.anon.post(
      '/api/auth/login',
      { email: user.email, password: user.password },
      { origin: t.config.publicOrigin },
    )
    expect(res.statusCode).toBe(200)
  })
})
