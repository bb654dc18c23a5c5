import type { CreateItemBody, FieldsOf, ItemKind } from '@vp/shared'
import { and, eq, notInArray } from 'drizzle-orm'
import type { Tx } from '../db/client.ts'
import {
  actionParticipants,
  actions,
  actionUpdates,
  commitments,
  evaluations,
  goals,
  itemLinks,
  measurements,
  measures,
  signals,
} from '../db/schema.ts'
import type { FieldsInput } from './references.ts'

/** A change to the fields of one kind of item: only the fields it names, each of that kind. */
export type KindChange = { [K in ItemKind]: { kind: K; fields: Partial<FieldsOf<K>> } }[ItemKind]

type Participant = FieldsOf<'action'>['participants'][number]

/** The fields of each kind that are columns of its own table (links and participants have tables of their own). */
const COLUMNS = {
  signal: ['source', 'reliability', 'location', 'period', 'involved', 'figure', 'figureUnit'],
  measure: ['ownerOrganisationId', 'since', 'yearlyCost', 'hoursPerWeek', 'effect'],
  goal: ['indicator', 'unit', 'direction', 'baseline', 'baselineDate', 'target', 'targetDate'],
  action: ['trekkerOrganisationId', 'trekkerUserId', 'startDate', 'dueDate', 'cost', 'payerOrganisationId'],
  action_update: ['actionId', 'status'],
  measurement: ['goalId', 'value', 'measuredAt', 'source'],
  evaluation: ['conclusion', 'reopenStep'],
} as const

/** The given keys of an object that are set (an update names only what changes). */
function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>
  for (const k of keys) if (from[k] !== undefined) out[k] = from[k]
  return out
}

const isEmpty = (o: object) => Object.keys(o).length === 0

/** Inserts the row of a new item's kind. */
export async function insertKindRow(tx: Tx, itemId: string, body: CreateItemBody) {
  switch (body.kind) {
    case 'signal':
      return void (await tx.insert(signals).values({ itemId, ...pick(body, COLUMNS.signal) }))
    case 'measure':
      return void (await tx.insert(measures).values({ itemId, ...pick(body, COLUMNS.measure) }))
    case 'goal':
      return void (await tx.insert(goals).values({ itemId, ...pick(body, COLUMNS.goal) }))
    case 'action':
      return void (await tx.insert(actions).values({ itemId, ...pick(body, COLUMNS.action) }))
    case 'action_update':
      return void (await tx.insert(actionUpdates).values({ itemId, ...pick(body, COLUMNS.action_update) }))
    case 'measurement':
      return void (await tx.insert(measurements).values({ itemId, ...pick(body, COLUMNS.measurement) }))
    case 'evaluation':
      return void (await tx.insert(evaluations).values({ itemId, ...pick(body, COLUMNS.evaluation) }))
    case 'subproblem':
    case 'problem_statement':
      return
  }
}

/** Updates the row of the item's kind; returns its columns as stored, or null when none of them changed. */
export async function updateKindRow(tx: Tx, itemId: string, change: KindChange): Promise<FieldsInput | null> {
  switch (change.kind) {
    case 'signal': {
      const set = pick(change.fields, COLUMNS.signal)
      if (isEmpty(set)) return null
      const [row] = await tx.update(signals).set(set).where(eq(signals.itemId, itemId)).returning()
      return row ? pick(row, COLUMNS.signal) : null
    }
    case 'measure': {
      const set = pick(change.fields, COLUMNS.measure)
      if (isEmpty(set)) return null
      const [row] = await tx.update(measures).set(set).where(eq(measures.itemId, itemId)).returning()
      return row ? pick(row, COLUMNS.measure) : null
    }
    case 'goal': {
      const set = pick(change.fields, COLUMNS.goal)
      if (isEmpty(set)) return null
      const [row] = await tx.update(goals).set(set).where(eq(goals.itemId, itemId)).returning()
      return row ? pick(row, COLUMNS.goal) : null
    }
    case 'action': {
      const set = pick(change.fields, COLUMNS.action)
      if (isEmpty(set)) return null
      const [row] = await tx.update(actions).set(set).where(eq(actions.itemId, itemId)).returning()
      return row ? pick(row, COLUMNS.action) : null
    }
    case 'action_update': {
      const set = pick(change.fields, COLUMNS.action_update)
      if (isEmpty(set)) return null
      const [row] = await tx.update(actionUpdates).set(set).where(eq(actionUpdates.itemId, itemId)).returning()
      return row ? pick(row, COLUMNS.action_update) : null
    }
    case 'measurement': {
      const set = pick(change.fields, COLUMNS.measurement)
      if (isEmpty(set)) return null
      const [row] = await tx.update(measurements).set(set).where(eq(measurements.itemId, itemId)).returning()
      return row ? pick(row, COLUMNS.measurement) : null
    }
    case 'evaluation': {
      const set = pick(change.fields, COLUMNS.evaluation)
      if (isEmpty(set)) return null
      const [row] = await tx.update(evaluations).set(set).where(eq(evaluations.itemId, itemId)).returning()
      return row ? pick(row, COLUMNS.evaluation) : null
    }
    case 'subproblem':
    case 'problem_statement':
      return null
  }
}

