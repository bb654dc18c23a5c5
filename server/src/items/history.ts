import { and, asc, eq } from 'drizzle-orm'
import type { Db } from '../db/client.ts'
import { caseEvents, organisations, users } from '../db/schema.ts'
import { type Actor, can } from '../policy/policy.ts'
import type { LoadedItem } from './load.ts'
import { factsOf } from './present.ts'

/**
 * Every version of an item from the event log. Every event in it is about this item, so the read
 * rule decides once, on the item's current audience: outside it, only who and when.
 */
export async function itemHistory(db: Db, actor: Actor, item: LoadedItem) {
  const { caseId, id: itemId } = item.row
  const visible = can(actor, 'event.read', { item: factsOf(item) })
  const rows = await db
    .select({ e: caseEvents, name: users.name, org: organisations })
    .from(caseEvents)
    .leftJoin(users, eq(users.id, caseEvents.actorUserId))
    .leftJoin(organisations, eq(organisations.id, caseEvents.actorOrganisationId))
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.entityId, itemId)))
    .orderBy(asc(caseEvents.seq))
  return {
    restricted: !visible,
    items: rows.map(({ e, name, org }) => {
      const p = e.payload as Record<string, unknown>
      return {
        seq: e.seq,
        type: e.type,
        createdAt: e.createdAt.toISOString(),
        actor: e.actorUserId
          ? {
              userId: e.actorUserId,
              name: name ?? '',
              organisation: org ? { id: org.id, name: org.name, type: org.type } : null,
            }
          : null,
        version: typeof p.version === 'number' ? p.version : null,
        changes: visible ? p : null,
      }
    }),
  }
}
