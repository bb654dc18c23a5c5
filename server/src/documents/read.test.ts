import { DocumentDetailSchema, DocumentListSchema } from '@vp/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.ts'
import { documentParties, documentUrls, storeDocument, storeVersion } from '../../test/documents.ts'
import { testConfig } from '../config.ts'
import { documentSpace } from './load.ts'

const MB = 1024 * 1024

// Reading documents: the list with placeholders and filters, the detail with versions and
// readers. Documents are stored with the test helper (no upload route on this branch yet).

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const listOf = async (
  c: { get(url: string): Promise<{ statusCode: number; body: string; json(): unknown }> },
  url: string,
) => {
  const res = await c.get(url)
  expect(res.statusCode, res.body).toBe(200)
  return DocumentListSchema.parse(res.json())
}

describe('the document list', () => {
  it('shows documents in full inside their audience and as placeholders (who and when, nothing else) outside it', async () => {
    const p = await documentParties(t)
    const open = await storeDocument(t, p.caseId, p.uploader.lead, {
      title: 'Notulen stuurgroep',
      fileName: 'notulen.docx',
      bytes: Buffer.from('PK notulen stuurgroep'),
      step: 1,
    })
    const secret = await storeDocument(t, p.caseId, p.uploader.police, {
      title: 'Politieanalyse hotspots',
      fileName: 'analyse-hotspots.pdf',
      step: 1,
      audience: p.driehoek,
    })
    const { list } = documentUrls(p.caseId, open.id)

    const forPolice = await listOf(p.police, list)
    expect(forPolice.items.map((d) => [d.id, d.restricted])).toEqual([
      [secret.id, false],
      [open.id, false],
    ])

    const forShops = await listOf(p.shops, list)
    const raw = JSON.stringify(forShops)
    expect(forShops.items.find((d) => d.id === secret.id)).toEqual({
      id: secret.id,
      caseId: p.caseId,
      restricted: true,
      step: 1,
      uploaderOrganisation: expect.objectContaining({ id: p.pol }),
      createdAt: expect.any(String),
    })
    for (const hidden of ['Politieanalyse', 'analyse-hotspots', secret.sha256]) expect(raw).not.toContain(hidden)
    expect(forShops.items.find((d) => d.id === open.id)).toMatchObject({
      restricted: false,
      title: 'Notulen stuurgroep',
    })
  })

  it('never lets a family filter or the title order tell anything about a placeholder', async () => {
    const p = await documentParties(t)
    const pdfOpen = await storeDocument(t, p.caseId, p.uploader.lead, {
      title: 'Zwerfvuilkaart',
      fileName: 'kaart.pdf',
    })
    const pdfSecret = await storeDocument(t, p.caseId, p.uploader.police, {
      title: 'Aangiftes',
      fileName: 'aangiftes.pdf',
      audience: p.driehoek,
    })
    const photo = await storeDocument(t, p.caseId, p.uploader.shops, {
      title: 'Foto portiek',
      fileName: 'portiek.jpg',
      bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    })
    const { list } = documentUrls(p.caseId, pdfOpen.id)

    expect((await listOf(p.shops, `${list}?family=pdf`)).items.map((d) => d.id)).toEqual([pdfOpen.id])
    expect((await listOf(p.police, `${list}?family=pdf`)).items.map((d) => d.id)).toEqual([pdfSecret.id, pdfOpen.id])

    // By title, the hidden "Aangiftes" does not sort first for an outsider: placeholders come last.
    expect((await listOf(p.shops, `${list}?sort=title`)).items.map((d) => d.id)).toEqual([
      photo.id,
      pdfOpen.id,
      pdfSecret.id,
    ])
    expect((await listOf(p.police, `${list}?sort=title`)).items.map((d) => d.id)).toEqual([
      pdfSecret.id,
      photo.id,
      pdfOpen.id,
    ])
    expect((await listOf(p.police, `${list}?sort=oldest`)).items.map((d) => d.id)).toEqual([
      pdfOpen.id,
      pdfSecret.id,
      photo.id,
    ])
  })

  it('filters by step, item and the uploader’s organisation, and pages with a cursor', async () => {
    const p = await documentParties(t)
    const stored = []
    for (let i = 0; i < 5; i++)
      stored.push(
        await storeDocument(t, p.caseId, i % 2 ? p.uploader.police : p.uploader.lead, {
          title: `Stuk ${i}`,
          step: i < 3 ? 1 : 2,
        }),
      )
    const { list } = documentUrls(p.caseId, stored[0]!.id)
    expect((await listOf(p.lead, `${list}?step=2`)).items.map((d) => d.id)).toEqual([stored[4]!.id, stored[3]!.id])
    expect((await listOf(p.lead, `${list}?organisationId=${p.pol}`)).items.map((d) => d.id)).toEqual([
      stored[3]!.id,
      stored[1]!.id,
    ])

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page = await listOf(p.lead, `${list}?sort=title&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((d) => d.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(stored.map((d) => d.id))

    const bad = await p.lead.get(`${list}?cursor=bm9uc2Vuc2U`)
    expect(bad.statusCode).toBe(400)
  })

  it('says how much space is left for the caller and the case, in steps of 10 MB', async () => {
    const p = await documentParties(t)
    await storeDocument(t, p.caseId, p.uploader.police, { bytes: Buffer.alloc(5 * MB, 1) })
    const config = testConfig({ DOCUMENT_CASE_QUOTA_MB: '100', DOCUMENT_PERSON_QUOTA_MB: '50' })
    const db = t.testDb.database.db
    // 45 MB left becomes 40, 95 MB left becomes 90: exact bytes would tell sizes of hidden documents.
    expect(await documentSpace(db, config, p.caseId, p.users.police.id)).toEqual({
      maxFileBytes: 50 * MB,
      personLeftBytes: 40 * MB,
      caseLeftBytes: 90 * MB,
    })
    expect(await documentSpace(db, config, p.caseId, p.users.lead.id)).toMatchObject({ personLeftBytes: 50 * MB })
    expect((await listOf(p.lead, `/api/cases/${p.caseId}/documents`)).space).toEqual({
      maxFileBytes: t.config.DOCUMENT_MAX_MB * MB,
      personLeftBytes: Math.floor(t.config.DOCUMENT_PERSON_QUOTA_MB / 10) * 10 * MB,
      caseLeftBytes: Math.floor((t.config.DOCUMENT_CASE_QUOTA_MB - 5) / 10) * 10 * MB,
    })
  })

  it('is 404 for someone outside the case and for a member who was removed', async () => {
    const p = await documentParties(t)
    const doc = await storeDocument(t, p.caseId, p.uploader.lead)
    const urls = documentUrls(p.caseId, doc.id)
    const stranger = await t.as(await t.make.user())
    const members = (await p.lead.get(`/api/cases/${p.caseId}/members`)).json().items as {
      id: string
      userId: string
      version: number
    }[]
    const seat = members.find((m) => m.userId === p.users.shops.id)!
    const removed = await p.lead.delete(`/api/cases/${p.caseId}/members/${seat.id}`, {
      'if-match': `"${seat.version}"`,
    })
    expect(removed.statusCode, removed.body).toBe(200)
    for (const c of [stranger, p.shops])
      for (const url of [urls.list, urls.detail, urls.content]) expect((await c.get(url)).statusCode, url).toBe(404)
  })
})

describe('the document detail', () => {
  it('lists the versions newest first with who uploaded them, and answers an ETag', async () => {
    const p = await documentParties(t)
    const doc = await storeDocument(t, p.caseId, p.uploader.police, { title: 'Wijkscan', fileName: 'wijkscan.pdf' })
    await storeVersion(t, doc, p.uploader.lead, { fileName: 'wijkscan-v2.pdf', bytes: Buffer.from('%PDF-1.7 v2') })
    const res = await p.prosecutor.get(documentUrls(p.caseId, doc.id).detail)
    expect(res.statusCode, res.body).toBe(200)
    const detail = DocumentDetailSchema.parse(res.json())
    expect(res.headers.etag).toBe(`"${detail.version}"`)
    expect(detail).toMatchObject({
      title: 'Wijkscan',
      fileName: 'wijkscan-v2.pdf',
      mediaType: 'application/pdf',
      family: 'pdf',
      currentVersion: 2,
      uploadedBy: { userId: p.users.police.id, name: 'Ruud Kalkman', organisation: { id: p.pol } },
      abilities: { update: false, delete: false, addVersion: false, acknowledge: true },
    })
    expect(detail.versions.map((v) => [v.number, v.fileName, v.uploadedByOrganisation.id, v.uploadedBy?.name])).toEqual(
      [
        [2, 'wijkscan-v2.pdf', p.gem, 'Iris Brinkhorst'],
        [1, 'wijkscan.pdf', p.pol, 'Ruud Kalkman'],
      ],
    )
    // Every organisation of the case has its row of readers, even before anyone read it.
    expect(detail.acknowledgements.map((g) => g.organisation.id).sort()).toEqual([p.gem, p.pol, p.om, p.win].sort())
    expect((await p.police.get(documentUrls(p.caseId, doc.id).detail)).json().abilities).toEqual({
      update: true,
      delete: true,
      addVersion: true,
      acknowledge: true,
    })
  })

  it('warns when the title or the file name looks like a person-level record', async () => {
    const p = await documentParties(t)
    const doc = await storeDocument(t, p.caseId, p.uploader.police, {
      title: 'Dossier geboren 12-03-1987',
      fileName: 'bsn-111222333.pdf',
    })
    const detail = (await p.police.get(documentUrls(p.caseId, doc.id).detail)).json()
    expect(detail.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'title', kind: 'geboortedatum' }),
        expect.objectContaining({ field: 'fileName', kind: 'bsn' }),
      ]),
    )
  })
})
