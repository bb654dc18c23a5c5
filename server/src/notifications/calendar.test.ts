import { eq } from 'drizzle-orm'
import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.ts'
import { changeStep, closeStep, createItem } from '../../test/items.ts'
import { partiesWithPeople, removeMember } from '../../test/notifications.ts'
import { hashToken } from '../auth/links.ts'
import { calendarFeeds, users } from '../db/schema.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'http://veilig.rivierstede.example' })
})
afterAll(() => t.close())

const pathOf = (url: string) => new URL(url).pathname

function eventsOf(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics))
  return calendar.getAllSubcomponents('vevent').map((c) => {
    const e = new ICAL.Event(c)
    return { summary: e.summary, description: e.description, start: e.startDate.toString() }
  })
}

describe('the calendar address', () => {
  it('holds every deadline of my cases I may read, moves with them, and loses a case I left', async () => {
    const p = await partiesWithPeople(t)
    await closeStep(p.lead, p.caseId, 1)
    await changeStep(p.lead, p.caseId, 2, { deadline: '2027-03-12T12:00:00.000Z' })
    await changeStep(p.lead, p.caseId, 5, { status: 'open' })
    const action = {
      kind: 'action',
      step: 5,
      trekkerOrganisationId: p.gem.id,
      participants: [{ organisationId: p.gem.id, hours: 4 }],
      dueDate: '2027-06-30',
    }
    await createItem(p.lead, p.caseId, { ...action, title: 'Straatcoaches' })
    await createItem(p.lead, p.caseId, { ...action, title: 'Geheime inval', audience: [p.gem.id, p.pol.id] })

    const address = await p.housing.get('/api/me/calendar')
    expect(address.statusCode, address.body).toBe(200)
    const { url } = address.json() as { url: string }
    expect(url).toMatch(/^http:\/\/veilig\.rivierstede\.example\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/)
    // Asked again: the same address. Stored: only the hash of its secret.
    expect((await p.housing.get('/api/me/calendar')).json().url).toBe(url)
    const token = pathOf(url).split('/').pop()!.replace('.ics', '')
    const [stored] = await t.app.db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, p.housingUser.id))
    expect(stored!.tokenHash).toBe(hashToken(token))
    expect(JSON.stringify(stored)).not.toContain(token)

    const res = await t.anon.get(pathOf(url))
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/calendar/)
    const events = eventsOf(res.body)
    expect(events).toHaveLength(2)
    const step = events.find((e) => e.summary.startsWith('Deadline'))!
    expect(step.summary).toContain('stap 2')
    expect(step.summary).toContain('Verloedering en overlast winkelcentrum De Hoven')
    expect(step.description).toContain(`http://veilig.rivierstede.example/dossiers/${p.caseId}/stap/2`)
    expect(new Date(step.start).toISOString()).toBe('2027-03-12T12:00:00.000Z')
    const straat = events.find((e) => e.summary.includes('Straatcoaches'))!
    expect(straat.start).toBe('2027-06-30')
    expect(straat.summary).toContain('stap 5')
    expect(res.body).not.toContain('Geheime inval')
    // The projectleider's organisation is in the audience: their calendar has both actions.
    const leadUrl = (await p.lead.get('/api/me/calendar')).json().url as string
    expect(eventsOf((await t.anon.get(pathOf(leadUrl))).body)).toHaveLength(3)

    await changeStep(p.lead, p.caseId, 2, { deadline: '2027-03-19T12:00:00.000Z' })
    const moved = eventsOf((await t.anon.get(pathOf(url))).body).find((e) => e.summary.startsWith('Deadline'))!
    expect(new Date(moved.start).toISOString()).toBe('2027-03-19T12:00:00.000Z')

    await removeMember(p.lead, p.caseId, p.housingUser)
    const left = await t.anon.get(pathOf(url))
    expect(left.statusCode).toBe(200)
    expect(eventsOf(left.body)).toEqual([])
    expect(left.body).not.toContain(p.caseId)
  })

  it('answers 404 at the old address once rotated, and for a made-up one', async () => {
    const p = await partiesWithPeople(t)
    const old = (await p.housing.get('/api/me/calendar')).json().url as string
    const rotated = await p.housing.post('/api/me/calendar/rotate', {})
    expect(rotated.statusCode, rotated.body).toBe(200)
    const fresh = rotated.json().url as string
    expect(fresh).not.toBe(old)
    expect((await p.housing.get('/api/me/calendar')).json().url).toBe(fresh)
    expect((await t.anon.get(pathOf(old))).statusCode).toBe(404)
    expect((await t.anon.get(pathOf(fresh))).statusCode).toBe(200)
    expect((await t.anon.get('/api/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics')).statusCode).toBe(404)
    expect((await t.anon.get('/api/calendar/kort.ics')).statusCode).toBe(400)
    expect((await t.anon.get('/api/me/calendar')).statusCode).toBe(401)
  })

  it('stops working the moment the account is disabled, and works again when it is enabled', async () => {
    const p = await partiesWithPeople(t)
    const address = pathOf((await p.housing.get('/api/me/calendar')).json().url as string)
    expect((await t.anon.get(address)).statusCode).toBe(200)
    await t.app.db.update(users).set({ disabled: true }).where(eq(users.id, p.housingUser.id))
    expect((await t.anon.get(address)).statusCode).toBe(404)
    await t.app.db.update(users).set({ disabled: false }).where(eq(users.id, p.housingUser.id))
    expect((await t.anon.get(address)).statusCode).toBe(200)
  })
})

describe('fetching calendar addresses', () => {
  it('serves a calendar service that fetches many people’s addresses from one client address, and limits each address on its own', async () => {
    const limited = await createTestApp({ LINK_MAX_PER_IP: '5', CALENDAR_FETCHES_PER_HOUR: '3' })
    try {
      const p = await partiesWithPeople(limited)
      const addresses = await Promise.all(
        [p.lead, p.police, p.housing].map(async (c) => pathOf((await c.get('/api/me/calendar')).json().url)),
      )
      // Guessing costs the guesser's address: wrong addresses answer 404 until the link limit, then 429.
      const codes: number[] = []
      for (let i = 0; i < 6; i++)
        codes.push((await limited.anon.get(`/api/calendar/${'x'.repeat(43)}${i}.ics`)).statusCode)
      expect(codes.at(-1)).toBe(429)
      expect(codes.filter((c) => c !== 429).every((c) => c === 404)).toBe(true)
      // The same client address, its link limit used up, still fetches working addresses: nine
      // fetches, three per person, all served.
      for (let round = 0; round < 3; round++) {
        for (const address of addresses) expect((await limited.anon.get(address)).statusCode).toBe(200)
      }
      // The fourth fetch of one address within the hour is refused until the hour is over.
      const over = await limited.anon.get(addresses[0]!)
      expect(over.statusCode).toBe(429)
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0)
    } finally {
      await limited.close()
    }
  })
})
