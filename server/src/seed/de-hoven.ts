import type { CaseSeed, Clock } from './case-seed.ts'
import { fillDeHovenActions } from './de-hoven-actions.ts'
import { fillDeHovenDocuments } from './de-hoven-documents.ts'
import { fillDeHovenPlan } from './de-hoven-plan.ts'
import { fillDeHovenProblem } from './de-hoven-problem.ts'

/**
 * Steps 1–6 of the De Hoven case, as shared/docs/DEMO.md section 2 describes it: steps 1–4 closed,
 * step 5 open with its deadline moved to T+9, step 6 open since T-100. Returns the item refs by
 * their DEMO names (S1, D3, M2, G2, A3, …); their ids are known once the timeline has run.
 */
export function fillDeHoven(s: CaseSeed, clock: Clock) {
  const problem = fillDeHovenProblem(s, clock)
  const plan = fillDeHovenPlan(s, clock, problem.subproblems)
  const actions = fillDeHovenActions(s, clock, plan.goals)
  fillDeHovenDocuments(s, clock, { schouw: problem.signals.S6 })
  return { ...problem, ...plan, ...actions }
}
