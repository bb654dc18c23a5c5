import { sql } from 'drizzle-orm'
import type { Db } from '../db/client.ts'
import { documentAcknowledgements } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent, eventActor } from '../events/append.ts'
import type { Member } from '../policy/policy.ts'
import type { LoadedDocument } from './load.ts'

/**
 * Marks a document read ("gelezen") for the caller, once per person: a second mark keeps the
 * first moment and only moves the version forward when a newer one exists. One
 * `document.acknowledged` event, and only when something changed.
 */
export async function acknowledgeDocument(db: Db, actor: Member, doc: LoadedDocument) {
  const versionNumber = doc.row.currentVersion
  await inTransaction(db, async (tx) => {
    // Insert, or raise the version; a mark of the same (or an older) version changes nothing and
    // returns no row. Two marks at once meet at the primary key, not in a race.
    const changed = await tx
      .insert(documentAcknowledgements)
      .values({
        documentId: doc.row.id,
        userId: actor.user.id,
        organisationId: actor.membership.organisationId,
        versionNumber,
      })
      .onConflictDoUpdate({
        target: [documentAcknowledgements.documentId, documentAcknowledgements.userId],
        set: { versionNumber },
        setWhere: sql`${documentAcknowledgements.versionNumber} < ${versionNumber}`,
      })
      .returning({ documentId: documentAcknowledgements.documentId })
    if (changed.length === 0) return
    await appendEvent(tx, {
      caseId: doc.row.caseId,
      type: 'document.acknowledged',
      actor: eventActor(actor.user, actor.membership.organisationId),
      entityType: 'document',
      entityId: doc.row.id,
      step: doc.row.step,
      payload: { versionNumber },
    })
  })
}
