import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Summary, SummarySchema } from '@vp/shared'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { awkwardSummary, emptySummary, sampleSummary } from '../../test/summary-fixture.ts'
import {
  DOCUMENT_TITLE,
  formatEuro,
  placeholderText,
  RAAD_NOTE,
  SECTION_ORDER,
  SECTIONS,
  standText,
  versionText,
  WORDS,
} from './labels.ts'
import { renderSummaryPdf } from './pdf.ts'

// The PDF as a reader's programs see it: poppler's pdftotext, pdffonts, pdfinfo and pdfimages.

const dir = mkdtempSync(join(tmpdir(), 'summary-pdf-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

type Pdf = { path: string; text: string; flat: string; info: Record<string, string>; pages: number }

/** Renders a summary, writes it to disk and reads it back with poppler. */
async function render(summary: Summary, name: string): Promise<Pdf> {
  const path = join(dir, `${name}.pdf`)
  writeFileSync(path, await renderSummaryPdf(summary))
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' })
  const info = Object.fromEntries(
    execFileSync('pdfinfo', ['-enc', 'UTF-8', path], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.split(/:\s+(.*)/s).slice(0, 2) as [string, string])
      .filter(([key]) => key),
  )
  // Text as one line: a phrase that wraps is still found.
  const flat = text.replace(/\s+/g, ' ')
  return { path, text, flat, info, pages: Number(info.Pages) }
}
const fonts = (path: string) =>
  execFileSync('pdffonts', [path], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
/** Every page's size, from pdfinfo's per-page listing. */
const pageSizes = (path: string, pages: number) =>
  execFileSync('pdfinfo', ['-f', '1', '-l', String(pages), path], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => /^Page\s+\d+ size:/.test(line))
    .map((line) => line.replace(/^Page\s+\d+ size:\s+/, '').replace(/\s+\(.*$/, ''))

/** The text laid out as on the page: a table row on one line. */
const layoutLines = (pdf: Pdf) =>
  execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', pdf.path, '-'], { encoding: 'utf8' }).split('\n')

/** The last line of each page's own content, above the running footer. */
const lastLines = (pdf: Pdf) =>
  Array.from({ length: pdf.pages }, (_, i) => {
    const page = execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(i + 1), '-l', String(i + 1), pdf.path, '-'], {
      encoding: 'utf8',
    })
    const lines = page.split('\n').filter((line) => line.trim() !== '')
    const footer = lines.findLastIndex((line) => line.startsWith(DOCUMENT_TITLE))
    return lines.slice(0, footer).at(-1) ?? ''
  })
const HEADINGS = new Set<string>(Object.values(SECTIONS))

const consoleCalls = () => ['log', 'info', 'warn', 'error'].map((m) => vi.spyOn(console, m as 'log'))
let spies: ReturnType<typeof consoleCalls>
beforeEach(() => {
  spies = consoleCalls()
})
const expectQuietConsole = () => {
  for (const spy of spies) expect(spy).not.toHaveBeenCalled()
}

describe('the full summary as a PDF', () => {
  let pdf: Pdf
  const summary = sampleSummary('full')
  it('renders without a word on the console', async () => {
    pdf = await render(summary, 'full')
    expectQuietConsole()
  })

  it('has every section heading, in the order of the sections', () => {
    let from = 0
    for (const key of SECTION_ORDER) {
      const at = pdf.text.indexOf(`\n${SECTIONS[key]}\n`, from)
      expect(at, SECTIONS[key]).toBeGreaterThan(-1)
      from = at
    }
  })

  it('holds the agreed probleemstelling, the title block and the Dutch dates and amounts', () => {
    const statement = summary.problem.statement
    if (!statement || statement.restricted) throw new Error('the fixture has a visible statement')
    expect(pdf.flat).toContain(statement.title)
    expect(pdf.flat).toContain(summary.case.title)
    expect(pdf.flat).toContain(standText(summary.generatedAt))
    expect(pdf.flat).toContain('12 maart 2027 om 14:05')
    expect(pdf.flat).toContain(versionText(187))
    expect(pdf.flat).toContain('Sanne de Vries (Gemeente De Hoven)')
    expect(pdf.flat).toContain('15 januari 2027')
    // "€ 12.500" (formatEuro's space is a no-break space; the flattened text has plain ones).
    expect(formatEuro(12500)).toMatch(/^€\s12\.500$/)
    expect(pdf.flat).toContain('€ 12.500')
    expect(pdf.flat).toContain('€ 20.300')
  })

  it('gives the cost overview as the dashboard does: per organisation, the cost without a payer, the total', () => {
    const lines = layoutLines(pdf)
    const from = lines.findIndex((line) => line.trim() === WORDS.byOrganisation)
    const costs = lines.slice(from, from + 30).map((line) => line.trim().replace(/\s+/g, ' '))
    expect(costs).toContain('Gemeente De Hoven € 12.500 8 uur 1')
    expect(costs).toContain(`${WORDS.unassigned} € 7.800`)
    expect(costs).toContain(`${WORDS.total} € 20.300 14 uur`)
    expect(costs).toContain('Minder overlast rond het winkelcentrum € 12.500 10 uur')
  })

  it('shows each restricted entry as the placeholder the screen shows', () => {
    const placeholders = [summary.measures.items, summary.actions, summary.documents, summary.goals]
      .flat()
      .filter((e) => e.restricted)
    expect(placeholders.length).toBeGreaterThan(0)
    for (const p of placeholders) expect(pdf.flat).toContain(placeholderText(p))
    expect(pdf.flat).toContain('Vertrouwelijk document van Politie Eenheid Oost-Nederland, 14 februari 2027')
  })

  it('numbers its pages "pagina n van N" and is A4 with a sane page count', () => {
    expect(pdf.pages).toBeGreaterThanOrEqual(2)
    expect(pdf.pages).toBeLessThanOrEqual(30)
    expect(pdf.flat).toContain(`pagina 1 van ${pdf.pages}`)
    expect(pdf.flat).toContain(`pagina ${pdf.pages} van ${pdf.pages}`)
    expect(new Set(pageSizes(pdf.path, pdf.pages))).toEqual(new Set(['595.28 x 841.89 pts']))
  })

  it('never leaves a section heading alone at the bottom of a page', () => {
    expect(lastLines(pdf).filter((line) => HEADINGS.has(line))).toEqual([])
  })

  it('embeds every font it uses, all of them Noto, none of the base-14 fonts', () => {
    const rows = fonts(pdf.path)
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) {
      expect(row).toMatch(/\+Noto(Sans|Serif)/)
      expect(row).toMatch(/\s+yes\s+yes\s+yes\s+/)
    }
    expect(rows.join('\n')).not.toMatch(/Helvetica|Times|Courier/)
  })

  it('carries its title, author, language nl and the section headings as its outline', () => {
    expect(pdf.info.Title).toBe(`${DOCUMENT_TITLE}: ${summary.case.title}`)
    expect(pdf.info.Author).toBe(WORDS.author)
    // The catalog and the outline are not compressed: readable in the file itself.
    const raw = readFileSync(pdf.path, 'latin1')
    expect(raw).toMatch(/\/Lang \(nl-NL\)/)
    expect(raw).toMatch(/\/DisplayDocTitle true/)
    // The section headings are the PDF's outline (bookmarks), in order.
    const outline = [...raw.matchAll(/\/Title \(([^)]*)\)/g)].map((m) => m[1])
    expect(outline).toEqual(SECTION_ORDER.map((key) => SECTIONS[key]))
  })

  it('draws the indicator chart as vector graphics, its axes labelled, with the table of values after it', () => {
    expect(execFileSync('pdfimages', ['-list', pdf.path], { encoding: 'utf8' }).trim().split('\n')).toHaveLength(2)
    const chartAt = pdf.flat.indexOf('nulmeting 42')
    expect(chartAt).toBeGreaterThan(-1)
    expect(pdf.flat).toContain('streef 20')
    expect(pdf.flat).toContain('1 september 2026')
    // The table follows the chart: its rows hold each measurement with its date.
    const tableAt = pdf.flat.indexOf(`${WORDS.what} ${WORDS.date} ${WORDS.value}`, chartAt)
    expect(tableAt).toBeGreaterThan(chartAt)
    expect(pdf.flat.slice(tableAt)).toMatch(/Meting 1 december 2026 38/)
  })
})

