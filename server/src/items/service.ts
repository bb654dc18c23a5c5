import {
  type CreateItemBody,
  detectPersonalData,
  type Item,
  type ItemKind,
  type ItemView,
  KIND_FIELDS,
  STEP_OF_KIND,
  type UpdateItemBody,
} from '@vp/shared'
import { and, asc, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm'
import type { Db, DbOrTx, Tx } from '../db/client.ts'
import {
  actionParticipants,
  actions,
  actionUpdates,
  caseEvents,
  caseMembers,
  caseOrganisations,
  caseSteps,
  cases,
  comments,
  commitments,
  evaluations,
  goals,
  itemLinks,
  items,
  measurements,
  measures,
  organisations,
  signals,
  users,
} from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent, eventActor, lockCase } from '../events/append.ts'
import { badRequest, conflict, notFound, preconditionFailed } from '../http/errors.ts'
import { type Actor, authorize, authorizeItem, can, type ItemFacts, type Member, seatCan } from '../policy/policy.ts'
import { applyStepChange } from '../steps/service.ts'
import { type LoadedItem, loadItemFacts, loadItems } from './load.ts'

const COMMON_FIELDS = ['title', 'description', 'audience'] as const

/** The facts the policy module needs about an item. */
export function factsOf(item: LoadedItem): ItemFacts {
  const involved =
    item.row.kind === 'action'
      ? [
          ...new Set([
            item.fields.trekkerOrganisationId as string,
            ...(item.fields.participants as { organisationId: string }[]).map((p) => p.organisationId),
          ]),
        ]
      : undefined
  return {
    kind: item.row.kind,
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
    kind: item.row.kind,
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

/**
 * The step's status, in one statement that also locks the case row until the commit: a close of
 * the case or step waits for this write. A closed case is a conflict.
 */
export async function lockOpenCaseStep(tx: Tx, caseId: string, step: number) {
  const [s] = await tx
    .select({ caseStatus: cases.status, status: caseSteps.status })
    .from(cases)
    .leftJoin(caseSteps, and(eq(caseSteps.caseId, cases.id), eq(caseSteps.step, step)))
    .where(eq(cases.id, caseId))
    .for('update', { of: cases })
  if (!s) throw notFound()
  if (s.caseStatus === 'closed') throw conflict('Het dossier is gesloten')
  if (!s.status) throw notFound('Stap niet gevonden')
  return s.status
}

/** Writes are possible while the case is active and the step open; the projectleider may prepare a step not yet started. */
async function assertWritableStep(tx: Tx, actor: Member, caseId: string, step: number) {
  const status = await lockOpenCaseStep(tx, caseId, step)
  if (status === 'closed') throw conflict(`Stap ${step} is gesloten; de projectleider kan hem heropenen`)
  if (status === 'not_started' && actor.membership.role !== 'projectleider') {
    throw conflict(`Stap ${step} is nog niet geopend`)
  }
}

/** Organisations that take part in the case: owners, trekkers, payers and audiences must be among them. */
async function assertCaseOrganisations(
  tx: Tx,
  caseId: string,
  refs: { path: string; ids: (string | null | undefined)[] }[],
) {
  const wanted = [...new Set(refs.flatMap((r) => r.ids).filter((x): x is string => !!x))]
  if (wanted.length === 0) return
  const found = await tx
    .select({ id: caseOrganisations.organisationId })
    .from(caseOrganisations)
    .where(and(eq(caseOrganisations.caseId, caseId), inArray(caseOrganisations.organisationId, wanted)))
  const ok = new Set(found.map((f) => f.id))
  const fields = refs.flatMap((r) =>
    r.ids.some((id) => id && !ok.has(id)) ? [{ path: r.path, message: 'Geen organisatie van dit dossier' }] : [],
  )
  if (fields.length) throw badRequest('Kies organisaties uit de projectgroep', fields)
}

/**
 * Referenced items must be live items of the expected kind in this case that the caller may read:
 * a reference to an item outside the caller's audience gets the same 400 as one to an item that
 * does not exist, so nobody writes into (or learns of) what they cannot see. References the item
 * already had stay allowed: an author keeps a link someone inside a narrower audience made.
 */
async function assertItemRefs(
  tx: Tx,
  actor: Member,
  caseId: string,
  refs: { path: string; kind: ItemKind; ids: string[] }[],
  kept: ReadonlySet<string>,
) {
  const wanted = [...new Set(refs.flatMap((r) => r.ids))]
  if (wanted.length === 0) return
  const found = await loadItemFacts(tx, caseId, wanted, { liveOnly: true })
  const usable = new Map(found.filter((f) => kept.has(f.id) || can(actor, 'item.read', f)).map((f) => [f.id, f.kind]))
  const fields = refs.flatMap((r) =>
    r.ids.some((id) => usable.get(id) !== r.kind)
      ? [{ path: r.path, message: `Verwijst niet naar een ${r.kind} van dit dossier` }]
      : [],
  )
  if (fields.length) throw badRequest('Ongeldige verwijzing', fields)
}

/** The item ids an item refers to now (links, its action or its goal): kept on an update without a new check. */
function currentRefs(item: LoadedItem | undefined): Set<string> {
  if (!item) return new Set()
  const f = item.fields
  return new Set(
    [
      ...((f.signalIds as string[] | undefined) ?? []),
      ...((f.subproblemIds as string[] | undefined) ?? []),
      ...((f.goalIds as string[] | undefined) ?? []),
      f.actionId as string | undefined,
      f.goalId as string | undefined,
    ].filter((x): x is string => typeof x === 'string'),
  )
}

/**
 * The audience as stored: null (every member) or the named organisations plus, always, the
 * author's organisation and the writer's own — nobody restricts an item away from the
 * organisation that wrote it, or out of their own sight.
 */
function withWriters(audience: string[] | null, ...writers: string[]): string[] | null {
  return audience === null ? null : [...new Set([...audience, ...writers])]
}

async function assertTrekkerPerson(tx: Tx, caseId: string, userId: string | null | undefined, organisationId: string) {
  if (!userId) return
  const [m] = await tx
    .select({ id: caseMembers.id })
    .from(caseMembers)
    .where(
      and(
        eq(caseMembers.caseId, caseId),
        eq(caseMembers.userId, userId),
        eq(caseMembers.organisationId, organisationId),
        isNull(caseMembers.removedAt),
      ),
    )
  if (!m)
    throw badRequest('De trekker moet lid zijn van het dossier namens de trekkende organisatie', [
      { path: 'body.trekkerUserId', message: 'Geen lid van die organisatie' },
    ])
}

type KindFields = Record<string, unknown>

async function validateReferences(
  tx: Tx,
  actor: Member,
  caseId: string,
  kind: ItemKind,
  f: KindFields,
  audience: string[] | null | undefined,
  current?: LoadedItem,
) {
  const orgRefs: { path: string; ids: (string | null | undefined)[] }[] = []
  if (audience) orgRefs.push({ path: 'body.audience', ids: audience })
  const itemRefs: { path: string; kind: ItemKind; ids: string[] }[] = []
  if (f.signalIds) itemRefs.push({ path: 'body.signalIds', kind: 'signal', ids: f.signalIds as string[] })
  if (f.subproblemIds)
    itemRefs.push({ path: 'body.subproblemIds', kind: 'subproblem', ids: f.subproblemIds as string[] })
  if (f.goalIds) itemRefs.push({ path: 'body.goalIds', kind: 'goal', ids: f.goalIds as string[] })
  if (f.actionId) itemRefs.push({ path: 'body.actionId', kind: 'action', ids: [f.actionId as string] })
  if (f.goalId) itemRefs.push({ path: 'body.goalId', kind: 'goal', ids: [f.goalId as string] })
  if (kind === 'measure' && f.ownerOrganisationId)
    orgRefs.push({ path: 'body.ownerOrganisationId', ids: [f.ownerOrganisationId as string] })
  if (kind === 'action') {
    if (f.trekkerOrganisationId)
      orgRefs.push({ path: 'body.trekkerOrganisationId', ids: [f.trekkerOrganisationId as string] })
    if (f.payerOrganisationId)
      orgRefs.push({ path: 'body.payerOrganisationId', ids: [f.payerOrganisationId as string] })
    if (f.participants)
      orgRefs.push({
        path: 'body.participants',
        ids: (f.participants as { organisationId: string }[]).map((p) => p.organisationId),
      })
  }
  await assertCaseOrganisations(tx, caseId, orgRefs)
  await assertItemRefs(tx, actor, caseId, itemRefs, currentRefs(current))
}

/** Writes the row of the item's kind; on an update returns it as stored (null when nothing changed). */
async function writeKindRow(
  tx: Tx,
  id: string,
  kind: ItemKind,
  f: KindFields,
  isNew: boolean,
): Promise<Record<string, unknown> | null> {
  const pick = (keys: string[]) => Object.fromEntries(keys.filter((k) => f[k] !== undefined).map((k) => [k, f[k]]))
  const upsert = async <T extends { itemId: unknown }>(
    table: Parameters<Tx['insert']>[0],
    values: Record<string, unknown>,
  ): Promise<Record<string, unknown> | null> => {
    if (isNew) {
      await tx.insert(table).values({ itemId: id, ...values } as never)
      return null
    }
    if (!Object.keys(values).length) return null
    const [row] = await tx
      .update(table)
      .set(values as never)
      .where(eq((table as unknown as T & { itemId: never }).itemId, id))
      .returning()
    return (row as Record<string, unknown> | undefined) ?? null
  }
  switch (kind) {
    case 'signal':
      return upsert(signals, pick(['source', 'reliability', 'location', 'period', 'involved', 'figure', 'figureUnit']))
    case 'measure':
      return upsert(measures, pick(['ownerOrganisationId', 'since', 'yearlyCost', 'hoursPerWeek', 'effect']))
    case 'goal':
      return upsert(goals, pick(['indicator', 'unit', 'direction', 'baseline', 'baselineDate', 'target', 'targetDate']))
    case 'action':
      return upsert(
        actions,
        pick(['trekkerOrganisationId', 'trekkerUserId', 'startDate', 'dueDate', 'cost', 'payerOrganisationId']),
      )
    case 'action_update':
      return upsert(actionUpdates, pick(['actionId', 'status']))
    case 'measurement':
      return upsert(measurements, pick(['goalId', 'value', 'measuredAt', 'source']))
    case 'evaluation':
      return upsert(evaluations, pick(['conclusion', 'reopenStep']))
    default:
      return null
  }
}

async function writeLinks(tx: Tx, id: string, f: KindFields) {
  const sets: [string, 'signal' | 'subproblem' | 'goal'][] = [
    ['signalIds', 'signal'],
    ['subproblemIds', 'subproblem'],
    ['goalIds', 'goal'],
  ]
  for (const [field, relation] of sets) {
    const ids = f[field] as string[] | undefined
    if (ids === undefined) continue
    await tx.delete(itemLinks).where(and(eq(itemLinks.fromItemId, id), eq(itemLinks.relation, relation)))
    if (ids.length)
      await tx.insert(itemLinks).values([...new Set(ids)].map((to) => ({ fromItemId: id, toItemId: to, relation })))
  }
}

/**
 * Keeps an action's participants and commitments in line with its trekker and participants: every
 * involved organisation has a commitment, pending until it accepts or declines. The organisation
 * that writes the action commits by writing it; organisations no longer involved lose theirs.
 */
async function writeParticipants(
  tx: Tx,
  id: string,
  f: KindFields,
  authorOrganisationId: string,
  current?: LoadedItem,
) {
  const trekker = (f.trekkerOrganisationId ?? current?.fields.trekkerOrganisationId) as string
  const given = f.participants as { organisationId: string; hours: number }[] | undefined
  const participants = given ?? (current?.fields.participants as { organisationId: string; hours: number }[]) ?? []
  if (given !== undefined) {
    await tx.delete(actionParticipants).where(eq(actionParticipants.actionId, id))
    const unique = new Map(participants.map((p) => [p.organisationId, p.hours]))
    if (unique.size)
      await tx
        .insert(actionParticipants)
        .values([...unique].map(([organisationId, hours]) => ({ actionId: id, organisationId, hours })))
  }
  const involved = [...new Set([trekker, ...participants.map((p) => p.organisationId)])]
  await tx
    .delete(commitments)
    .where(and(eq(commitments.actionId, id), notInArray(commitments.organisationId, involved)))
  await tx
    .insert(commitments)
    .values(
      involved.map((organisationId) => ({
        actionId: id,
        organisationId,
        status: organisationId === authorOrganisationId && !current ? ('accepted' as const) : ('pending' as const),
      })),
    )
    .onConflictDoNothing()
}

/** Creates an item in its step: the item, its typed row, links, and one event, in one transaction. */
export async function createItem(db: Db, actor: Actor, caseId: string, body: CreateItemBody) {
  authorize(actor, 'item.create', { kind: body.kind })
  if (body.step !== STEP_OF_KIND[body.kind]) {
    throw badRequest(`Een ${body.kind} hoort bij stap ${STEP_OF_KIND[body.kind]}`, [
      { path: 'body.step', message: `Moet ${STEP_OF_KIND[body.kind]} zijn` },
    ])
  }
  if (body.kind === 'evaluation' && body.conclusion === 'bijstellen' && !body.reopenStep) {
    throw badRequest('Kies de stap waarnaar u teruggaat', [
      { path: 'body.reopenStep', message: 'Verplicht bij bijstellen' },
    ])
  }
  const { kind, step, title, description, audience: asked, ...fields } = body as CreateItemBody & KindFields
  const organisationId = actor.membership.organisationId
  const audience = withWriters(asked ?? null, organisationId)
  const id = await inTransaction(db, async (tx) => {
    await assertWritableStep(tx, actor, caseId, step)
    await validateReferences(tx, actor, caseId, kind, fields, audience)
    if (kind === 'action')
      await assertTrekkerPerson(
        tx,
        caseId,
        fields.trekkerUserId as string | null,
        fields.trekkerOrganisationId as string,
      )
    if (kind === 'problem_statement') {
      const [existing] = await tx
        .select({ id: items.id })
        .from(items)
        .where(and(eq(items.caseId, caseId), eq(items.kind, 'problem_statement'), isNull(items.deletedAt)))
      if (existing) throw conflict('Er is al een probleemstelling; pas die aan')
    }
    const [row] = await tx
      .insert(items)
      .values({
        caseId,
        kind,
        step,
        title,
        description,
        audience,
        authorOrganisationId: organisationId,
        authorUserId: actor.user.id,
      })
      .returning({ id: items.id })
    const itemId = row!.id
    await writeKindRow(tx, itemId, kind, fields, true)
    await writeLinks(tx, itemId, fields)
    if (kind === 'action') await writeParticipants(tx, itemId, fields, organisationId)
    await appendEvent(tx, {
      caseId,
      type: 'item.created',
      actor: eventActor(actor.user, organisationId),
      entityType: 'item',
      entityId: itemId,
      step,
      payload: { kind, title, description, version: 1, ...fields, audience },
    })
    if (kind === 'evaluation') await applyConclusion(tx, actor, caseId, fields, itemId)
    return itemId
  })
  return unsafeFindItem(db, caseId, id)
}

/** An evaluation's conclusion takes effect: bijstellen reopens a step, afsluiten closes the case. */
async function applyConclusion(tx: Tx, actor: Member, caseId: string, f: KindFields, evaluationId: string) {
  if (f.conclusion === 'bijstellen' && f.reopenStep) {
    // The step event names the evaluation but never quotes it: every member reads step events,
    // and the evaluation may be restricted (ADR 014).
    await applyStepChange(tx, actor, caseId, f.reopenStep as number, null, {
      status: 'open',
      reason: 'Bijstellen na evaluatie',
      evaluationId,
    })
  }
  if (f.conclusion === 'afsluiten') {
    await tx
      .update(cases)
      .set({ status: 'closed', closedAt: new Date(), version: sql`${cases.version} + 1`, updatedAt: new Date() })
      .where(eq(cases.id, caseId))
    await appendEvent(tx, {
      caseId,
      type: 'case.closed',
      actor: eventActor(actor.user, actor.membership.organisationId),
      entityType: 'case',
      entityId: caseId,
      payload: { byEvaluation: true },
    })
  }
}

/**
 * Changes an item on top of the version the client saw: 412 with the current item when someone
 * else saved first. Fields that do not belong to the item's kind are refused by name.
 */
/**
 * Changes an item the caller was allowed to change (`current`, loaded and authorized by the route
 * before the If-Match check, so someone without the right learns nothing from a 412).
 */
export async function updateItem(db: Db, actor: Actor, current: LoadedItem, version: number, body: UpdateItemBody) {
  authorizeItem(actor, 'item.update', factsOf(current))
  const { caseId, id: itemId, kind } = current.row
  const allowed = new Set<string>([...COMMON_FIELDS, ...Object.keys(KIND_FIELDS[kind].shape)])
  const foreign = Object.keys(body).filter((k) => !allowed.has(k))
  if (foreign.length)
    throw badRequest(
      `Deze velden horen niet bij een ${kind}`,
      foreign.map((k) => ({ path: `body.${k}`, message: `Hoort niet bij ${kind}` })),
    )
  const { title, description, audience: asked, ...fields } = body as UpdateItemBody & KindFields
  const audience =
    asked === undefined
      ? undefined
      : withWriters(asked, current.row.authorOrganisationId, actor.membership.organisationId)
  if (
    kind === 'evaluation' &&
    fields.conclusion === 'bijstellen' &&
    !(fields.reopenStep ?? current.fields.reopenStep)
  ) {
    throw badRequest('Kies de stap waarnaar u teruggaat', [
      { path: 'body.reopenStep', message: 'Verplicht bij bijstellen' },
    ])
  }
  // The answer is the item as loaded before plus what this change stored (the rows come back from
  // the statements that wrote them), rather than a second load; an action whose participants
  // changed is loaded again, because its commitments follow.
  let next: LoadedItem = current
  let reload = false
  await inTransaction(db, async (tx) => {
    await assertWritableStep(tx, actor, caseId, current.row.step)
    // The version check and the row lock in one statement; only a miss needs a second look.
    const updated = await tx
      .update(items)
      .set({
        ...(title !== undefined ? { title } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(audience !== undefined ? { audience } : {}),
        version: version + 1,
        updatedAt: new Date(),
      })
      .where(and(eq(items.id, itemId), eq(items.version, version), isNull(items.deletedAt)))
      .returning()
    if (updated.length === 0) {
      const [now] = await loadItems(tx, { caseId, ids: [itemId] })
      if (!now) throw notFound('Onderdeel niet gevonden')
      throw preconditionFailed(presentItem(now, actor))
    }
    await validateReferences(tx, actor, caseId, kind, fields, audience, current)
    if (kind === 'action' && (fields.trekkerUserId !== undefined || fields.trekkerOrganisationId !== undefined)) {
      await assertTrekkerPerson(
        tx,
        caseId,
        (fields.trekkerUserId ?? current.fields.trekkerUserId) as string | null,
        (fields.trekkerOrganisationId ?? current.fields.trekkerOrganisationId) as string,
      )
    }
    const kindRow = await writeKindRow(tx, itemId, kind, fields, false)
    await writeLinks(tx, itemId, fields)
    if (kind === 'action' && (fields.participants !== undefined || fields.trekkerOrganisationId !== undefined)) {
      await writeParticipants(tx, itemId, fields, current.row.authorOrganisationId, current)
      reload = true
    }
    next = { ...current, row: updated[0]!, fields: mergeFields(current.fields, kindRow, fields) }
    await appendEvent(tx, {
      caseId,
      type: 'item.updated',
      actor: eventActor(actor.user, actor.membership.organisationId),
      entityType: 'item',
      entityId: itemId,
      step: current.row.step,
      payload: { kind, version: version + 1, ...body, ...(audience !== undefined ? { audience } : {}) },
    })
  })
  return reload ? unsafeFindItem(db, caseId, itemId) : next
}

const LINK_FIELDS = ['signalIds', 'subproblemIds', 'goalIds'] as const

/** An item's fields after a change: stored kind columns, and links as given (once each). */
function mergeFields(before: Record<string, unknown>, kindRow: Record<string, unknown> | null, f: KindFields) {
  const out = { ...before }
  for (const k of Object.keys(before)) {
    if (kindRow && k in kindRow) out[k] = kindRow[k]
  }
  for (const k of LINK_FIELDS) {
    const ids = f[k] as string[] | undefined
    if (ids !== undefined && k in before) out[k] = [...new Set(ids)]
  }
  return out
}

/** Soft-deletes an item (If-Match); its history and the event log keep it. */
/** Deletes an item the route loaded and authorized before the If-Match check (see updateItem). */
export async function deleteItem(db: Db, actor: Actor, current: LoadedItem, version: number) {
  authorizeItem(actor, 'item.delete', factsOf(current))
  const { caseId, id: itemId } = current.row
  await inTransaction(db, async (tx) => {
    await assertWritableStep(tx, actor, caseId, current.row.step)
    const done = await tx
      .update(items)
      .set({ deletedAt: new Date(), version: version + 1, updatedAt: new Date() })
      .where(and(eq(items.id, itemId), eq(items.version, version), isNull(items.deletedAt)))
      .returning({ id: items.id })
    if (done.length === 0) throw preconditionFailed(presentItem(await unsafeFindItem(tx, caseId, itemId), actor))
    await appendEvent(tx, {
      caseId,
      type: 'item.deleted',
      actor: eventActor(actor.user, actor.membership.organisationId),
      entityType: 'item',
      entityId: itemId,
      step: current.row.step,
      payload: { kind: current.row.kind, title: current.row.title, version: version + 1 },
    })
  })
}

/**
 * Every version of an item from the event log. Every event in it is about this item, so the read
 * rule decides once, on the item's current audience: outside it, only who and when.
 */
export async function itemHistory(db: Db, actor: Actor, item: LoadedItem) {
  const { caseId, id: itemId } = item.row
  const visible = can(actor, 'event.read', { item: factsOf(item) })
  const rows = await db
    .select({ e: caseEvents, name: users.name, org: organisations })
    .from(caseEvents)
    .leftJoin(users, eq(users.id, caseEvents.actorUserId))
    .leftJoin(organisations, eq(organisations.id, caseEvents.actorOrganisationId))
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.entityId, itemId)))
    .orderBy(asc(caseEvents.seq))
  return {
    restricted: !visible,
    items: rows.map(({ e, name, org }) => {
      const p = e.payload as Record<string, unknown>
      return {
        seq: e.seq,
        type: e.type,
        createdAt: e.createdAt.toISOString(),
        actor: e.actorUserId
          ? {
              userId: e.actorUserId,
              name: name ?? '',
              organisation: org ? { id: org.id, name: org.name, type: org.type } : null,
            }
          : null,
        version: typeof p.version === 'number' ? p.version : null,
        changes: visible ? p : null,
      }
    }),
  }
}

