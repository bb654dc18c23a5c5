import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DocumentDetail, DocumentDetailViewSchema, type DocumentView, DocumentViewSchema } from '@vp/shared'
import { describe, expect, it } from 'vitest'
import type { Client } from '../../test/app.ts'
import { seededDemo, stepItems } from '../../test/demo.ts'
import { DEMO_DOCUMENT_FILES, DEMO_DOCUMENT_MOMENTS, DEMO_DOCUMENTS } from './de-hoven-documents.ts'

const d = seededDemo()
const { T, as, org } = d
const caseId = () => d.seeded.caseId

async function documentsOf(c: Client): Promise<DocumentView[]> {
  const res = await c.get(`/api/cases/${caseId()}/documents?limit=200`)
  expect(res.statusCode, res.body).toBe(200)
  return (res.json().items as unknown[]).map((i) => DocumentViewSchema.parse(i))
}

const titled = (docs: DocumentView[], title: string) => {
  const found = docs.find((x) => !x.restricted && x.title === title)
  if (!found || found.restricted) throw new Error(`no document "${title}"`)
  return found
}

/** The text of a PDF as poppler reads it. */
function pdfText(bytes: Buffer) {
  const dir = mkdtempSync(join(tmpdir(), 'vp-demo-pdf-'))
  try {
    const file = join(dir, 'document.pdf')
    writeFileSync(file, bytes)
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('the De Hoven documents', () => {
  it('holds the wijkscan, the minutes, the schouw sketch and the police analysis, each where and when the demo put it', async () => {
    const iris = await as('GEM')
    const docs = await documentsOf(iris)
    expect(docs).toHaveLength(4)
    const wijkscan = titled(docs, DEMO_DOCUMENTS.wijkscan)
    expect(wijkscan).toMatchObject({
      fileName: DEMO_DOCUMENT_FILES.wijkscan,
      mediaType: 'application/pdf',
      step: 1,
      itemId: null,
      audience: null,
      uploaderOrganisation: { id: org('GEM') },
    })
    expect(Date.parse(wijkscan.createdAt)).toBe(T(DEMO_DOCUMENT_MOMENTS.wijkscanAdded).getTime())
    expect(titled(docs, DEMO_DOCUMENTS.minutes)).toMatchObject({
      fileName: DEMO_DOCUMENT_FILES.minutes,
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      step: null,
      itemId: null,
    })
    // The sketch hangs on the signal that reports the schouw.
    const schouw = (await stepItems(iris, caseId(), 2)).find(
      (i) => !i.restricted && i.title.startsWith('Schouw: 41 gebreken'),
    )
    expect(titled(docs, DEMO_DOCUMENTS.sketch)).toMatchObject({
      fileName: DEMO_DOCUMENT_FILES.sketch,
      mediaType: 'image/png',
      itemId: schouw?.id,
      uploaderOrganisation: { id: org('WON') },
    })
    expect(titled(docs, DEMO_DOCUMENTS.policeAnalysis)).toMatchObject({
      step: 2,
      uploaderOrganisation: { id: org('POL') },
      audience: expect.arrayContaining([org('GEM'), org('POL'), org('OM')]),
    })
    expect(titled(docs, DEMO_DOCUMENTS.policeAnalysis).audience).toHaveLength(3)
  })

  it('shows the police analysis to the housing corporation only as a placeholder, and its content is 404', async () => {
    const [iris, noor] = [await as('GEM'), await as('WON')]
    const analysis = titled(await documentsOf(iris), DEMO_DOCUMENTS.policeAnalysis)
    const seen = await documentsOf(noor)
    expect(seen).toHaveLength(4)
    expect(seen.find((x) => x.id === analysis.id)).toEqual({
      id: analysis.id,
      caseId: caseId(),
      restricted: true,
      step: 2,
      uploaderOrganisation: analysis.uploaderOrganisation,
      createdAt: analysis.createdAt,
    })
    const detail = await noor.get(`/api/cases/${caseId()}/documents/${analysis.id}`)
    expect(DocumentDetailViewSchema.parse(detail.json())).toMatchObject({ restricted: true })
    expect(detail.body).not.toContain(DEMO_DOCUMENT_FILES.policeAnalysis)
    const content = await noor.get(`/api/cases/${caseId()}/documents/${analysis.id}/content`)
    expect(content.statusCode).toBe(404)
    // The driehoek reads it: the officier van justitie downloads the PDF.
    const femke = await as('OM')
    const forOm = await femke.get(`/api/cases/${caseId()}/documents/${analysis.id}/content`)
    expect(forOm.statusCode).toBe(200)
    expect(pdfText(forOm.rawPayload)).toContain('Analyse overlast en criminaliteit De Hoven')
  })

  it('serves the wijkscan as a PDF that names De Hoven, marked read by the police', async () => {
    const noor = await as('WON')
    const wijkscan = titled(await documentsOf(noor), DEMO_DOCUMENTS.wijkscan)
    const res = await noor.get(`/api/cases/${caseId()}/documents/${wijkscan.id}/content`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    const text = pdfText(res.rawPayload)
    expect(text).toContain('De Hoven')
    // Figures as the seed's signals state them, and diacritics rendered by the embedded font.
    expect(text).toContain('168')
    expect(text).toContain('Passantenenquête')

    const detail = (await noor.get(`/api/cases/${caseId()}/documents/${wijkscan.id}`)).json() as DocumentDetail
    // Every organisation of its audience is listed; only the police have read it.
    expect(detail.acknowledgements).toHaveLength(7)
    expect(detail.acknowledgements.filter((group) => group.people.length > 0)).toEqual([
      expect.objectContaining({
        organisation: expect.objectContaining({ id: org('POL') }),
        people: [
          {
            person: expect.objectContaining({ name: 'Ruud Kalkman' }),
            versionNumber: 1,
            acknowledgedAt: T(DEMO_DOCUMENT_MOMENTS.wijkscanRead).toISOString(),
          },
        ],
      }),
    ])
  })
})
