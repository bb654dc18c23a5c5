import type { Case } from '@vp/shared'
import type { StepDetail } from '../../../api/steps.ts'

/** What a step's content gets: the case, the step with its items, and whether changes are possible now. */
export interface StepContentProps {
  theCase: Case
  step: StepDetail
  /** Items can be added and changed: the step is open (the projectleider may also prepare one not yet started). */
  writable: boolean
  /** Ratings, positions and commitments can be given: the step is open. */
  open: boolean
}
