import type { DbOrTx } from '../db/client.ts'
import { loadDocumentFacts, UNKNOWN_DOCUMENT } from '../documents/facts.ts'
import { loadItemFacts } from '../items/load.ts'
import type { EventFacts, ItemFacts } from '../policy/policy.ts'

/** What an event about an item that cannot be found reads as: visible to nobody (fail closed). */
const UNKNOWN_ITEM: ItemFacts = { kind: 'signal', authorOrganisationId: '', audience: [] }
const ABOUT_NOTHING: EventFacts = { item: null }

/**
 * The facts the read rule needs for a page of events: the current audience of every item and
 * document the events are about (deleted ones included; their past keeps their last audience), and
 * of the item a document hangs on.
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
  const documentIds = [
    ...new Set(events.filter((e) => e.entityType === 'document' && e.entityId).map((e) => e.entityId!)),
  ]
  const documentFacts = await loadDocumentFacts(db, caseId, documentIds)
  return (e) => {
    if (e.entityType === 'document') {
      return { item: null, document: (e.entityId && documentFacts.get(e.entityId)?.facts) || UNKNOWN_DOCUMENT }
    }
    if (e.entityType !== 'item') return ABOUT_NOTHING
    return (e.entityId && byId.get(e.entityId)) || { item: UNKNOWN_ITEM }
  }
}
