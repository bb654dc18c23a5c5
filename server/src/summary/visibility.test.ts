import { DashboardSchema, type Summary, SummarySchema } from '@vp/shared'
import { describe, expect, it } from 'vitest'
import type { Client } from '../../test/app.ts'
import { uploadDocument } from '../../test/documents.ts'
import { expectNoTrace, visibilitySuite } from '../../test/visibility.ts'

// The summary is built under the reader's visibility (issue #19): `full` shows the screen's
// placeholders where the reader is outside an audience, `raad` holds only what every member may see
// — restricted content leaves no text, title, placeholder, count or total behind.

const suite = visibilitySuite()
const { partnership, openSteps, create, setAudience } = suite
type Partnership = Awaited<ReturnType<typeof partnership>>

const S = {
  subTitle: 'Helingroute via de Pelikaansteeg',
  subDescription: 'Vermoedelijke opkoper bij Marmotkade',
  measureTitle: 'Observatie vanuit pand Kwartelkoning',
  measureDescription: 'Alleen bekend bij de driehoek: Lepelaar-team',
  goalTitle: 'Opkoper Narwal uit beeld',
  goalIndicator: 'Meldingen Okapi-scooter',
  actionTitle: 'Camerapost achteringang Zandloperpassage',
  actionDescription: 'Tapir-bevel voorbereiden',
  updateTitle: 'Vertraagd door Gnoe-zaak',
  evaluationTitle: 'Evaluatie Flamingo-informant',
  evaluationDescription: 'Zeekoe-aanhouding heeft effect gehad',
  documentTitle: 'Proces-verbaal Wasbeer',
  itemDocumentTitle: 'Foto’s Pelikaansteeg',
}
const FIGURES = { actionCost: 98765, measureCost: 77777, hoursPol: 2468, measureHours: 13, measured: 31.5 }
const SECRET = { texts: Object.values(S), figures: Object.values(FIGURES) }

const PUBLIC = {
  sub: 'Zwerfafval bij de Hovenpassage',
  measure: 'Extra veegronde Hovenplein',
  goal: 'Schoner winkelcentrum',
  action: 'Extra verlichting parkeerplaats',
  document: 'Wijkscan De Hoven',
}

async function summaryOf(c: Client, caseId: string, variant: 'full' | 'raad') {
  const res = await c.get(`/api/cases/${caseId}/summary?variant=${variant}`)
  expect(res.statusCode, res.body).toBe(200)
  return { summary: SummarySchema.parse(res.json()), raw: res.body }
}

const visibleTitles = (xs: ({ restricted: true } | { restricted: false; title: string })[]) =>
  xs.flatMap((x) => (x.restricted ? [] : [x.title]))
const placeholders = (xs: { restricted: boolean }[]) => xs.filter((x) => x.restricted)
/** What the full summary shows in place of an entry the reader may not see. */
const placeholder = (id: string, kind: string, organisationId: string) => ({
  restricted: true,
  id,
  kind,
  organisation: expect.objectContaining({ id: organisationId }),
  createdAt: expect.any(String),
})

