import { createHash, randomUUID } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { documentTypeOf } from '@vp/shared'
import { eq } from 'drizzle-orm'
import { expect } from 'vitest'
import { documents, documentVersions } from '../src/db/schema.ts'
import { inTransaction } from '../src/db/tx.ts'
import { writeContent } from '../src/documents/storage.ts'
import { appendEvent } from '../src/events/append.ts'
import { addMember, type Client, openCase, type TestApp, type TestUser } from './app.ts'

// Documents in tests. Until the upload route (POST /api/cases/:caseId/documents) is on this
// branch, `storeDocument` and `storeVersion` write what an upload writes — the rows, the chunks
// and the event, in one transaction — straight into the database. `uploadDocument` sends the real
// multipart request; tests switch to it once the upload route is merged.

/** Who uploads: the person and the organisation they act for. */
export interface Uploader {
  userId: string
  organisationId: string
}

export interface StoredDocument {
  id: string
  caseId: string
  versionId: string
  fileName: string
  bytes: Buffer
  sha256: string
}

/** Bytes that differ at every position, so a wrong offset shows. */
export function patternBytes(size: number, seed = 0): Buffer {
  const b = Buffer.alloc(size)
  for (let i = 0; i < size; i++) b[i] = (i * 31 + seed + (i >> 8)) & 0xff
  return b
}