describe('the raad summary as a PDF', () => {
  it('says it is the raad version and holds no placeholder and no staff name', async () => {
    const pdf = await render(sampleSummary('raad'), 'raad')
    expect(pdf.flat).toContain(RAAD_NOTE)
    expect(pdf.flat).not.toContain('Vertrouwelijk')
    expect(pdf.flat).not.toContain('Sanne de Vries')
    expect(pdf.flat).not.toContain('Ahmed Yilmaz')
    for (const key of SECTION_ORDER) expect(pdf.text).toContain(`\n${SECTIONS[key]}\n`)
    expect(pdf.info.Title).toContain('gemeenteraad')
    expectQuietConsole()
  })
})

describe('a summary full of awkward text', () => {
  let pdf: Pdf
  it('renders without error and without a word on the console', async () => {
    pdf = await render(awkwardSummary(), 'awkward')
    expectQuietConsole()
  })

  it('keeps every page A4 however long a word is, and wraps that word inside the page', () => {
    expect(new Set(pageSizes(pdf.path, pdf.pages))).toEqual(new Set(['595.28 x 841.89 pts']))
    const bbox = execFileSync('pdftotext', ['-bbox', pdf.path, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 })
    const rights = [...bbox.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1]))
    expect(rights.length).toBeGreaterThan(0)
    expect(Math.max(...rights)).toBeLessThanOrEqual(595.28 - 40)
    // All 5,000 characters are there, over many lines.
    expect(pdf.text.match(/x{40}/g)?.length ?? 0).toBeGreaterThanOrEqual(3 * 124)
  })

  it('shows HTML and Word field codes literally', () => {
    expect(pdf.flat).toContain('<script>alert(1)</script><b>vet</b> &amp; <img src=x onerror=alert(2)>')
    expect(pdf.flat).toContain('{ HYPERLINK "http://example.invalid" }')
    expect(pdf.flat).toContain('DDEAUTO')
  })

  it('shows a title of only spaces as "(zonder titel)"', () => {
    expect(pdf.flat).toContain(WORDS.untitled)
  })

  it('keeps Hebrew, Arabic and emoji as text, in fonts that have them', () => {
    expect(pdf.text).toContain('שלום עליכם')
    expect(pdf.text).toContain('مرحبا')
    expect(pdf.text).toContain('🚲🔥')
    const rows = fonts(pdf.path).join('\n')
    for (const family of ['NotoSansHebrew', 'NotoSansArabic', 'NotoEmoji']) expect(rows).toContain(family)
    for (const row of fonts(pdf.path)) expect(row).toMatch(/\s+yes\s+yes\s+yes\s+/)
  })
})

