import { z } from 'zod'

/** Status of one of the six steps. */
export const STEP_STATUSES = ['not_started', 'open', 'closed'] as const
export const StepStatusSchema = z.enum(STEP_STATUSES)
export type StepStatus = z.infer<typeof StepStatusSchema>

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
export const ItemKindSchema = z.enum(ITEM_KINDS)
export type ItemKind = z.infer<typeof ItemKindSchema>
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
export const SignalSourceSchema = z.enum(SIGNAL_SOURCES)
export const RELIABILITIES = ['bevestigd', 'onbevestigd', 'inschatting'] as const
export const ReliabilitySchema = z.enum(RELIABILITIES)
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
export const InvolvedPartySchema = z.enum(INVOLVED_PARTIES)

/** An organisation's position on a sub-problem, problem statement or goal. */
export const POSITIONS = ['akkoord', 'voorbehoud', 'niet_akkoord'] as const
export const PositionSchema = z.enum(POSITIONS)
export type Position = z.infer<typeof PositionSchema>

/** Assessed effect of a current measure. */
export const EFFECTS = ['werkt', 'deels', 'niet', 'onbekend'] as const
export const EffectSchema = z.enum(EFFECTS)

/** Whether a goal's indicator should go up or down. */
export const DIRECTIONS = ['hoger', 'lager'] as const
export const DirectionSchema = z.enum(DIRECTIONS)
export type Direction = z.infer<typeof DirectionSchema>

/** An organisation's commitment to an action assigned to it. */
export const ACTION_COMMITMENTS = ['pending', 'accepted', 'declined'] as const
export const ActionCommitmentSchema = z.enum(ACTION_COMMITMENTS)
export type ActionCommitment = z.infer<typeof ActionCommitmentSchema>

/** Progress of an action (step 6 updates). */
export const ACTION_STATUSES = ['gepland', 'bezig', 'klaar', 'vertraagd', 'gestopt'] as const
export const ActionStatusSchema = z.enum(ACTION_STATUSES)
export type ActionStatus = z.infer<typeof ActionStatusSchema>

/** The conclusion of an evaluation. */
export const CONCLUSIONS = ['doorgaan', 'bijstellen', 'afsluiten'] as const
export const ConclusionSchema = z.enum(CONCLUSIONS)
