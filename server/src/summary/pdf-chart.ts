import type { SummaryGoal } from '@vp/shared'
import { formatDate, formatNumber, WORDS } from './labels.ts'

// One indicator as a vector drawing (SVG, which pdfmake draws as PDF paths and text): the
// measurements as a line with points, the baseline and the target as dashed lines with their
// values, and the axes with their labels. The drawing holds only numbers and dates, never user
// text: the goal's title and unit are in the caption and the table beside it, which can draw any
// script. The text is in Noto Sans, which the document embeds.

export const CHART_WIDTH = 480
export const CHART_HEIGHT = 190
const PLOT = { left: 44, right: CHART_WIDTH - 96, top: 12, bottom: CHART_HEIGHT - 30 }
const DAY = 86_400_000
const COLOURS = { line: '#1f4e79', baseline: '#6b6b6b', target: '#1b7a3e', axis: '#444444', grid: '#dddddd' }

const time = (day: string) => Date.parse(`${day}T12:00:00Z`)

/** About five round steps that cover the range, e.g. 0, 10, 20, … */
function ticks(min: number, max: number): number[] {
  const span = max - min || Math.abs(max) || 1
  const raw = span / 4
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude
  const first = Math.floor(min / step) * step
  const out: number[] = []
  for (let value = first; value <= max + step * 1e-9 && out.length < 12; value += step) out.push(value)
  if ((out.at(-1) ?? first) < max) out.push(first + out.length * step)
  return out
}

/** Round to what a PDF coordinate needs, so the drawing stays small. */
const r = (n: number) => Math.round(n * 10) / 10

/** The chart of one goal's measurements as an SVG string, or null when there is nothing to draw. */
export function goalChartSvg(goal: SummaryGoal): string | null {
  const points = goal.measurements
  if (points.length === 0) return null
  const values = [...points.map((p) => p.value), goal.baseline, goal.target].filter((v): v is number => v !== null)
  const yTicks = ticks(Math.min(...values), Math.max(...values))
  const yMin = yTicks[0] ?? 0
  const yMax = yTicks.at(-1) ?? 1
  const days = points.map((p) => time(p.measuredAt))
  if (goal.baselineDate) days.push(time(goal.baselineDate))
  if (goal.targetDate) days.push(time(goal.targetDate))
  const xMin = Math.min(...days)
  const xMax = Math.max(...days, xMin + DAY)
  const x = (t: number) => r(PLOT.left + ((t - xMin) / (xMax - xMin)) * (PLOT.right - PLOT.left))
  const y = (v: number) => r(PLOT.bottom - ((v - yMin) / (yMax - yMin || 1)) * (PLOT.bottom - PLOT.top))

  const parts: string[] = []
  for (const tick of yTicks) {
    parts.push(
      `<line x1="${PLOT.left}" y1="${y(tick)}" x2="${PLOT.right}" y2="${y(tick)}" stroke="${COLOURS.grid}" stroke-width="0.5"/>`,
      `<text x="${PLOT.left - 4}" y="${y(tick) + 3}" font-size="8" text-anchor="end" fill="${COLOURS.axis}">${formatNumber(tick)}</text>`,
    )
  }
  parts.push(
    `<line x1="${PLOT.left}" y1="${PLOT.top}" x2="${PLOT.left}" y2="${PLOT.bottom}" stroke="${COLOURS.axis}" stroke-width="0.8"/>`,
    `<line x1="${PLOT.left}" y1="${PLOT.bottom}" x2="${PLOT.right}" y2="${PLOT.bottom}" stroke="${COLOURS.axis}" stroke-width="0.8"/>`,
    `<text x="${PLOT.left}" y="${PLOT.bottom + 14}" font-size="8" text-anchor="start" fill="${COLOURS.axis}">${formatDate(new Date(xMin).toISOString())}</text>`,
    `<text x="${PLOT.right}" y="${PLOT.bottom + 14}" font-size="8" text-anchor="end" fill="${COLOURS.axis}">${formatDate(new Date(xMax).toISOString())}</text>`,
  )
  const level = (value: number | null, colour: string, label: string) => {
    if (value === null) return
    parts.push(
      `<line x1="${PLOT.left}" y1="${y(value)}" x2="${PLOT.right}" y2="${y(value)}" stroke="${colour}" stroke-width="1" stroke-dasharray="4 3"/>`,
      `<text x="${PLOT.right + 4}" y="${y(value) + 3}" font-size="8" fill="${colour}">${label} ${formatNumber(value)}</text>`,
    )
  }
  level(goal.baseline, COLOURS.baseline, WORDS.chartBaseline)
  level(goal.target, COLOURS.target, WORDS.chartTarget)
  const line = points.map((p) => `${x(time(p.measuredAt))},${y(p.value)}`).join(' ')
  parts.push(`<polyline points="${line}" fill="none" stroke="${COLOURS.line}" stroke-width="1.6"/>`)
  for (const p of points)
    parts.push(`<circle cx="${x(time(p.measuredAt))}" cy="${y(p.value)}" r="2.4" fill="${COLOURS.line}"/>`)
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="NotoSans">${parts.join('')}</svg>`
}
