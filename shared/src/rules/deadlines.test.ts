import { describe, expect, it } from 'vitest'
import { dutchDay, isDueWithin, isOverdue, proposedDeadlines, stepSummary } from './deadlines.ts'

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

describe('proposedDeadlines', () => {
  it('acuut: hours and days, on the whole hour, one step after the other', () => {
    const from = new Date('2027-06-14T09:20:00Z')
    const proposed = proposedDeadlines('acuut', from)
    expect(proposed.map((p) => p.deadline)).toEqual([
      '2027-06-14T14:00:00.000Z', // 4 h after 09:20, rounded up to the hour
      '2027-06-14T22:00:00.000Z', // +8 h: 12 h after the start
      '2027-06-15T10:00:00.000Z', // +12 h: a day
      '2027-06-16T10:00:00.000Z', // +1 day
      '2027-06-18T10:00:00.000Z', // +2 days
      '2027-06-25T10:00:00.000Z', // +1 week
    ])
    expect(proposed[0]).toMatchObject({ step: 1, amount: 4, unit: 'hours' })
  })

  it('standaard: weeks, each at the end of the Dutch day (23:59), summer and winter', () => {
    const proposed = proposedDeadlines('standaard', new Date('2027-06-01T08:00:00Z'))
    expect(proposed.map((p) => p.deadline)).toEqual([
      '2027-06-15T21:59:00.000Z', // 15 June 23:59 CEST
      '2027-06-29T21:59:00.000Z',
      '2027-07-13T21:59:00.000Z',
      '2027-07-27T21:59:00.000Z',
      '2027-08-24T21:59:00.000Z', // 4 weeks of actions
      '2027-11-16T22:59:00.000Z', // 12 weeks later, in winter time (CET)
    ])
    expect(proposed.map((p) => `${p.amount} ${p.unit}`)).toEqual([
      '2 weeks',
      '2 weeks',
      '2 weeks',
      '2 weeks',
      '4 weeks',
      '12 weeks',
    ])
  })

  it('complex takes longer than standaard for every step', () => {
    const from = new Date('2027-01-04T10:00:00Z')
    const standaard = proposedDeadlines('standaard', from)
    const complex = proposedDeadlines('complex', from)
    for (const [i, c] of complex.entries()) {
      expect(Date.parse(c.deadline)).toBeGreaterThan(Date.parse(standaard[i]!.deadline))
    }
  })

  it('from a later step on: only the steps from there, counted from the given moment', () => {
    const proposed = proposedDeadlines('standaard', new Date('2027-06-15T21:59:00.000Z'), 2)
    expect(proposed.map((p) => p.step)).toEqual([2, 3, 4, 5, 6])
    // The Dutch day of the moment counts: 15 June 23:59 + 2 weeks is 29 June.
    expect(proposed[0]!.deadline).toBe('2027-06-29T21:59:00.000Z')
  })

  it('counts from the Dutch day, also just after midnight in the Netherlands', () => {
    // 23:30 UTC on 31 May is already 1 June in Amsterdam.
    expect(proposedDeadlines('standaard', new Date('2027-05-31T23:30:00Z'))[0]!.deadline).toBe(
      '2027-06-15T21:59:00.000Z',
    )
  })
})
