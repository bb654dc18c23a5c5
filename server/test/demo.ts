import { type Item, type ItemView, StepDetailSchema } from '@vp/shared'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect } from 'vitest'
import { buildApp } from '../src/app.ts'
import { testConfig } from '../src/config.ts'
import { DEMO_ORGANISATIONS, isDatabaseEmpty, seedDemo } from '../src/seed/demo.ts'
import { type Client, clientFor, sessionCookieOf } from './app.ts'
import { createTestDatabase, type TestDatabase } from './db.ts'

const DAY = 86_400_000
export const DEMO_TEST_PASSWORD = 'demo-wachtwoord-voor-test'

/**
 * A test file's own database with the demo seeded at `now`, and an app on it. Call at the top
 * of the file; the fields are filled before the first test.
 */
export function seededDemo() {
  const now = new Date()
  const demo = {
    now,
    T: (days: number) => new Date(now.getTime() + days * DAY),
    D: (days: number) => new Date(now.getTime() + days * DAY).toISOString().slice(0, 10),
    db: null as unknown as TestDatabase,
    app: null as unknown as FastifyInstance,
    seeded: null as unknown as Awaited<ReturnType<typeof seedDemo>>,
    async signIn(email: string) {
      const res = await clientFor(demo.app, null).post('/api/auth/login', { email, password: DEMO_TEST_PASSWORD })
      expect(res.statusCode).toBe(200)
      return clientFor(demo.app, sessionCookieOf(res))
    },
    /** Signed in as the demo person of the organisation with this code. */
    as: (code: string) => demo.signIn(DEMO_ORGANISATIONS.find((o) => o.code === code)!.email),
    org: (code: string) => demo.seeded.accounts.find((a) => a.code === code)!.organisationId,
    user: (code: string) => demo.seeded.accounts.find((a) => a.code === code)!.userId,
  }
  // The seed runs a few hundred commands through the services (ADR 017): more than the default
  // hook timeout allows on a busy machine.
  beforeAll(async () => {
    demo.db = await createTestDatabase()
    expect(await isDatabaseEmpty(demo.db.database.db)).toBe(true)
    demo.seeded = await seedDemo(demo.db.database.db, { password: DEMO_TEST_PASSWORD, config: testConfig(), now })
    demo.app = await buildApp(testConfig(), { database: demo.db.database, serveWeb: false })
  }, 240_000)
  afterAll(async () => {
    await demo.app?.close()
    await demo.db?.close()
  })
  return demo
}

export async function stepItems(c: Client, caseId: string, step: number) {
  const res = await c.get(`/api/cases/${caseId}/steps/${step}`)
  expect(res.statusCode, res.body).toBe(200)
  return StepDetailSchema.parse(res.json()).items
}

export const full = (items: ItemView[]) => items.filter((i): i is Item => !i.restricted)

export const byTitle = (items: ItemView[], title: string) => {
  const found = full(items).find((i) => i.title === title)
  if (!found) throw new Error(`no item "${title}"`)
  return found
}

/** The whole event log of a case, newest first, through the activity API's pages. */
export async function wholeLog(c: Client, caseId: string) {
  const events: { seq: number; type: string; createdAt: string; visible: boolean; [k: string]: unknown }[] = []
  let cursor: string | null = null
  do {
    const url: string = `/api/cases/${caseId}/activity?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
    const page = (await c.get(url)).json()
    events.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return events
}
