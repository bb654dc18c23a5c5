import type { CommitmentEntry, FieldsOf, ItemKind, PositionEntry, Rating } from '@vp/shared'
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import { type DbOrTx, preparedPerHandle } from '../db/client.ts'
import {
  actions,
  actionUpdates,
  comments,
  evaluations,
  goals,
  items,
  measurements,
  measures,
  organisations,
  signals,
  users,
} from '../db/schema.ts'
import { notFound } from '../http/errors.ts'

export type ItemRow = typeof items.$inferSelect

interface LoadedItemBase {
  row: ItemRow
  authorOrganisation: { id: string; name: string; type: (typeof organisations.$inferSelect)['type'] }
  author: { userId: string; name: string } | null
  ratings: Rating[]
  positions: PositionEntry[]
  commitments: CommitmentEntry[]
  commentCount: number
}

/**
 * An item as loaded, one member per kind: `kind` (the same as `row.kind`) narrows `fields` to that
 * kind's fields as the shared schema defines them, so a reader checks the kind instead of casting.
 */
export type LoadedItem = { [K in ItemKind]: LoadedItemBase & { kind: K; fields: FieldsOf<K> } }[ItemKind]
/** A loaded item of one kind. */
export type LoadedItemOf<K extends ItemKind> = Extract<LoadedItem, { kind: K }>

/** A filter for items of one kind: `items.filter(isKind('action'))` is a list of actions. */
export const isKind =
  <K extends ItemKind>(kind: K) =>
  (item: LoadedItem): item is LoadedItemOf<K> =>
    item.kind === kind

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

// One statement for any number of items: the kind tables joined on the item, and ratings,
// positions, commitments, participants, links and the comment count as JSON per item. Each
// statement costs the server far more than the database's work here (ADR 013).
const jsonList = (table: string, key: string, fields: Record<string, string>) =>
  sql.raw(
    `coalesce((select json_agg(json_build_object(${Object.entries(fields)
      .map(([k, col]) => `'${k}', x.${col}`)
      .join(', ')})) from ${table} x where x.${key} = "items"."id"), '[]'::json)`,
  )

/** Items with everything a page shows, as one select; the caller adds the condition. */
function selectItems(db: DbOrTx) {
  return db
    .select({
      item: items,
      org: { id: organisations.id, name: organisations.name, type: organisations.type },
      authorName: users.name,
      signal: signals,
      measure: measures,
      goal: goals,
      action: actions,
      update: actionUpdates,
      measurement: measurements,
      evaluation: evaluations,
      ratings: sql<Rating[]>`${jsonList('ratings', 'item_id', {
        organisationId: 'organisation_id',
        score: 'score',
        version: 'version',
      })}`,
      positions: sql<PositionEntry[]>`${jsonList('positions', 'item_id', {
        organisationId: 'organisation_id',
        position: 'position',
        reason: 'reason',
        version: 'version',
      })}`,
      commitments: sql<CommitmentEntry[]>`${jsonList('commitments', 'action_id', {
        organisationId: 'organisation_id',
        status: 'status',
        reason: 'reason',
        version: 'version',
      })}`,
      participants: sql<{ organisationId: string; hours: number }[]>`${jsonList('action_participants', 'action_id', {
        organisationId: 'organisation_id',
        hours: 'hours',
      })}`,
      links: sql<{ toItemId: string; relation: 'signal' | 'subproblem' | 'goal' }[]>`${jsonList(
        'item_links',
        'from_item_id',
        { toItemId: 'to_item_id', relation: 'relation' },
      )}`,
      commentCount: sql<number>`(select count(*)::int from ${comments} where ${comments.itemId} = ${items.id})`,
    })
    .from(items)
    .innerJoin(organisations, eq(organisations.id, items.authorOrganisationId))
    .leftJoin(users, eq(users.id, items.authorUserId))
    .leftJoin(signals, eq(signals.itemId, items.id))
    .leftJoin(measures, eq(measures.itemId, items.id))
    .leftJoin(goals, eq(goals.itemId, items.id))
    .leftJoin(actions, eq(actions.itemId, items.id))
    .leftJoin(actionUpdates, eq(actionUpdates.itemId, items.id))
    .leftJoin(measurements, eq(measurements.itemId, items.id))
    .leftJoin(evaluations, eq(evaluations.itemId, items.id))
}

// One item by id is what every item route asks.
const itemByIdQuery = preparedPerHandle((db: DbOrTx) =>
  selectItems(db)
    .where(
      and(eq(items.caseId, sql.placeholder('caseId')), eq(items.id, sql.placeholder('id')), isNull(items.deletedAt)),
    )
    .prepare('load_item'),
)

/**
 * What the read rule needs of some items of a case (kind, author organisation, audience as it is
 * now), in one statement; `liveOnly` leaves deleted items out.
 */
export async function loadItemFacts(db: DbOrTx, caseId: string, ids: readonly string[], opts: { liveOnly: boolean }) {
  if (ids.length === 0) return []
  return db
    .select({
      id: items.id,
      kind: items.kind,
      authorOrganisationId: items.authorOrganisationId,
      audience: items.audience,
    })
    .from(items)
    .where(
      and(eq(items.caseId, caseId), inArray(items.id, [...ids]), opts.liveOnly ? isNull(items.deletedAt) : undefined),
    )
}

/**
 * Loads items with everything a page shows: fields of their kind, links, ratings, positions,
 * commitments and comment counts. A fixed number of queries whatever the number of items.
 */
