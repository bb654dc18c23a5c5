import { describe, expect, it } from 'vitest'
import { dutchDay, isDueWithin, isOverdue, stepSummary } from './deadlines.ts'

const now = new Date('2026-03-10T12:00:00.000Z')

describe('isOverdue', () => {
  it('is true for an open step whose deadline has passed', () => {
    expect(isOverdue({ status: 'open', deadline: '2026-03-10T11:59:59.999Z' }, now)).toBe(true)
  })

  it('is false for an open step whose deadline is exactly now or later', () => {
    expect(isOverdue({ status: 'open', deadline: '2026-03-10T12:00:00.000Z' }, now)).toBe(false)
    expect(isOverdue({ status: 'open', deadline: '2026-03-11T00:00:00.000Z' }, now)).toBe(false)
  })

  it('is never true for a closed or not-started step, even long past its deadline', () => {
    expect(isOverdue({ status: 'closed', deadline: '2025-01-01T00:00:00.000Z' }, now)).toBe(false)
    expect(isOverdue({ status: 'not_started', deadline: '2025-01-01T00:00:00.000Z' }, now)).toBe(false)
  })

  it('is false for an open step without a deadline or with an unreadable one', () => {
    expect(isOverdue({ status: 'open', deadline: null }, now)).toBe(false)
    expect(isOverdue({ status: 'open', deadline: 'morgen' }, now)).toBe(false)
  })
})

describe('isDueWithin', () => {
  it('includes both ends of the window [now, now + hours]', () => {
    expect(isDueWithin('2026-03-10T12:00:00.000Z', now, 24)).toBe(true)
    expect(isDueWithin('2026-03-11T12:00:00.000Z', now, 24)).toBe(true)
  })

  it('excludes deadlines already passed and deadlines beyond the window', () => {
    expect(isDueWithin('2026-03-10T11:00:00.000Z', now, 24)).toBe(false)
    expect(isDueWithin('2026-03-11T12:00:00.001Z', now, 24)).toBe(false)
  })

  it('works with hours for acuut cases and is false without a deadline', () => {
    expect(isDueWithin('2026-03-10T15:00:00.000Z', now, 4)).toBe(true)
    expect(isDueWithin('2026-03-10T17:00:00.000Z', now, 4)).toBe(false)
    expect(isDueWithin(null, now, 1000)).toBe(false)
  })
})

describe('stepSummary', () => {
  it('summarises the De Hoven case: steps 5 and 6 open, step 5 current, 1–4 closed', () => {
    const summary = stepSummary(
      [
        { step: 6, status: 'open', deadline: null },
        { step: 1, status: 'closed', deadline: '2025-08-20T00:00:00.000Z' },
        { step: 2, status: 'closed', deadline: '2025-09-21T00:00:00.000Z' },
        { step: 3, status: 'closed', deadline: '2025-10-11T00:00:00.000Z' },
        { step: 4, status: 'closed', deadline: '2025-10-31T00:00:00.000Z' },
        { step: 5, status: 'open', deadline: '2026-03-19T00:00:00.000Z' },
      ],
      now,
    )
    expect(summary).toEqual({ current: 5, openSteps: [5, 6], overdueSteps: [], closedCount: 4 })
  })

  it('lists open steps past their deadline as overdue, in step order', () => {
    const summary = stepSummary(
      [
        { step: 3, status: 'open', deadline: '2026-03-01T00:00:00.000Z' },
        { step: 2, status: 'open', deadline: '2026-03-02T00:00:00.000Z' },
        { step: 1, status: 'closed', deadline: '2026-01-01T00:00:00.000Z' },
        { step: 4, status: 'not_started', deadline: '2026-03-03T00:00:00.000Z' },
      ],
      now,
    )
    expect(summary).toEqual({ current: 2, openSteps: [2, 3], overdueSteps: [2, 3], closedCount: 1 })
  })

  it('has no current step when nothing is open', () => {
    expect(stepSummary([], now)).toEqual({ current: null, openSteps: [], overdueSteps: [], closedCount: 0 })
  })
})

describe('dutchDay', () => {
  it('is the calendar day in the Netherlands, in winter and in summer time', () => {
    // 23:30 UTC on 12 March is 00:30 on 13 March in Amsterdam (CET, +1).
    expect(dutchDay(new Date('2027-03-12T23:30:00Z'))).toBe('2027-03-13')
    // 22:30 UTC on 12 July is 00:30 on 13 July (CEST, +2); 21:30 UTC is still the 12th.
    expect(dutchDay(new Date('2027-07-12T22:30:00Z'))).toBe('2027-07-13')
    expect(dutchDay(new Date('2027-07-12T21:30:00Z'))).toBe('2027-07-12')
    expect(dutchDay(new Date('2027-12-30T23:30:00Z'), 7)).toBe('2028-01-07')
  })
})
