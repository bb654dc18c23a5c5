import { describe, expect, it } from 'vitest'
import {
  COMMITMENT_ANSWER_DAYS,
  commitmentAnswerDue,
  daysLeft,
  isActionOverdue,
  isCommitmentOverdue,
  isQuiet,
  needsChasing,
} from './follow-up.ts'

// 10 March 2026, 12:00 UTC = 13:00 in Amsterdam (CET).
const now = new Date('2026-03-10T12:00:00.000Z')

describe('daysLeft', () => {
  it('counts Dutch calendar days: 0 on the day itself, 1 tomorrow, negative once passed', () => {
    expect(daysLeft('2026-03-10T22:59:00.000Z', now)).toBe(0)
    expect(daysLeft('2026-03-10T23:30:00.000Z', now)).toBe(1) // 00:30 on the 11th in Amsterdam
    expect(daysLeft('2026-03-19T09:00:00.000Z', now)).toBe(9)
    expect(daysLeft('2026-03-09T09:00:00.000Z', now)).toBe(-1)
    expect(daysLeft('2026-01-10T09:00:00.000Z', now)).toBe(-59)
  })

  it('uses the Dutch day of now too: just after midnight in Amsterdam is already the next day', () => {
    const lateNight = new Date('2026-03-10T23:30:00.000Z') // 00:30 on 11 March in Amsterdam
    expect(daysLeft('2026-03-11T12:00:00.000Z', lateNight)).toBe(0)
  })

  it('counts across the change to summer time without losing a day', () => {
    expect(daysLeft('2026-03-30T10:00:00.000Z', new Date('2026-03-28T10:00:00.000Z'))).toBe(2)
  })

  it('is null without a deadline or with an unreadable one', () => {
    expect(daysLeft(null, now)).toBeNull()
    expect(daysLeft('morgen', now)).toBeNull()
  })
})

describe('isQuiet', () => {
  it('is true for a seat never seen and for one not seen for more than 14 days', () => {
    expect(isQuiet(null, now)).toBe(true)
    expect(isQuiet('2026-02-24T11:59:00.000Z', now)).toBe(true)
  })

  it('is false for a seat seen within the last 14 days', () => {
    expect(isQuiet('2026-02-24T12:00:00.000Z', now)).toBe(false)
    expect(isQuiet('2026-03-10T11:00:00.000Z', now)).toBe(false)
  })
})

describe('commitments', () => {
  it(`expects an answer within ${COMMITMENT_ANSWER_DAYS} days of asking`, () => {
    expect(commitmentAnswerDue('2026-02-01T10:00:00.000Z')).toBe('2026-03-03')
  })

  it('marks a pending commitment overdue from the day after its answer term', () => {
    const asked = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString()
    expect(isCommitmentOverdue({ status: 'pending', requestedAt: asked(30) }, now)).toBe(false)
    expect(isCommitmentOverdue({ status: 'pending', requestedAt: asked(31) }, now)).toBe(true)
    expect(isCommitmentOverdue({ status: 'pending', requestedAt: asked(45) }, now)).toBe(true)
  })

  it('never marks an answered commitment overdue', () => {
    const longAgo = '2025-01-01T00:00:00.000Z'
    expect(isCommitmentOverdue({ status: 'declined', requestedAt: longAgo }, now)).toBe(false)
    expect(isCommitmentOverdue({ status: 'accepted', requestedAt: longAgo }, now)).toBe(false)
  })
})

describe('actions to chase', () => {
  it('are overdue when due before the Dutch today and not done or stopped', () => {
    expect(isActionOverdue({ dueDate: '2026-03-09', status: 'bezig' }, now)).toBe(true)
    expect(isActionOverdue({ dueDate: '2026-03-10', status: 'bezig' }, now)).toBe(false)
    expect(isActionOverdue({ dueDate: '2026-03-09', status: 'klaar' }, now)).toBe(false)
    expect(isActionOverdue({ dueDate: '2026-03-09', status: 'gestopt' }, now)).toBe(false)
    expect(isActionOverdue({ dueDate: null, status: 'gepland' }, now)).toBe(false)
  })

  it('include every delayed action, also one not yet due, and overdue ones; not the others', () => {
    expect(needsChasing({ dueDate: '2026-06-01', status: 'vertraagd' }, now)).toBe(true)
    expect(needsChasing({ dueDate: null, status: 'vertraagd' }, now)).toBe(true)
    expect(needsChasing({ dueDate: '2026-03-01', status: 'gepland' }, now)).toBe(true)
    expect(needsChasing({ dueDate: '2026-06-01', status: 'bezig' }, now)).toBe(false)
    expect(needsChasing({ dueDate: '2026-03-01', status: 'klaar' }, now)).toBe(false)
  })
})
