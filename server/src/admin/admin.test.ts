import { AdminUserWithLinkSchema, OrganisationSchema } from '@vp/shared'
import { and, eq, notInArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, createTestApp, type TestApp } from '../../test/app.ts'
import { users } from '../db/schema.ts'

let t: TestApp
let admin: Client
beforeAll(async () => {
  t = await createTestApp()
  admin = await t.as(await t.make.admin())
})
afterAll(() => t.close())

const ADMIN_ROUTES: [string, string, unknown?][] = [
  ['GET', '/api/admin/organisations'],
  ['POST', '/api/admin/organisations', { name: 'X', type: 'politie' }],
  ['GET', '/api/admin/organisations/00000000-0000-4000-8000-000000000000'],
  ['PATCH', '/api/admin/organisations/00000000-0000-4000-8000-000000000000', { name: 'Y' }],
  ['GET', '/api/admin/users'],
  ['POST', '/api/admin/users', { email: 'x@example.test', name: 'X', organisationId: null }],
  ['GET', '/api/admin/users/00000000-0000-4000-8000-000000000000'],
  ['PATCH', '/api/admin/users/00000000-0000-4000-8000-000000000000', { disabled: true }],
  ['GET', '/api/admin/pending-accounts'],
  ['POST', '/api/admin/pending-accounts/00000000-0000-4000-8000-000000000000/approve', {}],
  ['POST', '/api/admin/pending-accounts/00000000-0000-4000-8000-000000000000/reject', {}],
]

describe('admin-only routes', () => {
  it.each(ADMIN_ROUTES)('%s %s answers 401 to an anonymous caller', async (method, url, body) => {
    const res = await t.anon.request(method as 'GET', url, body, { 'if-match': '"1"' })
    expect(res.statusCode).toBe(401)
    expect(res.json().error.code).toBe('unauthenticated')
  })

  it.each(ADMIN_ROUTES)('%s %s answers 403 to a signed-in non-admin and changes nothing', async (method, url, body) => {
    const user = await t.as(await t.make.user())
    const before = (await admin.get('/api/admin/organisations?limit=200')).json().items.length
    const res = await user.request(method as 'GET', url, body, { 'if-match': '"1"' })
    expect(res.statusCode).toBe(403)
    expect((await admin.get('/api/admin/organisations?limit=200')).json().items.length).toBe(before)
  })

  it('lets any signed-in person list organisations to invite, but not anonymously', async () => {
    const org = await t.make.organisation({ name: `Veiligheidshuis ${Date.now()}`, type: 'veiligheidshuis' })
    const user = await t.as(await t.make.user())
    const res = await user.get('/api/organisations')
    expect(res.statusCode).toBe(200)
    expect(res.json().items).toContainEqual({ id: org.id, name: org.name, type: 'veiligheidshuis', confirmed: true })
    expect((await t.anon.get('/api/organisations')).statusCode).toBe(401)
  })
})

