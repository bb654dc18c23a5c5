import { DashboardSchema } from '@vp/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.ts'
import { closeStep, createItem as create, threeParties } from '../../test/items.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

/** gemeente (projectleider), politie and woningcorporatie in one case. */
const partnership = () => threeParties(t)

/** If-Match for a reaction not given yet (0), and for one given once or created with the action (1). */
const v0 = { 'if-match': '"0"' }
const v1 = { 'if-match': '"1"' }

describe('a case from step 1 to step 6, through the API', () => {
  it('ratings, positions, measures, goals, actions with commitments, updates and measurements add up on the dashboard', async () => {
    const p = await partnership()
    const { lead, police, housing, caseId } = p
    const steps = (await lead.get(`/api/cases/${caseId}/steps`)).json().items
    expect(steps.map((s: { status: string }) => s.status)).toEqual([
      'open',
      'not_started',
      'not_started',
      'not_started',
      'not_started',
      'not_started',
    ])

    // A partner cannot add to step 2 before it opens; the projectleider sets a deadline and closes step 1.
    const early = await police.post(`/api/cases/${caseId}/items`, {
      kind: 'signal',
      step: 2,
      title: 'Te vroeg',
      source: 'waarneming',
    })
    expect(early.statusCode).toBe(409)
    const s2 = (await lead.get(`/api/cases/${caseId}/steps/2`)).headers.etag as string
    const deadline = new Date(Date.now() + 14 * 86_400_000).toISOString()
    expect((await lead.patch(`/api/cases/${caseId}/steps/2`, { deadline }, { 'if-match': s2 })).json().deadline).toBe(
      deadline,
    )
    await closeStep(lead, caseId, 1)
    expect((await lead.get(`/api/cases/${caseId}/steps/2`)).json().status).toBe('open')

    // Step 2: signals, sub-problems, ratings, positions, the problem statement.
    const s1 = await create(police, caseId, {
      kind: 'signal',
      step: 2,
      title: '168 meldingen overlast jeugd',
      source: 'registratie',
      reliability: 'bevestigd',
      figure: 168,
      figureUnit: 'meldingen per jaar',
    })
    const s2b = await create(housing, caseId, {
      kind: 'signal',
      step: 2,
      title: '41 gebreken portiekflats',
      source: 'waarneming',
      reliability: 'bevestigd',
    })
    const youth = await create(lead, caseId, {
      kind: 'subproblem',
      step: 2,
      title: 'Overlast door groepen jongeren',
      signalIds: [s1.id],
    })
    const upkeep = await create(lead, caseId, {
      kind: 'subproblem',
      step: 2,
      title: 'Achterstallig onderhoud',
      signalIds: [s2b.id],
    })
    for (const [c, y, u] of [
      [lead, 4, 3],
      [police, 4, 2],
      [housing, 2, 5],
    ] as const) {
      // Each organisation's first rating: its reaction has version 0 until then.
      expect((await c.put(`/api/cases/${caseId}/items/${youth.id}/rating`, { score: y }, v0)).statusCode).toBe(200)
      expect((await c.put(`/api/cases/${caseId}/items/${upkeep.id}/rating`, { score: u }, v0)).statusCode).toBe(200)
    }
    // A second rating replaces the first: one per organisation.
    const again = await housing.put(
      `/api/cases/${caseId}/items/${youth.id}/rating`,
      { score: 3 },
      { 'if-match': '"1"' },
    )
    expect(again.headers.etag).toBe('"2"')
    const noReason = await housing.put(
      `/api/cases/${caseId}/items/${youth.id}/position`,
      { position: 'voorbehoud' },
      v0,
    )
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().error.fields[0].path).toBe('body.reason')
    await housing.put(
      `/api/cases/${caseId}/items/${youth.id}/position`,
      { position: 'voorbehoud', reason: 'Spreek over gedrag' },
      v0,
    )
    await police.put(`/api/cases/${caseId}/items/${youth.id}/position`, { position: 'akkoord' }, v0)
    expect(
      (await police.post(`/api/cases/${caseId}/items`, { kind: 'problem_statement', step: 2, title: 'x' })).statusCode,
    ).toBe(403)
    const statement = await create(lead, caseId, {
      kind: 'problem_statement',
      step: 2,
      title: 'Probleemstelling De Hoven',
      description: 'Op vrijdag- en zaterdagavond…',
    })
    await police.put(`/api/cases/${caseId}/items/${statement.id}/position`, { position: 'akkoord' }, v0)
    await police.put(`/api/cases/${caseId}/steps/2/done`, { done: true }, v0)
    await closeStep(lead, caseId, 2)
    expect(
      (
        await police.post(`/api/cases/${caseId}/items`, {
          kind: 'signal',
          step: 2,
          title: 'Te laat',
          source: 'waarneming',
        })
      ).statusCode,
    ).toBe(409)
    expect(
      (await police.put(`/api/cases/${caseId}/items/${youth.id}/rating`, { score: 1 }, { 'if-match': '"1"' }))
        .statusCode,
    ).toBe(409)

    // Step 3: current measures; upkeep has none of the police's, youth has measures of two organisations.
    const m1 = await create(lead, caseId, {
      kind: 'measure',
      step: 3,
      title: 'BOA-surveillance',
      ownerOrganisationId: p.gem,
      yearlyCost: 0,
      hoursPerWeek: 12,
      effect: 'deels',
      subproblemIds: [youth.id],
    })
    await create(police, caseId, {
      kind: 'measure',
      step: 3,
      title: 'Surveillance parkeergarage',
      ownerOrganisationId: p.pol,
      hoursPerWeek: 6,
      effect: 'deels',
      subproblemIds: [youth.id],
    })
    await create(lead, caseId, {
      kind: 'measure',
      step: 3,
      title: 'Reiniging',
      ownerOrganisationId: p.gem,
      yearlyCost: 18400,
      hoursPerWeek: 6,
      effect: 'werkt',
      subproblemIds: [],
    })
    await closeStep(lead, caseId, 3)

    // Step 4: goals with positions.
    const g1 = await create(lead, caseId, {
      kind: 'goal',
      step: 4,
      title: 'Minder jeugdoverlast',
      indicator: 'Meldingen overlast jeugd',
      unit: 'per maand',
      direction: 'lager',
      baseline: 14,
      baselineDate: '2026-01-01',
      target: 8,
      targetDate: '2026-12-31',
      subproblemIds: [youth.id],
    })
    const g2 = await create(lead, caseId, {
      kind: 'goal',
      step: 4,
      title: 'Onderhoud op orde',
      indicator: 'Openstaande gebreken',
      unit: 'aantal',
      direction: 'lager',
      baseline: 57,
      target: 10,
      subproblemIds: [upkeep.id],
    })
    await housing.put(
      `/api/cases/${caseId}/items/${g2.id}/position`,
      { position: 'voorbehoud', reason: 'Na MT-besluit' },
      v0,
    )
    await police.put(`/api/cases/${caseId}/items/${g1.id}/position`, { position: 'akkoord' }, v0)
    await closeStep(lead, caseId, 4)

    // Step 5: actions; the police declines one, the housing corporation accepts one.
    const a1 = await create(lead, caseId, {
      kind: 'action',
      step: 5,
      title: 'Straatcoaches',
      trekkerOrganisationId: p.gem,
      participants: [
        { organisationId: p.gem, hours: 24 },
        { organisationId: p.pol, hours: 20 },
      ],
      cost: 31200,
      payerOrganisationId: p.gem,
      dueDate: '2027-06-30',
      goalIds: [g1.id],
    })
    const a2 = await create(lead, caseId, {
      kind: 'action',
      step: 5,
      title: 'Herstel gebreken',
      trekkerOrganisationId: p.won,
      participants: [{ organisationId: p.won, hours: 120 }],
      cost: 46000,
      payerOrganisationId: p.won,
      dueDate: '2027-03-01',
      goalIds: [g2.id],
    })
    const a3 = await create(lead, caseId, {
      kind: 'action',
      step: 5,
      title: 'Toezicht koopavond',
      trekkerOrganisationId: p.gem,
      participants: [
        { organisationId: p.gem, hours: 72 },
        { organisationId: p.pol, hours: 36 },
      ],
      goalIds: [g1.id],
    })
    expect(a1.commitments).toEqual(
      expect.arrayContaining([
        { organisationId: p.gem, status: 'accepted', reason: null, version: 1 },
        { organisationId: p.pol, status: 'pending', reason: null, version: 1 },
      ]),
    )
    expect(
      (await housing.put(`/api/cases/${caseId}/items/${a1.id}/commitment`, { status: 'accepted' }, v1)).statusCode,
    ).toBe(403)
    expect(
      (await police.put(`/api/cases/${caseId}/items/${a3.id}/commitment`, { status: 'declined' }, v1)).statusCode,
    ).toBe(400)
    // A commitment exists, pending, from when the action names the organisation: version 1.
    expect(
      (
        await police.put(
          `/api/cases/${caseId}/items/${a3.id}/commitment`,
          { status: 'declined', reason: 'Geen capaciteit' },
          v1,
        )
      ).statusCode,
    ).toBe(200)
    expect(
      (await police.put(`/api/cases/${caseId}/items/${a1.id}/commitment`, { status: 'accepted' }, v1)).statusCode,
    ).toBe(200)
    expect(
      (await housing.put(`/api/cases/${caseId}/items/${a2.id}/commitment`, { status: 'accepted' }, v1)).statusCode,
    ).toBe(200)
    await closeStep(lead, caseId, 5)

    // Step 6: status updates and measurements.
    await create(lead, caseId, { kind: 'action_update', step: 6, title: 'Gestart', actionId: a1.id, status: 'bezig' })
    await create(housing, caseId, {
      kind: 'action_update',
      step: 6,
      title: 'Vertraagd door levering',
      actionId: a2.id,
      status: 'vertraagd',
    })
    for (const [value, measuredAt] of [
      [12, '2026-03-01'],
      [10, '2026-06-01'],
      [9, '2026-09-01'],
    ] as const) {
      await create(police, caseId, {
        kind: 'measurement',
        step: 6,
        title: 'Meldingen',
        goalId: g1.id,
        value,
        measuredAt,
        source: 'Politie',
      })
    }

    const dash = DashboardSchema.parse((await housing.get(`/api/cases/${caseId}/dashboard`)).json())
    expect(dash.steps.map((s) => s.status)).toEqual(['closed', 'closed', 'closed', 'closed', 'closed', 'open'])
    // Done matrix: the police marked step 2 done.
    expect(dash.doneMatrix.find((r) => r.organisationId === p.pol)!.steps).toEqual([
      false,
      true,
      false,
      false,
      false,
      false,
    ])
    expect(dash.counts.find((c) => c.step === 2)).toEqual({ step: 2, items: 5, restricted: 0 })
    // Consensus: youth 4,4,3 → 3.7 rank 1; upkeep 3,2,5 → 3.3 rank 2.
    expect(dash.consensus.subproblems.map((s) => [s.title, s.mean, s.rank, s.spread])).toEqual([
      ['Overlast door groepen jongeren', 3.7, 1, 1],
      ['Achterstallig onderhoud', 3.3, 2, 3],
    ])
    expect(dash.consensus.subproblems[0]!.positionSummary).toMatchObject({
      akkoord: 1,
      voorbehoud: 1,
      overall: 'voorbehoud',
    })
    expect(dash.consensus.problemStatement?.positionSummary.overall).toBe('akkoord')
    // Gaps and overlaps.
    expect(dash.measures.gaps).toEqual([upkeep.id])
    expect(dash.measures.overlaps).toEqual([
      { subproblemId: youth.id, organisationIds: [p.gem, p.pol], measureIds: [m1.id, expect.any(String)] },
    ])
    expect(dash.measures).toMatchObject({ totalYearlyCost: 18400, totalHoursPerWeek: 24 })
    // Commitment matrix and totals: the police's 36 declined hours do not count.
    const polRow = dash.commitments.rows.find((r) => r.organisationId === p.pol)!
    expect(polRow).toMatchObject({ accepted: 1, declined: 1, pending: 0 })
    expect(dash.totals.totalCost).toBe(77200)
    expect(dash.totals.totalHours).toBe(24 + 20 + 120 + 72)
    expect(dash.totals.byOrganisation.find((o) => o.organisationId === p.gem)).toMatchObject({ cost: 31200, hours: 96 })
    expect(dash.totals.byOrganisation.find((o) => o.organisationId === p.pol)).toMatchObject({ cost: 0, hours: 20 })
    expect(dash.totals.byGoal.find((g) => g.goalId === g2.id)).toEqual({ goalId: g2.id, cost: 46000, hours: 120 })
    // Action status and indicator progress.
    expect(dash.actionStatus).toMatchObject({ bezig: 1, vertraagd: 1, gepland: 1 })
    const indicator = dash.indicators.find((i) => i.goalId === g1.id)!
    expect(indicator).toMatchObject({
      baseline: 14,
      target: 8,
      latest: { value: 9, measuredAt: '2026-09-01' },
      trend: 'beter',
      achieved: false,
    })
    expect(indicator.progress).toBeCloseTo(5 / 6, 2)

    // An evaluation that adjusts reopens step 4; the projectleider writes it.
    expect(
      (
        await police.post(`/api/cases/${caseId}/items`, {
          kind: 'evaluation',
          step: 6,
          title: 'x',
          conclusion: 'doorgaan',
        })
      ).statusCode,
    ).toBe(403)
    const evaluation = await create(lead, caseId, {
      kind: 'evaluation',
      step: 6,
      title: 'Doelen bijstellen',
      conclusion: 'bijstellen',
      reopenStep: 4,
    })
    expect((await lead.get(`/api/cases/${caseId}/steps/4`)).json().status).toBe('open')
    const log = (await lead.get(`/api/cases/${caseId}/activity?step=4&limit=1`)).json().items[0]
    // The step event names the evaluation; it never quotes its title into the step's wider audience.
    expect(log).toMatchObject({
      type: 'step.reopened',
      payload: { reason: 'Bijstellen na evaluatie', evaluationId: evaluation.id },
    })
    expect(JSON.stringify(log)).not.toContain('Doelen bijstellen')
  })
})
