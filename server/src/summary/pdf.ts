import type { Summary, SummaryAction, SummaryGoal, SummaryPlaceholder } from '@vp/shared'
import pdfmake from 'pdfmake'
import type {
  Content,
  ContentTable,
  ContentText,
  CustomTableLayout,
  TableCell,
  TDocumentDefinitions,
} from 'pdfmake/interfaces'
import {
  DOCUMENT_TITLE,
  DOCX_WORDS,
  formatDate,
  formatEuro,
  formatHours,
  formatNumber,
  LABELS,
  pageText,
  personText,
  placeholderText,
  positionCountsText,
  RAAD_NOTE,
  reopenText,
  SECTION_ORDER,
  SECTIONS,
  type SectionKey,
  STEP_NAMES,
  standText,
  stepText,
  titleText,
  versionText,
  WORDS,
} from './labels.ts'
import { goalChart } from './pdf-chart.ts'
import { loadPdfFonts } from './pdf-fonts.ts'
import { isRightToLeft, pdfText } from './pdf-text.ts'

// pdfmake's virtual file system is not in its type definitions.
const { virtualfs } = pdfmake as unknown as { virtualfs: Parameters<typeof loadPdfFonts>[0] }
pdfmake.setFonts(loadPdfFonts(virtualfs))
// The fonts come from memory and nothing is fetched: no text in a summary can make it read a file
// or a URL (pdfmake resolves image and font references in a document definition).
pdfmake.setLocalAccessPolicy(() => false)
pdfmake.setUrlAccessPolicy(() => false)

const COLOUR = { muted: '#555555', rule: '#b8c4d0', head: '#e6edf3', note: '#f3f6f9', late: '#a4262c' }
const DASH = '—'

/** Tables: a shaded heading row, thin rules between rows, no vertical lines. */
const TABLE_LAYOUT: CustomTableLayout = {
  hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0.8 : 0.4),
  vLineWidth: () => 0,
  hLineColor: () => COLOUR.rule,
  fillColor: (row) => (row === 0 ? COLOUR.head : null),
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 3,
  paddingBottom: () => 3,
}
/** Label and value pairs in the title block: no rules at all. */
const PLAIN_LAYOUT: CustomTableLayout = {
  hLineWidth: () => 0,
  vLineWidth: () => 0,
  paddingLeft: () => 0,
  paddingRight: () => 8,
  paddingTop: () => 1,
  paddingBottom: () => 1,
}

/** User text in any script, long words breakable. */
const t = (value: string) => pdfText(value)
/** A title as shown: blank ones as "(zonder titel)". */
const title = (value: string) => pdfText(titleText(value))
const orDash = (value: string | null | undefined) => (value ? t(value) : DASH)
const day = (value: string | null) => (value ? formatDate(value) : DASH)
const euro = (value: number | null) => (value === null ? DASH : formatEuro(value))
const isPlaceholder = <T extends { restricted: boolean }>(entry: T | SummaryPlaceholder): entry is SummaryPlaceholder =>
  entry.restricted

/** A section heading (Kop 1): in the PDF's outline, and never alone at a page bottom (see pageBreakBefore). */
function sectionHeading(text: string): Content {
  return { text, style: 'h1', headlineLevel: 1, outline: true }
}
/** A heading inside a section, never alone at a page bottom either. */
function subheading(value: string): Content {
  return { text: pdfText(titleText(value)), style: 'h2', headlineLevel: 2 }
}
const note = (text: string): Content => ({ text, style: 'muted', margin: [0, 0, 0, 6] })
/** A paragraph of user text; one that reads right to left as a whole is aligned right. */
const paragraph = (value: string, margin: [number, number, number, number] = [0, 0, 0, 6]): ContentText => ({
  text: t(value),
  margin,
  ...(isRightToLeft(value) ? { alignment: 'right' as const } : {}),
})
const placeholderLine = (p: SummaryPlaceholder): Content => ({
  text: placeholderText(p),
  style: 'placeholder',
  margin: [0, 0, 0, 6],
})
const cell = (text: TableCell) => text

