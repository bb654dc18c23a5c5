import { randomUUID } from 'node:crypto'
import { type Summary, SummarySchema, type SummaryVariant } from '@vp/shared'

// Summaries made by hand, for testing the renderers without a database: a case like the demo case
// (every section filled, one placeholder of each kind in the full variant) and one full of awkward
// text. Parsed by the contract's schema, so a renderer test never runs on a shape the API cannot send.

const org = (name: string, type: 'gemeente' | 'politie' | 'woningcorporatie' | 'om' | 'ondernemers') => ({
  id: randomUUID(),
  name,
  type,
})
export const ORGS = {
  gemeente: org('Gemeente De Hoven', 'gemeente'),
  politie: org('Politie Eenheid Oost-Nederland', 'politie'),
  corporatie: org('Woonstichting De Hoven', 'woningcorporatie'),
  om: org('Openbaar Ministerie', 'om'),
  ondernemers: org('Ondernemersvereniging Centrum', 'ondernemers'),
}
const counts = (akkoord: number, voorbehoud: number, niet_akkoord: number) => ({
  akkoord,
  voorbehoud,
  niet_akkoord,
  overall: (niet_akkoord > 0 ? 'niet_akkoord' : voorbehoud > 0 ? 'voorbehoud' : 'akkoord') as
    | 'akkoord'
    | 'voorbehoud'
    | 'niet_akkoord',
})
const at = (day: string) => `${day}T09:30:00.000Z`

