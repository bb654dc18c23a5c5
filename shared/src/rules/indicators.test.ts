import { describe, expect, it } from 'vitest'
import { indicatorProgress } from './indicators.ts'

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
    })
    expect(indicatorProgress({ baseline: 14, target: null, direction: 'lager' }, series(7)).achieved).toBe(false)
    expect(indicatorProgress({ baseline: 14, target: 8, direction: 'lager' }, [])).toEqual({
      latest: null,
      progress: null,
      achieved: false,
      trend: null,
    })
  })

  it('treats a target equal to the baseline as all or nothing', () => {
    const goal = { baseline: 10, target: 10, direction: 'lager' } as const
    expect(indicatorProgress(goal, series(10)).progress).toBe(1)
    expect(indicatorProgress(goal, series(11)).progress).toBe(0)
  })
})
