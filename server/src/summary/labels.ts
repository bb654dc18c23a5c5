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

/** What a title of only blanks (or none) shows in the exports. */
export const UNTITLED = '(zonder titel)'
/** A title as the exports show it: without surrounding blanks, and never empty. */
export const titleText = (title: string | null | undefined) => title?.trim() || UNTITLED

/** The words around the figures: sub-headings (Kop 2), column headings and field labels of the exports. */
export const SUMMARY_WORDS = {
  asOf: 'Stand van zaken per',
  version: 'Versie van het dossier',
  gemeente: 'Gemeente',
  area: 'Gebied',
  theme: 'Thema',
  problemType: 'Soort probleem',
  caseStatus: 'Status',
  projectleider: 'Projectleider',
  bestuurder: 'Bestuurder',
  startedOn: 'Gestart op',
  aanleiding: 'Aanleiding',
  context: 'Context',
  step: 'Stap',
  status: 'Status',
  deadline: 'Deadline',
  done: 'Afgerond',
  of: 'van',
  notDone: 'Nog niet afgerond door',
  organisation: 'Organisatie',
  roles: 'Rol in het dossier',
  belang: 'Belang',
  roleText: 'Inbreng',
  people: 'Deelnemers',
  statement: 'Probleemstelling',
  noStatement: 'Er is nog geen probleemstelling vastgesteld.',
  subproblems: 'Deelproblemen',
  rank: 'Rang',
  subproblem: 'Deelprobleem',
  priority: 'Prioriteit (1–5)',
  spread: 'spreiding',
  ratings: 'beoordelingen',
  agreement: 'Eensgezindheid',
  positions: 'Standpunten',
  measure: 'Maatregel',
  owner: 'Eigenaar',
  since: 'Sinds',
  yearlyCost: 'Kosten per jaar',
  hoursPerWeek: 'Uren per week',
  effect: 'Effect',
  gapsAndOverlaps: 'Gaten en overlap',
  gaps: 'Deelproblemen waar geen maatregel op gericht is',
  noGaps: 'Op elk deelprobleem is een maatregel gericht.',
  overlaps: 'Deelproblemen met maatregelen van meer organisaties',
  noOverlaps: 'Geen deelproblemen met maatregelen van meer organisaties.',
  notAssessed: 'Er zijn nog geen deelproblemen: over gaten en overlap valt nog niets te zeggen.',
  goal: 'Doel',
  indicator: 'Indicator',
  baseline: 'Nulmeting',
  target: 'Streefwaarde',
  latest: 'Laatste meting',
  progress: 'Voortgang',
  action: 'Actie',
  trekker: 'Trekker',
  period: 'Periode',
  from: 'vanaf',
  until: 'tot',
  cost: 'Kosten',
  paidBy: 'betaald door',
  participants: 'Inzet',
  commitments: 'Toezeggingen',
  goals: 'Doelen',
  byOrganisation: 'Per organisatie',
  byGoal: 'Per doel',
  actionCount: 'Acties',
  pending: 'waarvan openstaand',
  hours: 'Uren',
  unassigned: 'Zonder betaler',
  total: 'Totaal',
  measurements: 'Metingen',
  date: 'Datum',
  value: 'Waarde',
  noMeasurements: 'Nog geen metingen.',
  updates: 'Laatste voortgangsberichten',
  actionStatus: 'Acties per status',
  conclusion: 'Conclusie',
  reopensStep: 'heropent stap',
  none: 'Nog niets vastgelegd.',
} as const
