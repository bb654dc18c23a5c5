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
  field,
  PAGE_HEADER,
  type Piece,
  para,
  spanningRow,
  TABLE_TEXT,
  table,
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
// and lists, and only literal text from the case — no fields, no links, no images, no macros.

type Block = Paragraph | Table
type Entry<T> = T | SummaryPlaceholder

const FONT = 'Noto Sans'

const h1 = (text: string) => para(text, { heading: HeadingLevel.HEADING_1 })
const h2 = (text: string) => para(text, { heading: HeadingLevel.HEADING_2 })
const bullet = (pieces: Piece | Piece[]) => para(pieces, { bullet: true })
const placeholder = (p: SummaryPlaceholder) => para({ text: placeholderText(p), italics: true })
const placeholderBullet = (p: SummaryPlaceholder) => para({ text: placeholderText(p), italics: true }, { bullet: true })
const none = () => para({ text: W.none, italics: true })
const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)
const orDash = (value: string | null | undefined) => (value?.trim() ? value : '–')
const names = (organisations: { name: string }[]) => organisations.map((o) => o.name).join(', ') || '–'
const dateOr = (value: string | null) => (value ? formatDate(value) : '–')
const euroOr = (value: number | null) => (value === null ? '–' : formatEuro(value))
/** "1 april 2027 – 1 oktober 2027", "tot 1 februari 2027", "vanaf 1 april 2027" or "–". */
function periodText(start: string | null, due: string | null): string {
  if (start && due) return `${formatDate(start)} – ${formatDate(due)}`
  if (due) return `${D.until} ${formatDate(due)}`
  return start ? `${D.from} ${formatDate(start)}` : '–'
}
const measured = (value: number, unit: string) => `${formatNumber(value)} ${unit}`.trim()

/** "alle partners akkoord (2 akkoord, 1 akkoord met voorbehoud)": the raad variant's only view of positions. */
function positionSummary(counts: SummaryGoal['positionCounts']): string {
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
const positionLines = (positions: SummaryGoal['positions']) =>
  positions
    .filter((p) => p.position !== 'akkoord' || p.reason?.trim())
    .map((p) => `${p.organisation.name}: ${LABELS.position[p.position]}${p.reason?.trim() ? ` — ${p.reason}` : ''}`)

function titleBlock(s: Summary): Block[] {
  const c = s.case
  return [
    para(DOCUMENT_TITLE, { style: 'Title' }),
    para(titleText(c.title), { style: 'Subtitle' }),
    para(standText(s.generatedAt)),
    para(versionText(s.seq)),
    ...(s.variant === 'raad' ? [para({ text: RAAD_NOTE, italics: true })] : []),
    field(W.gemeente, orDash(c.gemeente)),
    ...(c.area ? [field(W.area, c.area)] : []),
    field(W.theme, LABELS.theme[c.theme]),
    field(W.problemType, LABELS.problemType[c.problemType]),
    field(W.caseStatus, LABELS.caseStatus[c.status]),
    field(W.projectleider, c.projectleider ? personText(c.projectleider) : '–'),
    ...(c.bestuurder ? [field(W.bestuurder, c.bestuurder)] : []),
    field(D.startedOn, formatDate(c.createdAt)),
    ...(c.aanleiding ? [field(W.aanleiding, c.aanleiding)] : []),
    ...(c.context ? [field(W.context, c.context)] : []),
  ]
}

function stepsSection(s: Summary): Block[] {
  if (s.steps.length === 0) return [none()]
  return [
    table({
      columns: [W.step, W.status, W.deadline, W.done, W.notDone],
      widths: [4, 3, 3, 2, 5],
      // "6 van 7" and who is missing: the list of everyone done would repeat the project group on every row.
      rows: s.steps.map((step) => [
        `${step.step}. ${STEP_NAMES[step.step] ?? ''}`.trim(),
        `${LABELS.stepStatus[step.status]}${step.overdue ? `, ${LABELS.overdue}` : ''}`,
        dateOr(step.deadline),
        `${step.done.length} ${D.of} ${step.done.length + step.notDone.length}`,
        names(step.notDone),
      ]),
    }),
  ]
}

function projectGroupSection(s: Summary): Block[] {
  if (s.projectGroup.length === 0) return [none()]
  // The raad variant names no one: the column would only ever be empty.
  const withPeople = s.variant === 'full'
  return [
    table({
      columns: [W.organisation, W.role, W.belang, W.roleText, ...(withPeople ? [W.people] : [])],
      widths: withPeople ? [3, 3, 3, 3, 3] : [3, 3, 4, 4],
      rows: s.projectGroup.map((g) => [
        g.organisation.name,
        g.roles.map((r) => LABELS.role[r]).join(', ') || '–',
        orDash(g.belang),
        orDash(g.roleText),
        ...(withPeople ? [g.people.length ? g.people.map((p) => `${p.name} (${LABELS.role[p.role]})`) : '–'] : []),
      ]),
    }),
  ]
}

function positionsBlocks(item: { positions: SummaryGoal['positions']; positionCounts: SummaryGoal['positionCounts'] }) {
  return [field(W.positions, positionSummary(item.positionCounts)), ...positionLines(item.positions).map(bullet)]
}

function subproblemRow(sub: Entry<SummarySubproblem>): Cell[] {
  if (sub.restricted) return spanningRow(placeholderText(sub))
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
    [positionSummary(sub.positionCounts), ...positionLines(sub.positions)],
  ]
}