let lastMoment = 0
/** Now, but always a millisecond after the previous document: lists sort by date, and ties would order by chance. */
function nextMoment() {
  lastMoment = Math.max(Date.now(), lastMoment + 1)
  return new Date(lastMoment)
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** Writes bytes as a version's content through the storage module, from a temporary file as an upload does. */
async function withTempFile<T>(bytes: Buffer, fn: (path: string) => Promise<T>): Promise<T> {
  const path = join(tmpdir(), `vp-doc-test-${randomUUID()}`)
  await writeFile(path, bytes)
  try {
    return await fn(path)
  } finally {
    await rm(path, { force: true })
  }
}

/**
 * Stores a document as an upload would (row, version 1, chunks, `document.added` event), without
 * the upload route. The media type follows the file name's extension.
 */
export async function storeDocument(
  t: TestApp,
  caseId: string,
  by: Uploader,
  opts: {
    fileName?: string
    bytes?: Buffer
    title?: string
    step?: number | null
    itemId?: string | null
    audience?: string[] | null
  } = {},
): Promise<StoredDocument> {
  const fileName = opts.fileName ?? 'wijkscan-de-hoven.pdf'
  const bytes = opts.bytes ?? Buffer.from('%PDF-1.7\nwijkscan De Hoven\n%%EOF\n')
  const type = documentTypeOf(fileName)
  if (!type) throw new Error(`not an allowed file name: ${fileName}`)
  const sha256 = sha256Of(bytes)
  const title = opts.title ?? fileName
  return withTempFile(bytes, (path) =>
    inTransaction(t.testDb.database.db, async (tx) => {
      const [doc] = await tx
        .insert(documents)
        .values({
          caseId,
          title,
          step: opts.step ?? null,
          itemId: opts.itemId ?? null,
          audience: opts.audience ?? null,
          uploaderOrganisationId: by.organisationId,
          uploaderUserId: by.userId,
          createdAt: nextMoment(),
        })
        .returning()
      const [version] = await tx
        .insert(documentVersions)
        .values({
          documentId: doc!.id,
          caseId,
          number: 1,
          fileName,
          mediaType: type.mediaType,
          size: bytes.length,
          sha256,
          uploadedByUserId: by.userId,
          uploadedByOrganisationId: by.organisationId,
        })
        .returning()
      await writeContent(tx, version!.id, path)
      await appendEvent(tx, {
        caseId,
        type: 'document.added',
        actor: by,
        entityType: 'document',
        entityId: doc!.id,
        step: opts.step ?? null,
        payload: { title, fileName, versionNumber: 1 },
      })
      return { id: doc!.id, caseId, versionId: version!.id, fileName, bytes, sha256 }
    }),
  )
}

/** Stores a new version of a document as the version upload would, and makes it the current one. */
export async function storeVersion(
  t: TestApp,
  doc: StoredDocument,
  by: Uploader,
  opts: { fileName?: string; bytes: Buffer },
): Promise<StoredDocument & { number: number }> {
  const fileName = opts.fileName ?? doc.fileName
  const type = documentTypeOf(fileName)
  if (!type) throw new Error(`not an allowed file name: ${fileName}`)
  const sha256 = sha256Of(opts.bytes)
  return withTempFile(opts.bytes, (path) =>
    inTransaction(t.testDb.database.db, async (tx) => {
      const [row] = await tx.select().from(documents).where(eq(documents.id, doc.id))
      const number = row!.currentVersion + 1
      const [version] = await tx
        .insert(documentVersions)
        .values({
          documentId: doc.id,
          caseId: doc.caseId,
          number,
          fileName,
          mediaType: type.mediaType,
          size: opts.bytes.length,
          sha256,
          uploadedByUserId: by.userId,
          uploadedByOrganisationId: by.organisationId,
        })
        .returning()
      await writeContent(tx, version!.id, path)
      await tx
        .update(documents)
        .set({ currentVersion: number, version: row!.version + 1, updatedAt: new Date() })
        .where(eq(documents.id, doc.id))
      await appendEvent(tx, {
        caseId: doc.caseId,
        type: 'document.version_added',
        actor: by,
        entityType: 'document',
        entityId: doc.id,
        step: row!.step,
        payload: { title: row!.title, fileName, versionNumber: number },
      })
      return { ...doc, versionId: version!.id, fileName, bytes: opts.bytes, sha256, number }
    }),
  )
}

/**
 * Uploads through the real route (after the upload route is merged): a multipart body with
 * `file`, and `title`, `step`, `itemId` and `audience` (JSON) when given. Returns the response.
 */
export function uploadDocument(
  client: Client,
  caseId: string,
  opts: {
    fileName: string
    bytes: Buffer
    contentType?: string
    title?: string
    step?: number | null
    itemId?: string | null
    audience?: string[] | null
  },
) {
  const boundary = `----vp-test-${randomUUID()}`
  const parts: Buffer[] = []
  const field = (name: string, value: string) =>
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, 'utf8'),
    )
  if (opts.title !== undefined) field('title', opts.title)
  // No field is the case itself: null step and item are left out.
  if (opts.step != null) field('step', String(opts.step))
  if (opts.itemId != null) field('itemId', opts.itemId)
  if (opts.audience !== undefined) field('audience', JSON.stringify(opts.audience))
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${opts.fileName.replaceAll('"', '%22')}"\r\n` +
        `Content-Type: ${opts.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      'utf8',
    ),
    opts.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
  )
  return client.post(`/api/cases/${caseId}/documents`, Buffer.concat(parts), {
    'content-type': `multipart/form-data; boundary=${boundary}`,
  })
}

/**
 * A case of the gemeente (its projectleider) with politie, OM and the winkeliers as partners, one
 * person each; the driehoek is gemeente, politie and OM. Names are unique per call.
 */
export async function documentParties(t: TestApp) {
  const n = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
  const gem = await t.make.organisation({ type: 'gemeente', name: `Gemeente Rivierstede ${n}` })
  const pol = await t.make.organisation({ type: 'politie', name: `Politie basisteam Rivierstede ${n}` })
  const om = await t.make.organisation({ type: 'om', name: `Openbaar Ministerie ${n}` })
  const win = await t.make.organisation({ type: 'ondernemers', name: `Winkeliersvereniging De Hoven ${n}` })
  const person = async (organisationId: string, name: string) => t.make.user({ organisationId, name })
  const users = {
    lead: await person(gem.id, 'Iris Brinkhorst'),
    police: await person(pol.id, 'Ruud Kalkman'),
    prosecutor: await person(om.id, 'Sanne de Wit'),
    shops: await person(win.id, 'Karim Bouzid'),
  }
  const lead = await t.as(users.lead)
  const caseId = await openCase(lead)
  const police = await addMember(t, lead, caseId, users.police)
  const prosecutor = await addMember(t, lead, caseId, users.prosecutor)
  const shops = await addMember(t, lead, caseId, users.shops)
  const as = (u: TestUser): Uploader => ({ userId: u.id, organisationId: u.organisationId! })
  return {
    caseId,
    lead,
    police,
    prosecutor,
    shops,
    users,
    uploader: {
      lead: as(users.lead),
      police: as(users.police),
      prosecutor: as(users.prosecutor),
      shops: as(users.shops),
    },
    gem: gem.id,
    pol: pol.id,
    om: om.id,
    win: win.id,
    driehoek: [gem.id, pol.id, om.id],
  }
}
export type DocumentParties = Awaited<ReturnType<typeof documentParties>>

/** The URLs of one document. */
export const documentUrls = (caseId: string, documentId: string) => {
  const base = `/api/cases/${caseId}/documents/${documentId}`
  return { list: `/api/cases/${caseId}/documents`, detail: base, content: `${base}/content` }
}

/** Changes a document on top of its current version (the answer must be 200). */
export async function patchDocument(c: Client, caseId: string, documentId: string, body: Record<string, unknown>) {
  const { detail } = documentUrls(caseId, documentId)
  const etag = (await c.get(detail)).headers.etag as string
  const res = await c.patch(detail, body, { 'if-match': etag })
  expect(res.statusCode, res.body).toBe(200)
  return res
}
