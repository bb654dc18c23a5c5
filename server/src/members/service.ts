import type { UpdateMemberBody } from '@vp/shared'
import { and, eq, isNull, sql } from 'drizzle-orm'
import { listMembers } from '../cases/service.ts'
import type { Db } from '../db/client.ts'
import { caseMembers, caseOrganisations } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent, eventActor, lockCase } from '../events/append.ts'
import { badRequest, conflict, notFound, preconditionFailed } from '../http/errors.ts'
import { authorize, type Member } from '../policy/policy.ts'

const SEAT_FIELDS = ['belang', 'roleText', 'commitment', 'commitmentNote'] as const

async function findActiveMember(
  db: Db | Parameters<Parameters<Db['transaction']>[0]>[0],
  caseId: string,
  memberId: string,
) {
  const [m] = await db
    .select()
    .from(caseMembers)
    .where(and(eq(caseMembers.id, memberId), eq(caseMembers.caseId, caseId), isNull(caseMembers.removedAt)))
  if (!m) throw notFound('Lid niet gevonden')
  return m
}

/**
 * Changes a seat: the role (projectleider only) and the organisation's belang, role text and
 * commitment (projectleider, or a partner for its own organisation). Seat fields belong to the
 * organisation, so every seat of that organisation in the case gets a new version.
 */
export async function updateMember(
  db: Db,
  actor: Member,
  caseId: string,
  memberId: string,
  version: number,
  body: UpdateMemberBody,
) {
  return inTransaction(db, async (tx) => {
    await lockCase(tx, caseId)
    const member = await findActiveMember(tx, caseId, memberId)
    const fields = Object.keys(body).filter((k) => body[k as keyof UpdateMemberBody] !== undefined)
    authorize(actor, 'member.update', { organisationId: member.organisationId, fields })
    if (member.version !== version) throw preconditionFailed((await listMembers(tx, actor, caseId, memberId))[0])
    if (body.commitment === 'declined' && !body.commitmentNote) {
      const [seat] = await tx
        .select({ reason: caseOrganisations.commitmentNote })
        .from(caseOrganisations)
        .where(and(eq(caseOrganisations.caseId, caseId), eq(caseOrganisations.organisationId, member.organisationId)))
      if (!seat?.reason) {
        throw badRequest('Geef een reden als uw organisatie niet meedoet', [
          { path: 'body.commitmentNote', message: 'Verplicht bij afwijzen' },
        ])
      }
    }
    if (body.role && member.role === 'projectleider') {
      throw conflict('Draag de rol van projectleider eerst over aan een ander lid')
    }
    const now = new Date()
    const seatChanges = Object.fromEntries(SEAT_FIELDS.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]))
    if (Object.keys(seatChanges).length > 0) {
      await tx
        .insert(caseOrganisations)
        .values({ caseId, organisationId: member.organisationId, ...seatChanges })
        .onConflictDoUpdate({
          target: [caseOrganisations.caseId, caseOrganisations.organisationId],
          set: { ...seatChanges, updatedAt: now },
        })
      await tx
        .update(caseMembers)
        .set({ version: sql`${caseMembers.version} + 1`, updatedAt: now })
        .where(
          and(
            eq(caseMembers.caseId, caseId),
            eq(caseMembers.organisationId, member.organisationId),
            isNull(caseMembers.removedAt),
          ),
        )
    }
    if (body.role) {
      await tx
        .update(caseMembers)
        .set({ role: body.role, updatedAt: now, ...(Object.keys(seatChanges).length ? {} : { version: version + 1 }) })
        .where(eq(caseMembers.id, memberId))
    }
    if (fields.length > 0) {
      await appendEvent(tx, {
        caseId,
        type: 'member.updated',
        actor: eventActor(actor.user, actor.membership.organisationId),
        entityType: 'member',
        entityId: memberId,
        step: 1,
        payload: { ...body, organisationId: member.organisationId, userId: member.userId },
      })
    }
    return (await listMembers(tx, actor, caseId, memberId))[0]!
  })
}

/** Removes a member: access ends at once; their contributions stay, attributed. */
export async function removeMember(db: Db, actor: Member, caseId: string, memberId: string, version: number) {
  await inTransaction(db, async (tx) => {
    await lockCase(tx, caseId)
    const member = await findActiveMember(tx, caseId, memberId)
    if (member.version !== version) throw preconditionFailed((await listMembers(tx, actor, caseId, memberId))[0])
    if (member.role === 'projectleider') {
      throw conflict('De projectleider kan niet worden verwijderd; draag de rol eerst over')
    }
    await tx
      .update(caseMembers)
      .set({ removedAt: new Date(), removedByUserId: actor.user.id, version: version + 1, updatedAt: new Date() })
      .where(eq(caseMembers.id, memberId))
    await appendEvent(tx, {
      caseId,
      type: 'member.removed',
      actor: eventActor(actor.user, actor.membership.organisationId),
      entityType: 'member',
      entityId: memberId,
      step: 1,
      payload: { userId: member.userId, organisationId: member.organisationId },
    })
  })
}
