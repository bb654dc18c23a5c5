import { AgendaSchema, FollowUpSchema } from '@vp/shared'
import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { seededDemo } from '../../test/demo.ts'
import { caseMembers } from '../db/schema.ts'

const d = seededDemo()
const { T, as, org } = d
const caseId = () => d.seeded.caseId

const followUpOf = async (code: string, id = caseId()) => (await as(code)).get(`/api/cases/${id}/follow-up`)

async function lastSeenOf(code: string) {
  const [row] = await d.db.database.db
    .select({ lastSeenAt: caseMembers.lastSeenAt })
    .from(caseMembers)
    .where(and(eq(caseMembers.caseId, caseId()), eq(caseMembers.userId, d.user(code))))
  return row?.lastSeenAt ?? null
}

describe('whom to chase in De Hoven', () => {
  it('names exactly the late organisations, the open and declined commitments, the delayed action and the open invitation', async () => {
    const res = await (await as('GEM')).get(`/api/cases/${caseId()}/follow-up`)
    expect(res.statusCode, res.body).toBe(200)
    const f = FollowUpSchema.parse(res.json())

    // Step 5: everyone but the housing corporation is done, 9 days left; step 6 has no deadline.
    const [five, six] = f.openSteps
    expect(f.openSteps.map((s) => s.step)).toEqual([5, 6])
    expect(five).toMatchObject({ step: 5, daysLeft: 9, overdue: false, deadline: T(9).toISOString() })
    expect(five!.notDone.map((o) => o.name)).toEqual(['Woonstichting Rivierstede'])
    expect(six).toMatchObject({ deadline: null, daysLeft: null })
    expect(six!.notDone).toHaveLength(7)

    // A3: Woonstichting still open, asked at T-45 and past its answer term; A7: Politie declined.
    // Every other commitment is accepted (DEMO.md).
    const line = (c: (typeof f.commitments)[number]) => [c.actionTitle, c.organisation.name, c.status, c.overdue]
    expect(f.commitments.map(line)).toEqual([
      ['Toezicht koopavond donderdag 18.00–21.00 uur', 'Politie, Basisteam Rivierstede-Oost', 'declined', false],
      ['Herstel 41 gebreken portiekflats Hovenlaan', 'Woonstichting Rivierstede', 'pending', true],
    ])
    const a7 = f.commitments.find((c) => c.status === 'declined')!
    expect(a7.reason).toMatch(/^Het basisteam heeft dit kwartaal geen capaciteit/)
    expect(f.commitments.find((c) => c.overdue)!.requestedAt).toBe(T(-45).toISOString())

    // A2 is delayed (not yet overdue: due at T+30); nothing else is delayed or overdue.
    expect(f.actions.map((a) => [a.title, a.status, a.overdue, a.trekker.name])).toEqual([
      ['Herstel verlichting en bestrating laad- en losstraat', 'vertraagd', false, 'Gemeente Rivierstede'],
    ])

    // The mayor's staff has not accepted its invitation yet.
    expect(f.invitations.map((i) => [i.email, i.role, i.expired])).toEqual([
      ['kabinet@rivierstede.example', 'waarnemer', false],
    ])

    // Quiet: members whose last visit (in the demo: their last contribution) is more than 14 days ago.
    expect(f.quietMembers.map((m) => [m.organisation.name, m.name])).toEqual([
      ['Jeugdzorg Rivierland', 'Daan Meulenbelt'],
      ['Openbaar Ministerie, Arrondissementsparket Midden', 'Femke Oudeweg'],
      ['Winkeliersvereniging De Hoven', 'Gerrit Plasmeijer'],
    ])
    expect(f.quietMembers.map((m) => m.organisation.id)).not.toContain(org('GEM'))
  })

  it('answers a partner 403 and someone outside the case 404', async () => {
    expect((await followUpOf('POL')).statusCode).toBe(403)
    expect((await followUpOf('WON')).statusCode).toBe(403)
    // The shops were no member of the closed earlier case.
    expect((await followUpOf('WIN', d.seeded.closedCaseId)).statusCode).toBe(404)
    expect((await followUpOf('WIN', '7d3f0c52-5a1e-4c3b-9f0e-2b8a6d4e1c90')).statusCode).toBe(404)
  })

  it('gives the projectleider the same list in her agenda, only for the active case she leads', async () => {
    const iris = await as('GEM')
    const agenda = AgendaSchema.parse((await iris.get('/api/me/agenda')).json())
    const own = FollowUpSchema.parse((await iris.get(`/api/cases/${caseId()}/follow-up`)).json())
    expect(agenda.followUp).toEqual([
      { caseId: caseId(), caseTitle: 'Verloedering en overlast winkelcentrum De Hoven', ...own },
    ])
    // Partners lead nothing: no follow-up in theirs.
    const noor = AgendaSchema.parse((await (await as('WON')).get('/api/me/agenda')).json())
    expect(noor.followUp).toEqual([])
  })

  it("shows Noor the projectleider's mention on A3, and Iris none of her own", async () => {
    const noor = AgendaSchema.parse((await (await as('WON')).get('/api/me/agenda')).json())
    expect(noor.mentions).toEqual([
      expect.objectContaining({
        caseId: caseId(),
        itemTitle: 'Herstel 41 gebreken portiekflats Hovenlaan',
        step: 5,
        author: expect.objectContaining({ name: 'Iris Brinkhorst' }),
        body: '@Noor Hazelaar, de toezegging is verlopen. Wat is er nodig voor een besluit?',
        createdAt: T(-11).toISOString(),
      }),
    ])
    const iris = AgendaSchema.parse((await (await as('GEM')).get('/api/me/agenda')).json())
    expect(iris.mentions).toEqual([])
  })

  it('takes a member off the quiet list once they open the case, writing their visit at most once a minute', async () => {
    expect(await lastSeenOf('JZ')).toEqual(T(-25.5))
    const daan = await as('JZ')
    const before = Date.now()
    expect((await daan.get(`/api/cases/${caseId()}`)).statusCode).toBe(200)
    const first = await lastSeenOf('JZ')
    expect(first!.getTime()).toBeGreaterThanOrEqual(before)
    // A second visit within the minute changes nothing.
    expect((await daan.get(`/api/cases/${caseId()}`)).statusCode).toBe(200)
    expect(await lastSeenOf('JZ')).toEqual(first)

    const f = FollowUpSchema.parse((await followUpOf('GEM')).json())
    expect(f.quietMembers.map((m) => m.name)).toEqual(['Femke Oudeweg', 'Gerrit Plasmeijer'])
  })
})
