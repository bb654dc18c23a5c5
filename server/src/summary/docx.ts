import type {
  Summary,
  SummaryAction,
  SummaryGoal,
  SummaryMeasure,
  SummaryPlaceholder,
  SummarySubproblem,
} from '@vp/shared'
import { AlignmentType, Document, Header, HeadingLevel, LevelFormat, Packer, Paragraph, type Table } from 'docx'
import { ChartRun } from 'docx/charts'
import {
  A4,
  BULLETS,
  type Cell,
  cleanText,
  makeField,
  makeParagraph,
  makeSpanningRow,
  makeTable,
  PAGE_HEADER,
  type Piece,
  TABLE_TEXT,
} from './docx-text.ts'
import {
  DOCX_WORDS as D,
  DOCUMENT_TITLE,
  formatDate,
  formatEuro,
  formatHours,
  formatNumber,
  LABELS,
  personText,
  placeholderText,
  RAAD_NOTE,
  reopenText,
  SECTION_ORDER,
  SECTIONS,
  type SectionKey,
  STEP_NAMES,
  standText,
  titleText,
  versionText,
  WORDS as W,
} from './labels.ts'

// The summary as a Word document a beleidsmedewerker can paste into a raadsinformatiebrief: Word's
// own Title and Heading styles (so the navigation pane and a table of contents work), real tables
// and lists, and only literal text from the case — no fields, no links, no pictures, no macros. The
// one drawing is Word's own chart of an indicator, with its figures in the document itself.

type Block = Paragraph | Table
type Entry<T> = T | SummaryPlaceholder

const FONT = 'Noto Sans'

const makeHeading1 = (text: string) => makeParagraph(text, { heading: HeadingLevel.HEADING_1 })
const makeHeading2 = (text: string) => makeParagraph(text, { heading: HeadingLevel.HEADING_2 })
const makeBullet = (pieces: Piece | Piece[]) => makeParagraph(pieces, { bullet: true })
const makePlaceholder = (p: SummaryPlaceholder) => makeParagraph({ text: placeholderText(p), italics: true })
const makePlaceholderBullet = (p: SummaryPlaceholder) =>
  makeParagraph({ text: placeholderText(p), italics: true }, { bullet: true })
const sayNothingYet = () => makeParagraph({ text: W.none, italics: true })
const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)
const dashIfBlank = (value: string | null | undefined) => (value?.trim() ? value : '–')
const joinNames = (organisations: { name: string }[]) => organisations.map((o) => o.name).join(', ') || '–'
const formatDateOrDash = (value: string | null) => (value ? formatDate(value) : '–')
const formatEuroOrDash = (value: number | null) => (value === null ? '–' : formatEuro(value))
/** "1 april 2027 – 1 oktober 2027", "tot 1 februari 2027", "vanaf 1 april 2027" or "–". */
function describePeriod(start: string | null, due: string | null): string {
  if (start && due) return `${formatDate(start)} – ${formatDate(due)}`
  if (due) return `${D.until} ${formatDate(due)}`
  return start ? `${D.from} ${formatDate(start)}` : '–'
}
const shorten = (text: string, length: number) =>
  [...text].length > length ? `${[...text].slice(0, length - 1).join('')}…` : text
const formatMeasured = (value: number, unit: string) => `${formatNumber(value)} ${unit}`.trim()

/** "akkoord met voorbehoud (2 akkoord, 1 akkoord met voorbehoud)": all the raad variant shows of positions. */
function describePositions(counts: SummaryGoal['positionCounts']): string {
  const parts = (['akkoord', 'voorbehoud', 'niet_akkoord'] as const)
    .filter((k) => counts[k] > 0)
    .map((k) => `${counts[k]} ${LABELS.position[k]}`)
  const overall = LABELS.overallPosition[counts.overall]
  return parts.length > 0 ? `${overall} (${parts.join(', ')})` : overall
}

/**
 * Where partners differ, per organisation (the full variant names them): a reservation, a
 * disagreement or a reason given. Plain agreement is in the counts already.
 */