/** The thread of an item the caller may read (404 otherwise, like a missing item). */
export async function listComments(db: Db, actor: Actor, item: LoadedItem) {
  authorizeItem(actor, 'item.read', factsOf(item))
  const itemId = item.row.id
  const rows = await db
    .select({ c: comments, name: users.name, org: organisations })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorUserId))
    .innerJoin(organisations, eq(organisations.id, comments.authorOrganisationId))
    .where(eq(comments.itemId, itemId))
    .orderBy(asc(comments.createdAt), asc(comments.id))
  return {
    items: rows.map(({ c, name, org }) => ({
      id: c.id,
      itemId: c.itemId,
      author: { userId: c.authorUserId, name, organisation: { id: org.id, name: org.name, type: org.type } },
      body: c.body,
      mentions: c.mentions,
      createdAt: c.createdAt.toISOString(),
    })),
  }
}

/** Adds a comment; mentioned people must be members who can see the item (stored for notifications). */
export async function addComment(db: Db, actor: Actor, item: LoadedItem, body: string, mentions: string[]) {
  authorizeItem(actor, 'item.comment', factsOf(item))
  const { caseId, id: itemId } = item.row
  const organisationId = actor.membership.organisationId
  const id = await inTransaction(db, async (tx) => {
    const theCase = await lockCase(tx, caseId)
    if (theCase.status === 'closed') throw conflict('Het dossier is gesloten')
    if (mentions.length) {
      const members = await tx
        .select({
          userId: caseMembers.userId,
          memberId: caseMembers.id,
          role: caseMembers.role,
          organisationId: caseMembers.organisationId,
        })
        .from(caseMembers)
        .where(
          and(eq(caseMembers.caseId, caseId), inArray(caseMembers.userId, mentions), isNull(caseMembers.removedAt)),
        )
      const facts = factsOf(item)
      const visible = new Set(members.filter((m) => seatCan(m, 'item.read', facts)).map((m) => m.userId))
      if (mentions.some((m) => !visible.has(m))) {
        throw badRequest('Noem alleen leden die dit onderdeel kunnen zien', [
          { path: 'body.mentions', message: 'Geen lid, of buiten de kring' },
        ])
      }
    }
    const [row] = await tx
      .insert(comments)
      .values({
        caseId,
        itemId,
        authorUserId: actor.user.id,
        authorOrganisationId: organisationId,
        body,
        mentions: [...new Set(mentions)],
      })
      .returning({ id: comments.id })
    await appendEvent(tx, {
      caseId,
      type: 'comment.added',
      actor: eventActor(actor.user, organisationId),
      entityType: 'item',
      entityId: itemId,
      step: item.row.step,
      payload: { kind: item.row.kind, title: item.row.title, commentId: row!.id, body, mentions },
    })
    return row!.id
  })
  return (await listComments(db, actor, item)).items.find((c) => c.id === id)!
}
