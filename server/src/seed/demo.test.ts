import {
  AgendaSchema,
  CaseListSchema,
  CommentListSchema,
  DashboardSchema,
  type Item,
  ItemHistorySchema,
} from '@vp/shared'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { byTitle, full, seededDemo, stepItems, wholeLog } from '../../test/demo.ts'
import { testConfig } from '../config.ts'
import { cases } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { CaseSeed } from './case-seed.ts'
import { CLOSED_CASE, DEMO_CASE, DEMO_ORGANISATIONS, isDatabaseEmpty } from './demo.ts'

const d = seededDemo()
const { T, D, now, as, org, user, signIn } = d
const seeded = () => d.seeded

describe('demo data', () => {
  it('marks the database as no longer empty', async () => {
    expect(await isDatabaseEmpty(d.db.database.db)).toBe(false)
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
        id: seeded().caseId,
        status: 'active',
        myRole: o.code === 'GEM' ? 'projectleider' : 'partner',
        memberCount: 7,
      })
    }
  })

  it('has the project group with belang, role and commitment of each organisation, and Iris as projectleider', async () => {
    const iris = await signIn('gemeente@rivierstede.example')
    const caseId = seeded().caseId
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
    // Every partner joined by accepting the projectleider's invitation, as the API lets them join.
    const invitations: { email: string; state: string }[] = (await iris.get(`/api/cases/${caseId}/invitations`)).json()
      .items
    expect(invitations.filter((i) => i.state === 'pending')).toEqual([
      expect.objectContaining({ email: 'kabinet@rivierstede.example', state: 'pending', role: 'waarnemer' }),
    ])
    expect(invitations.filter((i) => i.state === 'accepted').map((i) => i.email)).toEqual(
      expect.arrayContaining(DEMO_ORGANISATIONS.filter((o) => o.code !== 'GEM').map((o) => o.email)),
    )
    expect(invitations).toHaveLength(7)
    const log = await wholeLog(iris, caseId)
    expect(log.at(-1)).toMatchObject({ seq: 1, type: 'case.created', actor: { name: 'Iris Brinkhorst' } })
    expect(Date.parse(log.at(-1)!.createdAt)).toBe(T(-200).getTime())
  })
})