/** A row that stands for a restricted entry, across the whole table. */
function placeholderRow(p: SummaryPlaceholder, columns: number): TableCell[] {
  return [
    { text: placeholderText(p), style: 'placeholder', colSpan: columns },
    ...Array.from({ length: columns - 1 }, () => ({})),
  ]
}

/** Rows with less text than this are kept whole on one page. */
const SHORT_ROW = 700

/** How much text a table row holds, whatever its cells' shape. */
function textLength(value: unknown): number {
  if (typeof value === 'string') return value.length
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + textLength(v), 0)
  if (value && typeof value === 'object') return textLength(Object.values(value))
  return 0
}

/**
 * A table whose heading row repeats on every page it runs over. Rows stay whole when every row is
 * short; a row with long text may break, or a page could not hold it. Columns named in `right`
 * hold figures: aligned right, heading included.
 */
function table(
  widths: (number | string)[],
  head: string[],
  rows: TableCell[][],
  { right = [], fontSize }: { right?: number[]; fontSize?: number } = {},
) {
  return {
    table: {
      headerRows: 1,
      // The heading row never stands alone at the bottom of a page: it goes with the first row,
      // unless that row may be taller than a page (pdfmake would cut what does not fit).
      keepWithHeaderRows: rows[0] && textLength(rows[0]) < SHORT_ROW ? 1 : 0,
      dontBreakRows: rows.every((row) => textLength(row) < SHORT_ROW),
      widths,
      body: [
        head.map((text, i) => ({ text, style: 'th', ...(right.includes(i) ? { alignment: 'right' } : {}) })),
        ...rows,
      ],
    },
    layout: TABLE_LAYOUT,
    style: 'table',
    margin: [0, 2, 0, 10],
    ...(fontSize ? { fontSize } : {}),
  } satisfies ContentTable
}

function titleBlock(s: Summary): Content[] {
  const c = s.case
  const facts: [string, string | ReturnType<typeof t>][] = [
    [WORDS.gemeente, t(c.gemeente)],
    [WORDS.area, orDash(c.area)],
    [WORDS.theme, LABELS.theme[c.theme]],
    [WORDS.problemType, LABELS.problemType[c.problemType]],
    [WORDS.projectleider, c.projectleider ? t(personText(c.projectleider)) : DASH],
    [WORDS.bestuurder, orDash(c.bestuurder)],
    [WORDS.caseStatus, LABELS.caseStatus[c.status]],
  ]
  const out: Content[] = [
    { text: DOCUMENT_TITLE, style: 'kicker' },
    { text: title(c.title), style: 'title' },
    {
      table: {
        widths: [110, '*'],
        body: facts.map(([label, value]) => [{ text: label, bold: true }, { text: value }]),
      },
      layout: PLAIN_LAYOUT,
      margin: [0, 4, 0, 8],
    },
    { text: [{ text: standText(s.generatedAt), bold: true }, `  ·  ${versionText(s.seq)}`], margin: [0, 0, 0, 8] },
  ]
  if (s.variant === 'raad')
    out.push({
      table: { widths: ['*'], body: [[{ text: RAAD_NOTE, margin: [6, 4, 6, 4] }]] },
      layout: { ...PLAIN_LAYOUT, fillColor: () => COLOUR.note, paddingRight: () => 0 },
      margin: [0, 0, 0, 8],
    })
  if (c.aanleiding) out.push({ text: WORDS.aanleiding, style: 'label' }, paragraph(c.aanleiding))
  if (c.context) out.push({ text: WORDS.context, style: 'label' }, paragraph(c.context))
  return out
}

function stepsSection(s: Summary): Content[] {
  // Who is done and who is not in one wide column: a partnership of seven organisations keeps
  // each step to a few lines.
  const orgs = (label: string, list: { name: string }[]): Content => ({
    text: [{ text: `${label}: `, bold: true }, ...asRuns(list.length ? list.map((o) => o.name).join(', ') : DASH)],
  })
  const rows = s.steps.map((step) => [
    cell(stepText(step.step)),
    cell(LABELS.stepStatus[step.status]),
    step.overdue ? { text: `${day(step.deadline)} (${LABELS.overdue})`, color: COLOUR.late } : cell(day(step.deadline)),
    cell({ stack: [orgs(WORDS.done, step.done), orgs(WORDS.notDone, step.notDone)] }),
  ])
  return [
    table([118, 60, 76, '*'], [WORDS.step, WORDS.status, WORDS.deadline, `${WORDS.done} / ${WORDS.notDone}`], rows),
  ]
}
/** Text as inline runs, to sit beside other runs in one paragraph. */
const asRuns = (value: string) => {
  const text = t(value)
  return typeof text === 'string' ? [text] : text
}

