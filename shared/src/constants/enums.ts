// The enum lists of the contract as plain data: no zod, so the web app can import them on its first
// route. The zod schemas built on them live in ../enums.ts.

/** Kinds of organisation in a local safety partnership. Slugs are part of the API contract. */
export const ORGANISATION_TYPES = [
  'gemeente',
  'politie',
  'om',
  'woningcorporatie',
  'ondernemers',
  'bewoners',
  'jeugdzorg',
  'welzijn',
  'zorg',
  'veiligheidshuis',
  'riec',
  'onderwijs',
  'brandweer',
  'overig',
] as const
export type OrganisationType = (typeof ORGANISATION_TYPES)[number]

/** Role of a person within one case. */
export const CASE_ROLES = ['projectleider', 'partner', 'waarnemer'] as const
export type CaseRole = (typeof CASE_ROLES)[number]

/** Whether an account may sign in: one made through an invitation outside its organisation's domains waits. */
export const ACCOUNT_APPROVALS = ['approved', 'pending', 'rejected'] as const
export type AccountApproval = (typeof ACCOUNT_APPROVALS)[number]

/** Theme taxonomy of safety problems (slugs). */
export const THEMES = [
  'woninginbraak',
  'overlast-jeugd',
  'uitgaansgeweld',
  'drugsoverlast',
  'ondermijning',
  'verloedering',
  'huiselijk-geweld',
  'verward-gedrag',
  'fietsendiefstal',
  'autocriminaliteit',
  'winkelcriminaliteit',
  'verkeersoverlast',
  'burenoverlast',
  'cybercrime',
  'overig',
] as const
export type Theme = (typeof THEMES)[number]

export const PROBLEM_TYPES = ['standaard', 'complex', 'acuut'] as const
export type ProblemType = (typeof PROBLEM_TYPES)[number]

/** The six steps of a case, in order; the number is the step's position (1–6). */
export const STEPS = ['profiel', 'probleem', 'maatregelen', 'doelen', 'aanpak', 'monitoring'] as const
export type StepNumber = 1 | 2 | 3 | 4 | 5 | 6

export const LOCALES = ['nl', 'en'] as const
export type Locale = (typeof LOCALES)[number]

/** An organisation's agreement to take part in a case. */
export const COMMITMENT_STATES = ['pending', 'agreed', 'declined'] as const
export type CommitmentState = (typeof COMMITMENT_STATES)[number]

export const CASE_STATUSES = ['active', 'closed'] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]

/** Organisations of the "driehoek" (mayor, police, public prosecutor) by type: a common audience. */
export const DRIEHOEK_TYPES = ['gemeente', 'politie', 'om'] as const