describe('organisations', () => {
  it('creates an organisation with Location and ETag, and refuses a duplicate name', async () => {
    const name = `Politie Noord ${Date.now()}`
    const res = await admin.post('/api/admin/organisations', { name, type: 'politie' })
    expect(res.statusCode).toBe(201)
    const org = OrganisationSchema.parse(res.json())
    expect(res.headers.location).toBe(`/api/admin/organisations/${org.id}`)
    expect(res.headers.etag).toBe('"1"')
    const dup = await admin.post('/api/admin/organisations', { name: name.toUpperCase(), type: 'politie' })
    expect(dup.statusCode).toBe(409)
  })

  it('rejects an unknown organisation type, naming the field', async () => {
    const res = await admin.post('/api/admin/organisations', { name: 'Iets', type: 'bakkerij' })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.fields[0].path).toBe('body.type')
  })

  it('renames with If-Match: 428 without it, 412 with a stale one (with the current version), 200 with the right one', async () => {
    const org = await t.make.organisation()
    const url = `/api/admin/organisations/${org.id}`
    expect((await admin.patch(url, { name: 'Nieuw A' })).statusCode).toBe(428)
    const ok = await admin.patch(url, { name: `Nieuw ${org.id}` }, { 'if-match': '"1"' })
    expect(ok.statusCode).toBe(200)
    expect(ok.headers.etag).toBe('"2"')
    const stale = await admin.patch(url, { name: 'Weer anders' }, { 'if-match': '"1"' })
    expect(stale.statusCode).toBe(412)
    expect(stale.json().current).toMatchObject({ name: `Nieuw ${org.id}`, version: 2 })
    expect((await admin.get(url)).json().name).toBe(`Nieuw ${org.id}`)
  })

  it('sets e-mail domains lower-case and without repeats, and refuses one that is not a domain, naming it', async () => {
    const created = await admin.post('/api/admin/organisations', { name: 'Politie Oost-Brabant', type: 'politie' })
    expect(created.json().emailDomains).toEqual([])
    const url = `/api/admin/organisations/${created.json().id}`
    const bad = await admin.patch(url, { emailDomains: ['politie.nl', 'geen domein'] }, { 'if-match': '"1"' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.fields[0].path).toBe('body.emailDomains.1')
    const ok = await admin.patch(
      url,
      { emailDomains: [' Politie.NL', 'politie.nl', 'oost.politie.nl'] },
      { 'if-match': '"1"' },
    )
    expect(ok.statusCode).toBe(200)
    expect(OrganisationSchema.parse(ok.json()).emailDomains).toEqual(['oost.politie.nl', 'politie.nl'])
    expect((await admin.get(url)).json().emailDomains).toEqual(['oost.politie.nl', 'politie.nl'])
  })

  it('pages the list with a cursor, without gaps or repeats', async () => {
    for (let i = 0; i < 5; i++) await t.make.organisation()
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const q: string = cursor ? `&cursor=${cursor}` : ''
      const page = (await admin.get(`/api/admin/organisations?limit=2${q}`)).json()
      seen.push(...page.items.map((o: { id: string }) => o.id))
      cursor = page.nextCursor
    } while (cursor)
    const all = (await admin.get('/api/admin/organisations?limit=200')).json().items.map((o: { id: string }) => o.id)
    expect(seen).toEqual(all)
    expect((await admin.get('/api/admin/organisations?cursor=%%%')).statusCode).toBe(400)
  })
})

