import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

describe('configuration', () => {
  it('starts with defaults when nothing is set', () => {
    const c = loadConfig({})
    expect(c.PORT).toBe(3000)
    expect(c.DATA_DIR).toBe('./data')
    expect(c.DATABASE_URL).toBeUndefined()
    expect(c.SESSION_IDLE_MINUTES).toBe(30)
    expect(c.SESSION_MAX_MINUTES).toBe(720)
    expect(c.sessionIdleMs).toBe(30 * 60_000)
    expect(c.sessionMaxMs).toBe(720 * 60_000)
    expect(c.LIVE_MAX_SOCKETS_PER_SESSION).toBe(8)
    expect(c.publicOrigin).toBe('http://localhost:3000')
    expect(c.secureCookies).toBe(false)
    expect(c.INVITATIONS_PER_USER_PER_HOUR).toBe(20)
    expect(c.INVITATIONS_PER_CASE_PER_DAY).toBe(50)
    expect(c.MAIL_RETRY_SECONDS).toBe(60)
  })

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['PUBLIC_URL', 'ftp://example.org'],
    ['SESSION_SECRET', 'too-short'],
    ['SEED_DEMO', 'maybe'],
    ['LOG_LEVEL', 'loud'],
    ['SMTP_URL', 'http://mail'],
    ['ALLOWED_ORIGINS', 'not a url'],
    ['SESSION_IDLE_MINUTES', '0'],
    ['SESSION_IDLE_SECONDS', '0'],
    ['LIVE_MAX_MESSAGES', 'many'],
  ])('rejects %s=%s with one line naming the variable', (name, value) => {
    let error: unknown
    try {
      loadConfig({ [name]: value })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as Error).message
    expect(message.split('\n')).toHaveLength(1)
    expect(message).toContain(name)
  })

  it('takes the session limits in seconds when given, for tests', () => {
    const c = loadConfig({ SESSION_IDLE_SECONDS: '3', SESSION_MAX_SECONDS: '7', SESSION_IDLE_MINUTES: '5' })
    expect(c.sessionIdleMs).toBe(3000)
    expect(c.sessionMaxMs).toBe(7000)
  })

  it('never prints the value of a secret', () => {
    expect(() => loadConfig({ SESSION_SECRET: 'short-secret' })).toThrow(/SESSION_SECRET/)
    try {
      loadConfig({ SESSION_SECRET: 'short-secret' })
    } catch (e) {
      expect((e as Error).message).not.toContain('short-secret')
    }
  })

  it('requires ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.nl' })).toThrow(/ADMIN_EMAIL and ADMIN_PASSWORD/)
  })

  it('uses secure cookies and allows the public origin behind https', () => {
    const c = loadConfig({ PUBLIC_URL: 'https://veilig.gemeente.nl/', ALLOWED_ORIGINS: 'https://intranet.gemeente.nl' })
    expect(c.secureCookies).toBe(true)
    expect(c.allowedOrigins).toEqual(['https://veilig.gemeente.nl', 'https://intranet.gemeente.nl'])
  })

  it('reads booleans as people write them', () => {
    expect(loadConfig({ SEED_DEMO: 'false' }).SEED_DEMO).toBe(false)
    expect(loadConfig({ SEED_DEMO: '1' }).SEED_DEMO).toBe(true)
    expect(loadConfig({}).SEED_DEMO).toBeUndefined()
  })
})
