import { and, eq, gt, sql } from 'drizzle-orm'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, openCase, sessionCookieOf, type TestApp, type TestUser } from '../../test/app.ts'
import { accountKey } from '../auth/throttle.ts'
import { rateCounters } from '../db/schema.ts'

const MAX_ACCOUNT = 5
const MAX_LINK = 5
const WINDOW_MINUTES = 15
const PARALLEL = 40
const NEW_PASSWORD = 'nieuw-en-lang-genoeg-77'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({
    LOGIN_MAX_PER_ACCOUNT: String(MAX_ACCOUNT),
    LINK_MAX_PER_IP: String(MAX_LINK),
    LOGIN_WINDOW_MINUTES: String(WINDOW_MINUTES),
    LINK_WINDOW_MINUTES: String(WINDOW_MINUTES),
  })
})
afterAll(() => t.close())

// Each test speaks from its own client address, so the per-address limits of one test never
// touch another's.
let addresses = 0
const nextAddress = () => `10.1.${Math.floor(addresses / 250)}.${(addresses++ % 250) + 1}`

function send(
  method: 'GET' | 'POST',
  url: string,
  opts: { body?: unknown; cookie?: string | null; address: string; app?: TestApp },
): Promise<LightMyRequestResponse> {
  return (opts.app ?? t).app.inject({
    method,
    url,
    remoteAddress: opts.address,
    headers: {
      ...(method === 'POST' ? { 'x-requested-with': 'veiligheidsplanner' } : {}),
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
    },
    ...(opts.body !== undefined ? { payload: opts.body as object } : {}),
  })
}

const login = (user: { email: string }, password: string, address: string, app?: TestApp) =>
  send('POST', '/api/auth/login', { body: { email: user.email, password }, address, app })

/**
 * The counters use fixed windows: a burst that straddles the end of one would see two budgets.
 * Start every burst at least ten seconds away from a window's end.
 */
async function awayFromWindowEdge() {
  const size = WINDOW_MINUTES * 60_000
  const left = size - (Date.now() % size)
  if (left < 10_000) await new Promise((r) => setTimeout(r, left + 50))
}

/** The hits counted for a subject in the current window. */
async function hitsOf(key: string) {
  const rows = await t.app.db
    .select({ hits: rateCounters.hits })
    .from(rateCounters)
    .where(and(eq(rateCounters.key, key), gt(rateCounters.expiresAt, new Date())))
  return rows.reduce((n, r) => n + r.hits, 0)
}

/** Moves a subject's counters one window into the past: what happens when the window ends. */
async function endWindow(key: string) {
  await t.app.db
    .update(rateCounters)
    .set({
      windowStart: sql`${rateCounters.windowStart} - make_interval(mins => ${WINDOW_MINUTES})`,
      expiresAt: sql`${rateCounters.expiresAt} - make_interval(mins => ${WINDOW_MINUTES})`,
    })
    .where(eq(rateCounters.key, key))
}

function tally(responses: LightMyRequestResponse[]) {
  const byStatus: Record<number, number> = {}
  for (const r of responses) byStatus[r.statusCode] = (byStatus[r.statusCode] ?? 0) + 1
  return byStatus
}

function expectRateLimited(responses: LightMyRequestResponse[]) {
  for (const r of responses.filter((r) => r.statusCode === 429)) {
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0)
    expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(WINDOW_MINUTES * 60)
    expect(r.json().error.code).toBe('rate_limited')
  }
}

