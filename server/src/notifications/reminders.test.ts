import { dutchDay } from '@vp/shared'
import { and, eq, isNotNull } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, type Client, createTestApp, openCase, type TestApp, type TestUser } from '../../test/app.ts'
import {
  actionParticipants,
  actions,
  actionUpdates,
  caseMembers,
  caseSteps,
  cases,
  commitments,
  items,
  notifications,
} from '../db/schema.ts'
import { scanReminders } from './reminders.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const at = (base: Date, ms: number) => new Date(base.getTime() + ms)

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

interface Party {
  caseId: string
  lead: TestUser
  leadClient: Client
  /** Two people of one organisation. */
  police: TestUser[]
  policeClient: Client
  shops: TestUser
  shopsClient: Client
  watcher: TestUser
}

/** A case with a projectleider, two police officers, a shop owner and a waarnemer; step 1 open. */
async function party(fields: Record<string, unknown> = {}): Promise<Party> {
  const lead = await t.make.user()
  const leadClient = await t.as(lead)
  const caseId = await openCase(leadClient, fields)
  const policeOrg = await t.make.organisation({ type: 'politie' })
  const police = [
    await t.make.user({ organisationId: policeOrg.id }),
    await t.make.user({ organisationId: policeOrg.id }),
  ]
  const policeClient = await addMember(t, leadClient, caseId, police[0]!)
  await addMember(t, leadClient, caseId, police[1]!)
  const shops = await t.make.user()
  const shopsClient = await addMember(t, leadClient, caseId, shops)
  const watcher = await t.make.user()
  await addMember(t, leadClient, caseId, watcher, 'waarnemer')
  await t.app.db
    .update(caseSteps)
    .set({ status: 'open' })
    .where(and(eq(caseSteps.caseId, caseId), eq(caseSteps.step, 1)))
  return { caseId, lead, leadClient, police, policeClient, shops, shopsClient, watcher }
}

async function setDeadline(caseId: string, deadline: Date | null, step = 1) {
  await t.app.db
    .update(caseSteps)
    .set({ deadline })
    .where(and(eq(caseSteps.caseId, caseId), eq(caseSteps.step, step)))
}

/** Marks the client's organisation done with step 1 through the API, as a person would. */
async function markDone(c: Client, caseId: string) {
  const res = await c.put(`/api/cases/${caseId}/steps/1/done`, { done: true }, { 'if-match': '"0"' })
  expect(res.statusCode).toBe(200)
}

async function sent(caseId: string) {
  return (
    t.app.db
      .select({
        userId: notifications.userId,
        type: notifications.type,
        key: notifications.key,
        data: notifications.data,
      })
      .from(notifications)
      // Reminders only: the events of setting the case up notify people too (triggers.ts).
      .where(and(eq(notifications.caseId, caseId), isNotNull(notifications.key)))
  )
}

const keysOf = (rows: { userId: string; key: string | null }[], user: TestUser) =>
  rows
    .filter((r) => r.userId === user.id)
    .map((r) => r.key)
    .sort()

