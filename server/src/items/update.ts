import { type ItemKind, KIND_FIELDS, type UpdateItemBody } from '@vp/shared'
import { and, eq, isNull } from 'drizzle-orm'
import type { z } from 'zod'
import type { Db } from '../db/client.ts'
import { items } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent, eventActor } from '../events/append.ts'
import { badRequest, notFound, preconditionFailed } from '../http/errors.ts'
import { type Actor, authorizeItem } from '../policy/policy.ts'
import { type KindChange, linkFields, updateKindRow, writeLinks, writeParticipants } from './kind-rows.ts'
import { type LoadedItem, loadItems, unsafeFindItem } from './load.ts'
import { assertWritableStep } from './lock.ts'
import { factsOf, presentItem } from './present.ts'
import { assertTrekkerPerson, validateReferences, withWriters } from './references.ts'

const COMMON_FIELDS = new Set(['title', 'description', 'audience'])

/** The given fields, each checked against the kind's own schema (400 naming the field when one does not fit). */
function checked<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>, given: Record<string, unknown>) {
  const result = schema.partial().safeParse(given)
  if (!result.success)
    throw badRequest(
      'Ongeldige velden',
      result.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message })),
    )
  // `partial()` still fills in a default for a field the change leaves out; a change names only what it sets.
  const out = { ...result.data }
  for (const k of Object.keys(out)) if (!(k in given)) Reflect.deleteProperty(out, k)
  return out
}

/**
 * The body's fields of the item's kind, checked against that kind's schema: the update body
 * holds every field of every kind, so a field of another kind is refused by name, and a name two
 * kinds share (a signal's `source` and a measurement's) is checked as this kind defines it.
 */
function kindChange(kind: ItemKind, body: UpdateItemBody): KindChange {
  const given = Object.fromEntries(Object.entries(body).filter(([k]) => !COMMON_FIELDS.has(k)))
  const own: object = KIND_FIELDS[kind].shape
  const foreign = Object.keys(given).filter((k) => !(k in own))
  if (foreign.length)
    throw badRequest(
      `Deze velden horen niet bij een ${kind}`,
      foreign.map((k) => ({ path: `body.${k}`, message: `Hoort niet bij ${kind}` })),
    )
  switch (kind) {
    case 'signal':
      return { kind, fields: checked(KIND_FIELDS.signal, given) }
    case 'subproblem':
      return { kind, fields: checked(KIND_FIELDS.subproblem, given) }
    case 'problem_statement':
      return { kind, fields: {} }
    case 'measure':
      return { kind, fields: checked(KIND_FIELDS.measure, given) }
    case 'goal':
      return { kind, fields: checked(KIND_FIELDS.goal, given) }
    case 'action':
      return { kind, fields: checked(KIND_FIELDS.action, given) }
    case 'action_update':
      return { kind, fields: checked(KIND_FIELDS.action_update, given) }
    case 'measurement':
      return { kind, fields: checked(KIND_FIELDS.measurement, given) }
    case 'evaluation':
      return { kind, fields: checked(KIND_FIELDS.evaluation, given) }
  }
}

/** The item with some of its fields replaced: the same kind, so the same shape of fields. */
function withFields<I extends LoadedItem>(item: I, changed: Partial<I['fields']>): I {
  return { ...item, fields: { ...item.fields, ...changed } }
}

/**
 * Changes an item the caller was allowed to change (`current`, loaded and authorized by the route
 * before the If-Match check, so someone without the right learns nothing from a 412), on top of
 * the version the client saw: 412 with the current item when someone else saved first. Fields
 * that do not belong to the item's kind are refused by name.
 */
export async function updateItem(db: Db, actor: Actor, current: LoadedItem, version: number, body: UpdateItemBody) {
  authorizeItem(actor, 'item.update', factsOf(current))
  const { caseId, id: itemId } = current.row
  const change = kindChange(current.kind, body)
  const { title, description, audience: asked } = body
  const audience =
    asked === undefined
      ? undefined
      : withWriters(asked, current.row.authorOrganisationId, actor.membership.organisationId)
  if (
    change.kind === 'evaluation' &&
    current.kind === 'evaluation' &&
    change.fields.conclusion === 'bijstellen' &&
    !(change.fields.reopenStep ?? current.fields.reopenStep)
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
    const [updated] = await tx
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
    if (!updated) {
      const [now] = await loadItems(tx, { caseId, ids: [itemId] })
      if (!now) throw notFound('Onderdeel niet gevonden')
      throw preconditionFailed(presentItem(now, actor))
    }
    await validateReferences(tx, actor, caseId, change.fields, audience, current)
    if (change.kind === 'action' && current.kind === 'action') {
      const trekkerOrganisationId = change.fields.trekkerOrganisationId ?? current.fields.trekkerOrganisationId
      if (change.fields.trekkerUserId !== undefined || change.fields.trekkerOrganisationId !== undefined)
        await assertTrekkerPerson(
          tx,
          caseId,
          change.fields.trekkerUserId ?? current.fields.trekkerUserId,
          trekkerOrganisationId,
        )
    }
    const stored = await updateKindRow(tx, itemId, change)
    await writeLinks(tx, itemId, change.fields)
    if (change.kind === 'action' && current.kind === 'action') {
      const { participants, trekkerOrganisationId } = change.fields
      if (participants !== undefined || trekkerOrganisationId !== undefined) {
        await writeParticipants(
          tx,
          itemId,
          {
            trekkerOrganisationId: trekkerOrganisationId ?? current.fields.trekkerOrganisationId,
            participants: participants ?? current.fields.participants,
            replace: participants !== undefined,
          },
          current.row.authorOrganisationId,
          false,
        )
        reload = true
      }
    }
    next = withFields({ ...current, row: updated }, { ...stored, ...linkFields(change.fields) })
    await appendEvent(tx, {
      caseId,
      type: 'item.updated',
      actor: eventActor(actor.user, actor.membership.organisationId),
      entityType: 'item',
      entityId: itemId,
      step: current.row.step,
      payload: { kind: current.kind, version: version + 1, ...body, ...(audience !== undefined ? { audience } : {}) },
    })
  })
  return reload ? unsafeFindItem(db, caseId, itemId) : next
}