export async function loadItems(
  db: DbOrTx,
  where: { caseId: string; step?: number; ids?: string[]; includeDeleted?: boolean },
) {
  const single = where.ids?.length === 1 && !where.step && !where.includeDeleted ? itemByIdQuery(db) : null
  const joined = single
    ? await single.execute({ caseId: where.caseId, id: where.ids![0]! })
    : await selectItems(db)
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
  const present = <T>(xs: (T | null)[]) => xs.filter((x): x is T => x !== null)
  const sig = present(joined.map((j) => j.signal))
  const mea = present(joined.map((j) => j.measure))
  const goa = present(joined.map((j) => j.goal))
  const act = present(joined.map((j) => j.action))
  const upd = present(joined.map((j) => j.update))
  const msr = present(joined.map((j) => j.measurement))
  const evl = present(joined.map((j) => j.evaluation))
  const part = joined.flatMap((j) => j.participants.map((p) => ({ ...p, actionId: j.item.id })))
  const links = joined.flatMap((j) => j.links.map((l) => ({ ...l, fromItemId: j.item.id })))
  const rat = joined.flatMap((j) => j.ratings.map((r) => ({ ...r, itemId: j.item.id })))
  const pos = joined.flatMap((j) => j.positions.map((p) => ({ ...p, itemId: j.item.id })))
  const com = joined.flatMap((j) => j.commitments.map((c) => ({ ...c, actionId: j.item.id })))
  const cc = joined.map((j) => ({ itemId: j.item.id, n: j.commentCount }))

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
    const id = row.id
    const { org, authorName } = authorOf.get(id)!
    const base: LoadedItemBase = {
      row,
      authorOrganisation: org,
      author: row.authorUserId && authorName !== null ? { userId: row.authorUserId, name: authorName } : null,
      ratings: (ratM.get(id) ?? []).map((r) => ({
        organisationId: r.organisationId,
        score: r.score,
        version: r.version,
      })),
      positions: (posM.get(id) ?? []).map((p) => ({
        organisationId: p.organisationId,
        position: p.position,
        reason: p.reason,
        version: p.version,
      })),
      commitments: (comM.get(id) ?? []).map((c) => ({
        organisationId: c.organisationId,
        status: c.status,
        reason: c.reason,
        version: c.version,
      })),
      commentCount: ccM.get(id) ?? 0,
    }
    switch (row.kind) {
      case 'signal': {
        const s = sigM.get(id)!
        return {
          ...base,
          kind: row.kind,
          fields: {
            source: s.source,
            reliability: s.reliability,
            location: s.location,
            period: s.period,
            involved: s.involved,
            figure: s.figure,
            figureUnit: s.figureUnit,
          },
        }
      }
      case 'subproblem':
        return { ...base, kind: row.kind, fields: { signalIds: linked(id, 'signal') } }
      case 'problem_statement':
        return { ...base, kind: row.kind, fields: {} }
      case 'measure': {
        const m = meaM.get(id)!
        return {
          ...base,
          kind: row.kind,
          fields: {
            ownerOrganisationId: m.ownerOrganisationId,
            since: m.since,
            yearlyCost: m.yearlyCost,
            hoursPerWeek: m.hoursPerWeek,
            effect: m.effect,
            subproblemIds: linked(id, 'subproblem'),
          },
        }
      }
      case 'goal': {
        const g = goaM.get(id)!
        return {
          ...base,
          kind: row.kind,
          fields: {
            indicator: g.indicator,
            unit: g.unit,
            direction: g.direction,
            baseline: g.baseline,
            baselineDate: g.baselineDate,
            target: g.target,
            targetDate: g.targetDate,
            subproblemIds: linked(id, 'subproblem'),
          },
        }
      }
      case 'action': {
        const a = actM.get(id)!
        return {
          ...base,
          kind: row.kind,
          fields: {
            trekkerOrganisationId: a.trekkerOrganisationId,
            trekkerUserId: a.trekkerUserId,
            participants: (partM.get(id) ?? []).map((p) => ({ organisationId: p.organisationId, hours: p.hours })),
            startDate: a.startDate,
            dueDate: a.dueDate,
            cost: a.cost,
            payerOrganisationId: a.payerOrganisationId,
            goalIds: linked(id, 'goal'),
          },
        }
      }
      case 'action_update': {
        const u = updM.get(id)!
        return { ...base, kind: row.kind, fields: { actionId: u.actionId, status: u.status } }
      }
      case 'measurement': {
        const m = msrM.get(id)!
        return {
          ...base,
          kind: row.kind,
          fields: { goalId: m.goalId, value: m.value, measuredAt: m.measuredAt, source: m.source },
        }
      }
    }
    // Every other kind returned above: this is an evaluation.
    const e = evlM.get(id)!
    return { ...base, kind: row.kind, fields: { conclusion: e.conclusion, reopenStep: e.reopenStep } }
  })
}

/** Loads one item of a case without an access check; callers authorize right after. */
export async function unsafeFindItem(
  db: DbOrTx,
  caseId: string,
  itemId: string,
  opts: { includeDeleted?: boolean } = {},
): Promise<LoadedItem> {
  const [item] = await loadItems(db, { caseId, ids: [itemId], includeDeleted: opts.includeDeleted === true })
  if (!item) throw notFound('Onderdeel niet gevonden')
  return item
}
