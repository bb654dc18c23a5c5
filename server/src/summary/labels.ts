import type {
  ActionCommitment,
  ActionStatus,
  CaseRole,
  Conclusion,
  Direction,
  Effect,
  ProblemType,
  StepStatus,
  Summary,
  SummaryPlaceholder,
  Theme,
} from '@vp/shared'

// The Dutch words of the summary's PDF and DOCX, in one place so that both say the same thing in
// the same order. They are the web app's words (web/src/i18n/nl.json); the page itself uses that
// catalogue. The exports are Dutch only: they go to a Dutch council.

/** The sections in their order: the same headings (Kop 1) in the PDF and the DOCX. */
export const SECTIONS = {
  steps: 'Stappen',
  projectGroup: 'Projectgroep',
  problem: 'Het probleem',
  measures: 'Wat doen we al?',
  goals: 'Wat willen we bereiken?',
  actions: 'Wat gaan we doen?',
  costs: 'Kosten en capaciteit',
  monitoring: 'Monitoring',
  evaluation: 'Evaluatie en conclusie',
  documents: 'Documenten',
} as const
export type SectionKey = keyof typeof SECTIONS
export const SECTION_ORDER = Object.keys(SECTIONS) as SectionKey[]

export const DOCUMENT_TITLE = 'Samenvatting van de vorderingen'
export const RAAD_NOTE =
  'Versie voor de gemeenteraad: alleen wat alle partners mogen zien; vertrouwelijke onderdelen en namen van medewerkers zijn weggelaten.'

export const STEP_NAMES: Record<number, string> = {
  1: 'Profiel',
  2: 'Wat is het probleem?',
  3: 'Wat doen we al?',
  4: 'Wat willen we bereiken?',
  5: 'Wat gaan we doen?',
  6: 'Wat hebben we bereikt?',
}

export const LABELS = {
  stepStatus: { not_started: 'nog niet begonnen', open: 'open', closed: 'gesloten' } satisfies Record<
    StepStatus,
    string
  >,
  overdue: 'verlopen',
  role: { projectleider: 'projectleider', partner: 'partner', waarnemer: 'waarnemer' } satisfies Record<
    CaseRole,
    string
  >,
  problemType: { standaard: 'standaard', complex: 'complex', acuut: 'acuut' } satisfies Record<ProblemType, string>,
  theme: {
    woninginbraak: 'Woninginbraak',
    'overlast-jeugd': 'Overlast jeugd',
    uitgaansgeweld: 'Uitgaansgeweld',
    drugsoverlast: 'Drugsoverlast',
    ondermijning: 'Ondermijning / hennepteelt',
    verloedering: 'Verloedering',
    'huiselijk-geweld': 'Huiselijk geweld',
    'verward-gedrag': 'Personen met verward gedrag',
    fietsendiefstal: 'Fietsendiefstal',
    autocriminaliteit: 'Autocriminaliteit',
    winkelcriminaliteit: 'Winkelcriminaliteit',
    verkeersoverlast: 'Verkeersoverlast',
    burenoverlast: 'Burenoverlast',
    cybercrime: 'Cybercrime',
    overig: 'Overig',
  } satisfies Record<Theme, string>,
  position: { akkoord: 'akkoord', voorbehoud: 'akkoord met voorbehoud', niet_akkoord: 'niet akkoord' },
  overallPosition: {
    akkoord: 'alle partners akkoord',
    voorbehoud: 'akkoord met voorbehoud',
    niet_akkoord: 'niet alle partners akkoord',
    geen: 'nog geen standpunten',
  },
  agreement: { eens: 'eens', gemengd: 'enigszins verdeeld', verdeeld: 'verdeeld', geen: 'nog geen beoordeling' },
  effect: { werkt: 'werkt', deels: 'werkt deels', niet: 'werkt niet', onbekend: 'onbekend' } satisfies Record<
    Effect,
    string
  >,
  direction: { hoger: 'hoger is beter', lager: 'lager is beter' } satisfies Record<Direction, string>,
  actionStatus: {
    gepland: 'gepland',
    bezig: 'bezig',
    klaar: 'klaar',
    vertraagd: 'vertraagd',
    gestopt: 'gestopt',
  } satisfies Record<ActionStatus, string>,
  commitment: { pending: 'openstaand', accepted: 'toegezegd', declined: 'afgewezen' } satisfies Record<
    ActionCommitment,
    string
  >,
  conclusion: { doorgaan: 'doorgaan', bijstellen: 'bijstellen', afsluiten: 'afsluiten' } satisfies Record<
    Conclusion,
    string
  >,
  indicatorStatus: {
    bereikt: 'streefwaarde gehaald',
    op_koers: 'op koers',
    enige_voortgang: 'enige voortgang',
    achter: 'loopt achter',
    onbekend: 'nog niet te zeggen',
  },
  caseStatus: { active: 'actief', closed: 'gesloten' },
} as const

