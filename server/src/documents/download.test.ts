import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.ts'
import {
  type DocumentParties,
  documentParties,
  documentUrls,
  patternBytes,
  type StoredDocument,
  storeDocument,
  storeVersion,
} from '../../test/documents.ts'
import { closeStep } from '../../test/items.ts'
import { caseEvents, documentDownloads } from '../db/schema.ts'
import { CHUNK_BYTES } from './storage.ts'

// Downloads: the bytes with headers no browser runs, byte ranges across chunks, old versions,
// and the audit: a restricted document's every download is an event, any download is counted.

let t: TestApp
let p: DocumentParties
let big: StoredDocument
beforeAll(async () => {
  t = await createTestApp()
  p = await documentParties(t)
  // Two and a half chunks, so ranges cross chunk boundaries.
  big = await storeDocument(t, p.caseId, p.uploader.lead, {
    title: 'Wijkscan De Hoven',
    fileName: 'Wijkscan één ‮fdp.exe.pdf',
    bytes: patternBytes(Math.floor(2.5 * CHUNK_BYTES)),
  })
}, 120_000)
afterAll(() => t.close())

const contentOf = (doc: StoredDocument, query = '') => `${documentUrls(doc.caseId, doc.id).content}${query}`

async function downloadsOf(documentId: string) {
  const db = t.testDb.database.db
  const events = await db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.entityId, documentId), eq(caseEvents.type, 'document.downloaded')))
  const counts = await db.select().from(documentDownloads).where(eq(documentDownloads.documentId, documentId))
  return { events, counts: Object.fromEntries(counts.map((c) => [c.userId, c.count])) }
}

describe('downloading a document', () => {
  it('sends the whole file as an attachment with the stored type, no sniffing and a sandbox', async () => {
    const res = await p.police.get(contentOf(big))
    expect(res.statusCode).toBe(200)
    expect(res.rawPayload.equals(big.bytes)).toBe(true)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect(res.headers['content-length']).toBe(String(big.bytes.length))
    // An ASCII name for old clients, the exact name for the rest; a right-to-left override only
    // percent-encoded.
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="Wijkscan een _fdp.exe.pdf"; filename*=UTF-8''Wijkscan%20%C3%A9%C3%A9n%20%E2%80%AEfdp.exe.pdf`,
    )
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    // The app's own policy (default-src 'self') is replaced, not added to.
    expect(res.headers['content-security-policy']).toBe("sandbox; default-src 'none'")
    expect(res.headers['cache-control']).toBe('private, no-store')
    expect(res.headers.etag).toBe(`"${big.sha256}"`)
    expect(res.headers['accept-ranges']).toBe('bytes')
  })

  it.each([
    ['bytes=0-9', 0, 9],
    ['bytes=10-', 10, Math.floor(2.5 * CHUNK_BYTES) - 1],
    ['bytes=-5', Math.floor(2.5 * CHUNK_BYTES) - 5, Math.floor(2.5 * CHUNK_BYTES) - 1],
    ['bytes=1048570-2097160', CHUNK_BYTES - 6, 2 * CHUNK_BYTES + 8],
    ['bytes=2621430-99999999', Math.floor(2.5 * CHUNK_BYTES) - 10, Math.floor(2.5 * CHUNK_BYTES) - 1],
  ])('answers %s with 206 and exactly those bytes', async (range, start, end) => {
    const res = await p.police.get(contentOf(big), { range })
    expect(res.statusCode).toBe(206)
    expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${big.bytes.length}`)
    expect(res.headers['content-length']).toBe(String(end - start + 1))
    expect(res.rawPayload.equals(big.bytes.subarray(start, end + 1))).toBe(true)
  })

  it('answers a range past the end with 416 and the size, and several ranges with the whole file', async () => {
    const past = await p.police.get(contentOf(big), { range: `bytes=${big.bytes.length}-` })
    expect(past.statusCode).toBe(416)
    expect(past.headers['content-range']).toBe(`bytes */${big.bytes.length}`)
    expect(past.json().error.code).toBe('range_not_satisfiable')
    const several = await p.police.get(contentOf(big), { range: 'bytes=0-1,5-6' })
    expect(several.statusCode).toBe(200)
    expect(several.rawPayload.equals(big.bytes)).toBe(true)
  })

  it('serves an earlier version by number, and 404 for a version that does not exist', async () => {
    const doc = await storeDocument(t, p.caseId, p.uploader.police, {
      fileName: 'notulen.txt',
      bytes: Buffer.from('versie een'),
    })
    await storeVersion(t, doc, p.uploader.police, { bytes: Buffer.from('versie twee, langer') })
    expect((await p.lead.get(contentOf(doc))).body).toBe('versie twee, langer')
    const first = await p.lead.get(contentOf(doc, '?version=1'))
    expect(first.statusCode).toBe(200)
    expect(first.body).toBe('versie een')
    expect(first.headers.etag).toBe(`"${doc.sha256}"`)
    expect((await p.lead.get(contentOf(doc, '?version=3'))).statusCode).toBe(404)
    expect((await p.lead.get(contentOf(doc, '?version=nul'))).statusCode).toBe(400)
  })
})