/** A filled-in case; `full` carries one placeholder per restricted list, `raad` none and no names. */
export function sampleSummary(variant: SummaryVariant = 'full', overrides: Partial<Summary> = {}): Summary {
  const named = (name: string) => (variant === 'raad' ? null : name)
  const placeholder = (kind: 'measure' | 'action' | 'subproblem' | 'goal' | 'document' | 'evaluation') => ({
    restricted: true as const,
    id: randomUUID(),
    kind,
    organisation: ORGS.politie,
    createdAt: at('2027-02-14'),
  })
  const withPlaceholder = <T>(list: T[], kind: Parameters<typeof placeholder>[0]) =>
    variant === 'full' ? [...list, placeholder(kind)] : list
  const positions =
    variant === 'raad'
      ? []
      : [
          { organisation: ORGS.gemeente, position: 'akkoord' as const, reason: null },
          { organisation: ORGS.politie, position: 'akkoord' as const, reason: null },
          {
            organisation: ORGS.corporatie,
            position: 'voorbehoud' as const,
            reason: 'Alleen voor de flats aan het plein.',
          },
        ]
  const goal = {
    restricted: false as const,
    id: randomUUID(),
    title: 'Minder overlast rond het winkelcentrum',
    description: 'Het aantal meldingen van jeugdoverlast rond winkelcentrum De Hoven daalt.',
    indicator: 'Meldingen jeugdoverlast per maand',
    unit: 'meldingen',
    direction: 'lager' as const,
    baseline: 42,
    baselineDate: '2026-09-01',
    target: 20,
    targetDate: '2027-09-01',
    latest: { value: 31, measuredAt: '2027-03-01' },
    progress: 0.5,
    status: 'op_koers' as const,
    measurements: [
      { value: 42, measuredAt: '2026-09-01' },
      { value: 38, measuredAt: '2026-12-01' },
      { value: 31, measuredAt: '2027-03-01' },
    ],
    positions,
    positionCounts: counts(2, 1, 0),
  }
  const summary: Summary = {
    variant,
    generatedAt: '2027-03-12T13:05:00.000Z',
    seq: 187,
    case: {
      id: randomUUID(),
      title: 'Jeugdoverlast winkelcentrum De Hoven',
      slug: 'jeugdoverlast-winkelcentrum-de-hoven',
      gemeente: 'De Hoven',
      area: 'Winkelcentrum De Hoven en het plein ervoor',
      theme: 'overlast-jeugd',
      problemType: 'standaard',
      status: 'active',
      context: "Sinds de zomer hangen 's avonds groepen jongeren rond het winkelcentrum.",
      aanleiding: 'Klachten van winkeliers en bewoners van de flats aan het plein.',
      bestuurder: 'Wethouder Veiligheid',
      projectleider: { name: named('Sanne de Vries'), organisation: ORGS.gemeente },
      createdAt: at('2026-10-01'),
    },
    steps: [1, 2, 3, 4, 5, 6].map((step) => ({
      step,
      status: step <= 4 ? ('closed' as const) : step === 5 ? ('open' as const) : ('not_started' as const),
      deadline: step <= 5 ? at(`2027-0${step}-15`) : null,
      overdue: false,
      done: step <= 4 ? [ORGS.gemeente, ORGS.politie, ORGS.corporatie] : [ORGS.gemeente],
      notDone: step <= 4 ? [] : [ORGS.politie, ORGS.corporatie],
    })),
    projectGroup: [
      {
        organisation: ORGS.gemeente,
        people: variant === 'raad' ? [] : [{ name: 'Sanne de Vries', role: 'projectleider' }],
        roles: ['projectleider'],
        belang: 'Een leefbaar centrum',
        roleText: 'Regie en coördinatie',
      },
      {
        organisation: ORGS.politie,
        people: variant === 'raad' ? [] : [{ name: 'Ahmed Yilmaz', role: 'partner' }],
        roles: ['partner'],
        belang: 'Minder incidenten, minder inzet',
        roleText: 'Wijkagent en handhaving',
      },
      {
        organisation: ORGS.corporatie,
        people: variant === 'raad' ? [] : [{ name: 'Ćorić Şahin', role: 'partner' }],
        roles: ['partner'],
        belang: 'Rust voor de huurders',
        roleText: null,
      },
    ],
    problem: {
      statement: {
        restricted: false,
        id: randomUUID(),
        title: 'Groepen jongeren veroorzaken overlast rond winkelcentrum De Hoven',
        description:
          'Vooral op vrijdag- en zaterdagavond, tussen 20.00 en 24.00 uur: lawaai, intimidatie van winkelend publiek en vernielingen.',
        positions,
        positionCounts: counts(2, 1, 0),
      },
      subproblems: [
        ...['Intimidatie van winkelend publiek', 'Vernielingen aan portieken', 'Geluidsoverlast in de avond'].map(
          (title, i) => ({
            restricted: false as const,
            id: randomUUID(),
            title,
            description: null,
            rank: i + 1,
            mean: 4.3 - i,
            spread: 0.5 + i * 0.4,
            agreement: (['eens', 'gemengd', 'verdeeld'] as const)[i] ?? 'eens',
            ratingCount: 3,
            positions,
            positionCounts: counts(3 - i, i, 0),
          }),
        ),
        ...withPlaceholder([], 'subproblem'),
      ],
    },
    measures: {
      items: withPlaceholder(
        [
          {
            restricted: false as const,
            id: randomUUID(),
            title: 'Cameratoezicht op het plein',
            description: 'Beelden worden 28 dagen bewaard.',
            owner: ORGS.gemeente,
            since: '2024-01-01',
            yearlyCost: 18000,
            hoursPerWeek: 2,
            effect: 'deels' as const,
            subproblems: ['Vernielingen aan portieken'],
          },
          {
            restricted: false as const,
            id: randomUUID(),
            title: 'Extra surveillance op vrijdagavond',
            description: null,
            owner: ORGS.politie,
            since: '2026-06-01',
            yearlyCost: null,
            hoursPerWeek: 8,
            effect: 'werkt' as const,
            subproblems: ['Intimidatie van winkelend publiek'],
          },
        ],
        'measure',
      ),
      assessed: true,
      gaps: ['Geluidsoverlast in de avond'],
      overlaps: [],
      totalYearlyCost: 18000,
      totalHoursPerWeek: 10,
    },
    goals: withPlaceholder([goal], 'goal'),
    actions: withPlaceholder(
      [
        {
          restricted: false as const,
          id: randomUUID(),
          title: 'Jongerenwerker op vrijdag- en zaterdagavond',
          description: 'Twee jongerenwerkers spreken de groepen aan en bieden een alternatief.',
          trekker: { name: named('Sanne de Vries'), organisation: ORGS.gemeente },
          participants: [
            { organisation: ORGS.gemeente, hours: 8 },
            { organisation: ORGS.politie, hours: 2 },
          ],
          startDate: '2027-04-01',
          dueDate: '2027-10-01',
          status: 'bezig' as const,
          overdue: false,
          cost: 12500,
          payer: ORGS.gemeente,
          goals: [goal.title],
          commitments: [
            { organisation: ORGS.gemeente, status: 'accepted' as const },
            { organisation: ORGS.politie, status: 'pending' as const },
          ],
        },
        {
          restricted: false as const,
          id: randomUUID(),
          title: 'Betere verlichting in de portieken',
          description: null,
          trekker: { name: null, organisation: ORGS.corporatie },
          participants: [{ organisation: ORGS.corporatie, hours: 4 }],
          startDate: null,
          dueDate: '2027-02-01',
          status: 'vertraagd' as const,
          overdue: true,
          cost: 7800,
          payer: ORGS.corporatie,
          goals: [],
          commitments: [{ organisation: ORGS.corporatie, status: 'accepted' as const }],
        },
      ],
      'action',
    ),
    costs: {
      byOrganisation: [
        { organisation: ORGS.gemeente, cost: 12500, costPending: 0, hours: 8, hoursPending: 0, actionCount: 1 },
        { organisation: ORGS.politie, cost: 0, costPending: 0, hours: 0, hoursPending: 2, actionCount: 1 },
        { organisation: ORGS.corporatie, cost: 7800, costPending: 0, hours: 4, hoursPending: 0, actionCount: 1 },
      ],
      byGoal: [{ goal: goal.title, cost: 12500, hours: 10 }],
      unassignedCost: 7800,
      totalCost: 20300,
      totalHours: 14,
    },
    monitoring: {
      updates: withPlaceholder(
        [
          {
            restricted: false as const,
            id: randomUUID(),
            action: 'Jongerenwerker op vrijdag- en zaterdagavond',
            status: 'bezig' as const,
            title: 'Eerste vier avonden gedraaid',
            description: 'De groepen zijn bekend; twee jongeren doen mee aan het sportaanbod.',
            author: { name: named('Sanne de Vries'), organisation: ORGS.gemeente },
            createdAt: at('2027-03-05'),
          },
        ],
        'evaluation',
      ),
      actionStatus: { gepland: 0, bezig: 1, klaar: 0, vertraagd: 1, gestopt: 0 },
    },
    evaluations: [
      {
        restricted: false,
        id: randomUUID(),
        title: 'Tussenevaluatie maart',
        description: 'De overlast neemt af; de verlichting loopt achter.',
        conclusion: 'doorgaan',
        reopenStep: null,
        author: { name: named('Sanne de Vries'), organisation: ORGS.gemeente },
        createdAt: at('2027-03-10'),
      },
    ],
    documents: withPlaceholder(
      [
        {
          restricted: false as const,
          id: randomUUID(),
          title: 'Wijkscan De Hoven 2026',
          step: 1,
          organisation: ORGS.gemeente,
          createdAt: at('2026-10-03'),
        },
      ],
      'document',
    ),
    ...overrides,
  }
  return SummarySchema.parse(summary)
}