function projectGroupSection(s: Summary): Content[] {
  if (s.projectGroup.length === 0) return [note(WORDS.none)]
  const rows = s.projectGroup.map((g) => [
    cell({ text: t(g.organisation.name), bold: true }),
    cell(g.people.length ? t(g.people.map((p) => `${p.name} (${LABELS.role[p.role]})`).join(', ')) : DASH),
    cell(g.roles.length ? g.roles.map((r) => LABELS.role[r]).join(', ') : DASH),
    cell(orDash(g.belang)),
    cell(orDash(g.roleText)),
  ])
  return [
    table(['*', '*', 62, '*', '*'], [WORDS.organisation, WORDS.people, WORDS.role, WORDS.belang, WORDS.roleText], rows),
  ]
}

type Positions = Summary['goals'][number] extends infer G ? (G extends { positions: infer P } ? P : never) : never
type Counts = SummaryGoal['positionCounts']

/** Where partners stand: per organisation in the full variant, only counts in the raad variant. */
function positionsText(positions: Positions, counts: Counts): Content {
  const overall = LABELS.overallPosition[counts.overall]
  const lines: Content[] = [
    { text: counts.overall === 'geen' ? overall : `${overall} (${positionCountsText(counts)})`, style: 'small' },
  ]
  for (const p of positions)
    lines.push({
      text: t(`${p.organisation.name}: ${LABELS.position[p.position]}${p.reason ? ` — ${p.reason}` : ''}`),
      style: 'small',
    })
  return { stack: lines }
}

function problemSection(s: Summary): Content[] {
  const out: Content[] = [subheading(WORDS.statement)]
  const statement = s.problem.statement
  if (!statement) out.push(note(WORDS.noStatement))
  else if (isPlaceholder(statement)) out.push(placeholderLine(statement))
  else {
    out.push({ ...paragraph(titleText(statement.title), [0, 0, 0, 4]), style: 'statement' })
    if (statement.description) out.push(paragraph(statement.description))
    out.push({ text: WORDS.positions, style: 'label' }, positionsText(statement.positions, statement.positionCounts), {
      text: '',
      margin: [0, 0, 0, 8],
    })
  }
  out.push(subheading(WORDS.subproblems))
  if (s.problem.subproblems.length === 0) return [...out, note(WORDS.none)]
  const rows = s.problem.subproblems.map((sub) =>
    isPlaceholder(sub)
      ? placeholderRow(sub, 5)
      : [
          cell(sub.rank === null ? DASH : String(sub.rank)),
          cell({
            stack: [{ text: title(sub.title), bold: true }, ...(sub.description ? [{ text: t(sub.description) }] : [])],
          }),
          cell({
            stack: [
              sub.mean === null ? DASH : formatNumber(sub.mean),
              { text: `${sub.ratingCount} ${DOCX_WORDS.ratings}`, style: 'small' },
            ],
          }),
          cell({
            stack: [
              LABELS.agreement[sub.agreement],
              ...(sub.spread === null ? [] : [{ text: `${WORDS.spread} ${formatNumber(sub.spread)}`, style: 'small' }]),
            ],
          }),
          cell(positionsText(sub.positions, sub.positionCounts)),
        ],
  )
  out.push(
    table([30, '*', 58, 80, 150], [WORDS.rank, WORDS.subproblem, WORDS.mean, WORDS.agreement, WORDS.positions], rows),
  )
  return out
}