const listDifferences = (positions: SummaryGoal['positions']) =>
  positions
    .filter((p) => p.position !== 'akkoord' || p.reason?.trim())
    .map((p) => `${p.organisation.name}: ${LABELS.position[p.position]}${p.reason?.trim() ? ` — ${p.reason}` : ''}`)

function writeTitleBlock(s: Summary): Block[] {
  const c = s.case
  return [
    makeParagraph(DOCUMENT_TITLE, { style: 'Title' }),
    makeParagraph(titleText(c.title), { style: 'Subtitle' }),
    makeParagraph(standText(s.generatedAt)),
    makeParagraph(versionText(s.seq)),
    ...(s.variant === 'raad' ? [makeParagraph({ text: RAAD_NOTE, italics: true })] : []),
    makeField(W.gemeente, dashIfBlank(c.gemeente)),
    ...(c.area ? [makeField(W.area, c.area)] : []),
    makeField(W.theme, LABELS.theme[c.theme]),
    makeField(W.problemType, LABELS.problemType[c.problemType]),
    makeField(W.caseStatus, LABELS.caseStatus[c.status]),
    makeField(W.projectleider, c.projectleider ? personText(c.projectleider) : '–'),
    ...(c.bestuurder ? [makeField(W.bestuurder, c.bestuurder)] : []),
    makeField(D.startedOn, formatDate(c.createdAt)),
    ...(c.aanleiding ? [makeField(W.aanleiding, c.aanleiding)] : []),
    ...(c.context ? [makeField(W.context, c.context)] : []),
  ]
}

function writeSteps(s: Summary): Block[] {
  if (s.steps.length === 0) return [sayNothingYet()]
  return [
    makeTable({
      columns: [W.step, W.status, W.deadline, W.done, W.notDone],
      widths: [4, 3, 3, 2, 5],
      // "6 van 7" and who is missing: the list of everyone done would repeat the project group on every row.
      rows: s.steps.map((step) => [
        `${step.step}. ${STEP_NAMES[step.step] ?? ''}`.trim(),
        `${LABELS.stepStatus[step.status]}${step.overdue ? `, ${LABELS.overdue}` : ''}`,
        formatDateOrDash(step.deadline),
        `${step.done.length} ${D.of} ${step.done.length + step.notDone.length}`,
        joinNames(step.notDone),
      ]),
    }),
  ]
}

function writeProjectGroup(s: Summary): Block[] {
  if (s.projectGroup.length === 0) return [sayNothingYet()]
  // The raad variant names no one: the column would only ever be empty.
  const withPeople = s.variant === 'full'
  return [
    makeTable({
      columns: [W.organisation, W.role, W.belang, W.roleText, ...(withPeople ? [W.people] : [])],
      widths: withPeople ? [3, 3, 3, 3, 3] : [3, 3, 4, 4],
      rows: s.projectGroup.map((g) => [
        g.organisation.name,
        g.roles.map((r) => LABELS.role[r]).join(', ') || '–',
        dashIfBlank(g.belang),
        dashIfBlank(g.roleText),
        ...(withPeople ? [g.people.length ? g.people.map((p) => `${p.name} (${LABELS.role[p.role]})`) : '–'] : []),
      ]),
    }),
  ]
}

function writePositions(item: { positions: SummaryGoal['positions']; positionCounts: SummaryGoal['positionCounts'] }) {
  return [
    makeField(W.positions, describePositions(item.positionCounts)),
    ...listDifferences(item.positions).map(makeBullet),
  ]
}

function writeSubproblemRow(sub: Entry<SummarySubproblem>): Cell[] {
  if (sub.restricted) return makeSpanningRow(placeholderText(sub))
  return [
    sub.rank === null ? '–' : String(sub.rank),
    [{ text: titleText(sub.title), bold: true }, ...(sub.description ? [sub.description] : [])],
    sub.mean === null
      ? '–'
      : [
          formatNumber(sub.mean),
          ...(sub.spread === null ? [] : [`${W.spread.toLowerCase()} ${formatNumber(sub.spread)}`]),
          `${sub.ratingCount} ${D.ratings}`,
        ],
    LABELS.agreement[sub.agreement],
    [describePositions(sub.positionCounts), ...listDifferences(sub.positions)],
  ]
}

