import type { Direction } from '@vp/shared/constants'
import { useId } from 'react'
import { useIntl } from 'react-intl'
import { DataTable } from '../../../components/data-table.tsx'
import { useDates } from '../../../components/dates.ts'
import { Disclosure } from '../../../components/disclosure.tsx'
import { useT } from '../../../components/use-t.ts'

export interface IndicatorSeries {
  title: string
  unit: string
  direction: Direction
  baseline: number | null
  baselineDate: string | null
  target: number | null
  targetDate: string | null
  measurements: { value: number; measuredAt: string }[]
}

// Small enough that its 13 px text stays readable when a phone scales it down to 300 px.
const W = 360
const H = 200
const PAD = { top: 22, right: 12, bottom: 30, left: 36 }
const DAY = 24 * 3600 * 1000

const time = (iso: string) => new Date(iso.length === 10 ? `${iso}T12:00:00` : iso).getTime()

/**
 * One indicator over time against its baseline (nulmeting) and target (streefwaarde): a small SVG
 * of our own (0.6 KB rather than a chart library), `role="img"` with a title and a description
 * that says the same in words, and a table with every number below it.
 */
export function IndicatorChart({
  series,
  tableShown = false,
}: {
  series: IndicatorSeries
  /** The table always in view instead of behind "Toon als tabel": on a page meant for printing. */
  tableShown?: boolean
}) {
  const t = useT()
  const intl = useIntl()
  const dates = useDates()
  const titleId = useId()
  const descId = useId()
  const fmt = (v: number) => {
    const n = intl.formatNumber(v, { maximumFractionDigits: 1 })
    return series.unit === '%' ? `${n}%` : `${n} ${series.unit}`
  }
  const points = [...series.measurements].sort((a, b) => a.measuredAt.localeCompare(b.measuredAt))
  const latest = points[points.length - 1]

  const values = [...points.map((p) => p.value), series.baseline, series.target].filter(
    (v): v is number => typeof v === 'number',
  )
  const stamps = [
    ...points.map((p) => time(p.measuredAt)),
    ...(series.baselineDate ? [time(series.baselineDate)] : []),
    ...(series.targetDate ? [time(series.targetDate)] : []),
  ]
  let minV = Math.min(...values, 0)
  let maxV = Math.max(...values, 1)
  const spanV = maxV - minV || 1
  maxV += spanV * 0.1
  minV = minV > 0 ? Math.max(0, minV - spanV * 0.1) : minV
  let minT = stamps.length ? Math.min(...stamps) : Date.now() - 30 * DAY
  let maxT = stamps.length ? Math.max(...stamps) : Date.now() + 30 * DAY
  if (maxT - minT < DAY) {
    minT -= 30 * DAY
    maxT += 30 * DAY
  }
  const x = (ms: number) => PAD.left + ((ms - minT) / (maxT - minT)) * (W - PAD.left - PAD.right)
  const y = (v: number) => PAD.top + (1 - (v - minV) / (maxV - minV)) * (H - PAD.top - PAD.bottom)
  const line = points.map((p) => `${x(time(p.measuredAt)).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')

  const description = [
    series.baseline !== null
      ? t('chart.baseline', {
          value: fmt(series.baseline),
          date: series.baselineDate ? dates.date(series.baselineDate) : '—',
        })
      : null,
    series.target !== null
      ? t('chart.target', { value: fmt(series.target), date: series.targetDate ? dates.date(series.targetDate) : '—' })
      : null,
    latest
      ? t('chart.latest', { value: fmt(latest.value), date: dates.date(latest.measuredAt), count: points.length })
      : t('chart.noMeasurements'),
    t(`chart.direction.${series.direction}`),
  ]
    .filter(Boolean)
    .join(' ')

  const table = (
    <DataTable
      caption={t('chart.tableCaption', { title: series.title })}
      rows={[
        ...(series.baseline !== null
          ? [{ key: 'baseline', what: t('field.baseline'), date: series.baselineDate, value: series.baseline }]
          : []),
        ...points.map((p) => ({
          key: p.measuredAt + p.value,
          what: t('chart.measurement'),
          date: p.measuredAt as string | null,
          value: p.value,
        })),
        ...(series.target !== null
          ? [{ key: 'target', what: t('field.target'), date: series.targetDate, value: series.target }]
          : []),
      ]}
      rowKey={(row) => row.key}
      columns={[
        { key: 'what', header: t('chart.col.what'), cell: (row) => row.what },
        { key: 'date', header: t('chart.col.date'), cell: (row) => (row.date ? dates.date(row.date) : '—') },
        { key: 'value', header: t('chart.col.value'), numeric: true, cell: (row) => fmt(row.value) },
      ]}
    />
  )

  return (
    <figure className="vp-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        className="vp-chart__svg"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={titleId}>{t('chart.title', { title: series.title })}</title>
        <desc id={descId}>{description}</desc>
        <line className="vp-chart__axis" x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} />
        <line className="vp-chart__axis" x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} />
        <text className="vp-chart__tick" x={PAD.left - 6} y={y(maxV) + 4} textAnchor="end">
          {intl.formatNumber(maxV, { maximumFractionDigits: 0 })}
        </text>
        <text className="vp-chart__tick" x={PAD.left - 6} y={y(minV) + 4} textAnchor="end">
          {intl.formatNumber(minV, { maximumFractionDigits: 0 })}
        </text>
        <text className="vp-chart__tick" x={PAD.left} y={H - 10} textAnchor="start">
          {dates.short(new Date(minT).toISOString())}
        </text>
        <text className="vp-chart__tick" x={W - PAD.right} y={H - 10} textAnchor="end">
          {dates.short(new Date(maxT).toISOString())}
        </text>
        {series.baseline !== null && (
          <g className="vp-chart__baseline">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(series.baseline)} y2={y(series.baseline)} />
            <text x={W - PAD.right} y={y(series.baseline) - 5} textAnchor="end">
              {t('chart.baselineLabel', { value: intl.formatNumber(series.baseline) })}
            </text>
          </g>
        )}
        {series.target !== null && (
          <g className="vp-chart__target">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(series.target)} y2={y(series.target)} />
            <text x={W - PAD.right} y={y(series.target) - 5} textAnchor="end">
              {t('chart.targetLabel', { value: intl.formatNumber(series.target) })}
            </text>
          </g>
        )}
        {points.length > 1 && <polyline className="vp-chart__line" points={line} />}
        {points.map((p) => (
          <circle
            key={p.measuredAt + p.value}
            className="vp-chart__point"
            cx={x(time(p.measuredAt))}
            cy={y(p.value)}
            r={4}
          />
        ))}
      </svg>
      {tableShown ? (
        <div className="vp-chart__table">{table}</div>
      ) : (
        <Disclosure className="vp-chart__table" summary={t('chart.showTable')}>
          {table}
        </Disclosure>
      )}
    </figure>
  )
}