function problemSection(s: Summary): Block[] {
  const statement = s.problem.statement
  const blocks: Block[] = [h2(W.statement)]
  if (!statement) blocks.push(para({ text: W.noStatement, italics: true }))
  else if (statement.restricted) blocks.push(placeholder(statement))
  else
    blocks.push(
      para({ text: titleText(statement.title), bold: true }),
      ...(statement.description ? [para(statement.description)] : []),
      ...positionsBlocks(statement),
    )
  blocks.push(h2(W.subproblems))
  if (s.problem.subproblems.length === 0) blocks.push(none())
  else
    blocks.push(
      table({
        columns: [W.rank, W.subproblem, W.mean, W.agreement, W.positions],
        widths: [1.5, 5, 3.5, 3.5, 4.5],
        rows: s.problem.subproblems.map(subproblemRow),
      }),
    )
  return blocks
}

function measureRow(m: Entry<SummaryMeasure>): Cell[] {
  if (m.restricted) return spanningRow(placeholderText(m))
  return [
    [
      { text: titleText(m.title), bold: true },
      ...(m.description ? [m.description] : []),
      ...(m.subproblems.length ? [`${W.addresses}: ${m.subproblems.map(titleText).join('; ')}`] : []),
    ],
    m.owner.name,
    dateOr(m.since),
    euroOr(m.yearlyCost),
    m.hoursPerWeek === null ? '–' : formatHours(m.hoursPerWeek),
    LABELS.effect[m.effect],
  ]
}

function measuresSection(s: Summary): Block[] {
  const m = s.measures
  const blocks: Block[] =
    m.items.length === 0
      ? [none()]
      : [
          table({
            columns: [W.measure, W.owner, capitalized(W.since), W.yearlyCost, W.hoursPerWeek, W.effect],
            widths: [5, 3, 3, 3, 2, 2],
            rows: m.items.map(measureRow),
            totals: [W.total, '', '', formatEuro(m.totalYearlyCost), formatHours(m.totalHoursPerWeek), ''],
          }),
        ]
  blocks.push(h2(D.gapsAndOverlaps))
  if (!m.assessed) return [...blocks, para({ text: D.notAssessed, italics: true })]
  blocks.push(para({ text: W.gaps, bold: true }, { keepNext: true }))
  blocks.push(...(m.gaps.length ? m.gaps.map((g) => bullet(titleText(g))) : [para(D.noGaps)]))
  blocks.push(para({ text: W.overlaps, bold: true }, { keepNext: true }))
  blocks.push(
    ...(m.overlaps.length
      ? m.overlaps.map((o) => bullet(`${titleText(o.subproblem)}: ${names(o.organisations)}`))
      : [para(D.noOverlaps)]),
  )
  return blocks
}

