import { DocumentDetailSchema } from '@vp/shared'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.ts'
import {
  type DocumentParties,
  documentParties,
  documentUrls,
  storeDocument,
  storeVersion,
} from '../../test/documents.ts'
import { closeStep, createItem } from '../../test/items.ts'
import { caseEvents, documents, documentVersions } from '../db/schema.ts'
import { CHUNK_BYTES, chunkCount } from './storage.ts'

// Renaming, moving, restricting, deleting and acknowledging documents through the API, on
// documents stored with the test helper (no upload route on this branch yet).

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const db = () => t.testDb.database.db

async function eventsAbout(documentId: string, type: string) {
  return db()
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.entityId, documentId), eq(caseEvents.type, type)))
    .orderBy(caseEvents.seq)
}

describe('changing a document', () => {
  let p: DocumentParties
  beforeAll(async () => {
    p = await documentParties(t)
  })

  it('needs If-Match: 428 without, 412 with the current document when stale', async () => {
    const doc = await storeDocument(t, p.caseId, p.uploader.police, { title: 'Analyse' })
    const { detail } = documentUrls(p.caseId, doc.id)
    expect((await p.police.patch(detail, { title: 'Nieuw' })).statusCode).toBe(428)
    expect((await p.police.patch(detail, { title: 'Eerst' }, { 'if-match': '"1"' })).statusCode).toBe(200)
    const stale = await p.police.patch(detail, { title: 'Tweede' }, { 'if-match': '"1"' })
    expect(stale.statusCode).toBe(412)
    expect(stale.json().current).toMatchObject({ id: doc.id, title: 'Eerst', version: 2 })
    expect((await p.police.delete(detail)).statusCode).toBe(428)
    expect((await p.police.delete(detail, { 'if-match': '"1"' })).statusCode).toBe(412)
  })

  it('is for the uploader’s organisation and the projectleider: 403 for another partner, 404 outside the audience', async () => {
    const open = await storeDocument(t, p.caseId, p.uploader.police, { title: 'Open stuk' })
    const restricted = await storeDocument(t, p.caseId, p.uploader.police, {
      title: 'Driehoek stuk',
      audience: p.driehoek,
    })
    const m = { 'if-match': '"1"' }
    expect((await p.shops.patch(documentUrls(p.caseId, open.id).detail, { title: 'x' }, m)).statusCode).toBe(403)
    expect((await p.shops.delete(documentUrls(p.caseId, open.id).detail, m)).statusCode).toBe(403)
    expect((await p.shops.patch(documentUrls(p.caseId, restricted.id).detail, { title: 'x' }, m)).statusCode).toBe(404)
    expect((await p.shops.delete(documentUrls(p.caseId, restricted.id).detail, m)).statusCode).toBe(404)
    expect((await p.prosecutor.patch(documentUrls(p.caseId, restricted.id).detail, { title: 'x' }, m)).statusCode).toBe(
      403,
    )
    expect(await db().select({ title: documents.title }).from(documents).where(eq(documents.id, open.id))).toEqual([
      { title: 'Open stuk' },
    ])

    const res = await p.lead.patch(documentUrls(p.caseId, open.id).detail, { title: 'Open stuk (definitief)' }, m)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers.etag).toBe('"2"')
    expect(res.json()).toMatchObject({ title: 'Open stuk (definitief)', version: 2, restricted: false })
    const [changed] = await eventsAbout(open.id, 'document.changed')
    expect(changed!.payload).toEqual({
      title: 'Open stuk (definitief)',
      version: 2,
      changes: { title: { from: 'Open stuk', to: 'Open stuk (definitief)' } },
    })
  })

  it('restricts to organisations of the case, always keeping the uploader’s and the changer’s own', async () => {
    const doc = await storeDocument(t, p.caseId, p.uploader.police, { title: 'Aangiftecijfers' })
    const { detail } = documentUrls(p.caseId, doc.id)
    const stranger = await t.make.organisation()
    const refused = await p.lead.patch(detail, { audience: [p.om, stranger.id] }, { 'if-match': '"1"' })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error.fields).toEqual([{ path: 'body.audience', message: expect.any(String) }])

    const res = await p.lead.patch(detail, { audience: [p.om] }, { 'if-match': '"1"' })
    expect(res.statusCode, res.body).toBe(200)
    expect([...res.json().audience].sort()).toEqual([p.om, p.pol, p.gem].sort())
    const [changed] = await eventsAbout(doc.id, 'document.changed')
    expect(changed!.payload).toMatchObject({ changes: { audience: { from: null, to: expect.any(Array) } } })
  })

  it('moves to an item the caller may read, taking its step; one they cannot read is refused like an unknown one', async () => {
    const q = await documentParties(t)
    await closeStep(q.lead, q.caseId, 1)
    const visible = await createItem(q.shops, q.caseId, {
      kind: 'signal',
      step: 2,
      title: 'Zwerfvuil',
      source: 'meldingen',
    })
    const hidden = await createItem(q.police, q.caseId, {
      kind: 'signal',
      step: 2,
      title: 'Drugshandel',
      source: 'registratie',
      audience: q.driehoek,
    })
    const doc = await storeDocument(t, q.caseId, q.uploader.shops, { title: 'Foto', fileName: 'foto.png' })
    const { detail } = documentUrls(q.caseId, doc.id)
    const refusals = []
    for (const itemId of [hidden.id, '7d3f0c52-5a1e-4c3b-9f0e-2b8a6d4e1c90']) {
      const res = await q.shops.patch(detail, { itemId }, { 'if-match': '"1"' })
      refusals.push([res.statusCode, res.json().error])
    }
    expect(refusals[0]).toEqual(refusals[1])
    expect(refusals[0]).toEqual([
      400,
      expect.objectContaining({ fields: [{ path: 'body.itemId', message: expect.any(String) }] }),
    ])

    const moved = await q.shops.patch(detail, { itemId: visible.id }, { 'if-match': '"1"' })
    expect(moved.statusCode, moved.body).toBe(200)
    expect(moved.json()).toMatchObject({ itemId: visible.id, step: 2 })

    // On an item it stays in the item's step: another step, with the move or after it, is refused.
    for (const body of [{ itemId: visible.id, step: 4 }, { step: 3 }]) {
      const res = await q.shops.patch(detail, body, { 'if-match': '"2"' })
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json().error.fields).toEqual([{ path: 'body.step', message: expect.stringContaining('stap 2') }])
    }
    const detached = await q.shops.patch(detail, { itemId: null, step: 4 }, { 'if-match': '"2"' })
    expect(detached.json()).toMatchObject({ itemId: null, step: 4 })
  })
})

