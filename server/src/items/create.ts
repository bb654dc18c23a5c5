import { type CreateItemBody, STEP_OF_KIND } from '@vp/shared'
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.ts'
import { cases, items } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent, eventActor } from '../events/append.ts'
import { badRequest, conflict } from '../http/errors.ts'
import { type Actor, authorize, type Member } from '../policy/policy.ts'
import { applyStepChange, closeOpenSteps } from '../steps/service.ts'
import { insertKindRow, writeLinks, writeParticipants } from './kind-rows.ts'
import { unsafeFindItem } from './load.ts'
import { assertWritableStep } from './lock.ts'
import { assertTrekkerPerson, validateReferences, withWriters } from './references.ts'

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
  const { kind, step, title, description, audience: asked, ...fields } = body
  const organisationId = actor.membership.organisationId
  const audience = withWriters(asked ?? null, organisationId)
  const id = await inTransaction(db, async (tx) => {
    await assertWritableStep(tx, actor, caseId, step)
    await validateReferences(tx, actor, caseId, body, audience)
    if (body.kind === 'action') await assertTrekkerPerson(tx, caseId, body.trekkerUserId, body.trekkerOrganisationId)
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
    await insertKindRow(tx, itemId, body)
    await writeLinks(tx, itemId, body)
    if (body.kind === 'action')
      await writeParticipants(
        tx,
        itemId,
        { trekkerOrganisationId: body.trekkerOrganisationId, participants: body.participants, replace: true },
        organisationId,
        true,
      )
    await appendEvent(tx, {
      caseId,
      type: 'item.created',
      actor: eventActor(actor.user, organisationId),
      entityType: 'item',
      entityId: itemId,
      step,
      payload: { kind, title, description, version: 1, ...fields, audience },
    })
    if (body.kind === 'evaluation') await applyConclusion(tx, actor, caseId, body, itemId)
    return itemId
  })
  return unsafeFindItem(db, caseId, id)
}

/** An evaluation's conclusion takes effect: bijstellen reopens a step, afsluiten closes the case. */
async function applyConclusion(
  tx: Tx,
  actor: Member,
  caseId: string,
  evaluation: Extract<CreateItemBody, { kind: 'evaluation' }>,
  evaluationId: string,
) {
  if (evaluation.conclusion === 'bijstellen' && evaluation.reopenStep) {
    // The step event names the evaluation but never quotes it: every member reads step events,
    // and the evaluation may be restricted (ADR 014).
    await applyStepChange(tx, actor, caseId, evaluation.reopenStep, null, {
      status: 'open',
      reason: 'Bijstellen na evaluatie',
      // The old deadline has long passed; the projectleider sets a new one on the reopened step.
      deadline: null,
      evaluationId,
    })
  }
  if (evaluation.conclusion === 'afsluiten') {
    await closeOpenSteps(tx, actor, caseId)
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
