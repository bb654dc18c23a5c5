import type { SummaryGoal } from '@vp/shared'
import type { Content, ContentStack } from 'pdfmake/interfaces'
import { formatDate, formatNumber, WORDS } from './labels.ts'

// One indicator as a vector drawing: the measurements as a line with points, the baseline and
// the target as dashed lines with their values, and the axes with their labels. The lines are an
// SVG (pdfmake draws it as PDF paths); the labels are ordinary pdfmake text laid over it, in the
// document's embedded Noto Sans (SVG text would open the font anew for every chart, and is slow).
// The chart holds only numbers and dates, never user text: the goal's title and unit are in the
// caption and the table beside it.

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

/** A label: its text, where it ends up (x at its anchor, y at the middle of its line), how it is anchored. */
type Label = { text: string; x: number; y: number; anchor: 'start' | 'end'; colour: string }

/** A label as pdfmake text over the drawing: a one-column row wide enough to align it at its anchor. */
function labelContent({ text, x, y, anchor, colour }: Label): Content {
  const width = anchor === 'end' ? x : CHART_WIDTH - x
  return {
    columns: [{ text, width, alignment: anchor === 'end' ? 'right' : 'left' }],
    relativePosition: { x: anchor === 'end' ? 0 : x, y: y - 5.5 },
    fontSize: 8,
    lineHeight: 1,
    color: colour,
  }
}

/** The chart of one goal's measurements, or null when there is nothing to draw. */
export function goalChart(goal: SummaryGoal): ContentStack | null {
  const points = goal.measurements
  if (points.length === 0) return null
  const values = [...points.map((p) => p.value), goal.baseline, goal.target].filter((v): v is number => v !== null)
  // A little room below and above, so that no line lies on the axis.
  const low = Math.min(...values)
  const high = Math.max(...values)
  const pad = (high - low) * 0.08 || 1
  const yTicks = ticks(low - pad, high + pad)
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
  const labels: Label[] = []
  for (const tick of yTicks) {
    parts.push(
      `<line x1="${PLOT.left}" y1="${y(tick)}" x2="${PLOT.right}" y2="${y(tick)}" stroke="${COLOURS.grid}" stroke-width="0.5"/>`,
    )
    labels.push({ text: formatNumber(tick), x: PLOT.left - 4, y: y(tick), anchor: 'end', colour: COLOURS.axis })
  }
  parts.push(
    `<line x1="${PLOT.left}" y1="${PLOT.top}" x2="${PLOT.left}" y2="${PLOT.bottom}" stroke="${COLOURS.axis}" stroke-width="0.8"/>`,
    `<line x1="${PLOT.left}" y1="${PLOT.bottom}" x2="${PLOT.right}" y2="${PLOT.bottom}" stroke="${COLOURS.axis}" stroke-width="0.8"/>`,
  )
  labels.push(
    {
      text: formatDate(new Date(xMin).toISOString()),
      x: PLOT.left,
      y: PLOT.bottom + 11,
      anchor: 'start',
      colour: COLOURS.axis,
    },
    {
      text: formatDate(new Date(xMax).toISOString()),
      x: PLOT.right,
      y: PLOT.bottom + 11,
      anchor: 'end',
      colour: COLOURS.axis,
    },
  )
  const level = (value: number | null, colour: string, label: string) => {
    if (value === null) return
    parts.push(
      `<line x1="${PLOT.left}" y1="${y(value)}" x2="${PLOT.right}" y2="${y(value)}" stroke="${colour}" stroke-width="1" stroke-dasharray="4 3"/>`,
    )
    labels.push({ text: `${label} ${formatNumber(value)}`, x: PLOT.right + 4, y: y(value), anchor: 'start', colour })
  }
  level(goal.baseline, COLOURS.baseline, WORDS.chartBaseline)
  level(goal.target, COLOURS.target, WORDS.chartTarget)
  const line = points.map((p) => `${x(time(p.measuredAt))},${y(p.value)}`).join(' ')
  parts.push(`<polyline points="${line}" fill="none" stroke="${COLOURS.line}" stroke-width="1.6"/>`)
  for (const p of points)
    parts.push(`<circle cx="${x(time(p.measuredAt))}" cy="${y(p.value)}" r="2.4" fill="${COLOURS.line}"/>`)
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}">${parts.join('')}</svg>`
  // The labels first: placed relative to the chart's top, they take no room; the drawing follows.
  return { stack: [...labels.map(labelContent), { svg, width: CHART_WIDTH }] }
}
