import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { type Dashboard, DashboardSchema, type Summary, SummarySchema } from '@vp/shared'
import mammoth from 'mammoth'
import { describe, expect, it } from 'vitest'
import type { Client } from '../../test/app.ts'
import { seededDemo } from '../../test/demo.ts'
import { formatEuro, SECTION_ORDER, SECTIONS } from '../summary/labels.ts'

const d = seededDemo()
const { as } = d
const caseId = () => d.seeded.caseId

async function read(c: Client, variant: 'full' | 'raad') {
  const [summary, dashboard] = await Promise.all([
    c.get(`/api/cases/${caseId()}/summary?variant=${variant}`),
    c.get(`/api/cases/${caseId()}/dashboard`),
  ])
  expect(summary.statusCode, summary.body).toBe(200)
  expect(dashboard.statusCode, dashboard.body).toBe(200)
  return { summary: SummarySchema.parse(summary.json()), dashboard: DashboardSchema.parse(dashboard.json()) }
}

/** The figures the summary shares with the dashboard, in the dashboard's terms. */
function sharedFigures(s: Summary) {
  return {
    totals: {
      byOrganisation: s.costs.byOrganisation.map(({ organisation, ...t }) => ({
        organisationId: organisation.id,
        ...t,
      })),
      unassignedCost: s.costs.unassignedCost,
      totalCost: s.costs.totalCost,
      totalHours: s.costs.totalHours,
    },
    ranking: s.problem.subproblems.map((x) => (x.restricted ? null : [x.title, x.rank, x.mean, x.agreement])),
    measures: { totalYearlyCost: s.measures.totalYearlyCost, totalHoursPerWeek: s.measures.totalHoursPerWeek },
    actionStatus: s.monitoring.actionStatus,
  }
}
function dashboardFigures(dash: Dashboard) {
  return {
    totals: {
      byOrganisation: dash.totals.byOrganisation,
      unassignedCost: dash.totals.unassignedCost,
      totalCost: dash.totals.totalCost,
      totalHours: dash.totals.totalHours,
    },
    ranking: dash.consensus.subproblems.map((x) => [x.title, x.rank, x.mean, x.agreement]),
    measures: { totalYearlyCost: dash.measures.totalYearlyCost, totalHoursPerWeek: dash.measures.totalHoursPerWeek },
    actionStatus: dash.actionStatus,
  }
}

describe('the summary of De Hoven', () => {
  it('holds the same figures as the dashboard for the same reader, in both versions', async () => {
    for (const code of ['GEM', 'POL', 'BEW']) {
      const reader = await as(code)
      for (const variant of ['full', 'raad'] as const) {
        const { summary, dashboard } = await read(reader, variant)
        // Nothing in De Hoven is restricted: the raad version counts exactly what the dashboard does.
        expect(sharedFigures(summary), `${code} ${variant}`).toEqual(dashboardFigures(dashboard))
      }
    }
    const { summary } = await read(await as('GEM'), 'full')
    // DEMO.md's totals.
    expect(summary.costs).toMatchObject({ unassignedCost: 32000, totalCost: 141600, totalHours: 880 })
    expect(summary.problem.subproblems.map((x) => !x.restricted && [x.title, x.rank])).toEqual([
      ['Overlast door groepen jongeren, Hovenplein en parkeergarage', 1],
      ["Onveiligheidsgevoelens winkelend publiek 's avonds", 2],
      ['Zwerfafval en bijplaatsingen', 3],
      ['Achterstallig onderhoud portiekflats en openbare ruimte', 4],
    ])
  })

  it('holds the agreed probleemstelling with the partners’ positions, and names people only in the full version', async () => {
    const { summary: full, dashboard } = await read(await as('GEM'), 'full')
    const statement = full.problem.statement
    if (!statement || statement.restricted) throw new Error('the agreed probleemstelling is missing')
    expect(statement.title).toBe(dashboard.consensus.problemStatement?.title)
    expect(statement.description).toContain('Na 18.00 uur voelt 59% van de bezoekers zich er niet veilig.')
    expect(statement.positionCounts).toEqual({ akkoord: 4, voorbehoud: 3, niet_akkoord: 0, overall: 'voorbehoud' })
    expect(statement.positions).toContainEqual({
      organisation: expect.objectContaining({ id: d.org('BEW') }),
      position: 'voorbehoud',
      reason: 'Ook na 23.00 uur is er lawaai.',
    })
    expect(full.case.projectleider).toEqual({
      name: 'Iris Brinkhorst',
      organisation: expect.objectContaining({ id: d.org('GEM') }),
    })
    expect(full.projectGroup.flatMap((g) => g.people.map((p) => p.name))).toContain('Iris Brinkhorst')

    const { summary: raad, raw } = await (async () => {
      const res = await (await as('WIN')).get(`/api/cases/${caseId()}/summary?variant=raad`)
      return { summary: SummarySchema.parse(res.json()), raw: res.body }
    })()
    const raadStatement = raad.problem.statement
    if (!raadStatement || raadStatement.restricted) throw new Error('the agreed probleemstelling is missing')
    expect(raadStatement.title).toBe(statement.title)
    expect(raadStatement.positions).toEqual([])
    expect(raadStatement.positionCounts).toEqual(statement.positionCounts)
    expect(raw).not.toContain('Iris Brinkhorst')
    expect(raad.case.projectleider?.name).toBeNull()
    expect(raad.case.slug).toBe(full.case.slug)
    expect(raad.seq).toBe(full.seq)
  })
})

