import type { DbOrTx } from '../db/client.ts'
import { loadItemFacts } from '../items/load.ts'
import type { EventFacts, ItemFacts } from '../policy/policy.ts'

/** What an event about an item that cannot be found reads as: visible to nobody (fail closed). */
const UNKNOWN_ITEM: ItemFacts = { kind: 'signal', authorOrganisationId: '', audience: [] }
const ABOUT_NOTHING: EventFacts = { item: null }

/**
 * The facts the read rule needs for a page of events, in one query: the current audience of every
 * item the events are about (deleted items included; their past keeps their last audience).
 * Asked at the moment of reading, never stored with the event (ADR 014).
 */
export async function loadEventFacts(
  db: DbOrTx,
  caseId: string,
  events: readonly { entityType: string; entityId: string | null }[],
): Promise<(e: { entityType: string; entityId: string | null }) => EventFacts> {
  const ids = [...new Set(events.filter((e) => e.entityType === 'item' && e.entityId).map((e) => e.entityId!))]
  // Deleted items too: their past keeps their last audience.
  const rows = await loadItemFacts(db, caseId, ids, { liveOnly: false })
  const byId = new Map<string, EventFacts>(
    rows.map((r) => [
      r.id,
      { item: { kind: r.kind, authorOrganisationId: r.authorOrganisationId, audience: r.audience } },
    ]),
  )
  return (e) => {
    if (e.entityType !== 'item') return ABOUT_NOTHING
    return (e.entityId && byId.get(e.entityId)) || { item: UNKNOWN_ITEM }
  }
}
