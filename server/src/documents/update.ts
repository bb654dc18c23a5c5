import type { UpdateDocumentBody } from '@vp/shared'
import { and, eq, isNull } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.ts'
import { documents, documentVersions } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent, eventActor } from '../events/append.ts'
import { notFound, preconditionFailed } from '../http/errors.ts'
import { validateReferences, withWriters } from '../items/references.ts'
import type { Member } from '../policy/policy.ts'
import { attachableItem, stepOnItem } from './attach.ts'
import { type LoadedDocument, unsafeFindDocument } from './load.ts'
import { presentDocument } from './present.ts'
import { deleteContent } from './storage.ts'

/** 412 with the document as the caller may see it now; 404 when it is gone meanwhile. */
async function stale(tx: Tx, actor: Member, current: LoadedDocument) {
  const now = await unsafeFindDocument(tx, current.row.caseId, current.row.id, actor.user.id)
  if (!now) return notFound('Document niet gevonden')
  return preconditionFailed(presentDocument(now, actor))
}

/**
 * Renames, moves (to the case, a step or an item) or restricts a document the guard let the
 * caller change, on top of the version the client saw (412 with the current one otherwise). The
 * uploader's organisation and the caller's own stay in a named audience. One `document.changed`
 * event names what changed, old and new.
 */
export async function updateDocument(
  db: Db,
  actor: Member,
  current: LoadedDocument,
  version: number,
  body: UpdateDocumentBody,
) {
  const { caseId, id } = current.row
  const audience =
    body.audience === undefined
      ? undefined
      : withWriters(body.audience, current.row.uploaderOrganisationId, actor.membership.organisationId)
  await inTransaction(db, async (tx) => {
    let step = body.step
    // Where the document ends up hanging: a new item, the same item, or none.
    const itemId = body.itemId !== undefined ? body.itemId : current.row.itemId
    if (itemId && (body.itemId || body.step !== undefined))
      step = stepOnItem(await attachableItem(tx, actor, caseId, itemId), body.step)
    await validateReferences(tx, actor, caseId, {}, audience)
    const next = {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(step !== undefined ? { step } : {}),
      ...(body.itemId !== undefined ? { itemId: body.itemId } : {}),
      ...(audience !== undefined ? { audience } : {}),
    }
    const [updated] = await tx
      .update(documents)
      .set({ ...next, version: version + 1, updatedAt: new Date() })
      .where(and(eq(documents.id, id), eq(documents.version, version), isNull(documents.deletedAt)))
      .returning({ id: documents.id })
    if (!updated) throw await stale(tx, actor, current)
    const was: Record<string, unknown> = {
      title: current.row.title,
      step: current.row.step,
      itemId: current.row.itemId,
      audience: current.row.audience,
    }
    const changes = Object.fromEntries(
      Object.entries(next)
        .filter(([k, v]) => JSON.stringify(was[k]) !== JSON.stringify(v))
        .map(([k, v]) => [k, { from: was[k], to: v }]),
    )
    await appendEvent(tx, {
      caseId,
      type: 'document.changed',
      actor: eventActor(actor.user, actor.membership.organisationId),
      entityType: 'document',
      entityId: id,
      step: step === undefined ? current.row.step : step,
      payload: { title: next.title ?? current.row.title, version: version + 1, changes },
    })
  })
  const saved = await unsafeFindDocument(db, caseId, id, actor.user.id)
  // The caller stays in the audience (withWriters), and a readable item was checked above.
  if (!saved) throw notFound('Document niet gevonden')
  return saved
}

/**
 * Soft-deletes a document the guard let the caller delete, on top of the version the client saw:
 * the row and every version's metadata stay as evidence (name, size, sha256), the bytes of every
 * version are removed, and nothing is served any more.
 */
export async function deleteDocument(db: Db, actor: Member, current: LoadedDocument, version: number) {
  const { caseId, id } = current.row
  await inTransaction(db, async (tx) => {
    const [done] = await tx
      .update(documents)
      .set({ deletedAt: new Date(), version: version + 1, updatedAt: new Date() })
      .where(and(eq(documents.id, id), eq(documents.version, version), isNull(documents.deletedAt)))
      .returning({ id: documents.id })
    if (!done) throw await stale(tx, actor, current)
    const versions = await tx
      .select({ id: documentVersions.id })
      .from(documentVersions)
      .where(eq(documentVersions.documentId, id))
    for (const v of versions) await deleteContent(tx, v.id)
    await appendEvent(tx, {
      caseId,
      type: 'document.deleted',
      actor: eventActor(actor.user, actor.membership.organisationId),
      entityType: 'document',
      entityId: id,
      step: current.row.step,
      payload: { title: current.row.title, fileName: current.current.fileName, version: version + 1 },
    })
  })
}
