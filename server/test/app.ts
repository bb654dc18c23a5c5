import { appendFileSync } from 'node:fs'
import type { OrganisationType } from '@vp/shared'
import { eq } from 'drizzle-orm'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../src/app.ts'
import { hashPassword } from '../src/auth/passwords.ts'
import { type Config, testConfig } from '../src/config.ts'
import { organisations, sessions, users } from '../src/db/schema.ts'
import type { HubOptions } from '../src/live/hub.ts'
import { createTestDatabase, type TestDatabase } from './db.ts'

export const TEST_PASSWORD = 'kraanwater-lantaarnpaal-42'

export interface TestUser {
  id: string
  email: string
  name: string
  organisationId: string | null
  password: string
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
type Headers = Record<string, string>

/** A client bound to one signed-in user (or anonymous). Sends the CSRF header on writes. */
export interface Client {
  cookie: string | null
  request(method: Method, url: string, body?: unknown, headers?: Headers): Promise<LightMyRequestResponse>
  get(url: string, headers?: Headers): Promise<LightMyRequestResponse>
  post(url: string, body?: unknown, headers?: Headers): Promise<LightMyRequestResponse>
  patch(url: string, body?: unknown, headers?: Headers): Promise<LightMyRequestResponse>
  put(url: string, body?: unknown, headers?: Headers): Promise<LightMyRequestResponse>
  delete(url: string, headers?: Headers): Promise<LightMyRequestResponse>
}

export interface TestApp {
  app: FastifyInstance
  config: Config
  testDb: TestDatabase
  anon: Client
  /** Signs the user in through the real login route and returns their client. */
  as(user: TestUser): Promise<Client>
  /** The client for the session a response just started (e.g. accepting an invitation). */
  clientWithCookie(res: LightMyRequestResponse): Client
  make: {
    organisation(fields?: {
      name?: string
      type?: OrganisationType
      emailDomains?: string[]
    }): Promise<{ id: string; name: string }>
    user(fields?: {
      isAdmin?: boolean
      organisationId?: string | null
      disabled?: boolean
      name?: string
    }): Promise<TestUser>
    admin(): Promise<TestUser>
  }
  read: {
    user(id: string): Promise<typeof users.$inferSelect | undefined>
    openSessions(userId: string): Promise<number>
  }
  close(): Promise<void>
}

/** Set by `npm run audit:logs`: where every test app writes its log, at debug. */
const AUDIT_LOG = process.env.VP_AUDIT_LOG

let counter = 0
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`

export function clientFor(app: FastifyInstance, cookie: string | null): Client {
  const request = (method: Method, url: string, body?: unknown, headers: Headers = {}) => {
    const opts: InjectOptions = {
      method,
      url,
      headers: {
        ...(method !== 'GET' ? { 'x-requested-with': 'veiligheidsplanner' } : {}),
        ...(cookie ? { cookie } : {}),
        ...headers,
      },
    }
    if (body !== undefined) opts.payload = body as InjectOptions['payload']
    return app.inject(opts)
  }
  return {
    cookie,
    request,
    get: (url, h) => request('GET', url, undefined, h),
    post: (url, b, h) => request('POST', url, b ?? {}, h),
    patch: (url, b, h) => request('PATCH', url, b ?? {}, h),
    put: (url, b, h) => request('PUT', url, b ?? {}, h),
    delete: (url, h) => request('DELETE', url, undefined, h),
  }
}

/** The session cookie a response set, as a Cookie header value. */
export function sessionCookieOf(res: LightMyRequestResponse): string | null {
  const c = res.cookies.find((c) => c.name.endsWith('vp_session'))
  return c?.value ? `${c.name}=${c.value}` : null
}

/**
 * The real app on a fresh, migrated database of its own (PGlite or PostgreSQL, see test/db.ts),
 * with factories that write through the same tables the services use.
 */
export async function createTestApp(
  overrides: Record<string, string> = {},
  opts: { live?: HubOptions; testDb?: TestDatabase; logStream?: { write(line: string): void } } = {},
): Promise<TestApp> {
  const testDb = opts.testDb ?? (await createTestDatabase())
  // Every t.as() is a real login, and every accepted invitation a link, from one address, and
  // fixtures invite many people; the limit tests set their own limits. No housekeeping in the
  // background: tests that count statements would see its deletes; the maintenance tests run a
  // pass themselves.
  const config = testConfig({
    LOGIN_MAX_PER_IP: '100000',
    LINK_MAX_PER_IP: '100000',
    INVITATIONS_PER_USER_PER_HOUR: '100000',
    INVITATIONS_PER_CASE_PER_DAY: '100000',
    MAINTENANCE_INTERVAL_SECONDS: '0',
    // `npm run audit:logs` runs the suite with every server log at debug in one file, and greps it.
    ...(AUDIT_LOG ? { LOG_LEVEL: 'debug' } : {}),
    ...overrides,
  })
  const logStream =
    opts.logStream ?? (AUDIT_LOG ? { write: (line: string) => appendFileSync(AUDIT_LOG, line) } : undefined)
  const app = await buildApp(config, {
    database: testDb.database,
    serveWeb: false,
    live: opts.live,
    ...(logStream ? { logStream } : {}),
  })
  const db = testDb.database.db
  // One hash per file: argon2 is slow on purpose, and every factory user shares the password.
  const passwordHash = await hashPassword(TEST_PASSWORD)

  const make: TestApp['make'] = {
    async organisation(fields = {}) {
      const [org] = await db
        .insert(organisations)
        .values({
          name: fields.name ?? `Organisatie ${unique()}`,
          type: fields.type ?? 'gemeente',
          emailDomains: fields.emailDomains ?? [],
        })
        .returning()
      return org!
    },
    async user(fields = {}) {
      const organisationId =
        fields.organisationId === undefined ? (await make.organisation()).id : fields.organisationId
      const email = `user-${unique()}@example.test`
      const name = fields.name ?? `Persoon ${unique()}`
      const [u] = await db
        .insert(users)
        .values({
          email,
          name,
          organisationId,
          passwordHash,
          isAdmin: fields.isAdmin ?? false,
          disabled: fields.disabled ?? false,
        })
        .returning()
      return { id: u!.id, email, name, organisationId, password: TEST_PASSWORD }
    },
    admin: () => make.user({ isAdmin: true }),
  }

  const anon = clientFor(app, null)
  return {
    app,
    config,
    testDb,
    anon,
    async as(user) {
      const res = await anon.post('/api/auth/login', { email: user.email, password: user.password })
      if (res.statusCode !== 200) throw new Error(`login failed for ${user.email}: ${res.statusCode} ${res.body}`)
      return clientFor(app, sessionCookieOf(res))
    },
    clientWithCookie(res) {
      const cookie = sessionCookieOf(res)
      if (!cookie) throw new Error(`no session cookie in response: ${res.statusCode} ${res.body}`)
      return clientFor(app, cookie)
    },
    make,
    read: {
      async user(id) {
        const [u] = await db.select().from(users).where(eq(users.id, id))
        return u
      },
      async openSessions(userId) {
        const rows = await db.select().from(sessions).where(eq(sessions.userId, userId))
        return rows.filter((s) => s.endedAt === null).length
      },
    },
    async close() {
      await app.close()
      await testDb.close()
    },
  }
}

/** Opens a case as `lead` through the API and returns its id. */
export async function openCase(lead: Client, fields: Record<string, unknown> = {}) {
  const res = await lead.post('/api/cases', {
    title: 'Verloedering en overlast winkelcentrum De Hoven',
    gemeente: 'Rivierstede',
    theme: 'verloedering',
    problemType: 'complex',
    area: 'Winkelcentrum De Hoven',
    ...fields,
  })
  if (res.statusCode !== 201) throw new Error(`case not created: ${res.statusCode} ${res.body}`)
  return res.json().id as string
}

/** Changes a case's fields as `lead` (e.g. rename it, close it), on top of its current version. */
export async function changeCase(lead: Client, caseId: string, fields: Record<string, unknown>) {
  const current = await lead.get(`/api/cases/${caseId}`)
  const res = await lead.patch(`/api/cases/${caseId}`, fields, { 'if-match': current.headers.etag as string })
  if (res.statusCode !== 200) throw new Error(`case not changed: ${res.statusCode} ${res.body}`)
  return res
}

/** Invites and accepts through the API; returns the new member's client. */
export async function addMember(t: TestApp, lead: Client, caseId: string, user: TestUser, role = 'partner') {
  const inv = await lead.post(`/api/cases/${caseId}/invitations`, {
    email: user.email,
    organisationId: user.organisationId,
    role,
  })
  if (inv.statusCode !== 201) throw new Error(`invitation failed: ${inv.statusCode} ${inv.body}`)
  const token = (inv.json().link as string).split('/uitnodiging/')[1]!
  const c = await t.as(user)
  const acc = await c.post(`/api/invitations/${token}/accept`, {})
  if (acc.statusCode !== 200) throw new Error(`accept failed: ${acc.statusCode} ${acc.body}`)
  return c
}