describe('deleting a document', () => {
  it('removes every version’s content, keeps who uploaded what, and is 404 on every path afterwards', async () => {
    const p = await documentParties(t)
    const doc = await storeDocument(t, p.caseId, p.uploader.police, {
      title: 'Concept plan',
      fileName: 'plan.pdf',
      bytes: Buffer.alloc(CHUNK_BYTES + 10, 7),
    })
    const second = await storeVersion(t, doc, p.uploader.police, { bytes: Buffer.from('%PDF-1.7 v2') })
    const urls = documentUrls(p.caseId, doc.id)
    expect(await chunkCount(db(), doc.versionId)).toBe(2)

    const res = await p.police.delete(urls.detail, { 'if-match': '"2"' })
    expect(res.statusCode, res.body).toBe(204)
    for (const c of [p.police, p.lead, p.shops]) {
      expect((await c.get(urls.detail)).statusCode).toBe(404)
      expect((await c.get(urls.content)).statusCode).toBe(404)
      expect((await c.get(`${urls.content}?version=1`)).statusCode).toBe(404)
      expect((await c.get(urls.list)).json().items).toEqual([])
    }
    expect((await p.police.delete(urls.detail, { 'if-match': '"3"' })).statusCode).toBe(404)
    expect(await chunkCount(db(), doc.versionId)).toBe(0)
    expect(await chunkCount(db(), second.versionId)).toBe(0)
    const kept = await db()
      .select({
        number: documentVersions.number,
        sha256: documentVersions.sha256,
        gone: documentVersions.contentDeletedAt,
      })
      .from(documentVersions)
      .where(eq(documentVersions.documentId, doc.id))
    expect(kept.map((v) => [v.number, v.sha256, v.gone !== null]).sort()).toEqual([
      [1, doc.sha256, true],
      [2, second.sha256, true],
    ])
    const [deleted] = await eventsAbout(doc.id, 'document.deleted')
    expect(deleted!.payload).toMatchObject({ title: 'Concept plan', fileName: 'plan.pdf' })
  })
})

describe('acknowledging a document', () => {
  it('records once per person, per organisation, and moves to a newer version without losing the first moment', async () => {
    const p = await documentParties(t)
    const doc = await storeDocument(t, p.caseId, p.uploader.lead, { title: 'Plan van aanpak' })
    const url = `${documentUrls(p.caseId, doc.id).detail}/acknowledgement`

    const first = await p.police.put(url)
    expect(first.statusCode, first.body).toBe(200)
    const once = DocumentDetailSchema.parse(first.json())
    expect(once).toMatchObject({ acknowledgedVersion: 1, acknowledgementCount: 1 })
    const police = once.acknowledgements.find((g) => g.organisation.id === p.pol)!
    expect(police.people).toEqual([
      {
        person: expect.objectContaining({ userId: p.users.police.id, name: 'Ruud Kalkman' }),
        versionNumber: 1,
        acknowledgedAt: expect.any(String),
      },
    ])
    expect(once.acknowledgements.find((g) => g.organisation.id === p.win)!.people).toEqual([])

    const again = DocumentDetailSchema.parse((await p.police.put(url)).json())
    expect(again.acknowledgements).toEqual(once.acknowledgements)
    expect(await eventsAbout(doc.id, 'document.acknowledged')).toHaveLength(1)

    await storeVersion(t, doc, p.uploader.lead, { bytes: Buffer.from('%PDF-1.7 herzien') })
    const newer = DocumentDetailSchema.parse((await p.police.put(url)).json())
    const entry = newer.acknowledgements.find((g) => g.organisation.id === p.pol)!.people[0]!
    expect(entry).toMatchObject({ versionNumber: 2, acknowledgedAt: police.people[0]!.acknowledgedAt })
    expect(newer.acknowledgedVersion).toBe(2)
    expect((await eventsAbout(doc.id, 'document.acknowledged')).map((e) => e.payload)).toEqual([
      { versionNumber: 1 },
      { versionNumber: 2 },
    ])

    // Someone else sees the police's mark, and not their own.
    const shops = (await p.shops.get(documentUrls(p.caseId, doc.id).detail)).json()
    expect(shops).toMatchObject({ acknowledgedVersion: null, acknowledgementCount: 1 })
  })

  it('is 404 outside the document’s audience', async () => {
    const p = await documentParties(t)
    const doc = await storeDocument(t, p.caseId, p.uploader.police, { audience: p.driehoek })
    const res = await p.shops.put(`${documentUrls(p.caseId, doc.id).detail}/acknowledgement`)
    expect(res.statusCode).toBe(404)
    expect(await eventsAbout(doc.id, 'document.acknowledged')).toEqual([])
  })
})