describe('accounts', () => {
  it('creates an account with a single-use link; the person sets a password and is signed in', async () => {
    const org = await t.make.organisation()
    const email = `noor-${Date.now()}@woonstichting.example`
    const res = await admin.post('/api/admin/users', { email, name: 'Noor Hazelaar', organisationId: org.id })
    expect(res.statusCode).toBe(201)
    const { user, setPasswordLink } = AdminUserWithLinkSchema.parse(res.json())
    expect(user).toMatchObject({ email, hasPassword: false, isAdmin: false, disabled: false })
    const token = setPasswordLink!.url.split('/wachtwoord-instellen/')[1]!
    expect((await t.anon.get(`/api/auth/password-links/${token}`)).json()).toMatchObject({ state: 'valid', email })
    expect((await t.anon.post(`/api/auth/password-links/${token}`, { password: 'password1234' })).statusCode).toBe(400)
    const set = await t.anon.post(`/api/auth/password-links/${token}`, { password: 'portiekflat-hovenlaan-41' })
    expect(set.statusCode).toBe(200)
    expect(set.json().user.email).toBe(email)
    // Single use.
    expect((await t.anon.get(`/api/auth/password-links/${token}`)).json().state).toBe('used')
    const again = await t.anon.post(`/api/auth/password-links/${token}`, { password: 'nog-een-ander-wachtwoord' })
    expect(again.statusCode).toBe(400)
    expect(again.json().error.message).toMatch(/al gebruikt/)
    expect((await t.anon.post('/api/auth/login', { email, password: 'portiekflat-hovenlaan-41' })).statusCode).toBe(200)
  })

  it('refuses a duplicate email and an unknown organisation, naming the field', async () => {
    const existing = await t.make.user()
    const dup = await admin.post('/api/admin/users', { email: existing.email, name: 'X', organisationId: null })
    expect(dup.statusCode).toBe(409)
    const badOrg = await admin.post('/api/admin/users', {
      email: `x-${Date.now()}@example.test`,
      name: 'X',
      organisationId: '00000000-0000-4000-8000-000000000000',
    })
    expect(badOrg.statusCode).toBe(400)
    expect(badOrg.json().error.fields[0].path).toBe('body.organisationId')
  })

  it('a reset ends the sessions, clears the password and returns a new link', async () => {
    const user = await t.make.user()
    const c = await t.as(user)
    const etag = (await admin.get(`/api/admin/users/${user.id}`)).headers.etag as string
    const res = await admin.patch(`/api/admin/users/${user.id}`, { resetPassword: true }, { 'if-match': etag })
    expect(res.statusCode).toBe(200)
    expect(res.json().setPasswordLink.url).toContain('/wachtwoord-instellen/')
    expect(res.json().user.hasPassword).toBe(false)
    expect((await c.get('/api/auth/me')).statusCode).toBe(401)
    expect((await t.anon.post('/api/auth/login', { email: user.email, password: user.password })).statusCode).toBe(401)
  })

  it('re-enabling lets the person sign in again', async () => {
    const user = await t.make.user({ disabled: true })
    const etag = (await admin.get(`/api/admin/users/${user.id}`)).headers.etag as string
    expect(
      (await admin.patch(`/api/admin/users/${user.id}`, { disabled: false }, { 'if-match': etag })).statusCode,
    ).toBe(200)
    expect((await t.anon.post('/api/auth/login', { email: user.email, password: user.password })).statusCode).toBe(200)
  })

  it('refuses to disable or demote the last active admin', async () => {
    const solo = await createTestApp()
    try {
      const only = await solo.make.admin()
      const c = await solo.as(only)
      const res = await c.patch(`/api/admin/users/${only.id}`, { isAdmin: false }, { 'if-match': '"1"' })
      expect(res.statusCode).toBe(409)
      expect((await solo.read.user(only.id))?.isAdmin).toBe(true)
    } finally {
      await solo.close()
    }
  })

  it('leaves an admin when the only two demote each other at the same moment', async () => {
    const duo = await createTestApp()
    try {
      for (let round = 0; round < 5; round++) {
        const a = await duo.make.admin()
        const b = await duo.make.admin()
        // Earlier rounds' pairs would otherwise count as the remaining admins.
        await duo.testDb.database.db
          .update(users)
          .set({ isAdmin: false })
          .where(and(eq(users.isAdmin, true), notInArray(users.id, [a.id, b.id])))
        const [ca, cb] = [await duo.as(a), await duo.as(b)]
        const results = await Promise.all([
          ca.patch(`/api/admin/users/${b.id}`, { isAdmin: false }, { 'if-match': '"1"' }),
          cb.patch(`/api/admin/users/${a.id}`, { isAdmin: false }, { 'if-match': '"1"' }),
        ])
        const codes = results.map((r) => r.statusCode)
        // One demotion wins; the other finds the loser is now the last admin (or has lost the right).
        expect(codes.filter((c) => c === 200)).toHaveLength(1)
        expect(codes.filter((c) => c === 409 || c === 403)).toHaveLength(1)
        const left = [(await duo.read.user(a.id))?.isAdmin, (await duo.read.user(b.id))?.isAdmin]
        expect(left.filter(Boolean)).toHaveLength(1)
      }
    } finally {
      await duo.close()
    }
  }, 60_000)
})