describe('the De Hoven case, through the API', () => {
  it('keeps the event log in time order: seq 1…n without gaps, each event no earlier than the one before', async () => {
    const log = (await wholeLog(await as('GEM'), seeded().caseId)).reverse()
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

  it('shows S8 only to the driehoek; the shops see a placeholder of Politie dated T-170', async () => {
    const shops = await stepItems(await as('WIN'), seeded().caseId, 2)
    const hidden = shops.filter((i) => i.restricted)
    expect(hidden).toEqual([
      {
        id: expect.any(String),
        caseId: seeded().caseId,
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
      const items = await stepItems(await as(code), seeded().caseId, 2)
      const s8 = items.find((i) => i.id === hidden[0]!.id)!
      expect(s8).toMatchObject({
        restricted: false,
        title: 'Vermoedelijk drugshandel bij trappenhuizen parkeergarage',
        audience: [org('GEM'), org('POL'), org('OM')],
        fields: { source: 'waarneming', reliability: 'inschatting' },
        author: { name: 'Ruud Kalkman' },
      })
    }
    const dash = DashboardSchema.parse((await (await as('WIN')).get(`/api/cases/${seeded().caseId}/dashboard`)).json())
    expect(dash.counts.find((c) => c.step === 2)).toEqual({ step: 2, items: 13, restricted: 1 })
  })

  it('has the signals, sub-problems and measures with their fields and links', async () => {
    const iris = await as('GEM')
    const step2 = await stepItems(iris, seeded().caseId, 2)
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

    const M1 = byTitle(await stepItems(iris, seeded().caseId, 3), 'Reiniging Hovenplein, 2x per week')
    expect(M1.fields).toMatchObject({
      ownerOrganisationId: org('GEM'),
      yearlyCost: 18400,
      hoursPerWeek: 6,
      effect: 'deels',
    })
    expect(Number((M1.fields.since as string).slice(0, 4))).toBe(now.getUTCFullYear() - 9)

    const A10 = full(await stepItems(iris, seeded().caseId, 5)).find((i) =>
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
      for (const item of full(await stepItems(iris, seeded().caseId, step))) expect(item.warnings).toEqual([])
    }
  })

  it('keeps D3’s first title in its history, and the comments with their mentions', async () => {
    const iris = await as('GEM')
    const step2 = await stepItems(iris, seeded().caseId, 2)
    const D3 = byTitle(step2, 'Overlast door groepen jongeren, Hovenplein en parkeergarage')
    const history = ItemHistorySchema.parse(
      (await iris.get(`/api/cases/${seeded().caseId}/items/${D3.id}/history`)).json(),
    )
    const versions = history.items.filter((h) => h.version !== null)
    expect(versions.map((h) => [h.type, h.version, h.changes?.title])).toEqual([
      ['item.created', 1, 'Rondhangende jongeren'],
      ['item.updated', 2, 'Overlast door groepen jongeren, Hovenplein en parkeergarage'],
    ])
    const c1 = CommentListSchema.parse((await iris.get(`/api/cases/${seeded().caseId}/items/${D3.id}/comments`)).json())
    expect(c1.items.map((c) => c.author.name)).toEqual(['Daan Meulenbelt', 'Gerrit Plasmeijer', 'Iris Brinkhorst'])
    // The rename comes after the question and before the answer that announces it.
    const renamed = Date.parse(versions[1]!.createdAt)
    expect(Date.parse(c1.items[1]!.createdAt)).toBeLessThan(renamed)
    expect(Date.parse(c1.items[2]!.createdAt)).toBeGreaterThan(renamed)

    const M3 = byTitle(
      await stepItems(iris, seeded().caseId, 3),
      'Particuliere beveiliger Hovenplein, vr en za 19.00–22.00 uur',
    )
    const c2 = CommentListSchema.parse((await iris.get(`/api/cases/${seeded().caseId}/items/${M3.id}/comments`)).json())
    expect(c2.items.map((c) => [c.author.name, c.mentions])).toEqual([
      ['Ruud Kalkman', [user('WIN')]],
      ['Gerrit Plasmeijer', []],
    ])
    const A3 = full(await stepItems(iris, seeded().caseId, 5)).find((i) => i.title.startsWith('Herstel 41 gebreken'))!
    const c3 = CommentListSchema.parse((await iris.get(`/api/cases/${seeded().caseId}/items/${A3.id}/comments`)).json())
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
        caseId: seeded().caseId,
        caseTitle: DEMO_CASE.title,
        myRole: 'partner',
        itemId: expect.any(String),
        title: 'Herstel 41 gebreken portiekflats Hovenlaan',
        dueDate: D(150),
      },
    ])
    expect(agenda.openSteps).toContainEqual({
      caseId: seeded().caseId,
      caseTitle: DEMO_CASE.title,
      myRole: 'partner',
      step: 5,
      deadline: T(9).toISOString(),
      overdue: false,
    })
    // The closed case asks nothing of anyone.
    expect([...agenda.openSteps, ...agenda.commitmentsOwed].every((x) => x.caseId === seeded().caseId)).toBe(true)
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
      id: seeded().closedCaseId,
      status: 'closed',
      theme: 'verloedering',
      problemType: 'standaard',
      myRole: 'projectleider',
      memberCount: 6,
      lastActivityAt: expect.any(String),
    })
    const theCase = (await iris.get(`/api/cases/${seeded().closedCaseId}`)).json()
    expect(theCase).toMatchObject({ status: 'closed', closedAt: expect.any(String) })
    expect(theCase.closedAt).toBe(T(-730).toISOString())

    const dash = DashboardSchema.parse((await iris.get(`/api/cases/${seeded().closedCaseId}/dashboard`)).json())
    // The evaluation's afsluiten closes the case and, with it, step 6: nothing in it is overdue.
    expect(dash.steps.map((s) => s.status)).toEqual(Array(6).fill('closed'))
    expect(dash.steps.some((s) => s.overdue)).toBe(false)
    expect(dash.actionStatus).toEqual({ gepland: 0, bezig: 0, klaar: 4, vertraagd: 0, gestopt: 1 })
    expect(dash.indicators.map((i) => [i.baseline, i.target, i.latest?.value, i.achieved])).toEqual([
      [11, 6, 5, true],
      [9, 4, 4, true],
      [35, 60, 55, false],
    ])
    const [evaluation] = (await stepItems(iris, seeded().closedCaseId, 6)).filter((i) => i.kind === 'evaluation')
    expect(evaluation).toMatchObject({ fields: { conclusion: 'afsluiten' } })
    expect((evaluation as Item).description).toContain(
      'Spreek bij de start af wie voorzieningen voor jongeren betaalt.',
    )
    const stopped = full(await stepItems(iris, seeded().closedCaseId, 6)).find((i) => i.fields.status === 'gestopt')!
    expect(stopped.description).toBe('Geen vaste contactpersoon; na drie maanden geen meldingen meer.')

    const log = await wholeLog(iris, seeded().closedCaseId)
    expect(log[0]).toMatchObject({ type: 'case.closed' })
    expect(log.at(-1)).toMatchObject({ type: 'case.created', seq: 1 })
    // The shops were not part of it.
    expect((await (await as('WIN')).get(`/api/cases/${seeded().closedCaseId}`)).statusCode).toBe(404)
  })
})

