import { createHash } from 'node:crypto'
import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DocumentSchema } from '@vp/shared'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, createTestApp, type TestApp } from '../../test/app.ts'
import { fixture, odf, ooxml, wordFile } from '../../test/fixtures/documents/make.ts'
import { form, NOTHING, stored, upload, uploadVersion } from '../../test/fixtures/documents/upload.ts'
import { createItem, threeParties, threePartiesInStep2 } from '../../test/items.ts'
import { NO_SUCH_ITEM } from '../../test/visibility.ts'
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
    // Written by Microsoft Word (Transitional and Strict OOXML, a table, a picture, comments).
    ...['tables.docx', 'strict-format.docx', 'tiny-picture.docx', 'comments.docx'].map(
      (name) =>
        [
          `word-${name}`,
          () => wordFile(name),
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        ] as [string, () => Buffer, string],
    ),
    [
      'cijfers.xlsx',
      () => fixture('cijfers-libreoffice.xlsx'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    [
      'presentatie.pptx',
      () => fixture('presentatie-libreoffice.pptx'),
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    ['cijfers.ods', () => fixture('cijfers-libreoffice.ods'), 'application/vnd.oasis.opendocument.spreadsheet'],
    [
      'presentatie.odp',
      () => fixture('presentatie-libreoffice.odp'),
      'application/vnd.oasis.opendocument.presentation',
    ],
    // Minimal packages built in code, at the smallest the checks accept.
    ['minimaal.xlsx', () => ooxml('xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['minimaal.ods', () => odf('spreadsheet'), 'application/vnd.oasis.opendocument.spreadsheet'],
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

describe('a retried upload', () => {
  it('with the same Idempotency-Key is stored once and answered the same', async () => {
    const p = await threeParties(t)
    const key = { 'idempotency-key': `upload-${Date.now()}` }
    const first = await upload(p.police, p.caseId, form('wijkscan.pdf', PDF), key)
    const again = await upload(p.police, p.caseId, form('wijkscan.pdf', PDF), key)
    expect(first.statusCode, first.body).toBe(201)
    expect(again.statusCode).toBe(201)
    expect(again.json()).toEqual(first.json())
    expect(await stored(t.testDb.database.db, p.caseId)).toEqual({ documents: 1, versions: 1, chunks: 1 })
  })
})

describe('where a document hangs and who may see it', () => {
  it('on an item: the step comes from the item, and another step sent with it is refused', async () => {
    const p = await threePartiesInStep2(t)
    const item = await createItem(p.police, p.caseId, {
      kind: 'signal',
      step: 2,
      title: 'Overlast',
      source: 'meldingen',
    })
    const res = await upload(p.housing, p.caseId, form('foto.png', fixture('foto.png'), { itemId: item.id }))
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ itemId: item.id, step: 2 })
    const elsewhere = await upload(
      p.housing,
      p.caseId,
      form('foto.png', fixture('foto.png'), { itemId: item.id, step: '5' }),
    )
    expect(elsewhere.statusCode, elsewhere.body).toBe(400)
    expect(elsewhere.json().error.fields).toEqual([{ path: 'body.step', message: expect.stringContaining('stap 2') }])
  })

  it('an item the uploader cannot read gets the same 400 as one that does not exist', async () => {
    const p = await threePartiesInStep2(t)
    const hidden = await createItem(p.police, p.caseId, {
      kind: 'signal',
      step: 2,
      title: 'Alleen driehoek',
      source: 'meldingen',
      audience: [p.gem, p.pol],
    })
    const answers = []
    for (const itemId of [hidden.id, NO_SUCH_ITEM]) {
      const res = await upload(p.housing, p.caseId, form('foto.png', fixture('foto.png'), { itemId }))
      expect(res.statusCode).toBe(400)
      answers.push(res.json())
    }
    expect(answers[0]).toEqual(answers[1])
    expect(answers[0].error.fields).toEqual([{ path: 'body.itemId', message: 'Geen onderdeel van dit dossier' }])
    expect(await stored(t.testDb.database.db, p.caseId)).toEqual(NOTHING)
  })

  it('an audience of organisations of the case, always with the uploader’s own', async () => {
    const p = await threeParties(t)
    const res = await upload(p.police, p.caseId, form('a.txt', Buffer.from('a'), { audience: JSON.stringify([p.gem]) }))
    expect(res.statusCode, res.body).toBe(201)
    expect([...res.json().audience].sort()).toEqual([p.gem, p.pol].sort())
    const everyone = await upload(p.police, p.caseId, form('a.txt', Buffer.from('a'), { audience: 'null' }))
    expect(everyone.json().audience).toBeNull()
  })

  it('a bad audience or step: 400 naming the field', async () => {
    const p = await threeParties(t)
    const stranger = (await t.make.organisation()).id
    for (const [fields, path] of [
      [{ audience: '[not json' }, 'body.audience'],
      [{ audience: JSON.stringify(['niet-een-id']) }, 'body.audience'],
      [{ audience: JSON.stringify([stranger]) }, 'body.audience'],
      [{ step: '7' }, 'body.step'],
      [{ itemId: 'geen-uuid' }, 'body.itemId'],
    ] as const) {
      const res = await upload(p.police, p.caseId, form('a.txt', Buffer.from('a'), fields))
      expect(res.statusCode, JSON.stringify(fields)).toBe(400)
      expect(res.json().error.fields.map((f: { path: string }) => f.path)).toContain(path)
    }
    expect(await stored(t.testDb.database.db, p.caseId)).toEqual(NOTHING)
  })
})

describe('who may upload', () => {
  it('any member, a waarnemer too; someone outside the case gets 404; a closed case 409', async () => {
    const p = await threeParties(t)
    const observer = await addMember(t, p.lead, p.caseId, await t.make.user({ organisationId: p.won }), 'waarnemer')
    expect((await upload(observer, p.caseId, form('a.txt', Buffer.from('a')))).statusCode).toBe(201)
    const outsider = await t.as(await t.make.user())
    const res = await upload(outsider, p.caseId, form('a.txt', Buffer.from('a')))
    expect(res.statusCode).toBe(404)
    const etag = (await p.lead.get(`/api/cases/${p.caseId}`)).headers.etag as string
    expect((await p.lead.patch(`/api/cases/${p.caseId}`, { status: 'closed' }, { 'if-match': etag })).statusCode).toBe(
      200,
    )
    const closed = await upload(p.police, p.caseId, form('a.txt', Buffer.from('a')))
    expect(closed.statusCode).toBe(409)
    expect(closed.json().error.code).toBe('case_closed')
    expect((await stored(t.testDb.database.db, p.caseId)).documents).toBe(1)
  })
})

describe('a new version', () => {
  async function documentOfPolice(audience?: (p: Awaited<ReturnType<typeof threeParties>>) => string[]) {
    const p = await threeParties(t)
    const fields: Record<string, string> = audience ? { audience: JSON.stringify(audience(p)) } : {}
    const res = await upload(p.police, p.caseId, form('wijkscan.pdf', PDF, fields))
    expect(res.statusCode, res.body).toBe(201)
    return { p, doc: DocumentSchema.parse(res.json()) }
  }

  it('replaces the current one with If-Match, keeps the earlier one, and is one event', async () => {
    const { p, doc } = await documentOfPolice()
    const next = Buffer.from('Nieuwe versie van de cijfers\n')
    const res = await uploadVersion(p.police, p.caseId, doc.id, form('cijfers.txt', next), { 'if-match': '"1"' })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.headers.etag).toBe('"2"')
    expect(res.json()).toMatchObject({
      id: doc.id,
      title: doc.title,
      version: 2,
      currentVersion: 2,
      fileName: 'cijfers.txt',
      mediaType: 'text/plain',
      size: next.length,
    })
    expect(await stored(t.testDb.database.db, p.caseId)).toEqual({ documents: 1, versions: 2, chunks: 2 })
    const events = await t.testDb.database.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, p.caseId), eq(caseEvents.type, 'document.version_added')))
    expect(events.map((e) => e.payload)).toEqual([
      { title: doc.title, fileName: 'cijfers.txt', versionNumber: 2, size: next.length },
    ])
    // The projectleider may add one too.
    const lead = await uploadVersion(p.lead, p.caseId, doc.id, form('v3.pdf', PDF), { 'if-match': '"2"' })
    expect(lead.statusCode, lead.body).toBe(201)
    expect(lead.json().currentVersion).toBe(3)
  })

  it('412 with the current document when stale, 428 without If-Match; nothing stored', async () => {
    const { p, doc } = await documentOfPolice()
    const stale = await uploadVersion(p.police, p.caseId, doc.id, form('b.pdf', PDF), { 'if-match': '"7"' })
    expect(stale.statusCode).toBe(412)
    expect(stale.json().current).toMatchObject({ id: doc.id, version: 1 })
    const missing = await uploadVersion(p.police, p.caseId, doc.id, form('b.pdf', PDF))
    expect(missing.statusCode).toBe(428)
    expect(await stored(t.testDb.database.db, p.caseId)).toEqual({ documents: 1, versions: 1, chunks: 1 })
  })

  it('403 for a partner of another organisation, 404 for one outside its audience', async () => {
    const { p, doc } = await documentOfPolice((p) => [p.gem, p.pol])
    // The gemeente is in the audience but neither the uploader's organisation nor the projectleider.
    const clerk = await addMember(t, p.lead, p.caseId, await t.make.user({ organisationId: p.gem }))
    expect((await uploadVersion(clerk, p.caseId, doc.id, form('b.pdf', PDF), { 'if-match': '"1"' })).statusCode).toBe(
      403,
    )
    const outside = await uploadVersion(p.housing, p.caseId, doc.id, form('b.pdf', PDF), { 'if-match': '"1"' })
    expect(outside.statusCode).toBe(404)
    expect(await stored(t.testDb.database.db, p.caseId)).toEqual({ documents: 1, versions: 1, chunks: 1 })
  })
})
