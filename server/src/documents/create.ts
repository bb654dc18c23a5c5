import type { Document, UploadDocumentFields } from '@vp/shared'
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Config } from '../config.ts'
import type { Db, DbOrTx, Tx } from '../db/client.ts'
import { documents, documentVersions } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent, eventActor, lockCase } from '../events/append.ts'
import { AppError, notFound, preconditionFailed } from '../http/errors.ts'
import { validateReferences, withWriters } from '../items/references.ts'
import type { Member } from '../policy/policy.ts'
import { attachableItem, stepOnItem } from './attach.ts'
import { inspectFile } from './inspect.ts'
import { unsafeFindDocument } from './load.ts'
import { cleanTitle, sanitizeFileName, titleFromFileName } from './names.ts'
import { presentFullDocument } from './present.ts'
import type { ReceivedFile } from './receive.ts'
import { assertSpaceFor } from './space.ts'
import { writeContent } from './storage.ts'

type Limits = Pick<Config, 'DOCUMENT_MAX_MB' | 'DOCUMENT_CASE_QUOTA_MB' | 'DOCUMENT_PERSON_QUOTA_MB'>

/** The route's guard refuses a closed case; this catches a close that lands while the file streamed in. */
async function lockActiveCase(tx: Tx, caseId: string) {
  const c = await lockCase(tx, caseId)
  if (c.status === 'closed')
    throw new AppError(409, 'case_closed', 'Het dossier is gesloten; de projectleider kan het heropenen')
}

/**
 * Adds a document to a case, a step or an item: checks the file's type from its bytes, the space
 * left, the item and the audience, then writes the document, its first version, the content and
 * one event in one transaction. The caller owns `upload.tempPath` and removes it afterwards.
 */
export async function createDocument(
  db: Db,
  config: Limits,
  actor: Member,
  caseId: string,
  received: ReceivedFile,
  fields: UploadDocumentFields,
): Promise<Document> {
  // Callers other than the route (the demo seed) name files themselves: the same rules apply.
  const upload = { ...received, fileName: sanitizeFileName(received.fileName) }
  const type = await inspectFile(upload.tempPath, upload.fileName, upload.size)
  const organisationId = actor.membership.organisationId
  const title = (fields.title ? cleanTitle(fields.title) : null) ?? titleFromFileName(upload.fileName)
  // Nobody restricts a document out of their own organisation's sight; on an item, the item's
  // audience narrows it further when read (the policy intersects), the stored one stays as given.
  const audience = withWriters(fields.audience ?? null, organisationId)
  const id = await inTransaction(db, async (tx) => {
    await lockActiveCase(tx, caseId)
    const item = fields.itemId ? await attachableItem(tx, actor, caseId, fields.itemId) : null
    await validateReferences(tx, actor, caseId, {}, audience)
    await assertSpaceFor(tx, config, caseId, actor.user.id, upload.size)
    const step = item ? stepOnItem(item, fields.step) : (fields.step ?? null)
    const [doc] = await tx
      .insert(documents)
      .values({
        caseId,
        title,
        step,
        itemId: item?.id ?? null,
        audience,
        uploaderOrganisationId: organisationId,
        uploaderUserId: actor.user.id,
      })
      .returning({ id: documents.id })
    const documentId = doc!.id
    await writeVersion(tx, actor, caseId, documentId, 1, upload, type.mediaType)
    await appendEvent(tx, {
      caseId,
      type: 'document.added',
      actor: eventActor(actor.user, organisationId),
      entityType: 'document',
      entityId: documentId,
      step,
      payload: { title, fileName: upload.fileName, versionNumber: 1, size: upload.size },
    })
    return documentId
  })
  return presentStored(db, actor, caseId, id)
}

/**
 * A new current version of a document (If-Match on the document's `version`): the same checks as a
 * new document, then the version, its content, the document's bump and one event in one
 * transaction. Earlier versions stay. The caller owns `upload.tempPath`.
 */
export async function addDocumentVersion(
  db: Db,
  config: Limits,
  actor: Member,
  caseId: string,
  documentId: string,
  ifMatch: number,
  received: ReceivedFile,
): Promise<Document> {
  const upload = { ...received, fileName: sanitizeFileName(received.fileName) }
  const type = await inspectFile(upload.tempPath, upload.fileName, upload.size)
  await inTransaction(db, async (tx) => {
    await lockActiveCase(tx, caseId)
    const [doc] = await tx
      .select()
      .from(documents)
      .where(and(eq(documents.id, documentId), eq(documents.caseId, caseId), isNull(documents.deletedAt)))
      .for('update')
    if (!doc) throw notFound('Document niet gevonden')
    if (doc.version !== ifMatch) throw preconditionFailed(await presentStored(tx, actor, caseId, documentId))
    await assertSpaceFor(tx, config, caseId, actor.user.id, upload.size)
    const [last] = await tx
      .select({ n: sql<number>`max(${documentVersions.number})::int` })
      .from(documentVersions)
      .where(eq(documentVersions.documentId, documentId))
    const number = (last?.n ?? 0) + 1
    await writeVersion(tx, actor, caseId, documentId, number, upload, type.mediaType)
    await tx
      .update(documents)
      .set({ currentVersion: number, version: doc.version + 1, updatedAt: new Date() })
      .where(eq(documents.id, documentId))
    await appendEvent(tx, {
      caseId,
      type: 'document.version_added',
      actor: eventActor(actor.user, actor.membership.organisationId),
      entityType: 'document',
      entityId: documentId,
      step: doc.step,
      payload: { title: doc.title, fileName: upload.fileName, versionNumber: number, size: upload.size },
    })
  })
  return presentStored(db, actor, caseId, documentId)
}

/**
 * A stale If-Match is answered before the file is read: nobody uploads 50 MB to learn that someone
 * else saved first. The transaction checks again.
 */
export async function assertCurrentVersion(
  db: DbOrTx,
  actor: Member,
  caseId: string,
  documentId: string,
  ifMatch: number,
): Promise<void> {
  const [doc] = await db
    .select({ version: documents.version })
    .from(documents)
    .where(and(eq(documents.id, documentId), eq(documents.caseId, caseId)))
  if (doc && doc.version !== ifMatch) throw preconditionFailed(await presentStored(db, actor, caseId, documentId))
}

async function writeVersion(
  tx: Tx,
  actor: Member,
  caseId: string,
  documentId: string,
  number: number,
  upload: ReceivedFile,
  mediaType: string,
) {
  const [version] = await tx
    .insert(documentVersions)
    .values({
      documentId,
      caseId,
      number,
      fileName: upload.fileName,
      mediaType,
      size: upload.size,
      sha256: upload.sha256,
      uploadedByUserId: actor.user.id,
      uploadedByOrganisationId: actor.membership.organisationId,
    })
    .returning({ id: documentVersions.id })
  const written = await writeContent(tx, version!.id, upload.tempPath)
  // The temporary file is ours; a different length means it changed under us, and nothing is kept.
  if (written !== upload.size) throw new Error(`upload changed while stored: ${written} of ${upload.size} bytes`)
}

/** The stored document as the answer to the write, through the same presenter as every read. */
async function presentStored(db: DbOrTx, actor: Member, caseId: string, documentId: string): Promise<Document> {
  const doc = await unsafeFindDocument(db, caseId, documentId, actor.user.id)
  if (!doc) throw notFound('Document niet gevonden')
  return presentFullDocument(doc, actor)
}