describe('step deadline reminders', () => {
  it('reminds the people of organisations not done once a day ahead, and the projectleider with one overview', async () => {
    const p = await party()
    const now = new Date()
    const deadline = at(now, 23 * HOUR)
    await setDeadline(p.caseId, deadline)
    await markDone(p.policeClient, p.caseId)

    await scanReminders(t.app.db, now)
    await scanReminders(t.app.db, at(now, 10 * 60_000))
    const rows = await sent(p.caseId)

    const key = `step:${p.caseId}:1:${deadline.toISOString()}:1d`
    expect(keysOf(rows, p.shops)).toEqual([key])
    // The police marked done, the waarnemer contributes nothing: neither hears of it.
    expect(keysOf(rows, p.police[0]!)).toEqual([])
    expect(keysOf(rows, p.police[1]!)).toEqual([])
    expect(keysOf(rows, p.watcher)).toEqual([])
    const overview = rows.filter((r) => r.userId === p.lead.id)
    expect(overview).toHaveLength(1)
    expect(overview[0]!.type).toBe('step_overview')
    expect(overview[0]!.key).toBe(`step_overview:${p.caseId}:1:${deadline.toISOString()}:1d`)
    expect((overview[0]!.data.organisationIds as string[]).sort()).toEqual(
      [p.lead.organisationId, p.shops.organisationId].sort(),
    )
    // A scan that comes late never sends the stale 7-day reminder once the 1-day one is due.
    expect(rows.some((r) => r.key?.endsWith(':7d'))).toBe(false)
    expect(rows).toHaveLength(2)
  })

  it('reminds on the deadline, then once a week while it is overdue', async () => {
    const p = await party()
    const now = new Date()
    const deadline = at(now, -2 * HOUR)
    await setDeadline(p.caseId, deadline)
    const iso = deadline.toISOString()

    expect((await scanReminders(t.app.db, now)).written).toBeGreaterThan(0)
    expect(keysOf(await sent(p.caseId), p.shops)).toEqual([`step:${p.caseId}:1:${iso}:due`])
    await scanReminders(t.app.db, at(now, 3 * DAY))
    await scanReminders(t.app.db, at(now, 8 * DAY))
    await scanReminders(t.app.db, at(now, 8 * DAY + HOUR))
    await scanReminders(t.app.db, at(now, 15 * DAY))

    const rows = await sent(p.caseId)
    expect(keysOf(rows, p.shops)).toEqual(
      [
        `step:${p.caseId}:1:${iso}:due`,
        `step:${p.caseId}:1:${iso}:overdue:1`,
        `step:${p.caseId}:1:${iso}:overdue:2`,
      ].sort(),
    )
    expect(keysOf(rows, p.police[1]!)).toEqual(keysOf(rows, p.shops))
    expect(rows.filter((r) => r.type === 'step_overview')).toHaveLength(3)
  })

  it('stops reminding an organisation once it marks done, also after the 7-day reminder', async () => {
    const p = await party()
    const now = new Date()
    const deadline = at(now, 5 * DAY)
    await setDeadline(p.caseId, deadline)
    const iso = deadline.toISOString()

    await scanReminders(t.app.db, now)
    let rows = await sent(p.caseId)
    expect(keysOf(rows, p.shops)).toEqual([`step:${p.caseId}:1:${iso}:7d`])
    expect(keysOf(rows, p.police[0]!)).toEqual([`step:${p.caseId}:1:${iso}:7d`])

    await markDone(p.shopsClient, p.caseId)
    await scanReminders(t.app.db, at(now, 4 * DAY + 12 * HOUR))
    await scanReminders(t.app.db, at(now, 6 * DAY))
    rows = await sent(p.caseId)
    expect(keysOf(rows, p.shops)).toEqual([`step:${p.caseId}:1:${iso}:7d`])
    expect(keysOf(rows, p.police[0]!)).toEqual(
      [`step:${p.caseId}:1:${iso}:7d`, `step:${p.caseId}:1:${iso}:1d`, `step:${p.caseId}:1:${iso}:due`].sort(),
    )
    // The projectleider's overview on the day itself no longer names the shops.
    const onTheDay = rows.find((r) => r.type === 'step_overview' && r.key?.endsWith(':due'))
    expect(onTheDay!.data.organisationIds).toContain(p.police[0]!.organisationId)
    expect(onTheDay!.data.organisationIds).not.toContain(p.shops.organisationId)
  })

  it('reminds for a moved deadline anew and never again for the old one', async () => {
    const p = await party()
    const now = new Date()
    const old = at(now, 23 * HOUR)
    await setDeadline(p.caseId, old)
    await scanReminders(t.app.db, now)

    const moved = at(now, 3 * DAY)
    const [current] = await t.app.db
      .select({ version: caseSteps.version })
      .from(caseSteps)
      .where(and(eq(caseSteps.caseId, p.caseId), eq(caseSteps.step, 1)))
    const patch = await p.leadClient.patch(
      `/api/cases/${p.caseId}/steps/1`,
      { deadline: moved.toISOString() },
      { 'if-match': `"${current!.version}"` },
    )
    expect(patch.statusCode).toBe(200)
    // Past the old deadline: nothing about it fires any more.
    await scanReminders(t.app.db, at(now, 25 * HOUR))
    await scanReminders(t.app.db, at(now, 2 * DAY + 12 * HOUR))

    const rows = await sent(p.caseId)
    expect(keysOf(rows, p.shops)).toEqual(
      [
        `step:${p.caseId}:1:${old.toISOString()}:1d`,
        `step:${p.caseId}:1:${moved.toISOString()}:7d`,
        `step:${p.caseId}:1:${moved.toISOString()}:1d`,
      ].sort(),
    )
  })

  it('sends nothing to a removed member, about a closed step or about a closed case', async () => {
    const p = await party()
    const now = new Date()
    await setDeadline(p.caseId, at(now, 23 * HOUR))
    await t.app.db
      .update(caseMembers)
      .set({ removedAt: now })
      .where(and(eq(caseMembers.caseId, p.caseId), eq(caseMembers.userId, p.shops.id)))
    await scanReminders(t.app.db, now)
    let rows = await sent(p.caseId)
    expect(keysOf(rows, p.shops)).toEqual([])
    expect(keysOf(rows, p.police[0]!)).toHaveLength(1)

    await t.app.db
      .update(caseSteps)
      .set({ status: 'closed' })
      .where(and(eq(caseSteps.caseId, p.caseId), eq(caseSteps.step, 1)))
    await scanReminders(t.app.db, at(now, 2 * DAY))
    await t.app.db
      .update(caseSteps)
      .set({ status: 'open' })
      .where(and(eq(caseSteps.caseId, p.caseId), eq(caseSteps.step, 1)))
    await t.app.db.update(cases).set({ status: 'closed' }).where(eq(cases.id, p.caseId))
    await scanReminders(t.app.db, at(now, 2 * DAY))
    rows = await sent(p.caseId)
    expect(rows.some((r) => r.key?.endsWith(':due'))).toBe(false)
  })

  it('counts in hours for an acuut case: 4 hours and 1 hour before, then hourly', async () => {
    const p = await party({ problemType: 'acuut' })
    const now = new Date()
    const deadline = at(now, 3 * HOUR)
    await setDeadline(p.caseId, deadline)
    const iso = deadline.toISOString()

    await scanReminders(t.app.db, now)
    await scanReminders(t.app.db, at(now, 2 * HOUR + 30 * 60_000))
    await scanReminders(t.app.db, at(now, 3 * HOUR))
    await scanReminders(t.app.db, at(now, 5 * HOUR + 10 * 60_000))
    await scanReminders(t.app.db, at(now, 5 * HOUR + 50 * 60_000))

    const rows = await sent(p.caseId)
    expect(keysOf(rows, p.shops)).toEqual(
      [
        `step:${p.caseId}:1:${iso}:4h`,
        `step:${p.caseId}:1:${iso}:1h`,
        `step:${p.caseId}:1:${iso}:due`,
        `step:${p.caseId}:1:${iso}:overdue:2`,
      ].sort(),
    )
  })

  it('writes each reminder once however many scans run at the same time', async () => {
    const p = await party()
    const now = new Date()
    await setDeadline(p.caseId, at(now, 20 * HOUR))
    const results = await Promise.all([1, 2, 3].map(() => scanReminders(t.app.db, now)))
    const rows = await sent(p.caseId)
    // Lead's overview, two police officers, the shop owner.
    expect(rows).toHaveLength(4)
    expect(results.reduce((n, r) => n + r.written, 0)).toBe(4)
  })
})

