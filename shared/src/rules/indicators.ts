import type { Direction } from '../constants/content-enums.ts'

export type IndicatorMeasurement = { value: number; measuredAt: string }

export type IndicatorTrend = 'beter' | 'slechter' | 'gelijk'

/**
 * How a goal is doing, in words a partner can trust:
 * - `bereikt`: the latest measurement reached the target;
 * - `op_koers` (on track), `enige_voortgang` (some progress), `achter` (behind): progress against
 *   what could be expected by now. With a baseline date and a target date, that is the share of the
 *   time passed between them: on track from 80% of that share, some progress from 40% of it (and
 *   above zero), otherwise behind. E.g. 37% of the time passed → on track from 30% of the way, some
 *   progress from 15%. Without both dates (or with the target date not after the baseline date),
 *   fixed shares of the way: on track from 50%, some progress from 20%. So the demo's G4 (57 → 10,
 *   now 55: 4% of the way after 37% of the time) is behind, however much its last measurement improved.
 * - `onbekend`: no measurement, or no baseline or target to measure progress against.
 * The trend (the last change) is told apart from this: a single better measurement is not "on track".
 */
export type IndicatorStatus = 'bereikt' | 'op_koers' | 'enige_voortgang' | 'achter' | 'onbekend'

export const INDICATOR_THRESHOLDS = {
  /** Shares of the expected progress (by time passed). */
  byTime: { onTrack: 0.8, someProgress: 0.4 },
  /** Shares of the way, when there are no dates to judge by. */
  fixed: { onTrack: 0.5, someProgress: 0.2 },
} as const

export type IndicatorProgress = {
  /** The measurement with the latest measuredAt, or null without measurements. */
  latest: IndicatorMeasurement | null
  /** Share of the way from baseline to target (0 or more; above 1 when the target is passed); null if unknown. */
  progress: number | null
  /** The latest value reached the target in the goal's direction. */
  achieved: boolean
  /** Latest against the measurement before it, judged in the goal's direction; null with fewer than two. */
  trend: IndicatorTrend | null
  /** The label to show: see IndicatorStatus. */
  status: IndicatorStatus
}

const DAY_MS = 24 * 60 * 60 * 1000

/** The share of the time between the baseline date and the target date that has passed at `now` (0–1), or null. */
export function timeShare(baselineDate: string | null | undefined, targetDate: string | null | undefined, now: number) {
  if (!baselineDate || !targetDate) return null
  const start = Date.parse(baselineDate)
  const end = Date.parse(targetDate)
  if (Number.isNaN(start) || Number.isNaN(end) || end - start < DAY_MS) return null
  return Math.min(1, Math.max(0, (now - start) / (end - start)))
}

/** The label for a goal's progress (see IndicatorStatus for the thresholds). */
export function indicatorStatus(
  progress: number | null,
  achieved: boolean,
  dates: { baselineDate?: string | null; targetDate?: string | null },
  now: number = Date.now(),
): IndicatorStatus {
  if (achieved) return 'bereikt'
  if (progress === null) return 'onbekend'
  const share = timeShare(dates.baselineDate, dates.targetDate, now)
  if (share !== null) {
    const { onTrack, someProgress } = INDICATOR_THRESHOLDS.byTime
    if (progress >= onTrack * share) return 'op_koers'
    if (progress > 0 && progress >= someProgress * share) return 'enige_voortgang'
    return 'achter'
  }
  const { onTrack, someProgress } = INDICATOR_THRESHOLDS.fixed
  if (progress >= onTrack) return 'op_koers'
  if (progress >= someProgress) return 'enige_voortgang'
  return 'achter'
}

/**
 * Compares a goal's measurements with its baseline and target: the latest value, how far along the way it is,
 * whether the target is reached, whether the last change went the right way, and the label (IndicatorStatus).
 */
export function indicatorProgress(
  goal: {
    baseline: number | null
    target: number | null
    direction: Direction
    baselineDate?: string | null
    targetDate?: string | null
  },
  measurements: IndicatorMeasurement[],
  now: number = Date.now(),
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

  return { latest, progress, achieved, trend, status: indicatorStatus(progress, achieved, goal, now) }
}
