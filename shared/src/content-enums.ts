import { z } from 'zod'
import {
  ACTION_COMMITMENTS,
  ACTION_STATUSES,
  CONCLUSIONS,
  DIRECTIONS,
  EFFECTS,
  INVOLVED_PARTIES,
  ITEM_KINDS,
  POSITIONS,
  RELIABILITIES,
  SIGNAL_SOURCES,
  STEP_STATUSES,
} from './constants/content-enums.ts'

// The lists and their types are plain data in constants/content-enums.ts; here are their schemas.
export * from './constants/content-enums.ts'

export const StepStatusSchema = z.enum(STEP_STATUSES)
export const ItemKindSchema = z.enum(ITEM_KINDS)
export const SignalSourceSchema = z.enum(SIGNAL_SOURCES)
export const ReliabilitySchema = z.enum(RELIABILITIES)
export const InvolvedPartySchema = z.enum(INVOLVED_PARTIES)
export const PositionSchema = z.enum(POSITIONS)
export const EffectSchema = z.enum(EFFECTS)
export const DirectionSchema = z.enum(DIRECTIONS)
export const ActionCommitmentSchema = z.enum(ACTION_COMMITMENTS)
export const ActionStatusSchema = z.enum(ACTION_STATUSES)
export const ConclusionSchema = z.enum(CONCLUSIONS)
