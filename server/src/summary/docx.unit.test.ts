import { randomUUID } from 'node:crypto'
import { promisify } from 'node:util'
import type { Summary } from '@vp/shared'
import mammoth from 'mammoth'
import { beforeAll, describe, expect, it } from 'vitest'
import yauzl, { type Entry, type ZipFile } from 'yauzl'
import { AWKWARD, awkwardSummary, emptySummary, sampleSummary } from '../../test/summary-fixture.ts'
import { renderSummaryDocx } from './docx.ts'
import { cleanText, isMainlyRtl } from './docx-text.ts'
import {
  DOCUMENT_TITLE,
  DOCX_WORDS,
  formatEuro,
  placeholderText,
  RAAD_NOTE,
  SECTION_ORDER,
  SECTIONS,
  WORDS,
} from './labels.ts'

const fromBuffer = promisify(yauzl.fromBuffer) as (buffer: Buffer, options: yauzl.Options) => Promise<ZipFile>

/** Every part of a package (the DOCX, or a workbook in it) by its name. */
async function readZip(docx: Buffer): Promise<Map<string, Buffer>> {
  const zip = await fromBuffer(docx, { lazyEntries: true })
  const parts = new Map<string, Buffer>()
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error)
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('end', () => {
          parts.set(entry.fileName, Buffer.concat(chunks))
          zip.readEntry()
        })
        stream.on('error', reject)
      })
    })
    zip.on('end', resolve)
    zip.on('error', reject)
    zip.readEntry()
  })
  return parts
}
/** Every part of the DOCX package by its name, as text. */
const readParts = async (docx: Buffer) =>
  new Map([...(await readZip(docx))].map(([name, bytes]) => [name, bytes.toString('utf8')]))

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
/** The literal text of a piece of WordprocessingML: its `w:t` elements joined. */
const textOf = (xml: string) =>
  unescapeXml([...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
const paragraphs = (xml: string) => xml.match(/<w:p>.*?<\/w:p>|<w:p [^>]*>.*?<\/w:p>/g) ?? []
const rows = (xml: string) => (xml.match(/<w:tr>.*?<\/w:tr>|<w:tr [^>]*>.*?<\/w:tr>/g) ?? []).map(cells)
const cells = (row: string) => (row.match(/<w:tc>.*?<\/w:tc>/g) ?? []).map(textOf)
const headingsIn = (html: string, level: 1 | 2) =>
  [...html.matchAll(new RegExp(`<h${level}>(.*?)</h${level}>`, 'g'))].map((m) => m[1])

const render = async (summary: Summary) => {
  const docx = await renderSummaryDocx(summary)
  const parts = await readParts(docx)
  const html = (await mammoth.convertToHtml({ buffer: docx })).value
  return { docx, parts, html, document: parts.get('word/document.xml') ?? '' }
}
type Rendered = Awaited<ReturnType<typeof render>>

describe('the Word summary as a parser reads it', () => {
  let full: Rendered
  let raad: Rendered
  beforeAll(async () => {
    full = await render(sampleSummary('full'))
    raad = await render(sampleSummary('raad'))
  })

  it('has one Kop 1 for every section, in the order of the sections', () => {
    for (const r of [full, raad]) expect(headingsIn(r.html, 1)).toEqual(SECTION_ORDER.map((k) => SECTIONS[k]))
  })

  it('holds the agreed probleemstelling under its own Kop 2', () => {
    const statement = sampleSummary('full').problem.statement
    if (!statement || statement.restricted) throw new Error('the sample has a visible statement')
    expect(headingsIn(full.html, 2)).toContain(WORDS.statement)
    expect(full.html).toContain(statement.title)
    expect(full.html).toContain(statement.description)
  })

  it('shows each restricted entry of the full variant as the placeholder the screen shows', () => {
    const s = sampleSummary('full')
    const placeholders = [
      ...s.problem.subproblems,
      ...s.measures.items,
      ...s.goals,
      ...s.actions,
      ...s.monitoring.updates,
      ...s.documents,
    ].filter((e) => e.restricted)
    expect(placeholders.length).toBeGreaterThanOrEqual(6)
    const text = textOf(full.document)
    for (const p of placeholders) expect(text).toContain(placeholderText(p))
  })

  it('leaves restricted entries and person names out of the raad variant, and says what it is', () => {
    const text = textOf(raad.document)
    expect(text).not.toContain('Vertrouwelijk')
    for (const name of ['Sanne de Vries', 'Ahmed Yilmaz', 'Ćorić Şahin']) expect(text).not.toContain(name)
    expect(text).toContain(RAAD_NOTE)
    expect(textOf(full.document)).toContain('Sanne de Vries')
  })

  it('says where partners differ and why, and per organisation of an action its hours and commitment', () => {
    const lines = paragraphs(full.document).map(textOf)
    expect(lines).toContain('Woonstichting De Hoven: akkoord met voorbehoud — Alleen voor de flats aan het plein.')
    // Plain agreement is in the counts: a line per partner saying "akkoord" would bury the differences.
    expect(lines).not.toContain('Gemeente De Hoven: akkoord')
    expect(lines).toContain('Standpunten: akkoord met voorbehoud (2 akkoord, 1 akkoord met voorbehoud)')
    expect(lines).toContain('Politie Eenheid Oost-Nederland: 2 uur, openstaand')
    expect(lines).toContain('Woonstichting De Hoven: 4 uur, toegezegd')
  })

  it('uses real tables, with a header row Word repeats on every page, and real bullet lists', () => {
    expect(full.html.match(/<table>/g)?.length).toBeGreaterThanOrEqual(8)
    expect(full.html).toContain('<thead>')
    expect(full.html).toMatch(/<ul><li>/)
    const tables = full.document.match(/<w:tbl>.*?<\/w:tbl>/g) ?? []
    for (const t of tables) expect(t.match(/<w:tr>.*?<\/w:tr>/)?.[0]).toContain('<w:tblHeader/>')
    expect(full.parts.get('word/numbering.xml')).toContain('w:val="bullet"')
  })

  it('marks the title and every heading with Word’s own Title and Heading styles, with outline levels', () => {
    const styled = paragraphs(full.document).map((p) => ({
      style: p.match(/<w:pStyle w:val="([^"]+)"\/>/)?.[1],
      text: textOf(p),
    }))
    expect(styled.find((p) => p.text === DOCUMENT_TITLE)?.style).toBe('Title')
    for (const heading of Object.values(SECTIONS))
      expect(styled.find((p) => p.text === heading)?.style, heading).toBe('Heading1')
    expect(styled.find((p) => p.text === WORDS.subproblems)?.style).toBe('Heading2')
    const styles = full.parts.get('word/styles.xml') ?? ''
    const style = (id: string) => styles.match(new RegExp(`<w:style [^>]*w:styleId="${id}".*?</w:style>`))?.[0] ?? ''
    expect(style('Heading1')).toMatch(/<w:name w:val="[Hh]eading 1"\/>/)
    expect(style('Heading1')).toContain('<w:outlineLvl w:val="0"/>')
    expect(style('Heading2')).toContain('<w:outlineLvl w:val="1"/>')
    expect(style('Title')).toContain('<w:name w:val="Title"/>')
  })

  it('shows the cost overview’s totals row with the total the dashboard shows', () => {
    const s = sampleSummary('full')
    const costsTable = full.document.split(`>${WORDS.byOrganisation}<`)[1]?.match(/<w:tbl>.*?<\/w:tbl>/)?.[0]
    const totals = rows(costsTable ?? '').at(-1)
    expect(totals?.[0]).toBe(WORDS.total)
    expect(totals?.[2]).toBe(formatEuro(s.costs.totalCost))
    expect(totals?.[2]).toMatch(/^€\s20\.300$/)
  })

  it('names the case and the moment at the top of every page', () => {
    const headers = [...full.parts].filter(([n]) => /^word\/header\d+\.xml$/.test(n))
    expect(headers).toHaveLength(1)
    expect(textOf(headers[0]?.[1] ?? '')).toBe(
      'Jeugdoverlast winkelcentrum De Hoven · Stand van zaken per 12 maart 2027 om 14:05',
    )
  })

  it('is Dutch, with a title and a creator in its properties, and Noto Sans as its font', () => {
    const styles = full.parts.get('word/styles.xml') ?? ''
    expect(styles).toMatch(/<w:docDefaults>.*<w:lang w:val="nl-NL"\/>.*<\/w:docDefaults>/)
    expect(styles).toMatch(/<w:docDefaults>.*w:ascii="Noto Sans".*<\/w:docDefaults>/)
    const core = full.parts.get('docProps/core.xml') ?? ''
    expect(core).toContain(`<dc:title>${DOCUMENT_TITLE}: Jeugdoverlast winkelcentrum De Hoven</dc:title>`)
    expect(core).toContain('<dc:creator>Veiligheidsplanner</dc:creator>')
  })
})

describe('the Word summary of a case just opened', () => {
  it('has every heading and says, where a list is empty, that nothing is recorded yet', async () => {
    const empty = emptySummary('raad')
    const { html, document } = await render(empty)
    expect(headingsIn(html, 1)).toEqual(SECTION_ORDER.map((k) => SECTIONS[k]))
    const lines = paragraphs(document).map(textOf)
    expect(lines).toContain(WORDS.noStatement)
    expect(lines).toContain(DOCX_WORDS.notAssessed)
    expect(lines.filter((l) => l === WORDS.none).length).toBeGreaterThanOrEqual(8)
    expect(rows(document).at(-1)?.[2]).toMatch(/^€\s0$/)
  })
})

describe('the indicator charts', () => {
  it('draws each indicator with two or more measurements as a Word line chart against baseline and target', async () => {
    const { docx, parts, document } = await render(sampleSummary('full'))
    const charts = [...parts.keys()].filter((n) => /^word\/charts\/chart\d+\.xml$/.test(n))
    expect(charts).toHaveLength(1)
    expect(document).toContain('<c:chart ')
    const chart = parts.get(charts[0] ?? '') ?? ''
    expect(chart).toContain('<c:lineChart>')
    for (const name of ['Meldingen jeugdoverlast per maand', WORDS.baseline, WORDS.target])
      expect(chart).toContain(`<c:v>${name}</c:v>`)
    expect(document).toContain(
      'descr="Lijngrafiek van de metingen: Meldingen jeugdoverlast per maand. 1 september 2026: 42 meldingen; 1 december 2026: 38 meldingen; 1 maart 2027: 31 meldingen. Nulmeting: 42 meldingen. Streefwaarde: 20 meldingen."',
    )
    // Its data is a workbook inside the document: no macros, no links out, no formulas, only the figures.
    const workbooks = [...(await readZip(docx))].filter(([n]) => n.startsWith('word/embeddings/'))
    expect(workbooks.map(([n]) => n)).toEqual([expect.stringMatching(/\.xlsx$/)])
    const workbook = await readParts(workbooks[0]?.[1] ?? Buffer.alloc(0))
    expect([...workbook.keys()].filter((n) => /vba|macro|external|\.bin$/i.test(n))).toEqual([])
    for (const [name, xml] of workbook) {
      expect(xml, name).not.toContain('TargetMode="External"')
      expect(xml, name).not.toMatch(/<f[ >]/)
    }
  })

  it('keeps the legend of an indicator with a very long name short', async () => {
    const s = sampleSummary('full')
    const goal = s.goals[0]
    if (!goal || goal.restricted) throw new Error('the sample has a visible goal')
    goal.indicator = AWKWARD.longWord
    const { parts, document } = await render(s)
    expect(parts.get('word/charts/chart1.xml')).toContain(`<c:v>${'x'.repeat(79)}…</c:v>`)
    expect(textOf(document)).toContain(AWKWARD.longWord)
  })

  it('leaves out the chart of an indicator with fewer than two measurements, and keeps its table', async () => {
    const s = sampleSummary('raad')
    const goal = s.goals[0]
    if (!goal || goal.restricted) throw new Error('the sample has a visible goal')
    goal.measurements = goal.measurements.slice(0, 1)
    const { parts, html } = await render(s)
    expect([...parts.keys()].some((n) => n.startsWith('word/charts/'))).toBe(false)
    expect(html).toContain(DOCX_WORDS.measurements)
  })
})

describe('the Word summary of awkward text', () => {
  let awkward: Rendered
  beforeAll(async () => {
    awkward = await render(awkwardSummary('full'))
  })

  it('holds Word field codes as literal text: no field, no link, nothing to update or run', async () => {
    const text = textOf(awkward.document)
    expect(text).toContain(AWKWARD.fieldCodes)
    for (const [name, xml] of awkward.parts) {
      expect(xml, name).not.toMatch(/<w:fldSimple|<w:instrText|<w:fldChar|<w:hyperlink|<w:object|<w:altChunk/)
      expect(xml, name).not.toContain('TargetMode="External"')
    }
    expect([...awkward.parts.keys()].filter((n) => /vba|macro|activex|oleObject|\.bin$/i.test(n))).toEqual([])
    expect(awkward.parts.get('[Content_Types].xml')).not.toMatch(/macroEnabled|vbaProject/)
    // Word would offer to update fields on opening: there are none to update.
    expect(awkward.parts.get('word/settings.xml')).not.toContain('updateFields')
  })

  it('holds HTML as literal text', () => {
    expect(textOf(awkward.document)).toContain(AWKWARD.html)
    expect(awkward.html).not.toContain('<script>')
    expect(awkward.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('keeps emoji, the 5,000-character word and right-to-left text, and runs mainly right-to-left paragraphs that way', () => {
    const text = textOf(awkward.document)
    expect(text).toContain(AWKWARD.emoji)
    expect(text).toContain(AWKWARD.longWord)
    const rtl = paragraphs(awkward.document).filter((p) => textOf(p) === AWKWARD.rtl)
    expect(rtl.length).toBeGreaterThan(0)
    for (const p of rtl) expect(p).toContain('<w:bidi/>')
    const dutch = paragraphs(awkward.document).find((p) => textOf(p) === SECTIONS.steps)
    expect(dutch).not.toContain('<w:bidi/>')
  })

  it('shows a title of only blanks as "(zonder titel)"', async () => {
    const s = sampleSummary('full')
    s.case.title = AWKWARD.blank
    const { document, parts } = await render(s)
    expect(paragraphs(document).map(textOf)).toContain(WORDS.untitled)
    expect(parts.get('docProps/core.xml')).toContain(`${DOCUMENT_TITLE}: ${WORDS.untitled}`)
    // The awkward sample's sub-problems are all blank titles.
    expect(textOf(awkward.document)).toContain(WORDS.untitled)
  })

  it('drops characters XML forbids, which would make Word refuse the file, and keeps the text around them', async () => {
    const s = sampleSummary('full')
    s.case.context = 'voor\u0000\u0001\u0008\u000b\u000c\u001f\uffff\ud800na'
    s.case.title = 'Titel\u0007met bel'
    const goal = s.goals[0]
    if (goal && !goal.restricted) goal.indicator = 'Meldingen\u0001 per maand'
    const { document, parts } = await render(s)
    expect(textOf(document)).toContain('voorna')
    expect(textOf(document)).toContain('Titelmet bel')
    expect(parts.get('word/charts/chart1.xml')).toContain('<c:v>Meldingen per maand</c:v>')
    for (const [name, xml] of parts)
      if (/\.(xml|rels)$/.test(name))
        expect(xml, name).not.toMatch(
          // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
          /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])/,
        )
  })
})

describe('the text helpers', () => {
  it('keep tabs and line ends as a reader expects them', () => {
    expect(cleanText('a\tb\r\nc\rd')).toBe('a b\nc\nd')
    expect(cleanText('emoji 👮‍♀️ stays')).toBe('emoji 👮‍♀️ stays')
  })
  it('call text right-to-left when most of its letters are', () => {
    expect(isMainlyRtl(AWKWARD.rtl)).toBe(true)
    expect(isMainlyRtl(`Overleg met ${'שלום'}`)).toBe(false)
    expect(isMainlyRtl('12 345')).toBe(false)
  })
})

describe('a large case', () => {
  /** About 500 entries: the sample's lists multiplied. */
  function largeSummary(): Summary {
    const s = sampleSummary('full')
    const times = <T extends { id: string }>(list: T[], n: number) =>
      Array.from({ length: n }, () => list.map((e) => ({ ...e, id: randomUUID() }))).flat()
    s.problem.subproblems = times(s.problem.subproblems, 15)
    s.measures.items = times(s.measures.items, 30)
    s.goals = times(s.goals, 20)
    s.actions = times(s.actions, 80)
    s.monitoring.updates = times(s.monitoring.updates, 10)
    s.evaluations = times(s.evaluations, 10)
    s.documents = times(s.documents, 20)
    return s
  }

  it('renders 500 entries in well under five seconds', async () => {
    const s = largeSummary()
    const count =
      s.problem.subproblems.length +
      s.measures.items.length +
      s.goals.length +
      s.actions.length +
      s.monitoring.updates.length +
      s.evaluations.length +
      s.documents.length
    expect(count).toBeGreaterThanOrEqual(500)
    const started = performance.now()
    const docx = await renderSummaryDocx(s)
    expect(performance.now() - started).toBeLessThan(5000)
    const { value } = await mammoth.convertToHtml({ buffer: docx })
    expect(headingsIn(value, 1)).toEqual(SECTION_ORDER.map((k) => SECTIONS[k]))
  })
})
