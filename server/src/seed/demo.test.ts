import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientFor, sessionCookieOf } from '../../test/app.ts'
import { createTestDatabase, type TestDatabase } from '../../test/db.ts'
import { buildApp } from '../app.ts'
import { testConfig } from '../config.ts'
import { DEMO_CASE, DEMO_ORGANISATIONS, isDatabaseEmpty, seedDemo } from './demo.ts'

let db: TestDatabase
let app: FastifyInstance
beforeAll(async () => {
  db = await createTestDatabase()
  expect(await isDatabaseEmpty(db.database.db)).toBe(true)
  await seedDemo(db.database.db, { password: 'demo-wachtwoord-voor-test' })
  app = await buildApp(testConfig(), { database: db.database, serveWeb: false })
})
afterAll(async () => {
  await app.close()
  await db.close()
})

async function signIn(email: string) {
  const res = await clientFor(app, null).post('/api/auth/login', { email, password: 'demo-wachtwoord-voor-test' })
  expect(res.statusCode).toBe(200)
  return clientFor(app, sessionCookieOf(res))
}

describe('demo data', () => {
  it('marks the database as no longer empty', async () => {
    expect(await isDatabaseEmpty(db.database.db)).toBe(false)
  })

  it('gives every demo organisation an account that sees the De Hoven case', async () => {
    for (const o of DEMO_ORGANISATIONS) {
      const c = await signIn(o.email)
      const mine = (await c.get('/api/cases')).json().items
      expect(mine).toHaveLength(1)
      expect(mine[0]).toMatchObject({
        title: DEMO_CASE.title,
        myRole: o.code === 'GEM' ? 'projectleider' : 'partner',
        memberCount: 7,
      })
    }
  })

  it('has the project group with belang, role and commitment of each organisation, and Iris as projectleider', async () => {
    const iris = await signIn('gemeente@rivierstede.example')
    const caseId = (await iris.get('/api/cases')).json().items[0].id
    const theCase = (await iris.get(`/api/cases/${caseId}`)).json()
    expect(theCase).toMatchObject({
      theme: 'verloedering',
      problemType: 'complex',
      projectleider: { name: 'Iris Brinkhorst' },
    })
    const jz = theCase.members.find((m: { name: string }) => m.name === 'Daan Meulenbelt')
    expect(jz).toMatchObject({
      belang: 'Jongeren niet criminaliseren',
      commitment: 'agreed',
      commitmentNote: 'Ca. 5 uur per week',
    })
    const pending = (await iris.get(`/api/cases/${caseId}/invitations`)).json().items
    expect(pending).toEqual([
      expect.objectContaining({ email: 'kabinet@rivierstede.example', state: 'pending', role: 'waarnemer' }),
    ])
    const log = (await iris.get(`/api/cases/${caseId}/activity?limit=200`)).json().items
    expect(log.at(-1)).toMatchObject({ type: 'case.created', actor: { name: 'Iris Brinkhorst' } })
    expect(Date.parse(log.at(-1).createdAt)).toBeLessThan(Date.now() - 199 * 86_400_000)
  })
})
