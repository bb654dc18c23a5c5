import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mammoth from 'mammoth'
import { describe, expect, it } from 'vitest'
import { fixture } from '../../test/fixtures/documents/make.ts'
import { form, upload } from '../../test/fixtures/documents/upload.ts'
import { expectNoTrace, visibilitySuite } from '../../test/visibility.ts'
import { formatEuro } from './labels.ts'

// Exporting the summary: a PDF or a DOCX download, named after the case and the day, never cached
// or sniffed, and each export one `summary.exported` event in the case's activity.

const suite = visibilitySuite()
const { partnership, openSteps, create, setAudience, activityOf } = suite

const MEDIA = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date())

/** The text of a PDF as pdftotext reads it (`-raw`: in drawing order, so a table cell stays whole). */
function pdfText(bytes: Buffer, mode: '-raw' | null = null) {
  const dir = mkdtempSync(join(tmpdir(), 'vp-summary-'))
  try {
    const file = join(dir, 'summary.pdf')
    writeFileSync(file, bytes)
    return execFileSync('pdftotext', ['-enc', 'UTF-8', ...(mode ? [mode] : []), file, '-'], { encoding: 'utf8' })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
const docxText = async (bytes: Buffer) => (await mammoth.extractRawText({ buffer: bytes })).value

describe('exporting the summary', () => {
  it('sends a PDF and a DOCX as named downloads and records each export once in the activity', async () => {
    const p = await partnership()
    const exportsIn = async () =>
      // The log lists newest first; the exports are compared in the order they happened.
      (await activityOf(p.shops, p.caseId)).events
        .filter((e) => e.type === 'summary.exported')
        .sort((a, b) => a.seq - b.seq)

    for (const [format, variant] of [
      ['pdf', 'full'],
      ['docx', 'raad'],
      ['pdf', 'raad'],
    ] as const) {
      const res = await p.shops.get(`/api/cases/${p.caseId}/summary.${format}?variant=${variant}`)
      expect(res.statusCode, res.body).toBe(200)
      expect(res.headers['content-type']).toBe(MEDIA[format])
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="samenvatting-verloedering-en-overlast-winkelcentrum-de-hoven-${today()}.${format}"`,
      )
      expect(res.headers['cache-control']).toBe('private, no-store')
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      const magic = res.rawPayload.subarray(0, format === 'pdf' ? 4 : 2).toString('latin1')
      expect(magic).toBe(format === 'pdf' ? '%PDF' : 'PK')
    }

    // One event per export, in order, about the case, naming format and variant, by the winkeliers.
    const events = await exportsIn()
    expect(events.map((e) => [e.entityType, e.entityId, e.payload, e.visible])).toEqual([
      ['case', p.caseId, { format: 'pdf', variant: 'full' }, true],
      ['case', p.caseId, { format: 'docx', variant: 'raad' }, true],
      ['case', p.caseId, { format: 'pdf', variant: 'raad' }, true],
    ])
    expect(events.every((e) => e.actor?.organisation?.id === p.win)).toBe(true)
    // Every member reads the log: the projectleider sees who exported.
    const lead = (await activityOf(p.lead, p.caseId)).events.filter((e) => e.type === 'summary.exported')
    expect(lead.map((e) => e.seq).sort((a, b) => a - b)).toEqual(events.map((e) => e.seq))

    // The JSON summary is no export.
    expect((await p.shops.get(`/api/cases/${p.caseId}/summary`)).statusCode).toBe(200)
    expect(await exportsIn()).toHaveLength(3)
  })

  it('records no export when the request is refused or only asks for the headers', async () => {
    const p = await partnership()
    const head = await suite.t.app.inject({
      method: 'HEAD',
      url: `/api/cases/${p.caseId}/summary.pdf`,
      headers: { cookie: p.lead.cookie! },
    })
    expect(head.statusCode).toBe(200)
    expect(head.headers['content-type']).toBe(MEDIA.pdf)
    const stranger = await suite.t.as(await suite.t.make.user())
    expect((await stranger.get(`/api/cases/${p.caseId}/summary.pdf`)).statusCode).toBe(404)
    expect((await p.lead.get(`/api/cases/${p.caseId}/summary.docx?variant=x`)).statusCode).toBe(400)
    expect((await activityOf(p.lead, p.caseId)).events.filter((e) => e.type === 'summary.exported')).toEqual([])
  })

  it('shows an outside organisation the screen’s placeholders in the full PDF and DOCX, also for an action restricted after it was shared, and the raad exports nothing of either', async () => {
    const p = await partnership()
    await openSteps(p, [2, 3, 4, 5, 6])
    const action = (title: string, cost: number, audience: string[] | null = null) => ({
      kind: 'action',
      step: 5,
      title,
      trekkerOrganisationId: p.gem,
      participants: [{ organisationId: p.gem, hours: 3 }],
      cost,
      payerOrganisationId: p.gem,
      audience,
    })
    await create(p.lead, p.caseId, action('Buurtschouw met de winkeliers', 1000))
    const sharedFirst = await create(p.lead, p.caseId, action('Extra verlichting Zandloperpassage', 4321))
    await setAudience(p.lead, p.caseId, sharedFirst.id, p.driehoek)
    await create(p.police, p.caseId, action('Helingroute via de Pelikaansteeg', 98765, p.driehoek))
    const doc = await upload(
      p.police,
      p.caseId,
      form('analyse.pdf', fixture('wijkscan-libreoffice.pdf'), {
        title: 'Analyse heling Pelikaansteeg',
        audience: JSON.stringify(p.driehoek),
      }),
    )
    expect(doc.statusCode, doc.body).toBe(201)
    const secret = {
      texts: ['Extra verlichting Zandloperpassage', 'Helingroute via de Pelikaansteeg', 'Analyse heling Pelikaansteeg'],
    }
    const hiddenFigures = [formatEuro(4321), formatEuro(98765), formatEuro(1000 + 4321 + 98765)]
    const organisationOf = async (c: typeof p.lead) =>
      (await c.get(`/api/cases/${p.caseId}`)).json().me.organisation.name as string
    const [police, gemeente] = [await organisationOf(p.police), await organisationOf(p.lead)]
    const flat = (text: string) => text.replace(/\s+/g, ' ')

    const read = async (format: 'pdf' | 'docx', variant: 'full' | 'raad', who = p.shops) => {
      const res = await who.get(`/api/cases/${p.caseId}/summary.${format}?variant=${variant}`)
      expect(res.statusCode, res.body).toBe(200)
      return flat(format === 'pdf' ? pdfText(res.rawPayload, '-raw') : await docxText(res.rawPayload))
    }
    for (const format of ['pdf', 'docx'] as const) {
      const outside = await read(format, 'full')
      expectNoTrace(outside, `the full ${format} outside the audience`, secret)
      // Two actions and a document, each where it belongs: who and when, nothing else.
      expect(outside.split(`Vertrouwelijke bijdrage van ${police}`).length - 1, format).toBe(1)
      expect(outside.split(`Vertrouwelijke bijdrage van ${gemeente}`).length - 1, format).toBe(1)
      expect(outside, format).toContain(`Vertrouwelijk document van ${police}`)
      for (const figure of hiddenFigures) expect(outside, `${format} shows ${figure}`).not.toContain(flat(figure))
      expect(outside, format).toContain(flat(formatEuro(1000)))

      for (const reader of [p.lead, p.police, p.shops]) {
        const raad = await read(format, 'raad', reader)
        expectNoTrace(raad, `the raad ${format}`, secret)
        expect(raad, format).not.toContain('Vertrouwelijk')
        for (const figure of hiddenFigures) expect(raad, `raad ${format} shows ${figure}`).not.toContain(flat(figure))
        expect(raad, format).toContain('Buurtschouw met de winkeliers')
      }
    }
  })

  it('puts nothing restricted into the raad PDF and DOCX', async () => {
    const p = await partnership()
    await openSteps(p, [2, 3, 4, 5, 6])
    const secret = { texts: ['Camerapost achteringang Zandloperpassage', 'Helingroute via de Pelikaansteeg'] }
    await create(p.lead, p.caseId, { kind: 'subproblem', step: 2, title: 'Zwerfafval bij de Hovenpassage' })
    await create(p.police, p.caseId, { kind: 'subproblem', step: 2, title: secret.texts[1], audience: p.driehoek })
    await create(p.lead, p.caseId, {
      kind: 'action',
      step: 5,
      title: secret.texts[0],
      trekkerOrganisationId: p.gem,
      participants: [{ organisationId: p.gem, hours: 10 }],
      audience: p.driehoek,
    })
    const pdf = await p.lead.get(`/api/cases/${p.caseId}/summary.pdf?variant=raad`)
    const docx = await p.lead.get(`/api/cases/${p.caseId}/summary.docx?variant=raad`)
    expect(pdf.statusCode).toBe(200)
    expect(docx.statusCode).toBe(200)
    const texts = { pdf: pdfText(pdf.rawPayload), docx: await docxText(docx.rawPayload) }
    for (const [format, text] of Object.entries(texts)) {
      // The case is there: the text was read.
      expect(text.replace(/\s+/g, ' '), format).toContain('Verloedering en overlast winkelcentrum De Hoven')
      expectNoTrace(text, `the raad ${format}`, secret)
    }
  })

  it('describes the three routes in the API document, the JSON one with the Summary schema', async () => {
    const openapi = (await suite.t.anon.get('/api/openapi.json')).json()
    const ok = openapi.paths['/api/cases/{caseId}/summary'].get.responses['200']
    expect(JSON.stringify(ok)).toContain('#/components/schemas/Summary')
    expect(openapi.components.schemas.Summary.properties).toHaveProperty('costs')
    for (const format of ['pdf', 'docx'])
      expect(openapi.paths[`/api/cases/{caseId}/summary.${format}`].get.parameters).toContainEqual(
        expect.objectContaining({ in: 'query', name: 'variant' }),
      )
  })
})
