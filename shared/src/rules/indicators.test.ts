import { describe, expect, it } from 'vitest'
import { indicatorProgress, indicatorStatus, timeShare } from './indicators.ts'

const DAYS = ['2025-10-11', '2025-11-10', '2025-12-10', '2026-01-09', '2026-02-08']
const series = (...values: number[]) => values.map((value, i) => ({ value, measuredAt: DAYS[i]! }))

describe('indicatorProgress', () => {
  it('shows demo G2 (lager, 14 → 8) five-sixths of the way, improving, not yet achieved', () => {
    const result = indicatorProgress({ baseline: 14, target: 8, direction: 'lager' }, series(15, 13, 12, 10, 9))
    expect(result.latest).toEqual({ value: 9, measuredAt: '2026-02-08' })
    expect(result.progress).toBeCloseTo(5 / 6)
    expect(result.trend).toBe('beter')
    expect(result.achieved).toBe(false)
  })

  it('shows demo G4 (lager, 57 → 10) improving from 57 to 55, and worse from 56 to 57', () => {
    const goal = { baseline: 57, target: 10, direction: 'lager' } as const
    const now = indicatorProgress(goal, series(57, 58, 56, 57, 55))
    expect(now.trend).toBe('beter')
    expect(now.progress).toBeCloseTo(2 / 47)
    const before = indicatorProgress(goal, series(57, 58, 56, 57))
    expect(before.trend).toBe('slechter')
    expect(before.progress).toBe(0)
  })

  it('shows demo G1 (hoger, 41 → 60) at 53 improving, and achieved once the target is reached or passed', () => {
    const goal = { baseline: 41, target: 60, direction: 'hoger' } as const
    const result = indicatorProgress(goal, series(42, 44, 47, 50, 53))
    expect(result.progress).toBeCloseTo(12 / 19)
    expect(result.trend).toBe('beter')
    expect(result.achieved).toBe(false)
    const passed = indicatorProgress(goal, series(50, 62))
    expect(passed.achieved).toBe(true)
    expect(passed.progress).toBeCloseTo(21 / 19)
  })

  it('takes the latest measurement by date, not by input order', () => {
    const result = indicatorProgress({ baseline: 23, target: 10, direction: 'lager' }, [
      { value: 12, measuredAt: '2026-02-08' },
      { value: 22, measuredAt: '2025-10-11' },
      { value: 14, measuredAt: '2026-01-09' },
    ])
    expect(result.latest?.value).toBe(12)
    expect(result.trend).toBe('beter')
  })

  it('never goes below zero progress when the value moved away from the target', () => {
    expect(indicatorProgress({ baseline: 14, target: 8, direction: 'lager' }, series(16)).progress).toBe(0)
  })

  it('calls an unchanged value gelijk', () => {
    expect(indicatorProgress({ baseline: 14, target: 8, direction: 'lager' }, series(12, 12)).trend).toBe('gelijk')
  })

  it('has no progress without baseline or target, and nothing at all without measurements', () => {
    expect(indicatorProgress({ baseline: null, target: 8, direction: 'lager' }, series(7))).toEqual({
      latest: { value: 7, measuredAt: DAYS[0] },
      progress: null,
      achieved: true,
      trend: null,
      status: 'bereikt',
    })
    expect(indicatorProgress({ baseline: 14, target: null, direction: 'lager' }, series(7)).achieved).toBe(false)
    expect(indicatorProgress({ baseline: 14, target: 8, direction: 'lager' }, [])).toEqual({
      latest: null,
      progress: null,
      achieved: false,
      trend: null,
      status: 'onbekend',
    })
  })

  it('treats a target equal to the baseline as all or nothing', () => {
    const goal = { baseline: 10, target: 10, direction: 'lager' } as const
    expect(indicatorProgress(goal, series(10)).progress).toBe(1)
    expect(indicatorProgress(goal, series(11)).progress).toBe(0)
  })
})

describe('indicator status', () => {
  // The demo: seeding day T, baselines at T-170 (G4: T-160), targets at T+195 (G4: T+270), measurements to T-30.
  const T = Date.parse('2026-03-01T12:00:00Z')
  const day = (n: number) => new Date(T + n * 86_400_000).toISOString().slice(0, 10)
  const measured = (...values: number[]) => values.map((value, i) => ({ value, measuredAt: day(-150 + i * 30) }))

  it('calls demo G4 (4% of the way after 37% of the time) achter, although its last measurement improved', () => {
    const goal = {
      baseline: 57,
      target: 10,
      direction: 'lager',
      baselineDate: day(-160),
      targetDate: day(270),
    } as const
    const result = indicatorProgress(goal, measured(57, 58, 56, 57, 55), T)
    expect(result.trend).toBe('beter')
    expect(result.progress).toBeCloseTo(0.04, 2)
    expect(result.status).toBe('achter')
  })

  it('calls demo G1, G2 and G3 (63–85% of the way after 47% of the time) op koers', () => {
    const dates = { baselineDate: day(-170), targetDate: day(195) }
    const goals = [
      [{ baseline: 41, target: 60, direction: 'hoger', ...dates }, measured(42, 44, 47, 50, 53)],
      [{ baseline: 14, target: 8, direction: 'lager', ...dates }, measured(15, 13, 12, 10, 9)],
      [{ baseline: 23, target: 10, direction: 'lager', ...dates }, measured(22, 19, 16, 14, 12)],
    ] as const
    expect(goals.map(([goal, ms]) => indicatorProgress(goal, [...ms], T).status)).toEqual([
      'op_koers',
      'op_koers',
      'op_koers',
    ])
  })

  it('judges by the share of time passed: on track from 80% of it, some progress from 40% of it', () => {
    const dates = { baselineDate: '2026-01-01', targetDate: '2026-12-31' }
    const halfway = Date.parse('2026-07-02T00:00:00Z') // 50% of the time
    expect(timeShare(dates.baselineDate, dates.targetDate, halfway)).toBeCloseTo(0.5, 2)
    expect(indicatorStatus(0.41, false, dates, halfway)).toBe('op_koers')
    expect(indicatorStatus(0.39, false, dates, halfway)).toBe('enige_voortgang')
    expect(indicatorStatus(0.21, false, dates, halfway)).toBe('enige_voortgang')
    expect(indicatorStatus(0.19, false, dates, halfway)).toBe('achter')
    expect(indicatorStatus(0, false, dates, halfway)).toBe('achter')
    // Past the target date, the whole way was expected.
    expect(indicatorStatus(0.79, false, dates, Date.parse('2027-03-01'))).toBe('enige_voortgang')
  })

  it('uses fixed shares without both dates: on track from 50%, some progress from 20%', () => {
    expect(indicatorStatus(0.5, false, {})).toBe('op_koers')
    expect(indicatorStatus(0.49, false, { baselineDate: '2026-01-01' })).toBe('enige_voortgang')
    expect(indicatorStatus(0.2, false, { targetDate: '2026-01-01' })).toBe('enige_voortgang')
    expect(indicatorStatus(0.04, false, {})).toBe('achter')
    // A target date not after the baseline date gives no time to judge by.
    expect(indicatorStatus(0.3, false, { baselineDate: '2026-05-01', targetDate: '2026-05-01' })).toBe(
      'enige_voortgang',
    )
  })

  it('says bereikt when the target is reached, and onbekend without progress to judge', () => {
    expect(indicatorStatus(1.2, true, {})).toBe('bereikt')
    expect(indicatorStatus(null, false, {})).toBe('onbekend')
  })
})
