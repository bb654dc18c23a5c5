import { and, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '../db/client.ts'
import { documents, items } from '../db/schema.ts'
import { loadItemFacts } from '../items/load.ts'
import type { DocumentFacts } from '../policy/policy.ts'

/** What the read rule needs about a document, and whether the item it hangs on was deleted. */
export interface LoadedDocumentFacts {
  facts: DocumentFacts
  /** The document itself is soft-deleted. */
  deleted: boolean
  /** It hangs on an item that was deleted since: its content is no longer served to anyone. */
  itemDeleted: boolean
}

/** A document that cannot be found reads as visible to nobody (fail closed). */
export const UNKNOWN_DOCUMENT: DocumentFacts = { uploaderOrganisationId: '', audience: [], item: null }

/**
 * The facts of documents as they are *now* — their own audience and their item's current audience —
 * in two queries whatever their number. Deleted documents and items are included: their past keeps
 * its last audience (ADR 014); callers that serve content refuse deleted ones.
 */
export async function loadDocumentFacts(
  db: DbOrTx,
  caseId: string,
  ids: readonly string[],
): Promise<Map<string, LoadedDocumentFacts>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .select({
      id: documents.id,
      uploaderOrganisationId: documents.uploaderOrganisationId,
      audience: documents.audience,
      itemId: documents.itemId,
      deletedAt: documents.deletedAt,
      itemDeletedAt: items.deletedAt,
    })
    .from(documents)
    .leftJoin(items, eq(items.id, documents.itemId))
    .where(and(eq(documents.caseId, caseId), inArray(documents.id, [...ids])))
  const itemIds = [...new Set(rows.flatMap((r) => (r.itemId ? [r.itemId] : [])))]
  const itemFacts = new Map(
    (await loadItemFacts(db, caseId, itemIds, { liveOnly: false })).map((i) => [
      i.id,
      { kind: i.kind, authorOrganisationId: i.authorOrganisationId, audience: i.audience },
    ]),
  )
  return new Map(
    rows.map((r) => [
      r.id,
      {
        facts: {
          uploaderOrganisationId: r.uploaderOrganisationId,
          audience: r.audience,
          // An item that cannot be found hides the document from everyone.
          item: r.itemId ? (itemFacts.get(r.itemId) ?? { ...UNKNOWN_DOCUMENT_ITEM }) : null,
        },
        deleted: r.deletedAt !== null,
        itemDeleted: r.itemDeletedAt !== null,
      },
    ]),
  )
}

const UNKNOWN_DOCUMENT_ITEM = { kind: 'signal' as const, authorOrganisationId: '', audience: [] as string[] }