function measuresSection(s: Summary): Content[] {
  const m = s.measures
  if (m.items.length === 0) return [note(WORDS.none)]
  const rows = m.items.map((item) => {
    if (isPlaceholder(item)) return placeholderRow(item, 5)
    const details: Content[] = [{ text: title(item.title), bold: true }]
    if (item.description) details.push({ text: t(item.description) })
    if (item.subproblems.length)
      details.push({ text: t(`${WORDS.addresses}: ${item.subproblems.map(titleText).join('; ')}`), style: 'small' })
    return [
      cell({ stack: details }),
      cell({
        stack: [
          t(item.owner.name),
          ...(item.since ? [{ text: `${WORDS.since} ${day(item.since)}`, style: 'small' }] : []),
        ],
      }),
      cell({ text: euro(item.yearlyCost), alignment: 'right' }),
      cell({ text: item.hoursPerWeek === null ? DASH : formatHours(item.hoursPerWeek), alignment: 'right' }),
      cell(LABELS.effect[item.effect]),
    ]
  })
  rows.push([
    { text: WORDS.total, bold: true, colSpan: 2 },
    {},
    { text: formatEuro(m.totalYearlyCost), bold: true, alignment: 'right' },
    { text: formatHours(m.totalHoursPerWeek), bold: true, alignment: 'right' },
    {},
  ])
  const out: Content[] = [
    table(
      ['*', 100, 64, 52, 56],
      [WORDS.measure, WORDS.owner, WORDS.yearlyCost, WORDS.hoursPerWeek, WORDS.effect],
      rows,
      {
        right: [2, 3],
      },
    ),
  ]
  // Without visible sub-problems the summary makes no claim about gaps or overlaps.
  if (m.assessed) {
    out.push({ text: WORDS.gaps, style: 'label' })
    out.push(m.gaps.length ? { ul: m.gaps.map((g) => ({ text: title(g) })), margin: [0, 0, 0, 6] } : note(DASH))
    out.push({ text: WORDS.overlaps, style: 'label' })
    out.push(
      m.overlaps.length
        ? {
            ul: m.overlaps.map((o) => ({
              text: t(`${titleText(o.subproblem)}: ${o.organisations.map((org) => org.name).join(', ')}`),
            })),
            margin: [0, 0, 0, 6],
          }
        : note(DASH),
    )
  }
  return out
}

/** "31 meldingen (1 maart 2027)". */
const measured = (value: number | null, unit: string, date: string | null) =>
  value === null ? DASH : t(`${formatNumber(value)} ${unit}${date ? ` (${formatDate(date)})` : ''}`)

function goalsSection(s: Summary): Content[] {
  if (s.goals.length === 0) return [note(WORDS.none)]
  const rows = s.goals.map((goal) => {
    if (isPlaceholder(goal)) return placeholderRow(goal, 5)
    const details: Content[] = [{ text: title(goal.title), bold: true }]
    if (goal.description) details.push({ text: t(goal.description) })
    details.push(
      { text: t(`${WORDS.indicator}: ${goal.indicator} (${LABELS.direction[goal.direction]})`), style: 'small' },
      positionsText(goal.positions, goal.positionCounts),
    )
    return [
      cell({ stack: details }),
      cell(measured(goal.baseline, goal.unit, goal.baselineDate)),
      cell(measured(goal.target, goal.unit, goal.targetDate)),
      cell(goal.latest ? measured(goal.latest.value, goal.unit, goal.latest.measuredAt) : DASH),
      cell(LABELS.indicatorStatus[goal.status]),
    ]
  })
  return [table(['*', 72, 72, 72, 62], [WORDS.goal, WORDS.baseline, WORDS.target, WORDS.latest, WORDS.progress], rows)]
}

