import type {
  ActionCommitment,
  ActionStatus,
  CommitmentState,
  IndicatorStatus,
  Position,
  RatingAgreement,
  StepStatus,
} from '@vp/shared/constants'

// The Utrecht status badge's colour for each value a case shows as a badge, shared by the step
// pages, the project group and the case overview.

export const STEP_STATUS_BADGE: Record<StepStatus, string> = {
  not_started: 'neutral',
  open: 'active',
  closed: 'inactive',
}

export const ACTION_STATUS_BADGE: Record<ActionStatus, string> = {
  gepland: 'neutral',
  bezig: 'active',
  klaar: 'success',
  vertraagd: 'warning',
  gestopt: 'inactive',
}

export const POSITION_BADGE: Record<Position, string> = {
  akkoord: 'success',
  voorbehoud: 'warning',
  niet_akkoord: 'danger',
}

export const COMMITMENT_STATUS_BADGE: Record<ActionCommitment, string> = {
  accepted: 'success',
  pending: 'warning',
  declined: 'danger',
}

export const AGREEMENT_BADGE: Record<RatingAgreement, string> = {
  eens: 'success',
  gemengd: 'warning',
  verdeeld: 'danger',
  geen: 'neutral',
}

/** An organisation's agreement to take part in the case (its seat in the project group). */
export const COMMITMENT_BADGE: Record<CommitmentState, string> = {
  pending: 'warning',
  agreed: 'success',
  declined: 'danger',
}

/** A goal's progress label (shared/src/rules/indicators.ts): green only when on track or reached. */
export const INDICATOR_STATUS_BADGE: Record<IndicatorStatus, string> = {
  bereikt: 'success',
  op_koers: 'success',
  enige_voortgang: 'warning',
  achter: 'danger',
  onbekend: 'neutral',
}
