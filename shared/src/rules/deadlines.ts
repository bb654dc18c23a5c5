import type { StepStatus } from '../constants/content-enums.ts'
import type { ProblemType } from '../constants/enums.ts'
import { addDays, CALENDAR_TIME_ZONE, dutchParts, endOfDutchDay } from './calendar.ts'

export * from './calendar.ts'

const HOUR_MS = 3_600_000
const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: CALENDAR_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/**
 * The calendar day (YYYY-MM-DD) it is in the Netherlands at `now`. Dates without a time (an
 * action's due date) are compared with this, so an action due on the 12th is overdue from 00:00
 * Dutch time on the 13th, not from 01:00 or 02:00 as UTC would have it.
 */
export function dutchDay(now: Date, plusDays = 0): string {
  return dayFormat.format(new Date(now.getTime() + plusDays * 86_400_000))
}

/** Milliseconds since the epoch, or null for a missing or unparseable deadline. */
function toTime(deadline: string | null): number | null {
  if (deadline === null) return null
  const time = Date.parse(deadline)
  return Number.isNaN(time) ? null : time
}

/** True only for an open step whose deadline lies strictly before `now`; closed and not-started steps never are. */
export function isOverdue(step: { status: StepStatus; deadline: string | null }, now: Date): boolean {
  if (step.status !== 'open') return false
  const time = toTime(step.deadline)
  return time !== null && time < now.getTime()
}

/** True when the deadline lies in the closed interval [now, now + hours]; false without a (valid) deadline. */
export function isDueWithin(deadline: string | null, now: Date, hours: number): boolean {
  const time = toTime(deadline)
  if (time === null) return false
  const start = now.getTime()
  return time >= start && time <= start + hours * HOUR_MS
}

export type StepSummary = {
  /** The lowest-numbered open step, or null when no step is open. */
  current: number | null
  openSteps: number[]
  overdueSteps: number[]
  closedCount: number
}

/** Summarises a case's steps: open and overdue step numbers in ascending order, the lowest open one as current. */
export function stepSummary(
  steps: { step: number; status: StepStatus; deadline: string | null }[],
  now: Date,
): StepSummary {
  const sorted = [...steps].sort((a, b) => a.step - b.step)
  const openSteps = sorted.filter((s) => s.status === 'open').map((s) => s.step)
  const overdueSteps = sorted.filter((s) => isOverdue(s, now)).map((s) => s.step)
  const closedCount = sorted.filter((s) => s.status === 'closed').length
  return { current: openSteps[0] ?? null, openSteps, overdueSteps, closedCount }
}

export type DeadlineUnit = 'hours' | 'days' | 'weeks'

/**
 * How long each step takes, per problem type: the time between one step's deadline and the next's.
 *
 * - acuut (a problem to handle within a day or two): analysis in hours — stap 1 in 4 uur, stap 2
 *   8 uur later (12 uur), stap 3 12 uur later (1 dag), plan (stap 4) a day later, actions (stap 5)
 *   2 days after that, and a first evaluation (stap 6) a week later;
 * - standaard: two weeks per step for profile, signals, analysis and plan, four for the actions,
 *   and an evaluation after three months (12 weeks);
 * - complex (many partners, a longer analysis, as the demo's De Hoven): four weeks for profile and
 *   signals, three for analysis and plan, six for the actions and an evaluation after half a year.
 *
 * A starting point, as the LVP's own planning is: the projectleider changes any of them.
 */
export const STEP_DURATIONS: Record<ProblemType, readonly { amount: number; unit: DeadlineUnit }[]> = {
  acuut: [
    { amount: 4, unit: 'hours' },
    { amount: 8, unit: 'hours' },
    { amount: 12, unit: 'hours' },
    { amount: 1, unit: 'days' },
    { amount: 2, unit: 'days' },
    { amount: 7, unit: 'days' },
  ],
  standaard: [
    { amount: 2, unit: 'weeks' },
    { amount: 2, unit: 'weeks' },
    { amount: 2, unit: 'weeks' },
    { amount: 2, unit: 'weeks' },
    { amount: 4, unit: 'weeks' },
    { amount: 12, unit: 'weeks' },
  ],
  complex: [
    { amount: 4, unit: 'weeks' },
    { amount: 4, unit: 'weeks' },
    { amount: 3, unit: 'weeks' },
    { amount: 3, unit: 'weeks' },
    { amount: 6, unit: 'weeks' },
    { amount: 26, unit: 'weeks' },
  ],
}

export interface ProposedDeadline {
  step: number
  /** ISO moment: for acuut the hour itself, otherwise the end of the Dutch day (23:59). */
  deadline: string
  /** The time after the previous deadline (or after `from` for the first step proposed). */
  amount: number
  unit: DeadlineUnit
}

/**
 * Proposed deadlines for steps `firstStep`..6, one after the other from `from` (now, or the
 * deadline of the step before). Acuut deadlines count in hours (a day is 24) and fall on the whole
 * hour at or after the time; otherwise a week lands on the end of that Dutch calendar day.
 */
export function proposedDeadlines(problemType: ProblemType, from: Date, firstStep = 1): ProposedDeadline[] {
  const out: ProposedDeadline[] = []
  let at = from.getTime()
  for (let step = Math.max(1, firstStep); step <= 6; step++) {
    const { amount, unit } = STEP_DURATIONS[problemType][step - 1]!
    let deadline: string
    if (problemType === 'acuut') {
      const hours = amount * (unit === 'weeks' ? 168 : unit === 'days' ? 24 : 1)
      at = Math.ceil((at + hours * HOUR_MS) / HOUR_MS) * HOUR_MS
      deadline = new Date(at).toISOString()
    } else {
      const day = addDays(dutchParts(new Date(at)).day, unit === 'weeks' ? amount * 7 : amount)
      deadline = endOfDutchDay(day)
      at = Date.parse(deadline)
    }
    out.push({ step, deadline, amount, unit })
  }
  return out
}
