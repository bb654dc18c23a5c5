import type { Position } from '../constants/content-enums.ts'

export type PriorityRating = { organisationId: string; score: number }

export type RatingAgreement = 'eens' | 'gemengd' | 'verdeeld' | 'geen'

export type RatingSummary = {
  count: number
  /** Rounded to one decimal; null without ratings. */
  mean: number | null
  median: number | null
  min: number | null
  max: number | null
  /** max − min; null without ratings. */
  spread: number | null
  /** Standard deviation of the scores (population), rounded to one decimal; null without ratings. */
  deviation: number | null
  agreement: RatingAgreement
}

/**
 * When the organisations agree on a priority (scores 1–5), judged by the standard deviation of their
 * scores rounded to one decimal, not by the range: with seven organisations one outlier makes the
 * range 3 or 4 on nearly every sub-problem, and a label that is on every line says nothing.
 * - `eens` (agree): deviation ≤ 0.5, e.g. everyone within one point of each other;
 * - `gemengd` (shown as "enigszins verdeeld", somewhat divided): deviation 0.6 to 1.1, e.g. most
 *   close together and one or two a few points off;
 * - `verdeeld` (divided): deviation ≥ 1.2, e.g. a group at 4–5 and another at 1–2.
 * A single rating is `eens`. The demo's D1 and D4 (OM 1 against BEW 5) are verdeeld; D2 and D3
 * (one organisation at each end: WIN 5, JZ 2 on D3) are enigszins verdeeld.
 */
export const AGREEMENT_THRESHOLDS = { eens: 0.5, verdeeld: 1.2 } as const

/** Rounds half up to one decimal, computing sum·10/count in one step to avoid binary drift (25/7 → 3.6). */
function roundedMean(sum: number, count: number): number {
  return Math.round((sum * 10) / count) / 10
}

/** Summarises priority ratings: mean to one decimal, median, range, deviation and agreement (AGREEMENT_THRESHOLDS). */
export function summariseRatings(ratings: PriorityRating[]): RatingSummary {
  if (ratings.length === 0) {
    return {
      count: 0,
      mean: null,
      median: null,
      min: null,
      max: null,
      spread: null,
      deviation: null,
      agreement: 'geen',
    }
  }
  const scores = ratings.map((r) => r.score).sort((a, b) => a - b)
  const count = scores.length
  const sum = scores.reduce((total, s) => total + s, 0)
  const middle = Math.floor(count / 2)
  const median = count % 2 === 1 ? scores[middle]! : (scores[middle - 1]! + scores[middle]!) / 2
  const min = scores[0]!
  const max = scores[count - 1]!
  const spread = max - min
  // Σ(x − mean)² = Σx² − (Σx)²/n, in integers as far as possible to keep 0.5 and 1.2 exact.
  const squares = scores.reduce((total, s) => total + s * s, 0)
  const variance = (squares * count - sum * sum) / (count * count)
  const deviation = Math.round(Math.sqrt(Math.max(0, variance)) * 10) / 10
  const agreement: RatingAgreement =
    deviation <= AGREEMENT_THRESHOLDS.eens
      ? 'eens'
      : deviation >= AGREEMENT_THRESHOLDS.verdeeld
        ? 'verdeeld'
        : 'gemengd'
  return { count, mean: roundedMean(sum, count), median, min, max, spread, deviation, agreement }
}

export type PositionSummary = {
  akkoord: number
  voorbehoud: number
  niet_akkoord: number
  overall: Position | 'geen'
}

/** Counts positions; overall is the weakest one present (niet_akkoord > voorbehoud > akkoord), or geen for none. */
export function summarisePositions(
  positions: { organisationId: string; position: Position; reason: string | null }[],
): PositionSummary {
  const counts = { akkoord: 0, voorbehoud: 0, niet_akkoord: 0 }
  for (const p of positions) counts[p.position] += 1
  const overall: PositionSummary['overall'] =
    counts.niet_akkoord > 0
      ? 'niet_akkoord'
      : counts.voorbehoud > 0
        ? 'voorbehoud'
        : counts.akkoord > 0
          ? 'akkoord'
          : 'geen'
  return { ...counts, overall }
}

const titleCollator = new Intl.Collator('nl', { sensitivity: 'base', numeric: true })

export type RankedByPriority<T> = T & {
  /** 1 = highest mean; equal (rounded) means share a rank (1, 2, 2, 4); null when unrated. */
  rank: number | null
  /** The mean as shown to users (one decimal); null when unrated. */
  mean: number | null
}

/**
 * Orders items by mean rating (desc), then more ratings first, then title (Dutch collation); unrated items last
 * with rank null. Ranks compare the rounded mean, so two items shown with the same mean never get different ranks.
 */
export function rankByPriority<
  T extends { id: string; title: string; ratings: { organisationId: string; score: number }[] },
>(items: T[]): RankedByPriority<T>[] {
  const withMean = items.map((item) => ({ item, mean: summariseRatings(item.ratings).mean }))
  withMean.sort((a, b) => {
    if (a.mean === null || b.mean === null) {
      if (a.mean !== b.mean) return a.mean === null ? 1 : -1
    } else if (a.mean !== b.mean) {
      return b.mean - a.mean
    }
    if (a.item.ratings.length !== b.item.ratings.length) return b.item.ratings.length - a.item.ratings.length
    return (
      titleCollator.compare(a.item.title, b.item.title) || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0)
    )
  })
  let previousMean: number | null = null
  let previousRank = 0
  return withMean.map(({ item, mean }, index) => {
    if (mean === null) return { ...item, rank: null, mean }
    const rank = mean === previousMean ? previousRank : index + 1
    previousMean = mean
    previousRank = rank
    return { ...item, rank, mean }
  })
}