function writeProblem(s: Summary): Block[] {
  const statement = s.problem.statement
  const blocks: Block[] = [makeHeading2(W.statement)]
  if (!statement) blocks.push(makeParagraph({ text: W.noStatement, italics: true }))
  else if (statement.restricted) blocks.push(makePlaceholder(statement))
  else
    blocks.push(
      makeParagraph({ text: titleText(statement.title), bold: true }),
      ...(statement.description ? [makeParagraph(statement.description)] : []),
      ...writePositions(statement),
    )
  blocks.push(makeHeading2(W.subproblems))
  if (s.problem.subproblems.length === 0) blocks.push(sayNothingYet())
  else
    blocks.push(
      makeTable({
        columns: [W.rank, W.subproblem, W.mean, W.agreement, W.positions],
        widths: [1.5, 5, 3.5, 3.5, 4.5],
        rows: s.problem.subproblems.map(writeSubproblemRow),
      }),
    )
  return blocks
}

function writeMeasureRow(m: Entry<SummaryMeasure>): Cell[] {
  if (m.restricted) return makeSpanningRow(placeholderText(m))
  return [
    [
      { text: titleText(m.title), bold: true },
      ...(m.description ? [m.description] : []),
      ...(m.subproblems.length ? [`${W.addresses}: ${m.subproblems.map(titleText).join('; ')}`] : []),
    ],
    m.owner.name,
    formatDateOrDash(m.since),
    formatEuroOrDash(m.yearlyCost),
    m.hoursPerWeek === null ? '–' : formatHours(m.hoursPerWeek),
    LABELS.effect[m.effect],
  ]
}

function writeMeasures(s: Summary): Block[] {
  const m = s.measures
  const blocks: Block[] =
    m.items.length === 0
      ? [sayNothingYet()]
      : [
          makeTable({
            columns: [W.measure, W.owner, capitalize(W.since), W.yearlyCost, W.hoursPerWeek, W.effect],
            widths: [5, 3, 3, 3, 2, 2],
            rows: m.items.map(writeMeasureRow),
            totals: [W.total, '', '', formatEuro(m.totalYearlyCost), formatHours(m.totalHoursPerWeek), ''],
          }),
        ]
  blocks.push(makeHeading2(D.gapsAndOverlaps))
  if (!m.assessed) return [...blocks, makeParagraph({ text: D.notAssessed, italics: true })]
  blocks.push(makeParagraph({ text: W.gaps, bold: true }, { keepNext: true }))
  blocks.push(...(m.gaps.length ? m.gaps.map((g) => makeBullet(titleText(g))) : [makeParagraph(D.noGaps)]))
  blocks.push(makeParagraph({ text: W.overlaps, bold: true }, { keepNext: true }))
  blocks.push(
    ...(m.overlaps.length
      ? m.overlaps.map((o) => makeBullet(`${titleText(o.subproblem)}: ${joinNames(o.organisations)}`))
      : [makeParagraph(D.noOverlaps)]),
  )
  return blocks
}

function writeGoalRow(g: Entry<SummaryGoal>): Cell[] {
  if (g.restricted) return makeSpanningRow(placeholderText(g))
  const point = (value: number | null, date: string | null): Cell =>
    value === null ? '–' : [formatMeasured(value, g.unit), ...(date ? [formatDate(date)] : [])]
  return [
    [
      { text: titleText(g.title), bold: true },
      ...(g.description ? [g.description] : []),
      `${W.positions}: ${describePositions(g.positionCounts)}`,
      ...listDifferences(g.positions),
    ],
    [g.indicator, { text: LABELS.direction[g.direction], italics: true }],
    point(g.baseline, g.baselineDate),
    point(g.target, g.targetDate),
    g.latest ? point(g.latest.value, g.latest.measuredAt) : '–',
    `${LABELS.indicatorStatus[g.status]}${g.progress === null ? '' : ` (${Math.round(g.progress * 100)}%)`}`,
  ]
}