/** Text that breaks naive renderers: emoji, right-to-left, one 5,000-character word, blanks, markup, field codes. */
export const AWKWARD = {
  emoji: 'Overlast 🚲🔥 bij de fietsenstalling 👮‍♀️',
  rtl: 'שלום עליכם — مرحبا بكم في دي هوفن',
  longWord: 'x'.repeat(5000),
  blank: '     ',
  html: '<script>alert(1)</script><b>vet</b> &amp; <img src=x onerror=alert(2)>',
  fieldCodes:
    '{ HYPERLINK "http://example.invalid" } { INCLUDETEXT "c:\\\\windows\\\\win.ini" } { DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc" } =SUM(A1:A2) +cmd|\' /C calc\'!A0',
}

/** The sample case with awkward text in titles, descriptions and names throughout. */
export function awkwardSummary(variant: SummaryVariant = 'full'): Summary {
  const s = sampleSummary(variant)
  s.case.title = `${AWKWARD.emoji} ${AWKWARD.rtl}`
  s.case.area = AWKWARD.longWord
  s.case.context = AWKWARD.html
  s.case.aanleiding = AWKWARD.fieldCodes
  const statement = s.problem.statement
  if (statement && !statement.restricted) {
    statement.title = AWKWARD.rtl
    statement.description = `${AWKWARD.fieldCodes}\n${AWKWARD.html}`
  }
  for (const sub of s.problem.subproblems) if (!sub.restricted) sub.title = AWKWARD.blank
  for (const m of s.measures.items)
    if (!m.restricted) {
      m.title = AWKWARD.longWord
      m.description = AWKWARD.emoji
    }
  for (const a of s.actions)
    if (!a.restricted) {
      a.title = AWKWARD.html
      a.description = AWKWARD.fieldCodes
    }
  for (const d of s.documents) if (!d.restricted) d.title = AWKWARD.fieldCodes
  return SummarySchema.parse(s)
}

/** A case just opened: the title block and the steps' place, and every list and figure empty. */
export function emptySummary(variant: SummaryVariant = 'full'): Summary {
  const s = sampleSummary(variant)
  return SummarySchema.parse({
    ...s,
    case: { ...s.case, area: null, context: null, aanleiding: null, bestuurder: null, projectleider: null },
    steps: [],
    projectGroup: [],
    problem: { statement: null, subproblems: [] },
    measures: { items: [], assessed: false, gaps: [], overlaps: [], totalYearlyCost: 0, totalHoursPerWeek: 0 },
    goals: [],
    actions: [],
    costs: { byOrganisation: [], byGoal: [], unassignedCost: 0, totalCost: 0, totalHours: 0 },
    monitoring: { updates: [], actionStatus: { gepland: 0, bezig: 0, klaar: 0, vertraagd: 0, gestopt: 0 } },
    evaluations: [],
    documents: [],
  })
}
