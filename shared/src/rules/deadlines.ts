import type { StepStatus } from '../constants/content-enums.ts'

const HOUR_MS = 3_600_000

/** The time zone of every calendar day in the product: Dutch partnerships, Dutch days. */
export const CALENDAR_TIME_ZONE = 'Europe/Amsterdam'
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