function writeGoals(s: Summary): Block[] {
  if (s.goals.length === 0) return [sayNothingYet()]
  return [
    makeTable({
      columns: [W.goal, W.indicator, W.baseline, W.target, W.latest, W.progress],
      widths: [5, 3, 3, 4, 3, 3],
      rows: s.goals.map(writeGoalRow),
    }),
  ]
}

function writeActionRow(a: Entry<SummaryAction>): Cell[] {
  if (a.restricted) return makeSpanningRow(placeholderText(a))
  return [
    [
      { text: titleText(a.title), bold: true },
      ...(a.description ? [a.description] : []),
      ...(a.goals.length ? [`${W.servesGoals}: ${a.goals.map(titleText).join('; ')}`] : []),
    ],
    personText(a.trekker),
    describePeriod(a.startDate, a.dueDate),
    `${LABELS.actionStatus[a.status]}${a.overdue ? `, ${LABELS.overdue}` : ''}`,
    a.cost === null ? '–' : `${formatEuro(a.cost)}${a.payer ? `, ${W.paidBy} ${a.payer.name}` : ''}`,
    describeInvolvement(a),
  ]
}

/** Per organisation: its hours and its commitment, "Politie: 2 uur, openstaand". */
function describeInvolvement(a: SummaryAction): Cell {
  const lines = new Map<string, string[]>()
  const add = (organisation: { id: string; name: string }, text: string) =>
    lines.set(organisation.id, [...(lines.get(organisation.id) ?? [organisation.name]), text])
  for (const p of a.participants) add(p.organisation, formatHours(p.hours))
  for (const c of a.commitments) add(c.organisation, LABELS.commitment[c.status])
  if (lines.size === 0) return '–'
  return [...lines.values()].map(([name, ...parts]) => `${name}: ${parts.join(', ')}`)
}

function writeActions(s: Summary): Block[] {
  if (s.actions.length === 0) return [sayNothingYet()]
  return [
    makeTable({
      columns: [W.action, W.trekker, W.period, W.status, W.cost, `${W.participants} en ${W.commitments.toLowerCase()}`],
      widths: [5, 4, 3, 3, 3, 4],
      rows: s.actions.map(writeActionRow),
    }),
  ]
}

function writeCosts(s: Summary): Block[] {
  const c = s.costs
  const pendingCost = c.byOrganisation.reduce((sum, o) => sum + o.costPending, 0)
  const pendingHours = c.byOrganisation.reduce((sum, o) => sum + o.hoursPending, 0)
  return [
    makeHeading2(W.byOrganisation),
    makeTable({
      columns: [W.organisation, W.actionCount, W.cost, W.pending, W.hours, W.pending],
      widths: [4, 2, 3, 3, 3, 3],
      rows: [
        ...c.byOrganisation.map((o) => [
          o.organisation.name,
          String(o.actionCount),
          formatEuro(o.cost),
          formatEuro(o.costPending),
          formatHours(o.hours),
          formatHours(o.hoursPending),
        ]),
        // Cost nobody (or nobody any more) pays is still needed: a row of its own, within the total.
        ...(c.unassignedCost > 0 ? [[W.unassigned, '', formatEuro(c.unassignedCost), '', '', '']] : []),
      ],
      totals: [
        W.total,
        '',
        formatEuro(c.totalCost),
        formatEuro(pendingCost),
        formatHours(c.totalHours),
        formatHours(pendingHours),
      ],
    }),
    makeHeading2(W.byGoal),
    // No totals row: an action serving two goals counts for both, so the rows do not add up to the total.
    c.byGoal.length === 0
      ? sayNothingYet()
      : makeTable({
          columns: [W.goal, W.cost, W.hours],
          widths: [6, 2, 2],
          rows: c.byGoal.map((g) => [titleText(g.goal), formatEuro(g.cost), formatHours(g.hours)]),
        }),
    ...(c.byGoal.length === 0 ? [] : [makeParagraph({ text: W.byGoalNote, italics: true })]),
  ]
}

/**
 * The indicator's measurements against its baseline and target as Word's own line chart, which a
 * reader can restyle or edit ("Gegevens bewerken"); the table below it holds the same figures.
 */
