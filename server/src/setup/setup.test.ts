import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.ts'
import { ensureFirstAdmin } from './service.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('first administrator', () => {
  it('without ADMIN_EMAIL and without an admin, issues a single-use set-up link that creates the admin', async () => {
    const outcome = await ensureFirstAdmin(t.testDb.database.db, t.config)
    expect(outcome.kind).toBe('setup-link')
    const token = (outcome as { url: string }).url.split('/inrichten/')[1]!
    expect((await t.anon.get(`/api/setup/${token}`)).json().state).toBe('valid')

    const bad = await t.anon.post(`/api/setup/${token}`, { email: 'nope', name: '', password: 'kort' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining(['body.email', 'body.name', 'body.password', 'body.organisationName']),
    )

    const res = await t.anon.post(`/api/setup/${token}`, {
      email: 'beheer@rivierstede.example',
      name: 'Functioneel beheer',
      password: 'stadhuisplein-beheer-1',
      organisationName: 'Gemeente Rivierstede (beheer)',
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().user).toMatchObject({ isAdmin: true, organisation: { type: 'gemeente' } })
    expect((await t.anon.get(`/api/setup/${token}`)).json().state).toBe('used')
    expect((await ensureFirstAdmin(t.testDb.database.db, t.config)).kind).toBe('exists')
  })

  it('a newer set-up link makes the older one stop working', async () => {
    const fresh = await createTestApp()
    try {
      const first = (await ensureFirstAdmin(fresh.testDb.database.db, fresh.config)) as { url: string }
      await ensureFirstAdmin(fresh.testDb.database.db, fresh.config)
      const token = first.url.split('/inrichten/')[1]!
      expect((await fresh.anon.get(`/api/setup/${token}`)).json().state).toBe('used')
    } finally {
      await fresh.close()
    }
  })

  it('creates the admin from ADMIN_EMAIL and ADMIN_PASSWORD once, and leaves it alone after that', async () => {
    const env = await createTestApp({ ADMIN_EMAIL: 'Beheer@Gemeente.example', ADMIN_PASSWORD: 'zeer-geheim-beheer-99' })
    try {
      expect(await ensureFirstAdmin(env.testDb.database.db, env.config)).toEqual({
        kind: 'created',
        email: 'beheer@gemeente.example',
      })
      expect((await ensureFirstAdmin(env.testDb.database.db, env.config)).kind).toBe('exists')
      const res = await env.anon.post('/api/auth/login', {
        email: 'beheer@gemeente.example',
        password: 'zeer-geheim-beheer-99',
      })
      expect(res.statusCode).toBe(200)
      expect(res.json().user.isAdmin).toBe(true)
    } finally {
      await env.close()
    }
  })

  it('answers 404 to an unknown set-up token', async () => {
    expect((await t.anon.get(`/api/setup/${'x'.repeat(43)}`)).statusCode).toBe(404)
  })
})
