import type { Direction } from '../constants/content-enums.ts'

export type IndicatorMeasurement = { value: number; measuredAt: string }

export type IndicatorTrend = 'beter' | 'slechter' | 'gelijk'

export type IndicatorProgress = {
  /** The measurement with the latest measuredAt, or null without measurements. */
  latest: IndicatorMeasurement | null
  /** Share of the way from baseline to target (0 or more; above 1 when the target is passed); null if unknown. */
  progress: number | null
  /** The latest value reached the target in the goal's direction. */
  achieved: boolean
  /** Latest against the measurement before it, judged in the goal's direction; null with fewer than two. */
  trend: IndicatorTrend | null
}

/**
 * Compares a goal's measurements with its baseline and target: the latest value, how far along the way it is,
 * whether the target is reached and whether the last change went the right way.
 */
export function indicatorProgress(
  goal: { baseline: number | null; target: number | null; direction: Direction },
  measurements: IndicatorMeasurement[],
): IndicatorProgress {
  // Sort by time, not input order; equal timestamps keep input order (Array.prototype.sort is stable).
  const sorted = measurements
    .map((m) => ({ m, time: Date.parse(m.measuredAt) }))
    .filter((x) => !Number.isNaN(x.time))
    .sort((a, b) => a.time - b.time)
    .map((x) => x.m)
  const latest = sorted.at(-1) ?? null
  const previous = sorted.at(-2) ?? null
  const { baseline, target, direction } = goal

  const achieved =
    latest !== null && target !== null && (direction === 'hoger' ? latest.value >= target : latest.value <= target)

  let progress: number | null = null
  if (latest !== null && baseline !== null && target !== null) {
    // With target = baseline there is no way to go: progress is all or nothing.
    progress = target === baseline ? (achieved ? 1 : 0) : Math.max(0, (latest.value - baseline) / (target - baseline))
  }

  let trend: IndicatorTrend | null = null
  if (latest !== null && previous !== null) {
    const change = latest.value - previous.value
    if (change === 0) trend = 'gelijk'
    else trend = (direction === 'hoger') === change > 0 ? 'beter' : 'slechter'
  }

  return { latest, progress, achieved, trend }
}