describe('sign-in limit per account', () => {
  it('checks at most LOGIN_MAX_PER_ACCOUNT of 40 parallel wrong passwords; the rest get 429 with Retry-After', async () => {
    const user = await t.make.user()
    await awayFromWindowEdge()
    // Each from its own address: only the per-account limit is in play.
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, () => login(user, 'fout-fout-fout', nextAddress())),
    )
    // Every 401 is one password check; a 429 is answered before any check.
    expect(tally(responses)).toEqual({ 401: MAX_ACCOUNT, 429: PARALLEL - MAX_ACCOUNT })
    expectRateLimited(responses)
    expect(await hitsOf(`login.account:${accountKey(user.email)}`)).toBe(PARALLEL)
  })

  it('limits an unknown e-mail address exactly like a known one, with the same 401 body', async () => {
    const known = await t.make.user()
    const unknown = { email: `ghost-${Date.now()}@example.test` }
    await awayFromWindowEdge()
    const [forKnown, forUnknown] = await Promise.all(
      [known, unknown].map((u) =>
        Promise.all(Array.from({ length: PARALLEL }, () => login(u, 'fout-fout-fout', nextAddress()))),
      ),
    )
    expect(tally(forKnown!)).toEqual(tally(forUnknown!))
    expect(forUnknown!.find((r) => r.statusCode === 401)!.body).toBe(forKnown!.find((r) => r.statusCode === 401)!.body)
  })

  it('holds across instances: two servers on one database share the budget', async () => {
    const second = await createTestApp({ LOGIN_MAX_PER_ACCOUNT: String(MAX_ACCOUNT) }, { testDb: t.testDb })
    try {
      const user = await t.make.user()
      await awayFromWindowEdge()
      const responses = await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) =>
          login(user, 'fout-fout-fout', nextAddress(), i % 2 === 0 ? t : second),
        ),
      )
      expect(tally(responses)).toEqual({ 401: MAX_ACCOUNT, 429: PARALLEL - MAX_ACCOUNT })
    } finally {
      await second.app.close()
    }
  })

  it('refuses the right password past the limit until the window ends, then signs in', async () => {
    const user = await t.make.user()
    await awayFromWindowEdge()
    for (let i = 0; i < MAX_ACCOUNT; i++) expect((await login(user, 'fout', nextAddress())).statusCode).toBe(401)
    const refused = await login(user, user.password, nextAddress())
    expect(refused.statusCode).toBe(429)
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)

    await endWindow(`login.account:${accountKey(user.email)}`)
    expect((await login(user, user.password, nextAddress())).statusCode).toBe(200)
  })

  it('a successful sign-in clears the count: the full budget is there again', async () => {
    const user = await t.make.user()
    await awayFromWindowEdge()
    for (let i = 0; i < MAX_ACCOUNT - 1; i++) expect((await login(user, 'fout', nextAddress())).statusCode).toBe(401)
    expect((await login(user, user.password, nextAddress())).statusCode).toBe(200)
    expect(await hitsOf(`login.account:${accountKey(user.email)}`)).toBe(0)
    const codes: number[] = []
    for (let i = 0; i <= MAX_ACCOUNT; i++) codes.push((await login(user, 'fout', nextAddress())).statusCode)
    expect(codes).toEqual([...Array(MAX_ACCOUNT).fill(401), 429])
  })

  it('counts the e-mail address as typed in any case under one key', async () => {
    const user = await t.make.user()
    await awayFromWindowEdge()
    const codes: number[] = []
    for (let i = 0; i <= MAX_ACCOUNT; i++) {
      const email = i % 2 ? user.email.toUpperCase() : ` ${user.email}`
      codes.push((await login({ email }, 'fout', nextAddress())).statusCode)
    }
    expect(codes.slice(-1)).toEqual([429])
  })
})

describe('sign-in limit per client address', () => {
  it('counts every attempt from one address across accounts, atomically', async () => {
    const limited = await createTestApp({ LOGIN_MAX_PER_IP: '7' }, { testDb: t.testDb })
    try {
      const address = nextAddress()
      await awayFromWindowEdge()
      const responses = await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) =>
          login({ email: `x${i}-${Date.now()}@example.test` }, 'fout', address, limited),
        ),
      )
      expect(tally(responses)).toEqual({ 401: 7, 429: PARALLEL - 7 })
      expectRateLimited(responses)
      // Another address is not affected.
      expect((await login({ email: 'y@example.test' }, 'fout', nextAddress(), limited)).statusCode).toBe(401)
    } finally {
      await limited.app.close()
    }
  })
})

describe('changing the password', () => {
  async function signIn(user: TestUser) {
    const res = await login(user, user.password, nextAddress())
    expect(res.statusCode).toBe(200)
    return sessionCookieOf(res)
  }
  const change = (cookie: string | null, currentPassword: string) =>
    send('POST', '/api/auth/password', {
      body: { currentPassword, newPassword: NEW_PASSWORD },
      cookie,
      address: nextAddress(),
    })

  it('checks at most LOGIN_MAX_PER_ACCOUNT of 40 parallel wrong current passwords, from the sign-in budget', async () => {
    const user = await t.make.user()
    const cookie = await signIn(user)
    await awayFromWindowEdge()
    const responses = await Promise.all(Array.from({ length: PARALLEL }, () => change(cookie, 'fout-fout-fout')))
    expect(tally(responses)).toEqual({ 400: MAX_ACCOUNT, 429: PARALLEL - MAX_ACCOUNT })
    expectRateLimited(responses)
    expect(await hitsOf(`login.account:${accountKey(user.email)}`)).toBe(PARALLEL)

    // The same budget as signing in: the right current password and a login are refused too…
    expect((await change(cookie, user.password)).statusCode).toBe(429)
    expect((await login(user, user.password, nextAddress())).statusCode).toBe(429)
    // …until the window ends.
    await endWindow(`login.account:${accountKey(user.email)}`)
    expect((await change(cookie, user.password)).statusCode).toBe(200)
    expect(await hitsOf(`login.account:${accountKey(user.email)}`)).toBe(0)
  })

  it('a refused new password does not cost an attempt at the current one', async () => {
    const user = await t.make.user()
    const cookie = await signIn(user)
    for (let i = 0; i < MAX_ACCOUNT + 2; i++) {
      const res = await send('POST', '/api/auth/password', {
        body: { currentPassword: 'fout', newPassword: 'password1234' },
        cookie,
        address: nextAddress(),
      })
      expect(res.statusCode).toBe(400)
      expect(res.json().error.fields[0].path).toBe('body.newPassword')
    }
    expect(await hitsOf(`login.account:${accountKey(user.email)}`)).toBe(0)
  })
})

