import {
  BorderStyle,
  type HeadingLevel,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import { removeControlCharacters } from './clean-text.ts'

// The building blocks of the Word summary: every piece of text from a case passes through here, so
// it reaches the XML as literal text (never a field, a link or markup) and without characters that
// make Word refuse the whole file.

const RTL_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/gu
const LETTER = /\p{L}/gu

/**
 * The text as Word may hold it: characters XML 1.0 forbids (and the C1 controls it discourages)
 * removed, line ends as `\n`, tabs as spaces.
 */
export function cleanText(text: string): string {
  return removeControlCharacters(text, { xml: true })
}

/** True when most letters are written right to left (Hebrew, Arabic…): the paragraph then runs right to left. */
export function isMainlyRtl(text: string): boolean {
  const rtl = text.match(RTL_LETTER)?.length ?? 0
  const letters = text.match(LETTER)?.length ?? 0
  return rtl > letters - rtl
}

export interface RunStyle {
  bold?: boolean
  italics?: boolean
}

/** Runs of literal text; a line end becomes a line break within the paragraph. */
export function makeRuns(text: string, style: RunStyle = {}): TextRun[] {
  return cleanText(text)
    .split('\n')
    .map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, ...style }))
}

/** A piece of a paragraph: plain text, or text with a style. */
export type Piece = string | { text: string; bold?: boolean; italics?: boolean }

export interface ParagraphStyle {
  heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]
  style?: string
  bullet?: boolean
  keepNext?: boolean
}

/** A paragraph of literal text, right to left when its text mostly is. */
export function makeParagraph(pieces: Piece | Piece[], options: ParagraphStyle = {}): Paragraph {
  const list = Array.isArray(pieces) ? pieces : [pieces]
  const text = list.map((p) => (typeof p === 'string' ? p : p.text)).join('')
  return new Paragraph({
    children: list.flatMap((p) => (typeof p === 'string' ? makeRuns(p) : makeRuns(p.text, p))),
    heading: options.heading,
    style: options.style,
    keepNext: options.keepNext || options.heading !== undefined || undefined,
    bidirectional: isMainlyRtl(text) || undefined,
    numbering: options.bullet ? { reference: BULLETS, level: 0 } : undefined,
  })
}

/** "Label: value" as one paragraph, the label bold. */
export const makeField = (label: string, value: string, options: ParagraphStyle = {}) =>
  makeParagraph([{ text: `${label}: `, bold: true }, value], options)

/** The numbering definition of the bullet lists (Word's own list, so it stays a list when pasted). */
export const BULLETS = 'summary-bullets'

/** An A4 page with margins of 2.5 cm, in twentieths of a point. */
export const A4 = { width: 11906, height: 16838, margin: 1418 }
/** The width between the margins, which the tables fill. */
export const CONTENT_WIDTH = A4.width - 2 * A4.margin

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '999999' }
// On the table, not on each cell: the same lines, and a much smaller document for a large case.
const BORDERS = {
  top: BORDER,
  bottom: BORDER,
  left: BORDER,
  right: BORDER,
  insideHorizontal: BORDER,
  insideVertical: BORDER,
}

/** One paragraph of a table cell: its pieces. */
export type Line = Piece | Piece[]
/** A table cell: one piece of text, or one paragraph per line. */
export type Cell = Piece | Line[]

/** Word's own style of page headers. */
export const PAGE_HEADER = 'Header'

/** The paragraph style of the text in tables: a size smaller than the body, so columns stay readable. */
export const TABLE_TEXT = 'TableText'

const makeCellParagraphs = (cell: Cell, bold = false): Paragraph[] =>
  (Array.isArray(cell) ? cell : [cell]).map((line) => {
    const pieces = (Array.isArray(line) ? line : [line]).map((p) => (typeof p === 'string' ? { text: p } : p))
    return makeParagraph(
      pieces.map((p) => ({ ...p, bold: bold || p.bold })),
      { style: TABLE_TEXT },
    )
  })

export interface TableSpec {
  /** Column headings: the first row, repeated on every page the table runs over. */
  columns: string[]
  /** Relative widths of the columns. */
  widths: number[]
  /** The body rows; a row of one cell spans the whole width (a placeholder). */
  rows: Cell[][]
  /** A last row in bold: the totals. */
  totals?: Cell[]
}

/** A row whose single cell spans every column: how a placeholder sits in a table. */
export const makeSpanningRow = (text: string): Cell[] => [{ text, italics: true }]

/** A real Word table with a repeated header row, fixed column widths and an optional bold totals row. */
export function makeTable(spec: TableSpec): Table {
  const sum = spec.widths.reduce((a, b) => a + b, 0)
  const widths = spec.widths.map((w) => Math.floor((w / sum) * CONTENT_WIDTH))
  const makeCell = (content: Cell, i: number, span: number, options: { header?: boolean; bold?: boolean } = {}) =>
    new TableCell({
      children: makeCellParagraphs(content, options.header || options.bold),
      columnSpan: span > 1 ? span : undefined,
      width: { size: widths.slice(i, i + span).reduce((a, b) => a + b, 0), type: WidthType.DXA },
      shading: options.header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'E7E6E6' } : undefined,
    })
  const makeRow = (cells: Cell[], options: { header?: boolean; bold?: boolean } = {}) => {
    const span = cells.length === 1 ? spec.columns.length : 1
    return new TableRow({
      tableHeader: options.header || undefined,
      cantSplit: options.header || undefined,
      children: cells.map((c, i) => makeCell(c, i, span, options)),
    })
  }
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: BORDERS,
    rows: [
      makeRow(spec.columns, { header: true }),
      ...spec.rows.map((r) => makeRow(r)),
      ...(spec.totals ? [makeRow(spec.totals, { bold: true })] : []),
    ],
  })
}
