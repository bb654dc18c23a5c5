import type { Item, Position } from '@vp/shared'
import { and, eq, sql } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.ts'
import { commitments, positions, ratings } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent, eventActor } from '../events/append.ts'
import { badRequest, conflict, notFound, preconditionFailed } from '../http/errors.ts'
import { type Actor, authorizeItem } from '../policy/policy.ts'
import { type LoadedItem, loadItems } from './load.ts'
import { lockOpenCaseStep } from './lock.ts'
import { factsOf, presentFullItem } from './present.ts'

/**
 * Ratings, positions and commitments: each organisation's reaction to an item, one row per
 * organisation with a version of its own. Colleagues of one organisation share that row, so a
 * change names the version it builds on (If-Match) and nobody overwrites a colleague unseen.
 */

/** A reaction table: keyed by the item (an action for commitments) and the organisation. */
type ReactionTable = typeof ratings | typeof positions | typeof commitments

/** One kind of reaction: its table, the columns it sets (`Values`) and its rules. */
interface ReactionKind<T extends ReactionTable, Values extends Partial<T['$inferInsert']>> {
  table: T
  /** The column naming the item reacted to, and the same as an insert names it. */
  itemColumn: typeof ratings.itemId | typeof positions.itemId | typeof commitments.actionId
  itemKey: (itemId: string) => { itemId: string } | { actionId: string }
  policy: 'item.rate' | 'item.position' | 'item.commit'
  /** Refuses values that break a rule of this kind (400), after the right to react is checked. */
  check?: (values: Values) => void
  event: string
}

/** What a reaction change answers: the item as it is now, and the organisation's reaction version (the ETag). */
export interface SavedReaction {
  item: Item
  version: number
}

const RATING: ReactionKind<typeof ratings, { score: number }> = {
  table: ratings,
  itemColumn: ratings.itemId,
  itemKey: (itemId) => ({ itemId }),
  policy: 'item.rate',
  event: 'item.rated',
}

const POSITION: ReactionKind<typeof positions, { position: Position; reason: string | null }> = {
  table: positions,
  itemColumn: positions.itemId,
  itemKey: (itemId) => ({ itemId }),
  policy: 'item.position',
  check: ({ position, reason }) => {
    if (position !== 'akkoord' && !reason)
      throw badRequest('Geef een reden bij voorbehoud of niet akkoord', [{ path: 'body.reason', message: 'Verplicht' }])
  },
  event: 'item.position_set',
}

const COMMITMENT: ReactionKind<typeof commitments, { status: 'accepted' | 'declined'; reason: string | null }> = {
  table: commitments,
  itemColumn: commitments.actionId,
  itemKey: (actionId) => ({ actionId }),
  policy: 'item.commit',
  check: ({ status, reason }) => {
    if (status === 'declined' && !reason)
      throw badRequest('Geef een reden als uw organisatie afwijst', [
        { path: 'body.reason', message: 'Verplicht bij afwijzen' },
      ])
  },
  event: 'item.commitment_set',
}

/** Reactions are possible while the case is active and the step open (the case row stays locked). */
async function lockOpenStep(tx: Tx, caseId: string, step: number) {
  if ((await lockOpenCaseStep(tx, caseId, step)) !== 'open') throw conflict(`Stap ${step} is niet open`)
}

async function reloadItem(tx: Tx, item: LoadedItem) {
  const [now] = await loadItems(tx, { caseId: item.row.caseId, ids: [item.row.id] })
  if (!now) throw notFound('Onderdeel niet gevonden')
  return now
}

/**
 * Writes the caller's organisation's reaction on top of `version`, the version the client saw
 * (If-Match): 0 creates it, n turns version n into n + 1. The version check is the write's own
 * condition, under the row lock, so of two colleagues writing from the same version exactly one
 * succeeds; the other gets 412 with the item as it is now, the colleague's reaction in it.
 */
async function writeReaction<T extends ReactionTable, Values extends Partial<T['$inferInsert']>>(
  db: Db,
  actor: Actor,
  current: LoadedItem,
  version: number,
  kind: ReactionKind<T, Values>,
  values: Values,
): Promise<SavedReaction> {
  authorizeItem(actor, kind.policy, factsOf(current))
  kind.check?.(values)
  const { caseId, id: itemId, step } = current.row
  const organisationId = actor.membership.organisationId
  const byUserId = actor.user.id
  // The statements below are the same for every reaction table; drizzle types them on their union.
  const table: ReactionTable = kind.table
  return inTransaction(db, async (tx) => {
    await lockOpenStep(tx, caseId, step)
    // A reaction not given yet is version 0: only the first of two colleagues creates it; on a
    // conflict the insert writes nothing, and the second answer is a 412.
    const [stored] =
      version === 0
        ? await tx
            .insert(table)
            .values({ ...kind.itemKey(itemId), organisationId, ...values, byUserId, version: 1 })
            .onConflictDoNothing()
            .returning({ version: table.version })
        : await tx
            .update(table)
            .set({ ...values, byUserId, version: sql`${table.version} + 1`, updatedAt: new Date() })
            .where(
              and(eq(kind.itemColumn, itemId), eq(table.organisationId, organisationId), eq(table.version, version)),
            )
            .returning({ version: table.version })
    if (!stored) throw preconditionFailed(presentFullItem(await reloadItem(tx, current), actor))
    await appendEvent(tx, {
      caseId,
      type: kind.event,
      actor: eventActor(actor.user, organisationId),
      entityType: 'item',
      entityId: itemId,
      step,
      payload: { kind: current.kind, title: current.row.title, organisationId, ...values },
    })
    // Read inside the transaction: the answer shows exactly this change (the case row is locked).
    return { item: presentFullItem(await reloadItem(tx, current), actor), version: stored.version }
  })
}

/** My organisation's priority rating (1–5) of a sub-problem, one per organisation, on top of `version`. */
export function rateItem(db: Db, actor: Actor, current: LoadedItem, version: number, score: number) {
  return writeReaction(db, actor, current, version, RATING, { score })
}

/** My organisation's position (akkoord / voorbehoud / niet akkoord), on top of `version`; the last two need a reason. */
export function takePosition(
  db: Db,
  actor: Actor,
  current: LoadedItem,
  version: number,
  position: Position,
  reason: string | null | undefined,
) {
  return writeReaction(db, actor, current, version, POSITION, { position, reason: reason ?? null })
}

/**
 * An involved organisation accepts or declines an action, on top of `version` (its commitment is
 * version 1, pending, from when the action named it); declining needs a reason.
 */
export function commitToAction(
  db: Db,
  actor: Actor,
  current: LoadedItem,
  version: number,
  status: 'accepted' | 'declined',
  reason: string | null | undefined,
) {
  return writeReaction(db, actor, current, version, COMMITMENT, { status, reason: reason ?? null })
}