function drawIndicatorChart(g: SummaryGoal): ChartRun {
  const flatLine = (value: number | null) => g.measurements.map(() => value)
  return new ChartRun({
    type: 'line',
    categories: g.measurements.map((m) => formatDate(m.measuredAt)),
    series: [
      {
        // A legend entry of a few hundred characters would squeeze the plot to nothing.
        name: shorten(cleanText(g.indicator).trim(), 80) || W.value,
        values: g.measurements.map((m) => m.value),
        color: '1F3864',
        markers: true,
      },
      ...(g.baseline === null
        ? []
        : [{ name: W.baseline, values: flatLine(g.baseline), color: '7F7F7F', line: { dash: 'dash' as const } }]),
      ...(g.target === null
        ? []
        : [{ name: W.target, values: flatLine(g.target), color: '2E7D32', line: { dash: 'dash' as const } }]),
    ],
    font: { name: FONT },
    transformation: { width: 576, height: 260 },
    // Office would describe the chart in English; a screen reader reads this Dutch sentence instead.
    altText: {
      name: shorten(cleanText(g.indicator).trim(), 80),
      description: cleanText(
        `${D.chart}: ${g.indicator}. ${g.measurements.map((m) => `${formatDate(m.measuredAt)}: ${formatMeasured(m.value, g.unit)}`).join('; ')}.${
          g.baseline === null ? '' : ` ${W.baseline}: ${formatMeasured(g.baseline, g.unit)}.`
        }${g.target === null ? '' : ` ${W.target}: ${formatMeasured(g.target, g.unit)}.`}`,
      ),
    },
  })
}