describe('a case just opened', () => {
  it('renders every section, saying what is not there yet', async () => {
    const empty = emptySummary('full')
    const pdf = await render(empty, 'empty')
    for (const key of SECTION_ORDER) expect(pdf.text).toContain(`\n${SECTIONS[key]}\n`)
    expect(pdf.flat).toContain(WORDS.noStatement)
    expect(pdf.flat).toContain(WORDS.none)
    // No claim about gaps or overlaps when nothing was assessed.
    expect(pdf.flat).not.toContain(WORDS.gaps)
    // pdftotext may join "€ 0" (a narrow right-aligned figure) into "€0".
    const total = layoutLines(pdf).find((line) => line.trim().startsWith(WORDS.total))
    expect(total?.trim().replace(/\s+/g, ' ')).toMatch(/^Totaal €\s?0 0 uur$/)
    expectQuietConsole()
  })

  it('shows an update whose title is longer than a page whole, over as many pages as it needs', async () => {
    const s = sampleSummary('full')
    const update = s.monitoring.updates.find((u) => !u.restricted)
    if (!update || update.restricted) throw new Error('the fixture has a visible update')
    update.title = `${'woord '.repeat(1500)}einde-titel`
    update.description = 'einde-tekst'
    const pdf = await render(s, 'long-update')
    expect(pdf.flat.match(/woord/g)).toHaveLength(1500)
    expect(pdf.flat).toContain('einde-titel')
    expect(pdf.flat).toContain('einde-tekst')
  })
})

/** The sample case grown to some 500 items, the size the export must handle quickly. */
function largeSummary(): Summary {
  const s = sampleSummary('full')
  const times = <T extends { restricted: boolean }>(list: T[], count: number): T[] =>
    Array.from({ length: count }, (_, i) => {
      const entry = structuredClone(list[i % list.length] as T)
      const e = entry as T & { id: string; title?: string }
      e.id = randomUUID()
      if (typeof e.title === 'string') e.title = `${e.title} ${i + 1}`
      return entry
    })
  const goal = s.goals.find((g) => !g.restricted)
  if (goal && !goal.restricted)
    goal.measurements = Array.from({ length: 12 }, (_, i) => ({
      value: 42 - i * 1.5,
      measuredAt: `${2026 + Math.floor((8 + i) / 12)}-${String(((8 + i) % 12) + 1).padStart(2, '0')}-01`,
    }))
  s.problem.subproblems = times(s.problem.subproblems, 60)
  s.measures.items = times(s.measures.items, 100)
  s.goals = times(s.goals, 40)
  s.actions = times(s.actions, 200)
  s.monitoring.updates = times(s.monitoring.updates, 20)
  s.evaluations = times(s.evaluations, 20)
  s.documents = times(s.documents, 60)
  return SummarySchema.parse(s)
}

describe('a case with 500 items', () => {
  it('renders in well under 5 seconds of processor time', async () => {
    const summary = largeSummary()
    await renderSummaryPdf(sampleSummary('full'))
    // Processor time, not the clock: other test runs share this machine's cores. The clock time on
    // a quiet machine is in bench/.
    const started = process.cpuUsage()
    const buffer = await renderSummaryPdf(summary)
    const used = process.cpuUsage(started)
    expect((used.user + used.system) / 1000).toBeLessThan(5000)
    expect(buffer.subarray(0, 5).toString()).toBe('%PDF-')
    const pdf = await render(summary, 'large')
    expect(pdf.pages).toBeGreaterThan(10)
    expect(lastLines(pdf).filter((line) => HEADINGS.has(line))).toEqual([])
    expect(pdf.flat).toContain(`pagina ${pdf.pages} van ${pdf.pages}`)
    expectQuietConsole()
  })
})
