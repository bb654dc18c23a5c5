import type { ItemKind } from '@vp/shared'
import { and, count, eq, inArray, isNull } from 'drizzle-orm'
import type { DbOrTx } from '../db/client.ts'
import {
  actionParticipants,
  actions,
  actionUpdates,
  comments,
  commitments,
  evaluations,
  goals,
  itemLinks,
  items,
  measurements,
  measures,
  organisations,
  positions,
  ratings,
  signals,
  users,
} from '../db/schema.ts'
import { inParallel } from '../db/tx.ts'

export type ItemRow = typeof items.$inferSelect

export interface LoadedItem {
  row: ItemRow
  fields: Record<string, unknown>
  authorOrganisation: { id: string; name: string; type: (typeof organisations.$inferSelect)['type'] }
  author: { userId: string; name: string } | null
  ratings: { organisationId: string; score: number }[]
  positions: { organisationId: string; position: 'akkoord' | 'voorbehoud' | 'niet_akkoord'; reason: string | null }[]
  commitments: { organisationId: string; status: 'pending' | 'accepted' | 'declined'; reason: string | null }[]
  commentCount: number
}

/** Kinds whose fields hold links to other items (signalIds, subproblemIds, goalIds). */
const LINKING = new Set<ItemKind>(['subproblem', 'measure', 'goal', 'action'])

const groupBy = <T, K>(rows: T[], key: (r: T) => K) => {
  const m = new Map<K, T[]>()
  for (const r of rows) {
    const k = key(r)
    const list = m.get(k)
    if (list) list.push(r)
    else m.set(k, [r])
  }
  return m
}

/**
 * Loads items with everything a page shows: fields of their kind, links, ratings, positions,
 * commitments and comment counts. A fixed number of queries whatever the number of items.
 */