describe('the seed, through the commands', () => {
  /** A small case on top of the demo, run as the seed runs; the transaction is the caller's. */
  const attempt = (fill: (s: CaseSeed) => void) =>
    inTransaction(d.db.database.db, async (tx) => {
      const s = new CaseSeed(seeded().accounts, 'GEM')
      s.createCase(T(-20), { ...DEMO_CASE, title: 'Proefdossier' })
      s.member('POL', 'partner', T(-19), { belang: null, roleText: null, commitmentNote: null })
      fill(s)
      await s.run(tx, { config: testConfig(), fresh: T(-1) })
    })
  const caseCount = async () => (await d.db.database.db.select({ id: cases.id }).from(cases)).length

  it('refuses demo data the API would refuse, naming the command, and writes none of it', async () => {
    const before = await caseCount()
    // A body the shared schema refuses.
    await expect(
      attempt((s) =>
        s.signal('POL', T(-10), {
          title: 'Geruchten',
          description: 'Een gerucht',
          source: 'roddel' as 'waarneming',
          reliability: 'inschatting',
        }),
      ),
    ).rejects.toThrow(/^demo data refused: "Geruchten" by POL at .*source/s)
    // A write the policy refuses: a partner does not write the problem statement.
    const refused = attempt((s) => {
      s.openStep(2, T(-12))
      s.problemStatement('POL', T(-10), { title: 'Probleemstelling', description: 'Tekst' })
    })
    await expect(refused).rejects.toThrow(/^demo data refused: "Probleemstelling" by POL/)
    await expect(refused.catch((err) => (err as Error).cause)).resolves.toMatchObject({ statusCode: 403 })
    // A rule of the service: no rating while the step has not opened.
    await expect(
      attempt((s) => {
        const sub = s.subproblem('GEM', T(-10), { title: 'Deelprobleem', signalIds: [] })
        s.rate(sub, 'POL', T(-9), 4)
      }),
    ).rejects.toThrow(/^demo data refused: rating of "Deelprobleem" by POL.*niet open/)
    expect(await caseCount()).toBe(before)
  })

  it('runs the commands in time order, so naming an item the demo makes later fails', async () => {
    await expect(
      attempt((s) => {
        s.openStep(2, T(-12))
        const later = s.signal('POL', T(-5), {
          title: 'Later signaal',
          description: 'Komt later',
          source: 'waarneming',
          reliability: 'inschatting',
        })
        s.subproblem('GEM', T(-10), { title: 'Te vroeg', signalIds: [later] })
      }),
    ).rejects.toThrow('"Later signaal" does not exist yet at this moment of the demo')
  })

  it('dates what every command wrote in the demo’s past: no row or event carries the moment of seeding', async () => {
    const db = d.db.database.db
    const rows = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows
    // Instance tables (accounts, organisations, sessions, limits) are not the demo's history; deadlines
    // and expiries lie ahead by nature.
    const NOT_HISTORY = ['users', 'organisations', 'sessions', 'settings', 'rate_counters', 'single_use_tokens']
    // A member's last visit is written whenever a test here opens the case (the seed's own values are
    // checked in follow-up/demo-follow-up.test.ts).
    const AHEAD = ['case_steps.deadline', 'invitations.expires_at', 'case_members.last_seen_at']
    const columns = rows(
      await db.execute(sql`select table_name as t, column_name as c from information_schema.columns
        where table_schema = 'public' and data_type = 'timestamp with time zone'`),
    ).filter(({ t, c }) => !NOT_HISTORY.includes(String(t)) && !AHEAD.includes(`${t}.${c}`))
    expect(columns.map(({ t, c }) => `${t}.${c}`)).toEqual(
      expect.arrayContaining(['case_events.created_at', 'items.updated_at', 'comments.created_at']),
    )
    const recent: string[] = []
    for (const { t, c } of columns) {
      const [found] = rows(
        await db.execute(
          sql`select count(*)::int as n from ${sql.identifier(String(t))} where ${sql.identifier(String(c))} >= ${T(-1).toISOString()}::timestamptz`,
        ),
      )
      if (Number(found?.n) > 0) recent.push(`${t}.${c}`)
    }
    expect(recent).toEqual([])
  })
})