function actionRow(a: SummaryAction): TableCell[] {
  const details: Content[] = [{ text: title(a.title), bold: true }]
  if (a.description) details.push({ text: t(a.description) })
  if (a.goals.length)
    details.push({ text: t(`${WORDS.servesGoals}: ${a.goals.map(titleText).join('; ')}`), style: 'small' })
  if (a.cost !== null)
    details.push({
      text: t(`${WORDS.cost}: ${formatEuro(a.cost)}${a.payer ? `, ${WORDS.paidBy} ${a.payer.name}` : ''}`),
      style: 'small',
    })
  const period = a.startDate || a.dueDate ? `${day(a.startDate)} – ${day(a.dueDate)}` : DASH
  // Each organisation's part on one line: its hours and whether it committed.
  const parts = new Map<string, { name: string; hours?: number; status?: string }>()
  for (const p of a.participants) parts.set(p.organisation.id, { name: p.organisation.name, hours: p.hours })
  for (const c of a.commitments) {
    const part = parts.get(c.organisation.id) ?? { name: c.organisation.name }
    parts.set(c.organisation.id, { ...part, status: LABELS.commitment[c.status] })
  }
  const partLines = [...parts.values()].map(({ name, hours, status }) =>
    [name, hours === undefined ? null : formatHours(hours), status ?? null].filter((x) => x !== null).join(', '),
  )
  return [
    cell({ stack: details }),
    cell(t(personText(a.trekker))),
    cell(partLines.length ? t(partLines.join('\n')) : DASH),
    cell(period),
    cell(
      a.overdue
        ? { text: `${LABELS.actionStatus[a.status]} (${LABELS.overdue})`, color: COLOUR.late }
        : LABELS.actionStatus[a.status],
    ),
  ]
}

function actionsSection(s: Summary): Content[] {
  if (s.actions.length === 0) return [note(WORDS.none)]
  const rows = s.actions.map((a) => (isPlaceholder(a) ? placeholderRow(a, 5) : actionRow(a)))
  return [
    table(['*', 80, 150, 66, 50], [WORDS.action, WORDS.trekker, WORDS.parts, WORDS.period, WORDS.status], rows, {
      fontSize: 8,
    }),
  ]
}

function costsSection(s: Summary): Content[] {
  const c = s.costs
  const withPending = (amount: string, pending: number, show: string) =>
    pending > 0 ? { stack: [amount, { text: `${WORDS.pending} ${show}`, style: 'small' }] } : amount
  const orgRows: TableCell[][] = c.byOrganisation.map((o) => [
    cell(t(o.organisation.name)),
    { ...asCell(withPending(formatEuro(o.cost), o.costPending, formatEuro(o.costPending))), alignment: 'right' },
    { ...asCell(withPending(formatHours(o.hours), o.hoursPending, formatHours(o.hoursPending))), alignment: 'right' },
    { text: String(o.actionCount), alignment: 'right' },
  ])
  // As the dashboard's cost table: the cost without a payer, then the total of every action's cost.
  orgRows.push([cell(WORDS.unassigned), { text: formatEuro(c.unassignedCost), alignment: 'right' }, {}, {}])
  orgRows.push([
    { text: WORDS.total, bold: true },
    { text: formatEuro(c.totalCost), bold: true, alignment: 'right' },
    { text: formatHours(c.totalHours), bold: true, alignment: 'right' },
    {},
  ])
  const goalRows: TableCell[][] = c.byGoal.map((g) => [
    cell(title(g.goal)),
    { text: formatEuro(g.cost), alignment: 'right' },
    { text: formatHours(g.hours), alignment: 'right' },
  ])
  return [
    subheading(WORDS.byOrganisation),
    table(['*', 100, 90, 50], [WORDS.organisation, WORDS.cost, WORDS.hours, WORDS.actionCount], orgRows, {
      right: [1, 2, 3],
    }),
    subheading(WORDS.byGoal),
    ...(goalRows.length
      ? [
          table(['*', 100, 90], [WORDS.goal, WORDS.cost, WORDS.hours], goalRows, { right: [1, 2] }),
          note(WORDS.byGoalNote),
        ]
      : [note(WORDS.none)]),
  ]
}
const asCell = (value: string | { stack: Content[] }) => (typeof value === 'string' ? { text: value } : value)