/** A case with one open and one driehoek-only entry of every kind that matters, and a document of each. */
async function caseWithSecrets(p: Partnership) {
  await openSteps(p, [2, 3, 4, 5, 6])
  /** An entry only the driehoek may see. */
  const secret = (c: Client, body: Record<string, unknown>) => create(c, p.caseId, { ...body, audience: p.driehoek })
  // Each secret entry that has an open twin is that twin's body with its own title, text and figures.
  const openSub = { kind: 'subproblem', step: 2, title: PUBLIC.sub }
  const sub = await create(p.lead, p.caseId, openSub)
  const secretSub = await secret(p.police, { ...openSub, title: S.subTitle, description: S.subDescription })
  // The police rate the secret sub-problem highest: inside the driehoek it ranks first.
  for (const [id, score] of [
    [sub.id, 3],
    [secretSub.id, 5],
  ] as const)
    expect(
      (await p.police.put(`/api/cases/${p.caseId}/items/${id}/rating`, { score }, { 'if-match': '"0"' })).statusCode,
    ).toBe(200)
  const openMeasure = {
    kind: 'measure',
    step: 3,
    title: PUBLIC.measure,
    ownerOrganisationId: p.gem,
    yearlyCost: 5000,
    hoursPerWeek: 4,
    subproblemIds: [sub.id],
  }
  await create(p.lead, p.caseId, openMeasure)
  // A second organisation's measure on the open sub-problem: an overlap only the driehoek sees.
  const secretMeasure = await secret(p.prosecutor, {
    ...openMeasure,
    title: S.measureTitle,
    description: S.measureDescription,
    ownerOrganisationId: p.om,
    yearlyCost: FIGURES.measureCost,
    hoursPerWeek: FIGURES.measureHours,
  })
  const openGoal = {
    kind: 'goal',
    step: 4,
    title: PUBLIC.goal,
    indicator: 'Meldingen zwerfafval',
    unit: 'per maand',
    direction: 'lager',
    baseline: 40,
    target: 20,
    subproblemIds: [sub.id],
  }
  const goal = await create(p.lead, p.caseId, openGoal)
  const secretGoal = await secret(p.lead, {
    ...openGoal,
    title: S.goalTitle,
    indicator: S.goalIndicator,
    unit: 'per kwartaal',
    baseline: 20,
    target: 8,
    subproblemIds: [secretSub.id],
  })
  // The open action also serves the secret goal: outside the driehoek that link has no title.
  const openAction = {
    kind: 'action',
    step: 5,
    title: PUBLIC.action,
    trekkerOrganisationId: p.gem,
    participants: [{ organisationId: p.gem, hours: 10 }],
    cost: 1200,
    payerOrganisationId: p.gem,
    dueDate: '2031-12-31',
    goalIds: [goal.id, secretGoal.id],
  }
  const action = await create(p.lead, p.caseId, openAction)
  const secretAction = await secret(p.lead, {
    ...openAction,
    title: S.actionTitle,
    description: S.actionDescription,
    participants: [{ organisationId: p.pol, hours: FIGURES.hoursPol }],
    cost: FIGURES.actionCost,
    goalIds: [goal.id],
  })
  // A restricted status update sets the open action's status: that status is content too.
  const update = await secret(p.police, {
    kind: 'action_update',
    step: 6,
    title: S.updateTitle,
    actionId: action.id,
    status: 'vertraagd',
  })
  const evaluation = await secret(p.lead, {
    kind: 'evaluation',
    step: 6,
    title: S.evaluationTitle,
    description: S.evaluationDescription,
    conclusion: 'bijstellen',
    reopenStep: 4,
  })
  // A measurement the driehoek keeps to itself: the open goal's latest value outside it is none.
  const measurement = await secret(p.police, {
    kind: 'measurement',
    step: 6,
    title: 'Telling',
    goalId: goal.id,
    value: FIGURES.measured,
    measuredAt: '2026-03-01',
  })
  const upload = async (c: Client, title: string, audience: string[] | null, itemId?: string) => {
    const res = await uploadDocument(c, p.caseId, {
      fileName: 'notitie.txt',
      bytes: Buffer.from('Notitie van het overleg\n'),
      title,
      audience,
      itemId: itemId ?? null,
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json().id as string
  }
  await upload(p.lead, PUBLIC.document, null)
  const secretDocument = await upload(p.police, S.documentTitle, p.driehoek)
  // No audience of its own, but it hangs on the secret sub-problem: it is as hidden as its item.
  const itemDocument = await upload(p.police, S.itemDocumentTitle, null, secretSub.id)
  return {
    sub,
    secretSub,
    secretMeasure,
    goal,
    secretGoal,
    action,
    secretAction,
    update,
    evaluation,
    measurement,
    secretDocument,
    itemDocument,
  }
}

describe('the summary under the reader’s visibility', () => {
  it('shows an outside organisation placeholders where the screen does, and figures only of what it sees', async () => {
    const p = await partnership()
    const x = await caseWithSecrets(p)
    const { summary: s, raw } = await summaryOf(p.shops, p.caseId, 'full')
    expectNoTrace(raw, 'the full summary for the winkeliers', SECRET)

    expect(visibleTitles(s.problem.subproblems)).toEqual([PUBLIC.sub])
    expect(placeholders(s.problem.subproblems)).toEqual([placeholder(x.secretSub.id, 'subproblem', p.pol)])
    expect(s.problem.subproblems[0]).toMatchObject({ title: PUBLIC.sub, rank: 1, mean: 3 })
    expect(placeholders(s.measures.items)).toEqual([placeholder(x.secretMeasure.id, 'measure', p.om)])
    expect(placeholders(s.goals)).toEqual([placeholder(x.secretGoal.id, 'goal', p.gem)])
    expect(placeholders(s.actions)).toEqual([placeholder(x.secretAction.id, 'action', p.gem)])
    expect(s.monitoring.updates).toEqual([placeholder(x.update.id, 'action_update', p.pol)])
    expect(s.evaluations).toEqual([placeholder(x.evaluation.id, 'evaluation', p.gem)])
    expect(visibleTitles(s.documents)).toEqual([PUBLIC.document])
    expect(placeholders(s.documents)).toEqual([
      placeholder(x.secretDocument, 'document', p.pol),
      placeholder(x.itemDocument, 'document', p.pol),
    ])
    const goal = s.goals.find((g) => !g.restricted)!
    expect(goal).toMatchObject({ title: PUBLIC.goal, latest: null, measurements: [], status: 'onbekend' })

    // Figures from the visible entries only, as on the dashboard.
    expect(s.measures).toMatchObject({ totalYearlyCost: 5000, totalHoursPerWeek: 4, gaps: [], overlaps: [] })
    expect(s.costs).toMatchObject({ totalCost: 1200, totalHours: 10, unassignedCost: 0 })
    expect(s.costs.byGoal).toEqual([{ goal: PUBLIC.goal, cost: 1200, hours: 10 }])
    expect(s.monitoring.actionStatus).toEqual({ gepland: 1, bezig: 0, klaar: 0, vertraagd: 0, gestopt: 0 })
    const action = s.actions.find((a) => !a.restricted)!
    expect(action).toMatchObject({ title: PUBLIC.action, status: 'gepland', goals: [PUBLIC.goal] })
    const dashboard = DashboardSchema.parse((await p.shops.get(`/api/cases/${p.caseId}/dashboard`)).json())
    expect(s.costs.totalCost).toBe(dashboard.totals.totalCost)
    expect(s.measures.totalYearlyCost).toBe(dashboard.measures.totalYearlyCost)
  })

  it('shows an organisation inside the audience the restricted content and counts it', async () => {
    const p = await partnership()
    const x = await caseWithSecrets(p)
    const { summary: s, raw } = await summaryOf(p.police, p.caseId, 'full')
    for (const text of [S.subTitle, S.measureTitle, S.goalTitle, S.actionTitle, S.updateTitle, S.evaluationTitle])
      expect(raw).toContain(text)
    expect(raw).toContain(S.documentTitle)
    expect(raw).toContain(S.itemDocumentTitle)
    expect(s.goals.find((g) => !g.restricted && g.id === x.goal.id)).toMatchObject({
      latest: { value: FIGURES.measured, measuredAt: '2026-03-01' },
    })
    expect(raw).not.toContain('"restricted":true')
    expect(s.problem.subproblems.map((e) => !e.restricted && [e.title, e.rank])).toEqual([
      [S.subTitle, 1],
      [PUBLIC.sub, 2],
    ])
    expect(s.measures).toMatchObject({
      totalYearlyCost: 5000 + FIGURES.measureCost,
      totalHoursPerWeek: 4 + FIGURES.measureHours,
      // No measure addresses the secret sub-problem: a gap only the driehoek sees.
      gaps: [S.subTitle],
      overlaps: [{ subproblem: PUBLIC.sub, organisations: expect.any(Array) }],
    })
    expect(s.measures.overlaps[0]!.organisations.map((o) => o.id).sort()).toEqual([p.gem, p.om].sort())
    expect(s.costs.totalCost).toBe(1200 + FIGURES.actionCost)
    expect(s.monitoring.actionStatus).toMatchObject({ gepland: 1, vertraagd: 1 })
    const action = s.actions.find((a) => !a.restricted && a.id === x.action.id)!
    expect(action).toMatchObject({ status: 'vertraagd', goals: [PUBLIC.goal, S.goalTitle] })
    expect(s.monitoring.updates).toMatchObject([{ title: S.updateTitle, action: PUBLIC.action }])
    const dashboard = DashboardSchema.parse((await p.police.get(`/api/cases/${p.caseId}/dashboard`)).json())
    expect(s.costs.totalCost).toBe(dashboard.totals.totalCost)
  })

  it('leaves restricted content out of the raad version entirely, for every reader, and names nobody', async () => {
    const p = await partnership()
    await caseWithSecrets(p)
    const answers: Summary[] = []
    for (const [who, c] of [
      ['the projectleider', p.lead],
      ['the police (inside the audience)', p.police],
      ['the winkeliers (outside it)', p.shops],
    ] as const) {
      const { summary: s, raw } = await summaryOf(c, p.caseId, 'raad')
      expectNoTrace(raw, `the raad summary for ${who}`, SECRET)
      expect(raw, who).not.toContain('"restricted":true')
      answers.push({ ...s, generatedAt: '' })
    }
    // The same for everyone: what every member may see does not depend on who asks.
    expect(answers[1]).toEqual(answers[0])
    expect(answers[2]).toEqual(answers[0])
    const s = answers[0]!
    expect(s.variant).toBe('raad')
    expect(visibleTitles(s.problem.subproblems)).toEqual([PUBLIC.sub])
    expect(s.problem.subproblems[0]).toMatchObject({ rank: 1, ratingCount: 1, positions: [] })
    expect(visibleTitles(s.measures.items)).toEqual([PUBLIC.measure])
    expect(visibleTitles(s.goals)).toEqual([PUBLIC.goal])
    expect(visibleTitles(s.actions)).toEqual([PUBLIC.action])
    expect(s.monitoring.updates).toEqual([])
    expect(s.evaluations).toEqual([])
    expect(visibleTitles(s.documents)).toEqual([PUBLIC.document])
    expect(s.measures).toMatchObject({ totalYearlyCost: 5000, totalHoursPerWeek: 4, gaps: [], overlaps: [] })
    expect(s.costs).toMatchObject({ totalCost: 1200, totalHours: 10 })
    expect(s.costs.byGoal).toEqual([{ goal: PUBLIC.goal, cost: 1200, hours: 10 }])
    expect(s.monitoring.actionStatus).toEqual({ gepland: 1, bezig: 0, klaar: 0, vertraagd: 0, gestopt: 0 })
    expect(s.actions[0]).toMatchObject({ status: 'gepland', goals: [PUBLIC.goal], trekker: { name: null } })
    // No person names: the organisation stands in.
    expect(s.case.projectleider).toEqual({ name: null, organisation: expect.objectContaining({ id: p.gem }) })
    expect(s.projectGroup.every((g) => g.people.length === 0)).toBe(true)
    expect(s.projectGroup.map((g) => g.organisation.id).sort()).toEqual([p.gem, p.pol, p.om, p.win].sort())
  })

  it('follows an item through sharing, restriction, opening up and deletion', async () => {
    const p = await partnership()
    await openSteps(p, [2, 3, 4, 5, 6])
    const action = await create(p.police, p.caseId, {
      kind: 'action',
      step: 5,
      title: S.actionTitle,
      trekkerOrganisationId: p.pol,
      participants: [{ organisationId: p.pol, hours: FIGURES.hoursPol }],
      cost: FIGURES.actionCost,
      payerOrganisationId: p.pol,
    })
    for (const variant of ['full', 'raad'] as const) {
      const { summary, raw } = await summaryOf(p.shops, p.caseId, variant)
      expect(raw).toContain(S.actionTitle)
      expect(summary.costs.totalCost).toBe(FIGURES.actionCost)
    }

    await setAudience(p.police, p.caseId, action.id, p.driehoek)
    const full = await summaryOf(p.shops, p.caseId, 'full')
    expectNoTrace(full.raw, 'the full summary after the restriction', SECRET)
    expect(full.summary.actions).toEqual([placeholder(action.id, 'action', p.pol)])
    expect(full.summary.costs).toMatchObject({ totalCost: 0, byOrganisation: [] })
    const raad = await summaryOf(p.police, p.caseId, 'raad')
    expectNoTrace(raad.raw, 'the raad summary after the restriction', SECRET)
    expect(raad.summary.actions).toEqual([])
    expect(raad.summary.monitoring.actionStatus.gepland).toBe(0)

    // Opened up again, it is back for everyone; deleted, it is gone for everyone.
    await setAudience(p.police, p.caseId, action.id, null)
    expect((await summaryOf(p.shops, p.caseId, 'raad')).summary.costs.totalCost).toBe(FIGURES.actionCost)
    const etag = (await p.police.get(`/api/cases/${p.caseId}/items/${action.id}`)).headers.etag as string
    expect((await p.police.delete(`/api/cases/${p.caseId}/items/${action.id}`, { 'if-match': etag })).statusCode).toBe(
      200,
    )
    for (const variant of ['full', 'raad'] as const) {
      const { summary, raw } = await summaryOf(p.police, p.caseId, variant)
      expectNoTrace(raw, `the ${variant} summary after the deletion`, SECRET)
      expect(summary.actions).toEqual([])
    }
  })
})

describe('who may ask for the summary', () => {
  const routes = (caseId: string) => ['summary', 'summary.pdf', 'summary.docx'].map((r) => `/api/cases/${caseId}/${r}`)

  it('answers 404 to a non-member and to a removed member on all three routes', async () => {
    const p = await partnership()
    const t = suite.t
    const stranger = await t.as(await t.make.user())
    const members = (await p.lead.get(`/api/cases/${p.caseId}/members`)).json().items as {
      id: string
      version: number
      organisation: { id: string }
    }[]
    const shopsSeat = members.find((m) => m.organisation.id === p.win)!
    const removed = await p.lead.delete(`/api/cases/${p.caseId}/members/${shopsSeat.id}`, {
      'if-match': `"${shopsSeat.version}"`,
    })
    expect(removed.statusCode, removed.body).toBe(200)
    for (const url of routes(p.caseId))
      for (const [who, c] of [
        ['a non-member', stranger],
        ['a removed member', p.shops],
      ] as const) {
        const res = await c.get(`${url}?variant=full`)
        expect(res.statusCode, `${who} on ${url}`).toBe(404)
        expect(res.body).not.toContain('Verloedering')
      }
  })

  it('answers 400 naming the variant to a variant that does not exist', async () => {
    const p = await partnership()
    for (const url of routes(p.caseId)) {
      const res = await p.lead.get(`${url}?variant=x`)
      expect(res.statusCode, url).toBe(400)
      expect(res.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['querystring.variant'])
    }
  })
})
