import { and, eq, isNull } from 'drizzle-orm'
import type { Db } from '../db/client.ts'
import { items } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent, eventActor } from '../events/append.ts'
import { preconditionFailed } from '../http/errors.ts'
import { type Actor, authorizeItem } from '../policy/policy.ts'
import { type LoadedItem, unsafeFindItem } from './load.ts'
import { assertWritableStep } from './lock.ts'
import { factsOf, presentItem } from './present.ts'

/**
 * Soft-deletes an item the route loaded and authorized before the If-Match check (see
 * updateItem), on top of the version the client saw; its history and the event log keep it.
 */
export async function deleteItem(db: Db, actor: Actor, current: LoadedItem, version: number) {
  authorizeItem(actor, 'item.delete', factsOf(current))
  const { caseId, id: itemId } = current.row
  await inTransaction(db, async (tx) => {
    await assertWritableStep(tx, actor, caseId, current.row.step)
    const done = await tx
      .update(items)
      .set({ deletedAt: new Date(), version: version + 1, updatedAt: new Date() })
      .where(and(eq(items.id, itemId), eq(items.version, version), isNull(items.deletedAt)))
      .returning({ id: items.id })
    if (done.length === 0) throw preconditionFailed(presentItem(await unsafeFindItem(tx, caseId, itemId), actor))
    await appendEvent(tx, {
      caseId,
      type: 'item.deleted',
      actor: eventActor(actor.user, actor.membership.organisationId),
      entityType: 'item',
      entityId: itemId,
      step: current.row.step,
      payload: { kind: current.kind, title: current.row.title, version: version + 1 },
    })
  })
}