function goalRow(g: Entry<SummaryGoal>): Cell[] {
  if (g.restricted) return spanningRow(placeholderText(g))
  const point = (value: number | null, date: string | null): Cell =>
    value === null ? '–' : [measured(value, g.unit), ...(date ? [formatDate(date)] : [])]
  return [
    [
      { text: titleText(g.title), bold: true },
      ...(g.description ? [g.description] : []),
      `${W.positions}: ${positionSummary(g.positionCounts)}`,
      ...positionLines(g.positions),
    ],
    [g.indicator, { text: LABELS.direction[g.direction], italics: true }],
    point(g.baseline, g.baselineDate),
    point(g.target, g.targetDate),
    g.latest ? point(g.latest.value, g.latest.measuredAt) : '–',
    `${LABELS.indicatorStatus[g.status]}${g.progress === null ? '' : ` (${Math.round(g.progress * 100)}%)`}`,
  ]
}

function goalsSection(s: Summary): Block[] {
  if (s.goals.length === 0) return [none()]
  return [
    table({
      columns: [W.goal, W.indicator, W.baseline, W.target, W.latest, W.progress],
      widths: [5, 3, 3, 4, 3, 3],
      rows: s.goals.map(goalRow),
    }),
  ]
}

function actionRow(a: Entry<SummaryAction>): Cell[] {
  if (a.restricted) return spanningRow(placeholderText(a))
  return [
    [
      { text: titleText(a.title), bold: true },
      ...(a.description ? [a.description] : []),
      ...(a.goals.length ? [`${W.servesGoals}: ${a.goals.map(titleText).join('; ')}`] : []),
    ],
    personText(a.trekker),
    periodText(a.startDate, a.dueDate),
    `${LABELS.actionStatus[a.status]}${a.overdue ? `, ${LABELS.overdue}` : ''}`,
    a.cost === null ? '–' : `${formatEuro(a.cost)}${a.payer ? `, ${W.paidBy} ${a.payer.name}` : ''}`,
    involvement(a),
  ]
}

/** Per organisation: its hours and its commitment, "Politie: 2 uur, openstaand". */
function involvement(a: SummaryAction): Cell {
  const lines = new Map<string, string[]>()
  const add = (organisation: { id: string; name: string }, text: string) =>
    lines.set(organisation.id, [...(lines.get(organisation.id) ?? [organisation.name]), text])
  for (const p of a.participants) add(p.organisation, formatHours(p.hours))
  for (const c of a.commitments) add(c.organisation, LABELS.commitment[c.status])
  if (lines.size === 0) return '–'
  return [...lines.values()].map(([name, ...parts]) => `${name}: ${parts.join(', ')}`)
}

function actionsSection(s: Summary): Block[] {
  if (s.actions.length === 0) return [none()]
  return [
    table({
      columns: [W.action, W.trekker, W.period, W.status, W.cost, `${W.participants} en ${W.commitments.toLowerCase()}`],
      widths: [5, 4, 3, 3, 3, 4],
      rows: s.actions.map(actionRow),
    }),
  ]
}

