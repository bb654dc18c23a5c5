import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import type { Summary } from '@vp/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AWKWARD, awkwardSummary, sampleSummary } from '../../test/summary-fixture.ts'
import { renderSummaryDocx } from './docx.ts'
import { placeholderText, RAAD_NOTE, SECTION_ORDER, SECTIONS, WORDS } from './labels.ts'

// LibreOffice is the strictest reader of Word documents we can run here: a DOCX it converts, with
// its headings and text where we put them, is one Word opens. Each document is converted once.

const run = promisify(execFile)
let workDir = ''

/** What LibreOffice made of one DOCX: the text of the PDF it converted it to, and its number of pages. */
type Converted = { text: string; pages: number }

/** The DOCX converted to PDF by LibreOffice (headless, its own profile), then read back with pdftotext. */
async function textViaLibreOffice(name: string, summary: Summary): Promise<Converted> {
  const docx = join(workDir, `${name}.docx`)
  await writeFile(docx, await renderSummaryDocx(summary))
  await run(
    'soffice',
    [
      `-env:UserInstallation=${pathToFileURL(join(workDir, 'profile')).href}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      workDir,
      docx,
    ],
    { timeout: 120_000 },
  )
  const pdf = join(workDir, `${name}.pdf`)
  // A conversion LibreOffice gives up on leaves no PDF: reading it fails the test.
  await readFile(pdf)
  const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-'])
  const { stdout: info } = await run('pdfinfo', [pdf])
  return { text, pages: Number(info.match(/^Pages:\s+(\d+)/m)?.[1]) }
}

const lines = (text: string) => text.split('\n').map((l) => l.trim())
/** The text with every run of blanks and line ends as one space: a table cell may wrap anywhere. */
const flat = (text: string) => text.replace(/\s+/g, ' ')
const headingsIn = (text: string) => lines(text).filter((l) => Object.values<string>(SECTIONS).includes(l))

/** The awkward sample, with awkward text in an indicator too: it names a chart series. */
function awkwardWithChart(): Summary {
  const s = awkwardSummary('full')
  for (const goal of s.goals) if (!goal.restricted) goal.indicator = `${AWKWARD.html} ${AWKWARD.rtl}\u0001`
  return s
}

describe('the Word summary opened in LibreOffice', () => {
  let converted: Record<'full' | 'raad' | 'awkward', Converted>
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'lo-summary-'))
    // One after the other: two conversions on one profile at once would collide.
    converted = {
      full: await textViaLibreOffice('full', sampleSummary('full')),
      raad: await textViaLibreOffice('raad', sampleSummary('raad')),
      awkward: await textViaLibreOffice('awkward', awkwardWithChart()),
    }
  }, 400_000)
  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true })
  })

  it('shows every section heading, in order, in both variants, on a sane number of pages', () => {
    for (const variant of ['full', 'raad'] as const) {
      expect(headingsIn(converted[variant].text), variant).toEqual(SECTION_ORDER.map((k) => SECTIONS[k]))
      expect(converted[variant].pages).toBeGreaterThanOrEqual(2)
      expect(converted[variant].pages).toBeLessThanOrEqual(12)
    }
  })

  it('shows the agreed probleemstelling and, in the full variant, the placeholders', () => {
    const s = sampleSummary('full')
    const statement = s.problem.statement
    if (!statement || statement.restricted) throw new Error('the sample has a visible statement')
    const text = flat(converted.full.text)
    expect(text).toContain(statement.title)
    const document = s.documents.find((d) => d.restricted)
    if (!document?.restricted) throw new Error('the full sample has a restricted document')
    expect(text).toContain(placeholderText(document))
  })

  it('shows the raad variant without anything restricted and with its note', () => {
    const text = flat(converted.raad.text)
    expect(text).not.toContain('Vertrouwelijk')
    expect(text).not.toContain('Sanne de Vries')
    expect(text).toContain(RAAD_NOTE)
  })

  it('opens awkward text and shows field codes and HTML as the text they are, not evaluated', () => {
    const { text, pages } = converted.awkward
    expect(headingsIn(text)).toEqual(SECTION_ORDER.map((k) => SECTIONS[k]))
    const words = flat(text)
    for (const code of ['{ HYPERLINK "http://example.invalid" }', '{ DDEAUTO', '{ INCLUDETEXT', '=SUM(A1:A2)'])
      expect(words).toContain(code)
    // An evaluated INCLUDETEXT or DDE field would show the file or an error in place of the code.
    expect(words).not.toMatch(/Error!|Fout!|for 16-bit app support/)
    expect(words).toContain('<script>alert(1)</script>')
    expect(words).toContain(WORDS.untitled)
    expect(pages).toBeLessThanOrEqual(40)
  })
})