/** One indicator: its chart, and always the table of the same values beside it. */
function indicator(goal: SummaryGoal): Content[] {
  const chart = goalChart(goal)
  const caption: Content = {
    text: t(`${WORDS.indicator}: ${goal.indicator} (${goal.unit}), ${LABELS.direction[goal.direction]}`),
    style: 'small',
    margin: [0, 0, 0, 4],
  }
  if (!chart) return [subheading(goal.title), caption, note(WORDS.noMeasurements)]
  const rows: TableCell[][] = []
  if (goal.baseline !== null)
    rows.push([WORDS.baseline, day(goal.baselineDate), { text: formatNumber(goal.baseline), alignment: 'right' }])
  for (const m of goal.measurements)
    rows.push([WORDS.measurement, formatDate(m.measuredAt), { text: formatNumber(m.value), alignment: 'right' }])
  if (goal.target !== null)
    rows.push([WORDS.target, day(goal.targetDate), { text: formatNumber(goal.target), alignment: 'right' }])
  // The heading, caption and chart stay on one page (unless a title too long for that makes the
  // block taller than a page); the table may run on.
  return [
    {
      stack: [{ text: title(goal.title), style: 'h2' }, caption, { ...chart, margin: [0, 0, 0, 6] }],
      unbreakable: goal.title.length + goal.indicator.length < 400,
    },
    table([90, 120, 70], [WORDS.what, WORDS.date, WORDS.value], rows, { right: [2] }),
  ]
}

function monitoringSection(s: Summary): Content[] {
  const goals = s.goals.filter((g): g is SummaryGoal => !g.restricted)
  const out: Content[] = []
  if (goals.length) out.push(...goals.flatMap(indicator))
  out.push(subheading(WORDS.actionStatus))
  const counts = Object.entries(s.monitoring.actionStatus)
    .map(([status, count]) => `${LABELS.actionStatus[status as keyof typeof LABELS.actionStatus]}: ${count}`)
    .join('  ·  ')
  out.push(paragraph(counts || DASH))
  out.push(subheading(WORDS.updates))
  if (s.monitoring.updates.length === 0) out.push(note(WORDS.none))
  for (const u of s.monitoring.updates) {
    if (isPlaceholder(u)) {
      out.push(placeholderLine(u))
      continue
    }
    const meta = [
      u.action ? titleText(u.action) : null,
      LABELS.actionStatus[u.status],
      formatDate(u.createdAt),
      personText(u.author),
    ]
    out.push(entry(u.title, meta.filter((x): x is string => x !== null).join('  ·  '), u.description))
  }
  return out
}

/** A titled entry (an update, an evaluation): title, a line of facts, the text; kept together when short. */
function entry(heading: string, meta: string, description: string | null): Content {
  const stack: Content[] = [
    { text: title(heading), bold: true },
    { text: t(meta), style: 'small' },
    ...(description ? [paragraph(description, [0, 2, 0, 0])] : []),
  ]
  return { stack, margin: [0, 0, 0, 8], unbreakable: heading.length + meta.length + (description?.length ?? 0) < 800 }
}

function evaluationSection(s: Summary): Content[] {
  if (s.evaluations.length === 0) return [note(WORDS.none)]
  return s.evaluations.map((e) => {
    if (isPlaceholder(e)) return placeholderLine(e)
    const meta = [
      `${WORDS.conclusion}: ${LABELS.conclusion[e.conclusion]}`,
      ...(e.reopenStep ? [reopenText(e.reopenStep)] : []),
      formatDate(e.createdAt),
      personText(e.author),
    ]
    return entry(e.title, meta.join('  ·  '), e.description)
  })
}

function documentsSection(s: Summary): Content[] {
  if (s.documents.length === 0) return [note(WORDS.none)]
  const rows = s.documents.map((d) =>
    isPlaceholder(d)
      ? placeholderRow(d, 4)
      : [
          cell(title(d.title)),
          cell(d.step ? `${d.step}. ${STEP_NAMES[d.step] ?? ''}` : DASH),
          cell(t(d.organisation.name)),
          cell(formatDate(d.createdAt)),
        ],
  )
  return [table(['*', 110, 110, 80], [WORDS.title, WORDS.step, WORDS.organisation, WORDS.date], rows)]
}

const SECTION_CONTENT: Record<SectionKey, (s: Summary) => Content[]> = {
  steps: stepsSection,
  projectGroup: projectGroupSection,
  problem: problemSection,
  measures: measuresSection,
  goals: goalsSection,
  actions: actionsSection,
  costs: costsSection,
  monitoring: monitoringSection,
  evaluation: evaluationSection,
  documents: documentsSection,
}

/** The header's case title: one line, however long the title. */
function shortTitle(value: string) {
  const shown = titleText(value).replace(/\s+/g, ' ').trim()
  const chars = Array.from(shown)
  return chars.length > 70 ? `${chars.slice(0, 69).join('')}…` : shown
}