const run = promisify(execFile)
/** The text with every run of blanks and line ends as one space: a line may wrap anywhere. */
const flat = (text: string) => text.replace(/\s+/g, ' ')

describe('De Hoven exported', () => {
  it('downloads as a PDF with every font embedded and a DOCX that a parser and LibreOffice open', async () => {
    const iris = await as('GEM')
    const dir = await mkdtemp(join(tmpdir(), 'vp-demo-summary-'))
    try {
      const pdf = await iris.get(`/api/cases/${caseId()}/summary.pdf?variant=full`)
      const docx = await iris.get(`/api/cases/${caseId()}/summary.docx?variant=raad`)
      expect(pdf.statusCode, pdf.body).toBe(200)
      expect(docx.statusCode, docx.body).toBe(200)
      const files = { pdf: join(dir, 'de-hoven.pdf'), docx: join(dir, 'de-hoven.docx') }
      await writeFile(files.pdf, pdf.rawPayload)
      await writeFile(files.docx, docx.rawPayload)
      const title = (await iris.get(`/api/cases/${caseId()}`)).json().title as string

      // The PDF: A4, a sane number of pages, every font embedded, the case in its text.
      const info = (await run('pdfinfo', [files.pdf])).stdout
      const pages = Number(info.match(/^Pages:\s+(\d+)/m)?.[1])
      expect(pages).toBeGreaterThanOrEqual(1)
      expect(pages).toBeLessThanOrEqual(40)
      expect(info).toMatch(/^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/m)
      // pdffonts lays its table out in fixed columns; "emb" says whether the font is in the file.
      const [header = '', , ...fonts] = (await run('pdffonts', [files.pdf])).stdout.split('\n').filter(Boolean)
      const emb = header.indexOf(' emb ') + 1
      expect(fonts.length).toBeGreaterThan(0)
      for (const line of fonts) expect(line.slice(emb, emb + 3), line).toBe('yes')
      const pdfText = (await run('pdftotext', ['-enc', 'UTF-8', files.pdf, '-'])).stdout
      expect(flat(pdfText)).toContain(title)
      const lines = (t: string) => t.split('\n').map((l) => l.trim())
      expect(lines(pdfText).filter((l) => Object.values<string>(SECTIONS).includes(l))).toEqual(
        SECTION_ORDER.map((k) => SECTIONS[k]),
      )
      const { summary: full, dashboard } = await read(iris, 'full')
      const st = full.problem.statement
      expect(flat(pdfText)).toContain(st && !st.restricted ? st.title : 'x')
      expect(flat(pdfText)).toContain(flat(formatEuro(dashboard.totals.totalCost)))
      const html = (await mammoth.convertToHtml({ buffer: docx.rawPayload })).value
      const h1 = [...html.matchAll(/<h1>(.*?)<\/h1>/g)].map((m) => m[1])
      expect(h1).toEqual(expect.arrayContaining(SECTION_ORDER.map((k) => SECTIONS[k])))
      expect(flat((await mammoth.extractRawText({ buffer: docx.rawPayload })).value)).toContain(
        flat(formatEuro(dashboard.totals.totalCost)),
      )

      // The DOCX: a parser reads it, and LibreOffice, the strictest reader here, converts it.
      expect(flat((await mammoth.extractRawText({ buffer: docx.rawPayload })).value)).toContain(title)
      await run(
        'soffice',
        [
          `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          join(dir, 'lo'),
          files.docx,
        ],
        { timeout: 180_000 },
      )
      const converted = join(dir, 'lo', 'de-hoven.pdf')
      await readFile(converted)
      const lo = (await run('pdftotext', ['-enc', 'UTF-8', converted, '-'])).stdout
      expect(flat(lo)).toContain(title)
      expect(
        lo
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => Object.values<string>(SECTIONS).includes(l)),
      ).toEqual(SECTION_ORDER.map((k) => SECTIONS[k]))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 240_000)
})