describe('accepting an invitation with a password', () => {
  it('checks at most LOGIN_MAX_PER_ACCOUNT of 40 parallel wrong passwords for the invited account', async () => {
    const lead = await t.as(await t.make.user())
    const caseId = await openCase(lead)
    const invitee = await t.make.user()
    const inv = await lead.post(`/api/cases/${caseId}/invitations`, {
      email: invitee.email,
      organisationId: invitee.organisationId,
      role: 'partner',
    })
    expect(inv.statusCode).toBe(201)
    const token = (inv.json().link as string).split('/uitnodiging/')[1]!
    await awayFromWindowEdge()
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, () =>
        send('POST', `/api/invitations/${token}/accept`, {
          body: { password: 'fout-fout-fout' },
          address: nextAddress(),
        }),
      ),
    )
    expect(tally(responses)).toEqual({ 401: MAX_ACCOUNT, 429: PARALLEL - MAX_ACCOUNT })
    expectRateLimited(responses)
    // The same budget as signing in.
    expect((await login(invitee, invitee.password, nextAddress())).statusCode).toBe(429)
  })
})

describe('anonymous token routes, per client address', () => {
  const guess = () => `geraden-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`
  const routes: { name: string; method: 'GET' | 'POST'; url: () => string; body?: unknown; checked: number[] }[] = [
    { name: 'GET /api/invitations/:token', method: 'GET', url: () => `/api/invitations/${guess()}`, checked: [404] },
    {
      name: 'POST /api/invitations/:token/accept',
      method: 'POST',
      url: () => `/api/invitations/${guess()}/accept`,
      body: { name: 'Gast', password: 'raden-raden-raden-1' },
      checked: [404],
    },
    {
      name: 'GET /api/auth/password-links/:token',
      method: 'GET',
      url: () => `/api/auth/password-links/${guess()}`,
      checked: [404],
    },
    {
      name: 'POST /api/auth/password-links/:token',
      method: 'POST',
      url: () => `/api/auth/password-links/${guess()}`,
      body: { password: 'raden-raden-raden-1' },
      checked: [404],
    },
    { name: 'GET /api/setup/:token', method: 'GET', url: () => `/api/setup/${guess()}`, checked: [404] },
    {
      name: 'POST /api/setup/:token',
      method: 'POST',
      url: () => `/api/setup/${guess()}`,
      body: {
        email: 'beheer@example.test',
        name: 'Beheer',
        password: 'raden-raden-raden-1',
        organisationName: 'Gemeente',
      },
      checked: [403, 404, 409],
    },
  ]

  for (const route of routes) {
    it(`${route.name}: of 40 parallel guesses from one address at most LINK_MAX_PER_IP are looked up`, async () => {
      const address = nextAddress()
      await awayFromWindowEdge()
      const responses = await Promise.all(
        Array.from({ length: PARALLEL }, () => send(route.method, route.url(), { body: route.body, address })),
      )
      const looked = responses.filter((r) => r.statusCode !== 429)
      expect(looked).toHaveLength(MAX_LINK)
      for (const r of looked) expect(route.checked).toContain(r.statusCode)
      expectRateLimited(responses)
      expect(await hitsOf(`link.address:${address}`)).toBe(PARALLEL)
      // Another address still gets its answer.
      const other = await send(route.method, route.url(), { body: route.body, address: nextAddress() })
      expect(route.checked).toContain(other.statusCode)
    })
  }

  it('one budget for every link route: guesses on one kind of link count against the others', async () => {
    const address = nextAddress()
    await awayFromWindowEdge()
    for (let i = 0; i < MAX_LINK; i++) await send('GET', `/api/invitations/${guess()}`, { address })
    expect((await send('GET', `/api/auth/password-links/${guess()}`, { address })).statusCode).toBe(429)
  })
})