/** The summary as the document definition pdfmake lays out. */
export function summaryPdfDefinition(s: Summary): TDocumentDefinitions {
  const headerTitle = pdfText(shortTitle(s.case.title))
  const headerDate = formatDate(s.generatedAt)
  const variantNote = s.variant === 'raad' ? ` (${WORDS.raadVersion})` : ''
  return {
    pageSize: 'A4',
    pageMargins: [50, 58, 50, 50],
    // PDF 1.7 for the document language (/Lang) and the title shown in the viewer's title bar.
    version: '1.7',
    language: 'nl-NL',
    displayTitle: true,
    // Not `tagged`: pdfmake 0.3.11 writes no structure elements for its content, so a tagged PDF
    // would announce a structure tree that is empty (FRONTEND.md). What the library does allow is
    // here: the language, the title, and the section headings as the PDF's outline (bookmarks).
    info: {
      title: `${DOCUMENT_TITLE}: ${titleText(s.case.title)}${variantNote}`,
      author: WORDS.author,
      creator: WORDS.author,
      producer: WORDS.author,
      subject: `${DOCUMENT_TITLE}${variantNote}`,
    },
    defaultStyle: { font: 'NotoSans', fontSize: 9.5, lineHeight: 1.2 },
    styles: {
      kicker: { fontSize: 10, color: COLOUR.muted, characterSpacing: 0.3 },
      title: { font: 'NotoSerif', bold: true, fontSize: 20, margin: [0, 2, 0, 6], lineHeight: 1.1 },
      h1: { font: 'NotoSerif', bold: true, fontSize: 15, margin: [0, 14, 0, 6] },
      h2: { font: 'NotoSerif', bold: true, fontSize: 11, margin: [0, 8, 0, 4] },
      label: { bold: true, margin: [0, 2, 0, 2] },
      statement: { font: 'NotoSerif', bold: true, fontSize: 11, margin: [0, 0, 0, 4] },
      th: { bold: true, fontSize: 8.5 },
      table: { fontSize: 8.5 },
      small: { fontSize: 8, color: COLOUR.muted },
      muted: { color: COLOUR.muted },
      placeholder: { italics: true, color: COLOUR.muted },
    },
    header: (page) =>
      page === 1
        ? null
        : {
            columns: [
              { text: headerTitle, width: '*', noWrap: true },
              { text: headerDate, width: 'auto', alignment: 'right' },
            ],
            fontSize: 8,
            color: COLOUR.muted,
            margin: [50, 24, 50, 0],
          },
    footer: (page, pages) => ({
      columns: [
        { text: `${DOCUMENT_TITLE}${variantNote}`, width: '*' },
        { text: pageText(page, pages), width: 'auto', alignment: 'right' },
      ],
      fontSize: 8,
      color: COLOUR.muted,
      margin: [50, 18, 50, 0],
    }),
    // A heading never stays alone at the bottom of a page: when it starts in the page's last
    // lines (too few for a table's heading row and a first row), or nothing but other headings
    // follows it there, it starts the next page. Each such move costs pdfmake a new layout pass,
    // so only section headings and subheadings ask. (pdfmake counts the running header and footer
    // as following nodes too; they are not below the heading.)
    pageBreakBefore: (node, nodes) => {
      if (node.headlineLevel === undefined || node.pageNumbers.length !== 1) return false
      const { top, verticalRatio } = node.startPosition
      if (verticalRatio > (node.headlineLevel === 1 ? 0.86 : 0.9)) return true
      return nodes
        .getFollowingNodesOnPage()
        .every((next) => next.startPosition.top <= top || next.headlineLevel !== undefined)
    },
    content: [
      ...titleBlock(s),
      ...SECTION_ORDER.flatMap((key) => [sectionHeading(SECTIONS[key]), ...SECTION_CONTENT[key](s)]),
    ],
  }
}

/** The summary as an A4 PDF with its fonts embedded. */
export async function renderSummaryPdf(summary: Summary): Promise<Buffer> {
  return pdfmake.createPdf(summaryPdfDefinition(summary)).getBuffer()
}
