import type { DocumentListQuery, DocumentView } from '@vp/shared'
import type { DbOrTx } from '../db/client.ts'
import { decodeCursor, encodeCursor } from '../http/paging.ts'
import { can, type Member } from '../policy/policy.ts'
import { type LoadedDocument, loadDocuments } from './load.ts'
import { familyOf, presentDocument } from './present.ts'

/** A document's place in the list: [0 named | 1 placeholder, title, createdAt, id]. */
type SortKey = [number, string, string, string]

const collator = new Intl.Collator('nl', { sensitivity: 'base', numeric: true })

/**
 * Compares two sort keys. By date: newest or oldest first, every document alike. By title: the
 * documents the caller may read by title, then the placeholders by date only (newest first), so
 * the order never tells a hidden title.
 */
function comparator(sort: DocumentListQuery['sort']) {
  return (a: SortKey, b: SortKey): number => {
    const byDate = a[2] === b[2] ? 0 : a[2] < b[2] ? -1 : 1
    const byId = a[3] === b[3] ? 0 : a[3] < b[3] ? -1 : 1
    if (sort === 'oldest') return byDate || byId
    if (sort === 'newest') return -byDate || -byId
    return a[0] - b[0] || collator.compare(a[1], b[1]) || -byDate || -byId
  }
}

/**
 * A page of the case's documents under the caller's visibility, decided per document as it is
 * now: in full where the read rule lets the caller in, else a placeholder. A content filter
 * (`family`) or a content order (by title) treats a placeholder as having no content: it never
 * matches a family, and it sorts by date after the named ones. The case's documents are sorted
 * in memory: a case holds tens to hundreds of them, and the order depends on the caller.
 */
export async function listDocuments(
  db: DbOrTx,
  actor: Member,
  caseId: string,
  q: DocumentListQuery,
): Promise<{ items: DocumentView[]; nextCursor: string | null }> {
  const cursor = decodeCursor(q.cursor, ['int', 'text', 'date', 'uuid'])
  const after: SortKey | null = cursor ? [Number(cursor[0]), cursor[1]!, cursor[2]!, cursor[3]!] : null
  const loaded = await loadDocuments(db, caseId, actor.user.id, {
    step: q.step,
    itemId: q.itemId,
    organisationId: q.organisationId,
  })
  const compare = comparator(q.sort)
  const keyed = loaded.flatMap((doc): { doc: LoadedDocument; key: SortKey }[] => {
    const readable = can(actor, 'document.read', doc.facts)
    if (q.family && !(readable && familyOf(doc.current.fileName, doc.current.mediaType) === q.family)) return []
    // Asking for an item's documents shows placeholders only under an item the caller may read:
    // where a hidden document hangs is part of what it hides.
    if (q.itemId && !readable && !(doc.facts.item && can(actor, 'item.read', doc.facts.item))) return []
    const key: SortKey = [
      readable || q.sort !== 'title' ? 0 : 1,
      readable && q.sort === 'title' ? doc.row.title : '',
      doc.row.createdAt.toISOString(),
      doc.row.id,
    ]
    return [{ doc, key }]
  })
  keyed.sort((a, b) => compare(a.key, b.key))
  const rest = after ? keyed.filter((k) => compare(k.key, after) > 0) : keyed
  const page = rest.slice(0, q.limit)
  const more = rest.length > q.limit
  return {
    items: page.map((k) => presentDocument(k.doc, actor)),
    nextCursor: more ? encodeCursor(page[page.length - 1]!.key.map(String)) : null,
  }
}
