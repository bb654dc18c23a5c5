import { createHash } from 'node:crypto'
import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DocumentSchema } from '@vp/shared'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.ts'
import { fixture, odf, ooxml } from '../../test/fixtures/documents/make.ts'
import { form, upload } from '../../test/fixtures/documents/upload.ts'
import { threeParties } from '../../test/items.ts'
import { caseEvents, documentChunks, documentVersions } from '../db/schema.ts'
import { chunkCount } from './storage.ts'

let t: TestApp
let uploadTmp: string
const savedTmp = process.env.TMPDIR
beforeAll(async () => {
  // Uploads stream to os.tmpdir(): a directory of this file's own shows what they leave behind.
  uploadTmp = await mkdtemp(join(tmpdir(), 'vp-upload-test-'))
  process.env.TMPDIR = uploadTmp
  t = await createTestApp()
})
afterAll(async () => {
  process.env.TMPDIR = savedTmp
  await t.close()
})

const PDF = fixture('wijkscan-libreoffice.pdf')
const UTF8_CSV = Buffer.from('straat;meldingen\nHovenplein;12\nMarktstraat;7\nCafé De Zon;3\n')
const EXCEL_CSV = Buffer.from('straat;meldingen\r\nCaf\xe9 De Zon;3\r\nSt. Jans\xadplein;1\r\n', 'latin1')
const EML = Buffer.from(
  'From: wijkagent@politie.example\r\nTo: gemeente@rivierstede.example\r\nSubject: Overlast De Hoven\r\nDate: Mon, 2 Mar 2026 09:00:00 +0100\r\n\r\nZie bijlage.\r\n',
)

describe('uploading each allowed type', () => {
  const files: [string, () => Buffer, string][] = [
    ['wijkscan.pdf', () => PDF, 'application/pdf'],
    [
      'verslag.docx',
      () => fixture('verslag-libreoffice.docx'),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['verslag.odt', () => fixture('verslag-libreoffice.odt'), 'application/vnd.oasis.opendocument.text'],
    ['verslag.doc', () => fixture('verslag-libreoffice.doc'), 'application/msword'],
    ['cijfers.xlsx', () => ooxml('xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    [
      'presentatie.pptx',
      () => ooxml('pptx'),
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    ['cijfers.ods', () => odf('spreadsheet'), 'application/vnd.oasis.opendocument.spreadsheet'],
    ['presentatie.odp', () => odf('presentation'), 'application/vnd.oasis.opendocument.presentation'],
    ['foto.png', () => fixture('foto.png'), 'image/png'],
    ['foto.jpg', () => fixture('foto.jpg'), 'image/jpeg'],
    ['foto.jpeg', () => fixture('foto.jpg'), 'image/jpeg'],
    ['foto.gif', () => fixture('foto.gif'), 'image/gif'],
    ['foto.webp', () => fixture('foto.webp'), 'image/webp'],
    ['meldingen.csv', () => UTF8_CSV, 'text/csv'],
    ['export-excel.csv', () => EXCEL_CSV, 'text/csv'],
    ['notitie.txt', () => Buffer.from('Afspraken overleg 2 maart.\n'), 'text/plain'],
    ['bericht.eml', () => EML, 'message/rfc822'],
  ]

  it.each(files)('%s is stored with the type from our list, its hash and its bytes', async (name, bytes, mediaType) => {
    const p = await threeParties(t)
    const data = bytes()
    // The client claims a wrong type: the stored one comes from the bytes and our list.
    const res = await upload(p.police, p.caseId, form(name, data, {}, 'application/octet-stream'))
    expect(res.statusCode, res.body).toBe(201)
    const doc = DocumentSchema.parse(res.json())
    expect(doc).toMatchObject({ fileName: name, mediaType, size: data.length, version: 1, currentVersion: 1 })
    expect(doc.sha256).toBe(createHash('sha256').update(data).digest('hex'))
    expect(res.headers.etag).toBe('"1"')
    expect(res.headers.location).toBe(`/api/cases/${p.caseId}/documents/${doc.id}`)
    const [version] = await t.testDb.database.db
      .select()
      .from(documentVersions)
      .where(eq(documentVersions.documentId, doc.id))
    expect(await chunkCount(t.testDb.database.db, version!.id)).toBe(1)
    const [chunk] = await t.testDb.database.db
      .select({ data: documentChunks.data })
      .from(documentChunks)
      .where(eq(documentChunks.versionId, version!.id))
    expect(Buffer.from(chunk!.data).equals(data)).toBe(true)
  })

  it('records one document.added event naming the file, and leaves no temporary file', async () => {
    const p = await threeParties(t)
    const res = await upload(p.police, p.caseId, form('wijkscan.pdf', PDF, { title: 'Wijkscan De Hoven', step: '2' }))
    expect(res.statusCode, res.body).toBe(201)
    const doc = res.json()
    expect(doc).toMatchObject({ title: 'Wijkscan De Hoven', step: 2, itemId: null, audience: null })
    const events = await t.testDb.database.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, p.caseId), eq(caseEvents.entityId, doc.id)))
    expect(events.map((e) => [e.type, e.entityType, e.step, e.payload])).toEqual([
      [
        'document.added',
        'document',
        2,
        { title: 'Wijkscan De Hoven', fileName: 'wijkscan.pdf', versionNumber: 1, size: PDF.length },
      ],
    ])
    expect(await readdir(uploadTmp)).toEqual([])
  })
})