describe('the download audit', () => {
  it('logs every download of a restricted document as one event, and counts it per person', async () => {
    const doc = await storeDocument(t, p.caseId, p.uploader.police, {
      title: 'Aangiftes',
      fileName: 'aangiftes.pdf',
      audience: p.driehoek,
    })
    for (const c of [p.police, p.police, p.prosecutor]) expect((await c.get(contentOf(doc))).statusCode).toBe(200)
    // A resumed download (a range after byte 0) is the same download: not counted again.
    expect((await p.police.get(contentOf(doc), { range: 'bytes=5-' })).statusCode).toBe(206)
    // Someone outside the audience gets 404, and leaves no trace; a HEAD transfers nothing and
    // is not a download.
    expect((await p.shops.get(contentOf(doc))).statusCode).toBe(404)
    const head = (c: typeof p.shops) =>
      t.app.inject({ method: 'HEAD', url: contentOf(doc), headers: { cookie: c.cookie ?? '' } })
    expect((await head(p.shops)).statusCode).toBe(404)
    const insiderHead = await head(p.police)
    expect([insiderHead.statusCode, insiderHead.headers['content-length'], insiderHead.body]).toEqual([
      200,
      String(doc.bytes.length),
      '',
    ])
    const { events, counts } = await downloadsOf(doc.id)
    expect(events.map((e) => [e.actorUserId, e.payload])).toEqual([
      [p.users.police.id, { versionNumber: 1 }],
      [p.users.police.id, { versionNumber: 1 }],
      [p.users.prosecutor.id, { versionNumber: 1 }],
    ])
    expect(counts).toEqual({ [p.users.police.id]: 2, [p.users.prosecutor.id]: 1 })
  })

  it('counts downloads of a document every member may see, without an event', async () => {
    const doc = await storeDocument(t, p.caseId, p.uploader.lead, { title: 'Notulen', fileName: 'notulen.pdf' })
    for (const c of [p.shops, p.shops, p.lead]) expect((await c.get(contentOf(doc))).statusCode).toBe(200)
    const { events, counts } = await downloadsOf(doc.id)
    expect(events).toEqual([])
    expect(counts).toEqual({ [p.users.shops.id]: 2, [p.users.lead.id]: 1 })
    // The detail shows, per organisation, how many of its people downloaded it.
    const detail = (await p.lead.get(documentUrls(p.caseId, doc.id).detail)).json()
    const downloadedBy = Object.fromEntries(
      detail.acknowledgements.map((g: { organisation: { id: string }; downloadedBy: number }) => [
        g.organisation.id,
        g.downloadedBy,
      ]),
    )
    expect(downloadedBy).toEqual({ [p.gem]: 1, [p.pol]: 0, [p.om]: 0, [p.win]: 1 })
  })

  it('logs the download of a document on a restricted item, as restricted', async () => {
    await closeStep(p.lead, p.caseId, 1)
    const item = await p.police.post(`/api/cases/${p.caseId}/items`, {
      kind: 'signal',
      step: 2,
      title: 'Drugsoverlast portiek',
      source: 'registratie',
      audience: p.driehoek,
    })
    expect(item.statusCode, item.body).toBe(201)
    const doc = await storeDocument(t, p.caseId, p.uploader.police, { itemId: item.json().id, step: 2 })
    expect((await p.lead.get(contentOf(doc))).statusCode).toBe(200)
    expect((await downloadsOf(doc.id)).events).toHaveLength(1)
    expect((await p.shops.get(contentOf(doc))).statusCode).toBe(404)
  })
})
