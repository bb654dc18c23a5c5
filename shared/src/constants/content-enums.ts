// The enum lists of the steps' content as plain data: no zod, so the web app can import them
// without the contract's runtime. The zod schemas built on them live in ../content-enums.ts.

/** Status of one of the six steps. */
export const STEP_STATUSES = ['not_started', 'open', 'closed'] as const
export type StepStatus = (typeof STEP_STATUSES)[number]

/** Kinds of content item, and the step each belongs to. */
export const ITEM_KINDS = [
  'signal',
  'subproblem',
  'problem_statement',
  'measure',
  'goal',
  'action',
  'action_update',
  'measurement',
  'evaluation',
] as const
export type ItemKind = (typeof ITEM_KINDS)[number]
export const STEP_OF_KIND: Record<ItemKind, 2 | 3 | 4 | 5 | 6> = {
  signal: 2,
  subproblem: 2,
  problem_statement: 2,
  measure: 3,
  goal: 4,
  action: 5,
  action_update: 6,
  measurement: 6,
  evaluation: 6,
}

/** Where a signal comes from. */
export const SIGNAL_SOURCES = ['registratie', 'meldingen', 'waarneming', 'enquete', 'bijeenkomst', 'overig'] as const
export type SignalSource = (typeof SIGNAL_SOURCES)[number]
export const RELIABILITIES = ['bevestigd', 'onbevestigd', 'inschatting'] as const
export type Reliability = (typeof RELIABILITIES)[number]
/** Who is involved, as types only: cases are about places and phenomena, not persons. */
export const INVOLVED_PARTIES = [
  'daders',
  'slachtoffers',
  'omwonenden',
  'ondernemers',
  'bezoekers',
  'jongeren',
  'overig',
] as const
export type InvolvedParty = (typeof INVOLVED_PARTIES)[number]

/** An organisation's position on a sub-problem, problem statement or goal. */
export const POSITIONS = ['akkoord', 'voorbehoud', 'niet_akkoord'] as const
export type Position = (typeof POSITIONS)[number]

/** Assessed effect of a current measure. */
export const EFFECTS = ['werkt', 'deels', 'niet', 'onbekend'] as const
export type Effect = (typeof EFFECTS)[number]

/** Whether a goal's indicator should go up or down. */
export const DIRECTIONS = ['hoger', 'lager'] as const
export type Direction = (typeof DIRECTIONS)[number]

/** An organisation's commitment to an action assigned to it. */
export const ACTION_COMMITMENTS = ['pending', 'accepted', 'declined'] as const
export type ActionCommitment = (typeof ACTION_COMMITMENTS)[number]

/** Progress of an action (step 6 updates). */
export const ACTION_STATUSES = ['gepland', 'bezig', 'klaar', 'vertraagd', 'gestopt'] as const
export type ActionStatus = (typeof ACTION_STATUSES)[number]

/** The conclusion of an evaluation. */
export const CONCLUSIONS = ['doorgaan', 'bijstellen', 'afsluiten'] as const
export type Conclusion = (typeof CONCLUSIONS)[number]