/** The link fields the input names, each id once: what the item's links are after writing them. */
export function linkFields(f: FieldsInput): FieldsInput {
  const once = (ids: string[]) => [...new Set(ids)]
  return {
    ...('signalIds' in f && f.signalIds ? { signalIds: once(f.signalIds) } : {}),
    ...('subproblemIds' in f && f.subproblemIds ? { subproblemIds: once(f.subproblemIds) } : {}),
    ...('goalIds' in f && f.goalIds ? { goalIds: once(f.goalIds) } : {}),
  }
}

/** Replaces the links the input names (signals of a sub-problem, sub-problems of a measure or goal, goals of an action). */
export async function writeLinks(tx: Tx, id: string, f: FieldsInput) {
  const given = linkFields(f)
  const sets: [string[] | undefined, 'signal' | 'subproblem' | 'goal'][] = [
    ['signalIds' in given ? given.signalIds : undefined, 'signal'],
    ['subproblemIds' in given ? given.subproblemIds : undefined, 'subproblem'],
    ['goalIds' in given ? given.goalIds : undefined, 'goal'],
  ]
  for (const [ids, relation] of sets) {
    if (ids === undefined) continue
    await tx.delete(itemLinks).where(and(eq(itemLinks.fromItemId, id), eq(itemLinks.relation, relation)))
    if (ids.length) await tx.insert(itemLinks).values(ids.map((to) => ({ fromItemId: id, toItemId: to, relation })))
  }
}

/**
 * Keeps an action's participants and commitments in line with its trekker and participants: every
 * involved organisation has a commitment, pending until it accepts or declines. The organisation
 * that writes a new action commits by writing it; organisations no longer involved lose theirs.
 * `participants` replaces the stored list when `replace` is set.
 */
export async function writeParticipants(
  tx: Tx,
  id: string,
  action: { trekkerOrganisationId: string; participants: Participant[]; replace: boolean },
  authorOrganisationId: string,
  isNew: boolean,
) {
  const { trekkerOrganisationId, participants, replace } = action
  if (replace) {
    await tx.delete(actionParticipants).where(eq(actionParticipants.actionId, id))
    const unique = new Map(participants.map((p) => [p.organisationId, p.hours]))
    if (unique.size)
      await tx
        .insert(actionParticipants)
        .values([...unique].map(([organisationId, hours]) => ({ actionId: id, organisationId, hours })))
  }
  const involved = [...new Set([trekkerOrganisationId, ...participants.map((p) => p.organisationId)])]
  await tx
    .delete(commitments)
    .where(and(eq(commitments.actionId, id), notInArray(commitments.organisationId, involved)))
  await tx
    .insert(commitments)
    .values(
      involved.map((organisationId) => ({
        actionId: id,
        organisationId,
        status: organisationId === authorOrganisationId && isNew ? ('accepted' as const) : ('pending' as const),
      })),
    )
    .onConflictDoNothing()
}