export async function loadItems(
  db: DbOrTx,
  where: { caseId: string; step?: number; ids?: string[]; includeDeleted?: boolean },
) {
  const joined = await db
    .select({
      item: items,
      org: { id: organisations.id, name: organisations.name, type: organisations.type },
      authorName: users.name,
    })
    .from(items)
    .innerJoin(organisations, eq(organisations.id, items.authorOrganisationId))
    .leftJoin(users, eq(users.id, items.authorUserId))
    .where(
      and(
        eq(items.caseId, where.caseId),
        where.step ? eq(items.step, where.step) : undefined,
        where.ids
          ? inArray(items.id, where.ids.length ? where.ids : ['00000000-0000-0000-0000-000000000000'])
          : undefined,
        where.includeDeleted ? undefined : isNull(items.deletedAt),
      ),
    )
    .orderBy(items.createdAt, items.id)
  if (joined.length === 0) return []
  const rows = joined.map((j) => j.item)
  const ids = rows.map((r) => r.id)
  const byKind = (k: ItemKind) => rows.filter((r) => r.kind === k).map((r) => r.id)
  // A query only for kinds that are there: one item costs its own tables, not all of them.
  const forIds = <T>(xs: string[], q: (xs: string[]) => Promise<T[]>) => (xs.length ? q(xs) : Promise.resolve([]))
  const actionIds = byKind('action')

  const [sig, mea, goa, act, part, upd, msr, evl, links, rat, pos, com, cc] = await inParallel(db, [
    () => forIds(byKind('signal'), (xs) => db.select().from(signals).where(inArray(signals.itemId, xs))),
    () => forIds(byKind('measure'), (xs) => db.select().from(measures).where(inArray(measures.itemId, xs))),
    () => forIds(byKind('goal'), (xs) => db.select().from(goals).where(inArray(goals.itemId, xs))),
    () => forIds(actionIds, (xs) => db.select().from(actions).where(inArray(actions.itemId, xs))),
    () =>
      forIds(actionIds, (xs) => db.select().from(actionParticipants).where(inArray(actionParticipants.actionId, xs))),
    () =>
      forIds(byKind('action_update'), (xs) => db.select().from(actionUpdates).where(inArray(actionUpdates.itemId, xs))),
    () => forIds(byKind('measurement'), (xs) => db.select().from(measurements).where(inArray(measurements.itemId, xs))),
    () => forIds(byKind('evaluation'), (xs) => db.select().from(evaluations).where(inArray(evaluations.itemId, xs))),
    // Only these kinds link to other items.
    () =>
      forIds(
        rows.filter((r) => LINKING.has(r.kind)).map((r) => r.id),
        (xs) => db.select().from(itemLinks).where(inArray(itemLinks.fromItemId, xs)),
      ),
    () => db.select().from(ratings).where(inArray(ratings.itemId, ids)),
    () => db.select().from(positions).where(inArray(positions.itemId, ids)),
    () => forIds(actionIds, (xs) => db.select().from(commitments).where(inArray(commitments.actionId, xs))),
    () =>
      db
        .select({ itemId: comments.itemId, n: count() })
        .from(comments)
        .where(inArray(comments.itemId, ids))
        .groupBy(comments.itemId),
  ] as const)
  const one = <T extends { itemId: string }>(xs: T[]) => new Map(xs.map((x) => [x.itemId, x]))
  const sigM = one(sig)
  const meaM = one(mea)
  const goaM = one(goa)
  const actM = one(act)
  const updM = one(upd)
  const msrM = one(msr)
  const evlM = one(evl)
  const partM = groupBy(part, (p) => p.actionId)
  const linkM = groupBy(links, (l) => l.fromItemId)
  const ratM = groupBy(rat, (r) => r.itemId)
  const posM = groupBy(pos, (p) => p.itemId)
  const comM = groupBy(com, (c) => c.actionId)
  const ccM = new Map(cc.map((c) => [c.itemId, c.n]))
  const authorOf = new Map(joined.map((j) => [j.item.id, j]))
  const linked = (id: string, relation: string) =>
    (linkM.get(id) ?? []).filter((l) => l.relation === relation).map((l) => l.toItemId)

  return rows.map((row): LoadedItem => {
    let fields: Record<string, unknown> = {}
    const id = row.id
    switch (row.kind) {
      case 'signal': {
        const s = sigM.get(id)!
        fields = {
          source: s.source,
          reliability: s.reliability,
          location: s.location,
          period: s.period,
          involved: s.involved,
          figure: s.figure,
          figureUnit: s.figureUnit,
        }
        break
      }
      case 'subproblem':
        fields = { signalIds: linked(id, 'signal') }
        break
      case 'measure': {
        const m = meaM.get(id)!
        fields = {
          ownerOrganisationId: m.ownerOrganisationId,
          since: m.since,
          yearlyCost: m.yearlyCost,
          hoursPerWeek: m.hoursPerWeek,
          effect: m.effect,
          subproblemIds: linked(id, 'subproblem'),
        }
        break
      }
      case 'goal': {
        const g = goaM.get(id)!
        fields = {
          indicator: g.indicator,
          unit: g.unit,
          direction: g.direction,
          baseline: g.baseline,
          baselineDate: g.baselineDate,
          target: g.target,
          targetDate: g.targetDate,
          subproblemIds: linked(id, 'subproblem'),
        }
        break
      }
      case 'action': {
        const a = actM.get(id)!
        fields = {
          trekkerOrganisationId: a.trekkerOrganisationId,
          trekkerUserId: a.trekkerUserId,
          participants: (partM.get(id) ?? []).map((p) => ({ organisationId: p.organisationId, hours: p.hours })),
          startDate: a.startDate,
          dueDate: a.dueDate,
          cost: a.cost,
          payerOrganisationId: a.payerOrganisationId,
          goalIds: linked(id, 'goal'),
        }
        break
      }
      case 'action_update': {
        const u = updM.get(id)!
        fields = { actionId: u.actionId, status: u.status }
        break
      }
      case 'measurement': {
        const m = msrM.get(id)!
        fields = { goalId: m.goalId, value: m.value, measuredAt: m.measuredAt, source: m.source }
        break
      }
      case 'evaluation': {
        const e = evlM.get(id)!
        fields = { conclusion: e.conclusion, reopenStep: e.reopenStep }
        break
      }
      case 'problem_statement':
        break
    }
    const { org, authorName } = authorOf.get(id)!
    return {
      row,
      fields,
      authorOrganisation: org,
      author: row.authorUserId && authorName !== null ? { userId: row.authorUserId, name: authorName } : null,
      ratings: (ratM.get(id) ?? []).map((r) => ({ organisationId: r.organisationId, score: r.score })),
      positions: (posM.get(id) ?? []).map((p) => ({
        organisationId: p.organisationId,
        position: p.position,
        reason: p.reason,
      })),
      commitments: (comM.get(id) ?? []).map((c) => ({
        organisationId: c.organisationId,
        status: c.status,
        reason: c.reason,
      })),
      commentCount: ccM.get(id) ?? 0,
    }
  })
}