/**
 * Words the DOCX uses beyond WORDS (below): its own sub-headings (Kop 2), notes and joining words.
 * The PDF may take them up; both exports share every other word.
 */
export const DOCX_WORDS = {
  startedOn: 'Gestart op',
  ratings: 'beoordelingen',
  gapsAndOverlaps: 'Hiaten en overlap',
  noGaps: 'Op elk deelprobleem is een maatregel gericht.',
  noOverlaps: 'Geen deelproblemen met maatregelen van meer organisaties.',
  notAssessed: 'Er zijn nog geen deelproblemen: over hiaten en overlap valt nog niets te zeggen.',
  measurements: 'Metingen',
  chart: 'Lijngrafiek van de metingen',
  of: 'van',
  from: 'vanaf',
  until: 'tot',
} as const

const dateFormat = new Intl.DateTimeFormat('nl-NL', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/Amsterdam',
})
const dateTimeFormat = new Intl.DateTimeFormat('nl-NL', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Amsterdam',
})
const euroFormat = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 })
const numberFormat = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 })

/** "12 maart 2027", for a calendar day ("2027-03-12") or a moment (the day it is in the Netherlands). */
export function formatDate(value: string): string {
  // A calendar day is noon UTC, which is that same day in Amsterdam.
  return dateFormat.format(new Date(value.length === 10 ? `${value}T12:00:00Z` : value))
}
/** "12 maart 2027 om 14:05" style (Dutch clock), for "stand van zaken per". */
export const formatDateTime = (value: string) => dateTimeFormat.format(new Date(value))
/** "€ 12.500": whole euros, Dutch grouping. */
export const formatEuro = (amount: number) => euroFormat.format(amount)
/** "1.234,5": Dutch decimals, at most one. */
export const formatNumber = (value: number) => numberFormat.format(value)
/** "12,5 uur per week" and the like are built by the renderers from this. */
export const formatHours = (hours: number) => `${numberFormat.format(hours)} uur`

const PLACEHOLDER_NOUN: Record<SummaryPlaceholder['kind'], string> = {
  signal: 'Vertrouwelijke bijdrage',
  subproblem: 'Vertrouwelijke bijdrage',
  problem_statement: 'Vertrouwelijke bijdrage',
  measure: 'Vertrouwelijke bijdrage',
  goal: 'Vertrouwelijke bijdrage',
  action: 'Vertrouwelijke bijdrage',
  action_update: 'Vertrouwelijke bijdrage',
  measurement: 'Vertrouwelijke bijdrage',
  evaluation: 'Vertrouwelijke bijdrage',
  document: 'Vertrouwelijk document',
}

/** What the screen shows outside an audience: "Vertrouwelijke bijdrage van Politie, 12 maart 2027". */
export const placeholderText = (p: SummaryPlaceholder) =>
  `${PLACEHOLDER_NOUN[p.kind]} van ${p.organisation.name}, ${formatDate(p.createdAt)}`

/** "Ahmed Yilmaz (Politie)", or only "Politie" where the summary names no person (raad). */
export const personText = (p: { name: string | null; organisation: { name: string } }) =>
  p.name ? `${p.name} (${p.organisation.name})` : p.organisation.name

/** The download's file name: `samenvatting-<case-slug>-<yyyy-mm-dd>.<ext>` (the Dutch calendar day). */
export function summaryFileName(summary: Pick<Summary, 'case' | 'generatedAt' | 'variant'>, ext: 'pdf' | 'docx') {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date(summary.generatedAt))
  return `samenvatting-${summary.case.slug}-${day}.${ext}`
}

