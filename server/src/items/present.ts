import { detectPersonalData, type Item, type ItemView } from '@vp/shared'
import { type Actor, can, type ItemFacts } from '../policy/policy.ts'
import type { LoadedItem } from './load.ts'

/** The facts the policy module needs about an item. */
export function factsOf(item: LoadedItem): ItemFacts {
  const involved =
    item.kind === 'action'
      ? [...new Set([item.fields.trekkerOrganisationId, ...item.fields.participants.map((p) => p.organisationId)])]
      : undefined
  return {
    kind: item.kind,
    authorOrganisationId: item.row.authorOrganisationId,
    audience: item.row.audience,
    involvedOrganisationIds: involved,
  }
}

/** The item as this member may see it: in full with abilities, or as a placeholder outside its audience. */
export function presentItem(item: LoadedItem, actor: Actor): ItemView {
  return can(actor, 'item.read', factsOf(item)) ? presentFullItem(item, actor) : placeholderOf(item)
}

/** What a member outside the audience sees: whose it is and when, nothing of its content. */
function placeholderOf(item: LoadedItem): ItemView {
  return {
    id: item.row.id,
    caseId: item.row.caseId,
    kind: item.kind,
    step: item.row.step,
    authorOrganisation: item.authorOrganisation,
    createdAt: item.row.createdAt.toISOString(),
    updatedAt: item.row.updatedAt.toISOString(),
    restricted: true,
  }
}

/**
 * The item in full, for a caller the read rule lets in: the answer to a write. The writer's
 * organisation is always in the audience (`withWriters`), so this holds for every write; the
 * check stays, so a broken invariant is a clear error rather than content sent to the wrong reader.
 */
export function presentFullItem(item: LoadedItem, actor: Actor): Item {
  const facts = factsOf(item)
  if (!can(actor, 'item.read', facts)) throw new Error(`item ${item.row.id} is outside the caller's audience`)
  return {
    ...placeholderOf(item),
    restricted: false,
    title: item.row.title,
    description: item.row.description,
    audience: item.row.audience,
    author: item.author ? { ...item.author, organisation: item.authorOrganisation } : null,
    version: item.row.version,
    fields: item.fields,
    ratings: item.ratings,
    positions: item.positions,
    commitments: item.commitments,
    commentCount: item.commentCount,
    abilities: {
      update: can(actor, 'item.update', facts),
      delete: can(actor, 'item.delete', facts),
      comment: can(actor, 'item.comment', facts),
      rate: can(actor, 'item.rate', facts),
      takePosition: can(actor, 'item.position', facts),
      commit: can(actor, 'item.commit', facts),
    },
    warnings: [
      ...detectPersonalData(item.row.title).map((w) => ({ field: 'title', kind: w.kind, match: w.match })),
      ...detectPersonalData(item.row.description ?? '').map((w) => ({
        field: 'description',
        kind: w.kind,
        match: w.match,
      })),
    ],
  }
}