function writeMonitoring(s: Summary): Block[] {
  const blocks: Block[] = []
  for (const g of s.goals) {
    if (g.restricted) continue
    blocks.push(makeHeading2(`${D.measurements}: ${titleText(g.title)}`))
    const reference = [
      g.baseline === null ? null : `${W.baseline.toLowerCase()} ${formatMeasured(g.baseline, g.unit)}`,
      g.target === null ? null : `${W.target.toLowerCase()} ${formatMeasured(g.target, g.unit)}`,
    ].filter((x) => x !== null)
    blocks.push(makeField(W.indicator, `${g.indicator}${reference.length ? ` (${reference.join(', ')})` : ''}`))
    if (g.measurements.length >= 2) blocks.push(new Paragraph({ children: [drawIndicatorChart(g)], keepNext: true }))
    blocks.push(
      g.measurements.length === 0
        ? makeParagraph({ text: W.noMeasurements, italics: true })
        : makeTable({
            columns: [W.date, W.value],
            widths: [1, 1],
            rows: g.measurements.map((m) => [formatDate(m.measuredAt), formatMeasured(m.value, g.unit)]),
          }),
    )
  }
  blocks.push(makeHeading2(W.updates))
  const updates = s.monitoring.updates
  if (updates.length === 0) blocks.push(sayNothingYet())
  for (const u of updates) {
    if (u.restricted) {
      blocks.push(makePlaceholderBullet(u))
      continue
    }
    const about = [u.action ? titleText(u.action) : null, LABELS.actionStatus[u.status], personText(u.author)]
    blocks.push(
      makeBullet([
        { text: titleText(u.title), bold: true },
        ` (${formatDate(u.createdAt)}; ${about.filter((x) => x !== null).join('; ')})`,
        ...(u.description ? [`\n${u.description}`] : []),
      ]),
    )
  }
  const counts = Object.entries(s.monitoring.actionStatus)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${LABELS.actionStatus[status as keyof typeof LABELS.actionStatus]}`)
  if (counts.length) blocks.push(makeField(W.actionStatus, counts.join(', ')))
  return blocks
}

function writeEvaluation(s: Summary): Block[] {
  if (s.evaluations.length === 0) return [sayNothingYet()]
  return s.evaluations.flatMap((e): Block[] => {
    if (e.restricted) return [makePlaceholder(e)]
    return [
      makeParagraph({ text: titleText(e.title), bold: true }, { keepNext: true }),
      makeField(
        W.conclusion,
        `${LABELS.conclusion[e.conclusion]} (${personText(e.author)}, ${formatDate(e.createdAt)})`,
      ),
      ...(e.reopenStep === null ? [] : [makeParagraph(reopenText(e.reopenStep))]),
      ...(e.description ? [makeParagraph(e.description)] : []),
    ]
  })
}

function writeDocuments(s: Summary): Block[] {
  if (s.documents.length === 0) return [sayNothingYet()]
  return s.documents.map((d) => {
    if (d.restricted) return makePlaceholderBullet(d)
    const step = d.step === null ? '' : `${W.step.toLowerCase()} ${d.step}, `
    return makeBullet([titleText(d.title), ` (${step}${d.organisation.name}, ${formatDate(d.createdAt)})`])
  })
}

const SECTION_WRITERS: Record<SectionKey, (s: Summary) => Block[]> = {
  steps: writeSteps,
  projectGroup: writeProjectGroup,
  problem: writeProblem,
  measures: writeMeasures,
  goals: writeGoals,
  actions: writeActions,
  costs: writeCosts,
  monitoring: writeMonitoring,
  evaluation: writeEvaluation,
  documents: writeDocuments,
}

const makeHeadingStyle = (size: number, color?: string) => ({
  run: { font: FONT, size, bold: true, color },
  paragraph: { spacing: { before: size * 10, after: 120 }, keepNext: true, keepLines: true },
})

/** The summary as an editable Word document. */
export async function renderSummaryDocx(summary: Summary): Promise<Buffer> {
  const doc = new Document({
    title: cleanText(`${DOCUMENT_TITLE}: ${titleText(summary.case.title)}`),
    subject: cleanText(titleText(summary.case.title)),
    creator: W.author,
    lastModifiedBy: W.author,
    description: summary.variant === 'raad' ? RAAD_NOTE : undefined,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: 20, language: { value: 'nl-NL' } },
          paragraph: { spacing: { after: 80 } },
        },
        // Word's built-in styles, with an outline level each, so the navigation pane and a
        // table of contents find every heading, also after pasting into another document.
        title: { run: { font: FONT, size: 40, bold: true }, paragraph: { spacing: { after: 80 } } },
        heading1: {
          ...makeHeadingStyle(30, '1F3864'),
          paragraph: { ...makeHeadingStyle(30).paragraph, outlineLevel: 0 },
        },
        heading2: {
          ...makeHeadingStyle(24, '1F3864'),
          paragraph: { ...makeHeadingStyle(24).paragraph, outlineLevel: 1 },
        },
      },
      paragraphStyles: [
        {
          id: PAGE_HEADER,
          name: 'header',
          basedOn: 'Normal',
          run: { size: 16, color: '595959' },
          paragraph: { spacing: { after: 0 } },
        },
        {
          id: TABLE_TEXT,
          name: 'Tabeltekst',
          basedOn: 'Normal',
          quickFormat: true,
          run: { size: 18 },
          paragraph: { spacing: { before: 20, after: 40 } },
        },
        {
          id: 'Subtitle',
          name: 'Subtitle',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { font: FONT, size: 28, color: '404040' },
          paragraph: { spacing: { after: 200 } },
        },
      ],
    },
    numbering: {
      config: [
        {
          reference: BULLETS,
          levels: [
            {
              level: 0,
              format: LevelFormat.BULLET,
              text: '•',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 360, hanging: 240 } } },
            },
          ],
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4.width, height: A4.height },
            margin: { top: A4.margin, bottom: A4.margin, left: A4.margin, right: A4.margin },
          },
        },
        // The case and the moment on every page, as plain text: a page number would need a field.
        headers: {
          default: new Header({
            children: [
              makeParagraph(
                { text: `${titleText(summary.case.title)} · ${standText(summary.generatedAt)}`, italics: true },
                {
                  style: PAGE_HEADER,
                },
              ),
            ],
          }),
        },
        children: [
          ...writeTitleBlock(summary),
          ...SECTION_ORDER.flatMap((key) => [makeHeading1(SECTIONS[key]), ...SECTION_WRITERS[key](summary)]),
        ],
      },
    ],
  })
  return Packer.toBuffer(doc)
}
