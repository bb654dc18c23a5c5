import { useIntl } from 'react-intl'
import { useT } from '../../../components/use-t.ts'

interface RatingStripProps {
  ratings: { organisationId: string; score: number }[]
  /** The organisation whose dot stands out (mine). */
  highlight?: string
}

const W = 230
const STEP = 45
const X0 = 25

/**
 * The priorities given to one sub-problem on the scale 1–5: a dot per organisation, a line at the
 * mean. One look shows whether partners agree (dots together) or not (dots apart). The picture
 * names the same in its label; the list of ratings next to it is the text alternative.
 */
export function RatingStrip({ ratings, highlight }: RatingStripProps) {
  const t = useT()
  const intl = useIntl()
  const counts = new Map<number, number>()
  const mean = ratings.length ? ratings.reduce((s, r) => s + r.score, 0) / ratings.length : null
  const rows = Math.max(1, ...[1, 2, 3, 4, 5].map((s) => ratings.filter((r) => r.score === s).length))
  const height = 30 + rows * 12
  const label = t('strip.label', {
    list: intl.formatList(
      [1, 2, 3, 4, 5]
        .map((s) => ({ s, n: ratings.filter((r) => r.score === s).length }))
        .filter(({ n }) => n > 0)
        .map(({ s, n }) => t('strip.count', { count: n, score: s })),
    ),
    mean: mean === null ? '—' : intl.formatNumber(mean, { maximumFractionDigits: 1 }),
  })
  return (
    <svg viewBox={`0 0 ${W} ${height}`} className="vp-strip" role="img" aria-label={label}>
      <line className="vp-strip__scale" x1={X0} x2={X0 + 4 * STEP} y1={height - 18} y2={height - 18} />
      {[1, 2, 3, 4, 5].map((s) => (
        <text key={s} className="vp-strip__tick" x={X0 + (s - 1) * STEP} y={height - 4} textAnchor="middle">
          {s}
        </text>
      ))}
      {mean !== null && (
        <line
          className="vp-strip__mean"
          x1={X0 + (mean - 1) * STEP}
          x2={X0 + (mean - 1) * STEP}
          y1={4}
          y2={height - 18}
        />
      )}
      {ratings.map((r) => {
        const n = counts.get(r.score) ?? 0
        counts.set(r.score, n + 1)
        return (
          <circle
            key={r.organisationId}
            className={r.organisationId === highlight ? 'vp-strip__dot vp-strip__dot--mine' : 'vp-strip__dot'}
            cx={X0 + (r.score - 1) * STEP}
            cy={height - 26 - n * 12}
            r={5}
          />
        )
      })}
    </svg>
  )
}
