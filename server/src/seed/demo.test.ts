import {
  AgendaSchema,
  CaseListSchema,
  CommentListSchema,
  DashboardSchema,
  type Item,
  ItemHistorySchema,
  type ItemView,
  StepDetailSchema,
} from '@vp/shared'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, clientFor, sessionCookieOf } from '../../test/app.ts'
import { createTestDatabase, type TestDatabase } from '../../test/db.ts'
import { buildApp } from '../app.ts'
import { testConfig } from '../config.ts'
import { CLOSED_CASE, DEMO_CASE, DEMO_ORGANISATIONS, isDatabaseEmpty, seedDemo } from './demo.ts'

const DAY = 86_400_000
const now = new Date()
const T = (days: number) => new Date(now.getTime() + days * DAY)
const D = (days: number) => T(days).toISOString().slice(0, 10)

let db: TestDatabase
let app: FastifyInstance
let demo: Awaited<ReturnType<typeof seedDemo>>
beforeAll(async () => {
  db = await createTestDatabase()
  expect(await isDatabaseEmpty(db.database.db)).toBe(true)
  demo = await seedDemo(db.database.db, { password: 'demo-wachtwoord-voor-test', now })
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

const as = (code: string) => signIn(DEMO_ORGANISATIONS.find((o) => o.code === code)!.email)
const org = (code: string) => demo.accounts.find((a) => a.code === code)!.organisationId
const user = (code: string) => demo.accounts.find((a) => a.code === code)!.userId

async function stepItems(c: Client, caseId: string, step: number) {
  const res = await c.get(`/api/cases/${caseId}/steps/${step}`)
  expect(res.statusCode, res.body).toBe(200)
  return StepDetailSchema.parse(res.json()).items
}

const full = (items: ItemView[]) => items.filter((i): i is Item => !i.restricted)
const byTitle = (items: ItemView[], title: string) => {
  const found = full(items).find((i) => i.title === title)
  if (!found) throw new Error(`no item "${title}"`)
  return found
}

/** The whole event log of a case, newest first, through the activity API's pages. */
async function wholeLog(c: Client, caseId: string) {
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

describe('demo data', () => {
  it('marks the database as no longer empty', async () => {
    expect(await isDatabaseEmpty(db.database.db)).toBe(false)
  })

  it('gives every demo organisation an account that sees the De Hoven case, and the closed case to its members', async () => {
    for (const o of DEMO_ORGANISATIONS) {
      const c = await signIn(o.email)
      const mine = CaseListSchema.parse((await c.get('/api/cases')).json()).items
      // Most recently active first: De Hoven, then the case closed two years ago (without the shops).
      expect(mine.map((m) => m.title)).toEqual(
        o.code === 'WIN' ? [DEMO_CASE.title] : [DEMO_CASE.title, CLOSED_CASE.title],
      )
      expect(mine[0]).toMatchObject({
        id: demo.caseId,
        status: 'active',
        myRole: o.code === 'GEM' ? 'projectleider' : 'partner',
        memberCount: 7,
      })
    }
  })

  it('has the project group with belang, role and commitment of each organisation, and Iris as projectleider', async () => {
    const iris = await signIn('gemeente@rivierstede.example')
    const caseId = demo.caseId
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
    const log = await wholeLog(iris, caseId)
    expect(log.at(-1)).toMatchObject({ seq: 1, type: 'case.created', actor: { name: 'Iris Brinkhorst' } })
    expect(Date.parse(log.at(-1)!.createdAt)).toBe(T(-200).getTime())
  })
})

describe('the De Hoven case, through the API', () => {
  it('keeps the event log in time order: seq 1…n without gaps, each event no earlier than the one before', async () => {
    const log = (await wholeLog(await as('GEM'), demo.caseId)).reverse()
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1))
    for (const [i, e] of log.entries()) {
      if (i > 0) expect(Date.parse(e.createdAt)).toBeGreaterThanOrEqual(Date.parse(log[i - 1]!.createdAt))
    }
    expect(Date.parse(log.at(-1)!.createdAt)).toBeLessThan(now.getTime())
    const types = new Set(log.map((e) => e.type))
    for (const t of [
      'step.opened',
      'step.closed',
      'step.deadline_set',
      'step.done_marked',
      'item.created',
      'item.updated',
      'item.rated',
      'item.position_set',
      'item.commitment_set',
      'comment.added',
    ])
      expect(types).toContain(t)
    // The deadline of step 5 moved from T-90 to T+9.
    expect(log.filter((e) => e.type === 'step.deadline_set' && e.step === 5).map((e) => e.payload)).toEqual([
      { deadline: T(-90).toISOString(), previous: null },
      {
        deadline: T(9).toISOString(),
        previous: T(-90).toISOString(),
        reason: 'Toezegging woonstichting en financiering ontmoetingsplek nog open',
      },
    ])
  })

  it('shows the dashboard as DEMO.md states it', async () => {
    const iris = await as('GEM')
    const res = await iris.get(`/api/cases/${demo.caseId}/dashboard`)
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
    expect(D3).toMatchObject({ spread: 3, agreement: 'verdeeld' })
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
    const measures = await stepItems(iris, demo.caseId, 3)
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
      demo.accounts.map((a) => {
        const t = dash.totals.byOrganisation.find((o) => o.organisationId === a.organisationId)!
        return [a.code, [t.cost, t.costPending, t.hours, t.hoursPending]]
      }),
    )
    expect(totals).toEqual({
      GEM: [59300, 0, 408, 0],
      WON: [46000, 46000, 128, 120],
      WIN: [2800, 0, 38, 0],
      JZ: [1500, 0, 130, 60],
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
    expect(cell('JZ', 'Tijdelijke ontmoetingsplek')).toBe('pending')
    expect(cell('WIN', 'Tijdelijke ontmoetingsplek')).toBe('pending')
    const counts = Object.fromEntries(
      dash.commitments.rows.map((r) => [
        demo.accounts.find((a) => a.organisationId === r.organisationId)!.code,
        [r.accepted, r.pending, r.declined],
      ]),
    )
    expect(counts).toEqual({
      GEM: [8, 0, 0],
      POL: [5, 0, 1],
      OM: [1, 0, 0],
      WON: [1, 1, 0],
      WIN: [4, 1, 0],
      BEW: [3, 0, 0],
      JZ: [2, 1, 0],
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

  it('shows S8 only to the driehoek; the shops see a placeholder of Politie dated T-170', async () => {
    const shops = await stepItems(await as('WIN'), demo.caseId, 2)
    const hidden = shops.filter((i) => i.restricted)
    expect(hidden).toEqual([
      {
        id: expect.any(String),
        caseId: demo.caseId,
        kind: 'signal',
        step: 2,
        restricted: true,
        authorOrganisation: expect.objectContaining({ id: org('POL'), name: 'Politie, Basisteam Rivierstede-Oost' }),
        createdAt: T(-170).toISOString(),
        updatedAt: T(-170).toISOString(),
      },
    ])
    expect(full(shops)).toHaveLength(12)
    for (const code of ['POL', 'OM', 'GEM']) {
      const items = await stepItems(await as(code), demo.caseId, 2)
      const s8 = items.find((i) => i.id === hidden[0]!.id)!
      expect(s8).toMatchObject({
        restricted: false,
        title: 'Vermoedelijk drugshandel bij trappenhuizen parkeergarage',
        audience: [org('GEM'), org('POL'), org('OM')],
        fields: { source: 'waarneming', reliability: 'inschatting' },
        author: { name: 'Ruud Kalkman' },
      })
    }
    const dash = DashboardSchema.parse((await (await as('WIN')).get(`/api/cases/${demo.caseId}/dashboard`)).json())
    expect(dash.counts.find((c) => c.step === 2)).toEqual({ step: 2, items: 13, restricted: 1 })
  })

  it('has the signals, sub-problems and measures with their fields and links', async () => {
    const iris = await as('GEM')
    const step2 = await stepItems(iris, demo.caseId, 2)
    const S1 = full(step2).find((i) => i.title.startsWith('168 meldingen'))!
    expect(S1).toMatchObject({
      authorOrganisation: { id: org('POL') },
      fields: { source: 'registratie', reliability: 'bevestigd', figure: 168 },
    })
    expect(
      full(step2)
        .filter((i) => i.kind === 'signal')
        .map((i) => i.fields.source),
    ).toEqual([
      'registratie',
      'meldingen',
      'enquete',
      'enquete',
      'bijeenkomst',
      'waarneming',
      'waarneming',
      'waarneming',
    ])
    const D3 = byTitle(step2, 'Overlast door groepen jongeren, Hovenplein en parkeergarage')
    expect(D3).toMatchObject({ version: 2, commentCount: 3 })
    expect(D3.fields.signalIds).toHaveLength(4)
    expect(D3.fields.signalIds).toContain(S1.id)
    const statement = full(step2).find((i) => i.kind === 'problem_statement')!
    expect(statement).toMatchObject({ author: { name: 'Iris Brinkhorst' } })
    expect(statement.description).toContain('Na 18.00 uur voelt 59% van de bezoekers zich er niet veilig.')

    const M1 = byTitle(await stepItems(iris, demo.caseId, 3), 'Reiniging Hovenplein, 2x per week')
    expect(M1.fields).toMatchObject({
      ownerOrganisationId: org('GEM'),
      yearlyCost: 18400,
      hoursPerWeek: 6,
      effect: 'deels',
    })
    expect(Number((M1.fields.since as string).slice(0, 4))).toBe(now.getUTCFullYear() - 9)

    const A10 = full(await stepItems(iris, demo.caseId, 5)).find((i) =>
      i.title.startsWith('Tijdelijke ontmoetingsplek'),
    )!
    expect(A10.fields).toMatchObject({
      trekkerOrganisationId: org('GEM'),
      trekkerUserId: user('GEM'),
      participants: [
        { organisationId: org('GEM'), hours: 40 },
        { organisationId: org('JZ'), hours: 60 },
        { organisationId: org('WIN'), hours: 0 },
      ],
      startDate: D(14),
      dueDate: D(200),
      cost: 32000,
      payerOrganisationId: null,
    })
    // Nothing in the demo looks like personal data.
    for (const step of [2, 3, 4, 5, 6]) {
      for (const item of full(await stepItems(iris, demo.caseId, step))) expect(item.warnings).toEqual([])
    }
  })

  it('keeps D3’s first title in its history, and the comments with their mentions', async () => {
    const iris = await as('GEM')
    const step2 = await stepItems(iris, demo.caseId, 2)
    const D3 = byTitle(step2, 'Overlast door groepen jongeren, Hovenplein en parkeergarage')
    const history = ItemHistorySchema.parse((await iris.get(`/api/cases/${demo.caseId}/items/${D3.id}/history`)).json())
    const versions = history.items.filter((h) => h.version !== null)
    expect(versions.map((h) => [h.type, h.version, h.changes?.title])).toEqual([
      ['item.created', 1, 'Rondhangende jongeren'],
      ['item.updated', 2, 'Overlast door groepen jongeren, Hovenplein en parkeergarage'],
    ])
    const c1 = CommentListSchema.parse((await iris.get(`/api/cases/${demo.caseId}/items/${D3.id}/comments`)).json())
    expect(c1.items.map((c) => c.author.name)).toEqual(['Daan Meulenbelt', 'Gerrit Plasmeijer', 'Iris Brinkhorst'])
    // The rename comes after the question and before the answer that announces it.
    const renamed = Date.parse(versions[1]!.createdAt)
    expect(Date.parse(c1.items[1]!.createdAt)).toBeLessThan(renamed)
    expect(Date.parse(c1.items[2]!.createdAt)).toBeGreaterThan(renamed)

    const M3 = byTitle(
      await stepItems(iris, demo.caseId, 3),
      'Particuliere beveiliger Hovenplein, vr en za 19.00–22.00 uur',
    )
    const c2 = CommentListSchema.parse((await iris.get(`/api/cases/${demo.caseId}/items/${M3.id}/comments`)).json())
    expect(c2.items.map((c) => [c.author.name, c.mentions])).toEqual([
      ['Ruud Kalkman', [user('WIN')]],
      ['Gerrit Plasmeijer', []],
    ])
    const A3 = full(await stepItems(iris, demo.caseId, 5)).find((i) => i.title.startsWith('Herstel 41 gebreken'))!
    const c3 = CommentListSchema.parse((await iris.get(`/api/cases/${demo.caseId}/items/${A3.id}/comments`)).json())
    expect(c3.items.map((c) => [c.author.name, c.mentions])).toEqual([
      ['Iris Brinkhorst', [user('WON')]],
      ['Noor Hazelaar', []],
      ['Anneke Dorrestijn', []],
    ])
  })

  it('puts the open commitment of A3 and the open step 5 on the agenda of the housing corporation', async () => {
    const res = await (await as('WON')).get('/api/me/agenda')
    expect(res.statusCode, res.body).toBe(200)
    const agenda = AgendaSchema.parse(res.json())
    expect(agenda.commitmentsOwed).toEqual([
      {
        caseId: demo.caseId,
        caseTitle: DEMO_CASE.title,
        myRole: 'partner',
        itemId: expect.any(String),
        title: 'Herstel 41 gebreken portiekflats Hovenlaan',
        dueDate: D(150),
      },
    ])
    expect(agenda.openSteps).toContainEqual({
      caseId: demo.caseId,
      caseTitle: DEMO_CASE.title,
      myRole: 'partner',
      step: 5,
      deadline: T(9).toISOString(),
      overdue: false,
    })
    // The closed case asks nothing of anyone.
    expect([...agenda.openSteps, ...agenda.commitmentsOwed].every((x) => x.caseId === demo.caseId)).toBe(true)
    // The police marked step 5 done and owes no commitment.
    const police = AgendaSchema.parse((await (await as('POL')).get('/api/me/agenda')).json())
    expect(police.openSteps.map((s) => s.step)).toEqual([6])
    expect(police.commitmentsOwed).toEqual([])
  })
})

describe('the closed case Oosterhaven-Noord', () => {
  it('is listed for the gemeente as closed, with its result and evaluation', async () => {
    const iris = await as('GEM')
    const list = CaseListSchema.parse((await iris.get('/api/cases')).json()).items
    expect(list.find((c) => c.title === CLOSED_CASE.title)).toMatchObject({
      id: demo.closedCaseId,
      status: 'closed',
      theme: 'verloedering',
      problemType: 'standaard',
      myRole: 'projectleider',
      memberCount: 6,
      lastActivityAt: expect.any(String),
    })
    const theCase = (await iris.get(`/api/cases/${demo.closedCaseId}`)).json()
    expect(theCase).toMatchObject({ status: 'closed', closedAt: expect.any(String) })
    expect(theCase.closedAt).toBe(T(-730).toISOString())

    const dash = DashboardSchema.parse((await iris.get(`/api/cases/${demo.closedCaseId}/dashboard`)).json())
    expect(dash.steps.map((s) => s.status)).toEqual(Array(6).fill('closed'))
    expect(dash.actionStatus).toEqual({ gepland: 0, bezig: 0, klaar: 4, vertraagd: 0, gestopt: 1 })
    expect(dash.indicators.map((i) => [i.baseline, i.target, i.latest?.value, i.achieved])).toEqual([
      [11, 6, 5, true],
      [9, 4, 4, true],
      [35, 60, 55, false],
    ])
    const [evaluation] = (await stepItems(iris, demo.closedCaseId, 6)).filter((i) => i.kind === 'evaluation')
    expect(evaluation).toMatchObject({ fields: { conclusion: 'afsluiten' } })
    expect((evaluation as Item).description).toContain(
      'Spreek bij de start af wie voorzieningen voor jongeren betaalt.',
    )
    const stopped = full(await stepItems(iris, demo.closedCaseId, 6)).find((i) => i.fields.status === 'gestopt')!
    expect(stopped.description).toBe('Geen vaste contactpersoon; na drie maanden geen meldingen meer.')

    const log = await wholeLog(iris, demo.closedCaseId)
    expect(log[0]).toMatchObject({ type: 'case.closed' })
    expect(log.at(-1)).toMatchObject({ type: 'case.created', seq: 1 })
    // The shops were not part of it.
    expect((await (await as('WIN')).get(`/api/cases/${demo.closedCaseId}`)).statusCode).toBe(404)
  })
})
