import { and, eq, isNull } from 'drizzle-orm'
import type { Tx } from '../db/client.ts'
import { items } from '../db/schema.ts'
import { badRequest } from '../http/errors.ts'
import { can, type Member } from '../policy/policy.ts'

/**
 * The item a document is attached to or moved to: a live item of this case the caller may read.
 * An item that does not exist and one outside the caller's audience get the same 400, so nobody
 * learns of it. Upload and change use this one rule.
 */
export async function attachableItem(tx: Tx, actor: Member, caseId: string, itemId: string) {
  const [item] = await tx
    .select({
      id: items.id,
      kind: items.kind,
      step: items.step,
      authorOrganisationId: items.authorOrganisationId,
      audience: items.audience,
    })
    .from(items)
    .where(and(eq(items.id, itemId), eq(items.caseId, caseId), isNull(items.deletedAt)))
  if (!item || !can(actor, 'item.read', item))
    throw badRequest('Ongeldige verwijzing', [{ path: 'body.itemId', message: 'Geen onderdeel van dit dossier' }])
  return item
}

/**
 * A document on an item sits in that item's step, on upload and after a move alike: a step sent
 * with it that differs is refused rather than silently replaced.
 */
export function stepOnItem(item: { step: number }, requested: number | null | undefined): number {
  if (requested != null && requested !== item.step)
    throw badRequest('Ongeldige stap', [
      { path: 'body.step', message: `Dit onderdeel hoort bij stap ${item.step}; een document erbij ook` },
    ])
  return item.step
}