/** The words of the exports' fields, table headings and notes: the same in the PDF and the DOCX. */
export const WORDS = {
  untitled: '(zonder titel)',
  raadVersion: 'versie voor de gemeenteraad',
  none: 'Nog niets vastgelegd.',
  author: 'Veiligheidsplanner',
  gemeente: 'Gemeente',
  area: 'Gebied',
  theme: 'Thema',
  problemType: 'Soort probleem',
  projectleider: 'Projectleider',
  bestuurder: 'Bestuurder',
  caseStatus: 'Status van het dossier',
  aanleiding: 'Aanleiding',
  context: 'Context',
  step: 'Stap',
  status: 'Status',
  deadline: 'Deadline',
  done: 'Klaar',
  notDone: 'Nog niet klaar',
  organisation: 'Organisatie',
  people: 'Mensen',
  role: 'Rol',
  belang: 'Belang',
  roleText: 'Rol in de aanpak',
  statement: 'Probleemstelling',
  noStatement: 'Er is nog geen probleemstelling vastgesteld.',
  subproblems: 'Deelproblemen',
  rank: 'Rang',
  subproblem: 'Deelprobleem',
  mean: 'Gemiddelde',
  spread: 'Spreiding',
  agreement: 'Eensgezindheid',
  positions: 'Standpunten',
  measure: 'Maatregel',
  owner: 'Eigenaar',
  since: 'sinds',
  yearlyCost: 'Kosten per jaar',
  hoursPerWeek: 'Uren per week',
  effect: 'Effect',
  addresses: 'Pakt aan',
  gaps: 'Niet aangepakt (hiaten)',
  overlaps: 'Overlap',
  total: 'Totaal',
  goal: 'Doel',
  indicator: 'Indicator',
  baseline: 'Nulmeting',
  target: 'Streefwaarde',
  latest: 'Laatste meting',
  progress: 'Stand',
  action: 'Actie',
  trekker: 'Trekker',
  participants: 'Deelnemers',
  period: 'Periode',
  commitments: 'Toezeggingen',
  parts: 'Deelnemers en toezeggingen',
  cost: 'Kosten',
  paidBy: 'betaald door',
  servesGoals: 'Voor',
  byOrganisation: 'Per organisatie',
  byGoal: 'Per doel',
  byGoalNote: 'Een actie die bij meer doelen hoort, telt bij elk doel mee.',
  hours: 'Uren',
  pending: 'waarvan openstaand',
  actionCount: 'Acties',
  unassigned: 'Niet toegewezen',
  indicators: 'Indicatoren',
  what: 'Wat',
  date: 'Datum',
  value: 'Waarde',
  measurement: 'Meting',
  noMeasurements: 'Nog geen metingen.',
  chartBaseline: 'nulmeting',
  chartTarget: 'streef',
  actionStatus: 'Stand van de acties',
  updates: 'Laatste voortgangsberichten',
  conclusion: 'Conclusie',
  title: 'Titel',
} as const

/** "Stand van zaken per 12 maart 2027 om 14:05". */
export const standText = (generatedAt: string) => `Stand van zaken per ${formatDateTime(generatedAt)}`
/** "Versie van het dossier: 187" (the event sequence number the summary reflects). */
export const versionText = (seq: number) => `Versie van het dossier: ${seq}`
/** "pagina 3 van 9". */
export const pageText = (page: number, pages: number) => `pagina ${page} van ${pages}`
/** "Stap 2. Wat is het probleem?" */
export const stepText = (step: number) => `Stap ${step}. ${STEP_NAMES[step] ?? ''}`.trim()
/** "Stap 5 wordt opnieuw geopend", for an evaluation that reopens a step. */
export const reopenText = (step: number) => `Stap ${step} wordt opnieuw geopend`
/** A title as shown: one of only spaces is shown as "(zonder titel)". */
export const titleText = (title: string) => (title.trim() === '' ? WORDS.untitled : title)
/** "2 akkoord, 1 akkoord met voorbehoud, 0 niet akkoord": positions as counts (no names). */
export const positionCountsText = (c: { akkoord: number; voorbehoud: number; niet_akkoord: number }) =>
  `${c.akkoord} ${LABELS.position.akkoord}, ${c.voorbehoud} ${LABELS.position.voorbehoud}, ${c.niet_akkoord} ${LABELS.position.niet_akkoord}`
