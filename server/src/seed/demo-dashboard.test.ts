import { DashboardSchema } from '@vp/shared'
import { describe, expect, it } from 'vitest'
import { byTitle, seededDemo, stepItems } from '../../test/demo.ts'

const d = seededDemo()
const { T, D, as, org } = d
const seeded = () => d.seeded

describe('the De Hoven dashboard', () => {
  it('shows the dashboard as DEMO.md states it', async () => {
    const iris = await as('GEM')
    const res = await iris.get(`/api/cases/${seeded().caseId}/dashboard`)
    expect(res.statusCode, res.body).toBe(200)
    const dash = DashboardSchema.parse(res.json())

    // Steps: 1–4 closed, 5 open until T+9 (moved from T-90), 6 open since T-100; nothing overdue.
    expect(dash.steps.map((s) => [s.step, s.status, s.overdue])).toEqual([
      [1, 'closed', false],
      [2, 'closed', false],
      [3, 'closed', false],
      [4, 'closed', false],
      [5, 'open', false],
      [6, 'open', false],
    ])
    expect(dash.steps.map((s) => [s.openedAt, s.closedAt, s.deadline])).toEqual(
      [
        [-200, -187, -186],
        [-187, -158, -160],
        [-158, -141, -140],
        [-141, -118, -120],
        [-118, null, 9],
        [-100, null, null],
      ].map((r) => r.map((d) => (d === null ? null : T(d).toISOString()))),
    )
    // Bijdrage klaar: everyone for 1–4, everyone but the housing corporation for 5, nobody for 6.
    for (const row of dash.doneMatrix) {
      const five = row.organisationId !== org('WON')
      expect(row.steps).toEqual([true, true, true, true, five, false])
    }

    // Step 2: the ranking, and positions on the problem statement.
    const subproblems = dash.consensus.subproblems
    expect(subproblems.map((s) => [s.title, s.mean, s.rank])).toEqual([
      ['Overlast door groepen jongeren, Hovenplein en parkeergarage', 3.6, 1],
      ["Onveiligheidsgevoelens winkelend publiek 's avonds", 3.3, 2],
      ['Zwerfafval en bijplaatsingen', 3.1, 3],
      ['Achterstallig onderhoud portiekflats en openbare ruimte', 3, 4],
    ])
    const [D3, , , D4] = subproblems
    expect(D3!.ratings).toHaveLength(7)
    expect(D3).toMatchObject({ spread: 3, agreement: 'gemengd' })
    expect(D4).toMatchObject({ spread: 4, agreement: 'verdeeld' })
    expect(dash.consensus.problemStatement?.positionSummary).toEqual({
      akkoord: 4,
      voorbehoud: 3,
      niet_akkoord: 0,
      overall: 'voorbehoud',
    })
    expect(dash.consensus.problemStatement?.positions.find((p) => p.organisationId === org('BEW'))).toEqual({
      organisationId: org('BEW'),
      position: 'voorbehoud',
      reason: 'Ook na 23.00 uur is er lawaai.',
    })
    expect(dash.counts.map((c) => [c.step, c.items, c.restricted])).toEqual([
      [1, 0, 0],
      [2, 13, 0],
      [3, 6, 0],
      [4, 4, 0],
      [5, 10, 0],
      [6, 24, 0],
    ])

    // Step 3: the gap (D4) and the overlap of M2 and M3 on D3.
    const measures = await stepItems(iris, seeded().caseId, 3)
    const M2 = byTitle(measures, 'BOA-surveillance Hovenplein, vr en za 19.00–22.00 uur')
    const M3 = byTitle(measures, 'Particuliere beveiliger Hovenplein, vr en za 19.00–22.00 uur')
    expect(dash.measures.gaps).toEqual([D4!.id])
    const shared = (M2.fields.subproblemIds as string[]).filter((id) =>
      (M3.fields.subproblemIds as string[]).includes(id),
    )
    expect(shared).toEqual([D3!.id])
    const onD3 = dash.measures.overlaps.find((o) => o.subproblemId === D3!.id)!
    expect(onD3.measureIds).toEqual(expect.arrayContaining([M2.id, M3.id]))
    expect(onD3.organisationIds).toEqual(expect.arrayContaining([org('GEM'), org('WIN')]))
    expect(dash.measures).toMatchObject({ totalYearlyCost: 33150, totalHoursPerWeek: 35 })

    // Step 4: WIN does not agree with G2.
    const g2 = dash.consensus.goals.find((g) => g.title === 'Minder jeugdoverlast')!
    expect(g2.positionSummary).toEqual({ akkoord: 5, voorbehoud: 1, niet_akkoord: 1, overall: 'niet_akkoord' })

    // Step 5: totals per organisation, exactly as DEMO.md's "Totals".
    const totals = Object.fromEntries(
      seeded().accounts.map((a) => {
        const t = dash.totals.byOrganisation.find((o) => o.organisationId === a.organisationId)!
        return [a.code, [t.cost, t.costPending, t.hours, t.hoursPending]]
      }),
    )
    expect(totals).toEqual({
      GEM: [59300, 0, 408, 0],
      WON: [46000, 46000, 128, 120],
      WIN: [2800, 0, 38, 0],
      JZ: [1500, 0, 130, 0],
      POL: [0, 0, 134, 0],
      OM: [0, 0, 12, 0],
      BEW: [0, 0, 30, 0],
    })
    expect(dash.totals).toMatchObject({ unassignedCost: 32000, totalCost: 141600, totalHours: 880 })

    // The commitment matrix: A7 declined by the police, A3 still open at the housing corporation.
    const actionId = (prefix: string) => dash.commitments.actions.find((a) => a.title.startsWith(prefix))!.id
    const cell = (code: string, prefix: string) =>
      dash.commitments.rows
        .find((r) => r.organisationId === org(code))!
        .cells.find((c) => c.actionId === actionId(prefix))!.status
    expect(dash.commitments.actions).toHaveLength(10)
    expect(cell('POL', 'Toezicht koopavond donderdag')).toBe('declined')
    expect(cell('GEM', 'Toezicht koopavond donderdag')).toBe('accepted')
    expect(cell('WON', 'Herstel 41 gebreken portiekflats')).toBe('pending')
    expect(cell('BEW', 'Herstel 41 gebreken portiekflats')).toBe('accepted')
    expect(cell('GEM', 'Herstel 41 gebreken portiekflats')).toBeNull()
    expect(cell('GEM', 'Tijdelijke ontmoetingsplek')).toBe('accepted')
    expect(cell('JZ', 'Tijdelijke ontmoetingsplek')).toBe('accepted')
    expect(cell('WIN', 'Tijdelijke ontmoetingsplek')).toBe('accepted')
    const counts = Object.fromEntries(
      dash.commitments.rows.map((r) => [
        seeded().accounts.find((a) => a.organisationId === r.organisationId)!.code,
        [r.accepted, r.pending, r.declined],
      ]),
    )
    expect(counts).toEqual({
      GEM: [8, 0, 0],
      POL: [5, 0, 1],
      OM: [1, 0, 0],
      WON: [1, 1, 0],
      WIN: [5, 0, 0],
      BEW: [3, 0, 0],
      JZ: [3, 0, 0],
    })
    expect(dash.commitments.actions.filter((a) => a.overdue)).toEqual([])

    // Step 6: action status and indicators.
    expect(dash.actionStatus).toEqual({ gepland: 6, bezig: 2, klaar: 1, vertraagd: 1, gestopt: 0 })
    const G2 = dash.indicators.find((i) => i.title === 'Minder jeugdoverlast')!
    expect(G2).toMatchObject({
      direction: 'lager',
      baseline: 14,
      target: 8,
      targetDate: D(195),
      latest: { value: 9, measuredAt: D(-30) },
      trend: 'beter',
      achieved: false,
    })
    expect(G2.measurements.map((m) => m.value)).toEqual([15, 13, 12, 10, 9])
    expect(G2.progress).toBeCloseTo(5 / 6)
    expect(dash.indicators.map((i) => [i.title, i.latest?.value])).toEqual([
      ["Veiliger gevoel 's avonds", 53],
      ['Minder jeugdoverlast', 9],
      ['Schoon winkelcentrum', 12],
      ['Onderhoud op orde', 55],
    ])
  })
})
