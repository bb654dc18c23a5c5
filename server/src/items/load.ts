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

const groupBy = <T, K>(rows: T[], key: (r: T) => K) => {
  const m = new Map<K, T[]>()
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r])
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
  const rows = await db
    .select()
    .from(items)
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
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const byKind = (k: ItemKind) => rows.filter((r) => r.kind === k).map((r) => r.id)
  const some = (xs: string[]) => (xs.length ? xs : ['00000000-0000-0000-0000-000000000000'])

  const [sig, mea, goa, act, part, upd, msr, evl, links, rat, pos, com, cc, orgs, people] = await Promise.all([
    db
      .select()
      .from(signals)
      .where(inArray(signals.itemId, some(byKind('signal')))),
    db
      .select()
      .from(measures)
      .where(inArray(measures.itemId, some(byKind('measure')))),
    db
      .select()
      .from(goals)
      .where(inArray(goals.itemId, some(byKind('goal')))),
    db
      .select()
      .from(actions)
      .where(inArray(actions.itemId, some(byKind('action')))),
    db
      .select()
      .from(actionParticipants)
      .where(inArray(actionParticipants.actionId, some(byKind('action')))),
    db
      .select()
      .from(actionUpdates)
      .where(inArray(actionUpdates.itemId, some(byKind('action_update')))),
    db
      .select()
      .from(measurements)
      .where(inArray(measurements.itemId, some(byKind('measurement')))),
    db
      .select()
      .from(evaluations)
      .where(inArray(evaluations.itemId, some(byKind('evaluation')))),
    db.select().from(itemLinks).where(inArray(itemLinks.fromItemId, ids)),
    db.select().from(ratings).where(inArray(ratings.itemId, ids)),
    db.select().from(positions).where(inArray(positions.itemId, ids)),
    db.select().from(commitments).where(inArray(commitments.actionId, ids)),
    db
      .select({ itemId: comments.itemId, n: count() })
      .from(comments)
      .where(inArray(comments.itemId, ids))
      .groupBy(comments.itemId),
    db
      .select({ id: organisations.id, name: organisations.name, type: organisations.type })
      .from(organisations)
      .where(inArray(organisations.id, [...new Set(rows.map((r) => r.authorOrganisationId))])),
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, some([...new Set(rows.map((r) => r.authorUserId).filter((x): x is string => !!x))]))),
  ])
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
  const orgM = new Map(orgs.map((o) => [o.id, o]))
  const personM = new Map(people.map((p) => [p.id, p]))
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
    const person = row.authorUserId ? personM.get(row.authorUserId) : undefined
    return {
      row,
      fields,
      authorOrganisation: orgM.get(row.authorOrganisationId)!,
      author: person ? { userId: person.id, name: person.name } : null,
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
