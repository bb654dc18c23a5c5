import type { ActionStatus } from '../constants/content-enums.ts'
import { dutchDay } from './deadlines.ts'

const DAY_MS = 86_400_000

/** A member who has not opened the case for this many days is "stil": worth a call. */
export const QUIET_AFTER_DAYS = 14

/**
 * An organisation is asked to accept or decline an action within this many days. A commitment
 * records only when it was asked, not by when it is due (ADR 020): past this term it is "verlopen".
 */
export const COMMITMENT_ANSWER_DAYS = 30

const FINISHED: readonly ActionStatus[] = ['klaar', 'gestopt']

/** Days between two calendar days (YYYY-MM-DD), counted in whole days; negative when `to` lies before `from`. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
}

/**
 * Days left until a deadline, by the Dutch calendar day: 0 on the day itself, negative once it
 * has passed, null without a (readable) deadline. A deadline at 23:30 Dutch time is still "today".
 */
export function daysLeft(deadline: string | null, now: Date): number | null {
  if (deadline === null) return null
  const time = Date.parse(deadline)
  if (Number.isNaN(time)) return null
  return daysBetween(dutchDay(now), dutchDay(new Date(time)))
}

/** True for a seat never seen since joining, or not seen for more than QUIET_AFTER_DAYS days. */
export function isQuiet(lastSeenAt: string | null, now: Date): boolean {
  if (lastSeenAt === null) return true
  const time = Date.parse(lastSeenAt)
  return Number.isNaN(time) || now.getTime() - time > QUIET_AFTER_DAYS * DAY_MS
}

/** The calendar day by which a commitment asked at `requestedAt` should be answered. */
export function commitmentAnswerDue(requestedAt: string): string {
  return dutchDay(new Date(Date.parse(requestedAt)), COMMITMENT_ANSWER_DAYS)
}

/** True for a pending commitment whose answer term has passed (declined and accepted ones never are). */
export function isCommitmentOverdue(
  commitment: { status: 'pending' | 'accepted' | 'declined'; requestedAt: string },
  now: Date,
): boolean {
  return commitment.status === 'pending' && commitmentAnswerDue(commitment.requestedAt) < dutchDay(now)
}

/** True when an action's due date (a calendar day) lies before today and it is neither done nor stopped. */
export function isActionOverdue(action: { dueDate: string | null; status: ActionStatus }, now: Date): boolean {
  return action.dueDate !== null && action.dueDate < dutchDay(now) && !FINISHED.includes(action.status)
}

/** Whom to chase about an action: it is delayed, or overdue. */
export function needsChasing(action: { dueDate: string | null; status: ActionStatus }, now: Date): boolean {
  return action.status === 'vertraagd' || isActionOverdue(action, now)
}