describe('action due-date reminders', () => {
  it('reminds the trekker and participants that did not decline, by Dutch day, until the action is klaar', async () => {
    const p = await party()
    const now = new Date('2027-03-12T10:00:00Z')
    const db = t.app.db
    const [action] = await db
      .insert(items)
      .values({
        caseId: p.caseId,
        kind: 'action',
        step: 5,
        title: 'Extra surveillance',
        authorOrganisationId: p.lead.organisationId!,
        authorUserId: p.lead.id,
      })
      .returning({ id: items.id })
    const actionId = action!.id
    await db.insert(actions).values({
      itemId: actionId,
      trekkerOrganisationId: p.lead.organisationId!,
      dueDate: dutchDay(now, 1),
    })
    await db.insert(actionParticipants).values([
      { actionId, organisationId: p.police[0]!.organisationId! },
      { actionId, organisationId: p.shops.organisationId! },
    ])
    await db.insert(commitments).values({ actionId, organisationId: p.shops.organisationId!, status: 'declined' })

    await scanReminders(db, now)
    // Past midnight in the Netherlands (23:30 UTC in winter) the due day has gone by.
    await scanReminders(db, new Date('2027-03-13T23:30:00Z'))
    let rows = await sent(p.caseId)
    const due = dutchDay(now, 1)
    const expected = [`action:${p.caseId}:${actionId}:${due}:1d`, `action:${p.caseId}:${actionId}:${due}:overdue:0`]
    expect(keysOf(rows, p.lead)).toEqual(expected.sort())
    expect(keysOf(rows, p.police[0]!)).toEqual(expected)
    expect(keysOf(rows, p.police[1]!)).toEqual(expected)
    expect(keysOf(rows, p.shops)).toEqual([])
    expect(keysOf(rows, p.watcher)).toEqual([])

    const [update] = await db
      .insert(items)
      .values({
        caseId: p.caseId,
        kind: 'action_update',
        step: 6,
        title: 'Afgerond',
        authorOrganisationId: p.lead.organisationId!,
        authorUserId: p.lead.id,
      })
      .returning({ id: items.id })
    await db.insert(actionUpdates).values({ itemId: update!.id, actionId, status: 'klaar' })
    await scanReminders(db, new Date('2027-03-25T10:00:00Z'))
    rows = await sent(p.caseId)
    expect(keysOf(rows, p.police[0]!)).toEqual(expected)
  })
})