function costsSection(s: Summary): Block[] {
  const c = s.costs
  const pendingCost = c.byOrganisation.reduce((sum, o) => sum + o.costPending, 0)
  const pendingHours = c.byOrganisation.reduce((sum, o) => sum + o.hoursPending, 0)
  return [
    h2(W.byOrganisation),
    table({
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
    h2(W.byGoal),
    // No totals row: an action serving two goals counts for both, so the rows do not add up to the total.
    c.byGoal.length === 0
      ? none()
      : table({
          columns: [W.goal, W.cost, W.hours],
          widths: [6, 2, 2],
          rows: c.byGoal.map((g) => [titleText(g.goal), formatEuro(g.cost), formatHours(g.hours)]),
        }),
    ...(c.byGoal.length === 0 ? [] : [para({ text: W.byGoalNote, italics: true })]),
  ]
}

/**
 * The indicator's measurements against its baseline and target as Word's own line chart, which a
 * reader can restyle or edit ("Gegevens bewerken"); the table below it holds the same figures.
 */
function indicatorChart(g: SummaryGoal): ChartRun {
  const flatLine = (value: number | null) => g.measurements.map(() => value)
  return new ChartRun({
    type: 'line',
    categories: g.measurements.map((m) => formatDate(m.measuredAt)),
    series: [
      {
        name: cleanText(g.indicator) || W.value,
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
  })
}

function monitoringSection(s: Summary): Block[] {
  const blocks: Block[] = []
  for (const g of s.goals) {
    if (g.restricted) continue
    blocks.push(h2(`${D.measurements}: ${titleText(g.title)}`))
    const reference = [
      g.baseline === null ? null : `${W.baseline.toLowerCase()} ${measured(g.baseline, g.unit)}`,
      g.target === null ? null : `${W.target.toLowerCase()} ${measured(g.target, g.unit)}`,
    ].filter((x) => x !== null)
    blocks.push(field(W.indicator, `${g.indicator}${reference.length ? ` (${reference.join(', ')})` : ''}`))
    if (g.measurements.length >= 2) blocks.push(new Paragraph({ children: [indicatorChart(g)], keepNext: true }))
    blocks.push(
      g.measurements.length === 0
        ? para({ text: W.noMeasurements, italics: true })
        : table({
            columns: [W.date, W.value],
            widths: [1, 1],
            rows: g.measurements.map((m) => [formatDate(m.measuredAt), measured(m.value, g.unit)]),
          }),
    )
  }
  blocks.push(h2(W.updates))
  const updates = s.monitoring.updates
  if (updates.length === 0) blocks.push(none())
  for (const u of updates) {
    if (u.restricted) {
      blocks.push(placeholderBullet(u))
      continue
    }
    const about = [u.action ? titleText(u.action) : null, LABELS.actionStatus[u.status], personText(u.author)]
    blocks.push(
      bullet([
        { text: titleText(u.title), bold: true },
        ` (${formatDate(u.createdAt)}; ${about.filter((x) => x !== null).join('; ')})`,
        ...(u.description ? [`\n${u.description}`] : []),
      ]),
    )
  }
  const counts = Object.entries(s.monitoring.actionStatus)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${LABELS.actionStatus[status as keyof typeof LABELS.actionStatus]}`)
  if (counts.length) blocks.push(field(W.actionStatus, counts.join(', ')))
  return blocks
}

function evaluationSection(s: Summary): Block[] {
  if (s.evaluations.length === 0) return [none()]
  return s.evaluations.flatMap((e): Block[] => {
    if (e.restricted) return [placeholder(e)]
    return [
      para({ text: titleText(e.title), bold: true }, { keepNext: true }),
      field(W.conclusion, `${LABELS.conclusion[e.conclusion]} (${personText(e.author)}, ${formatDate(e.createdAt)})`),
      ...(e.reopenStep === null ? [] : [para(reopenText(e.reopenStep))]),
      ...(e.description ? [para(e.description)] : []),
    ]
  })
}

function documentsSection(s: Summary): Block[] {
  if (s.documents.length === 0) return [none()]
  return s.documents.map((d) => {
    if (d.restricted) return placeholderBullet(d)
    const step = d.step === null ? '' : `${W.step.toLowerCase()} ${d.step}, `
    return bullet([titleText(d.title), ` (${step}${d.organisation.name}, ${formatDate(d.createdAt)})`])
  })
}

const SECTION_BUILDERS: Record<SectionKey, (s: Summary) => Block[]> = {
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

const heading = (size: number, color?: string) => ({
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
        heading1: { ...heading(30, '1F3864'), paragraph: { ...heading(30).paragraph, outlineLevel: 0 } },
        heading2: { ...heading(24, '1F3864'), paragraph: { ...heading(24).paragraph, outlineLevel: 1 } },
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
              para(
                { text: `${titleText(summary.case.title)} · ${standText(summary.generatedAt)}`, italics: true },
                {
                  style: PAGE_HEADER,
                },
              ),
            ],
          }),
        },
        children: [
          ...titleBlock(summary),
          ...SECTION_ORDER.flatMap((key) => [h1(SECTIONS[key]), ...SECTION_BUILDERS[key](summary)]),
        ],
      },
    ],
  })
  return Packer.toBuffer(doc)
}
