import { and, eq, isNotNull } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, createTestApp, openCase, type TestApp, type TestUser } from '../../test/app.ts'
import { testDriver } from '../../test/db.ts'
import { startTestSmtp, type TestSmtp } from '../../test/smtp.ts'
import { buildApp } from '../app.ts'
import { testConfig } from '../config.ts'
import { type Database, openDatabase } from '../db/client.ts'
import { caseMembers, caseOrganisations, caseSteps, notifications } from '../db/schema.ts'
import { scanReminders } from './reminders.ts'

const PUBLIC_URL = 'http://veilig.rivierstede.example'
const DAY = 24 * 3_600_000

/** Polls until `check` holds, or fails after `ms`. */
async function until(check: () => boolean | Promise<boolean>, ms: number) {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`not within ${ms} ms`)
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

// Two instances share one PostgreSQL and nothing else; each runs its own reminder loop every
// second and sends through the same real SMTP server. Whatever both do, each reminder is written
// once and mailed once (ADR 026). Embedded PGlite is one process's database: a second instance
// cannot share it, so this runs on PostgreSQL; the scan's rules run on both in reminders.test.ts.
describe.runIf(testDriver() === 'postgres')('reminders on two instances of one PostgreSQL', () => {
  let smtp: TestSmtp
  let t: TestApp
  let b: { app: FastifyInstance; database: Database } | null = null
  let settings: Record<string, string>

  async function startB() {
    const database = await openDatabase({ url: t.testDb.url!, poolSize: 3 })
    const app = await buildApp(testConfig(settings), { database, serveWeb: false })
    b = { app, database }
  }
  async function stopB() {
    if (!b) return
    await b.app.close()
    await b.database.close()
    b = null
  }

  beforeAll(async () => {
    smtp = await startTestSmtp()
    settings = { REMINDER_INTERVAL_SECONDS: '1', SMTP_URL: smtp.url, PUBLIC_URL }
    t = await createTestApp(settings)
    await startB()
  })
  afterAll(async () => {
    await stopB()
    await t.close()
    await smtp.close()
  })

  const mailTo = (user: TestUser) =>
    smtp.messages.filter((m: ParsedMail) => m.to && 'text' in m.to && m.to.text === user.email)

  /**
   * A gemeente's case with the police and a woningcorporatie; the gemeente and the woningcorporatie
   * have marked step 1 done, the police have not. Members are written directly: with SMTP on, an
   * invitation's link goes by mail only.
   */
  async function parties(deadline: Date) {
    const gem = await t.make.organisation({ type: 'gemeente', name: `Gemeente ${Math.random()}` })
    const pol = await t.make.organisation({ type: 'politie', name: `Politie ${Math.random()}` })
    const won = await t.make.organisation({ type: 'woningcorporatie', name: `Woonstichting ${Math.random()}` })
    const lead = await t.make.user({ organisationId: gem.id })
    const leadClient = await t.as(lead)
    const caseId = await openCase(leadClient)
    const police = await t.make.user({ organisationId: pol.id })
    const housing = await t.make.user({ organisationId: won.id })
    await t.app.db.insert(caseMembers).values([
      { caseId, userId: police.id, organisationId: pol.id, role: 'partner' },
      { caseId, userId: housing.id, organisationId: won.id, role: 'partner' },
    ])
    await t.app.db.insert(caseOrganisations).values([
      { caseId, organisationId: pol.id },
      { caseId, organisationId: won.id },
    ])
    const done = async (c: Client) => {
      const res = await c.put(`/api/cases/${caseId}/steps/1/done`, { done: true }, { 'if-match': '"0"' })
      expect(res.statusCode, res.body).toBe(200)
    }
    await done(leadClient)
    await done(await t.as(housing))
    await t.app.db
      .update(caseSteps)
      .set({ status: 'open', deadline })
      .where(and(eq(caseSteps.caseId, caseId), eq(caseSteps.step, 1)))
    return { caseId, lead, police, housing, policeClient: await t.as(police), policeName: pol.name }
  }

  const reminderRows = (caseId: string) =>
    t.app.db
      .select({ userId: notifications.userId, key: notifications.key })
      .from(notifications)
      // Reminders only: the events of setting the case up notify people too (triggers.ts).
      .where(and(eq(notifications.caseId, caseId), isNotNull(notifications.key)))

  it('mails the 1-day reminder once to the organisation not done and one overview to the projectleider, with both running and one restarted', async () => {
    const deadline = new Date(Date.now() + 23 * 3_600_000)
    const p = await parties(deadline)
    await until(() => mailTo(p.police).length === 1 && mailTo(p.lead).length === 1, 10_000)

    // Several passes of both loops, then instance B restarts and scans again from scratch.
    await pause(2500)
    await stopB()
    await startB()
    await pause(2500)

    expect((await reminderRows(p.caseId)).map((r) => [r.userId, r.key]).sort()).toEqual(
      [
        [p.police.id, `step:${p.caseId}:1:${deadline.toISOString()}:1d`],
        [p.lead.id, `step_overview:${p.caseId}:1:${deadline.toISOString()}:1d`],
      ].sort(),
    )
    const [police] = mailTo(p.police)
    expect(mailTo(p.police)).toHaveLength(1)
    expect(police!.subject).toMatch(/: Stap 1 moet morgen klaar zijn$/)
    expect(police!.text).toContain(`${PUBLIC_URL}/dossiers/${p.caseId}/stap/1`)
    const [overview] = mailTo(p.lead)
    expect(mailTo(p.lead)).toHaveLength(1)
    expect(overview!.subject).toMatch(/: Stap 1: wie is nog niet klaar$/)
    expect(overview!.text).toContain(`${p.policeName} nog niet klaar`)
    // The woningcorporatie marked done: nothing.
    expect(mailTo(p.housing)).toEqual([])
  })

  it('mails an overdue deadline once the same way, and nothing more once the organisation marks done', async () => {
    const deadline = new Date(Date.now() - 8 * DAY)
    const p = await parties(deadline)
    await until(() => mailTo(p.police).length === 1 && mailTo(p.lead).length === 1, 10_000)
    await pause(2500)
    expect(mailTo(p.police)).toHaveLength(1)
    expect(mailTo(p.police)[0]!.subject).toMatch(/: Deadline van stap 1 verstreken$/)
    expect(mailTo(p.lead)[0]!.subject).toMatch(/: Stap 1: wie is te laat$/)
    expect(mailTo(p.housing)).toEqual([])

    // The police mark done. A week later the next weekly reminder would be due: nobody is late,
    // so neither the police nor the projectleider gets one, while both loops keep running.
    const res = await p.policeClient.put(`/api/cases/${p.caseId}/steps/1/done`, { done: true }, { 'if-match': '"0"' })
    expect(res.statusCode, res.body).toBe(200)
    const before = (await reminderRows(p.caseId)).length
    await scanReminders(t.app.db, new Date(Date.now() + 7 * DAY))
    await pause(2500)
    expect(await reminderRows(p.caseId)).toHaveLength(before)
    expect(mailTo(p.police)).toHaveLength(1)
    expect(mailTo(p.lead)).toHaveLength(1)
  })
})
