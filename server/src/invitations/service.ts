import type { CreateInvitationBody } from '@vp/shared'
import { and, eq, isNull } from 'drizzle-orm'
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../config.ts'
import type { Db, Tx } from '../db/client.ts'
import { caseMembers, invitations, users } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent, eventActor, lockCase } from '../events/append.ts'
import { conflict, notFound } from '../http/errors.ts'
import { takeHit } from '../limits/counters.ts'
import type { Mailer } from '../mail/mailer.ts'
import { assertUsableInCase } from '../organisations/service.ts'
import type { Member } from '../policy/policy.ts'
import { newLink } from './links.ts'
import { mailFactsOf } from './message.ts'
import { cancelQueued, deliver, recordMessage } from './outbox.ts'
import { presentInvitations } from './present.ts'

/**
 * Counts one invitation mail against the inviter's hourly and the case's daily limit, in the
 * caller's transaction: a request refused later (409, 429) is not counted.
 */
async function countInvitationMail(tx: Tx, config: Config, userId: string, caseId: string, log?: FastifyBaseLogger) {
  await takeHit(
    tx,
    { name: 'invitations.user', max: config.INVITATIONS_PER_USER_PER_HOUR, windowSeconds: 3600 },
    userId,
    log,
  )
  await takeHit(
    tx,
    { name: 'invitations.case', max: config.INVITATIONS_PER_CASE_PER_DAY, windowSeconds: 24 * 3600 },
    caseId,
    log,
  )
}

/**
 * Invites a person by email for an organisation and role. The link is personal and single use;
 * only its hash is stored, and the outbox keeps the message without it. Mailed when SMTP is
 * configured (a failed attempt is queued and retried); otherwise the link is returned to pass on.
 */
export async function createInvitation(
  db: Db,
  config: Config,
  mailer: Mailer,
  actor: Member,
  caseId: string,
  body: CreateInvitationBody,
  log?: FastifyBaseLogger,
) {
  const { invitationId, delivery } = await inTransaction(db, async (tx) => {
    const theCase = await lockCase(tx, caseId)
    // A proposal of another case, or a merged one, is as unknown here as an id that does not exist.
    await assertUsableInCase(tx, body.organisationId, caseId)
    const [already] = await tx
      .select({ id: caseMembers.id })
      .from(caseMembers)
      .innerJoin(users, eq(users.id, caseMembers.userId))
      .where(and(eq(caseMembers.caseId, caseId), eq(users.email, body.email), isNull(caseMembers.removedAt)))
    if (already) throw conflict('Deze persoon is al lid van het dossier', [{ path: 'body.email', message: 'Al lid' }])
    const [open] = await tx
      .select({ id: invitations.id, expiresAt: invitations.expiresAt })
      .from(invitations)
      .where(and(eq(invitations.caseId, caseId), eq(invitations.email, body.email), eq(invitations.state, 'pending')))
    if (open && open.expiresAt.getTime() > Date.now()) {
      throw conflict('Er staat al een uitnodiging open voor dit e-mailadres; verstuur die opnieuw', [
        { path: 'body.email', message: 'Al uitgenodigd' },
      ])
    }
    await countInvitationMail(tx, config, actor.user.id, caseId, log)
    const id = crypto.randomUUID()
    const issued = newLink(config, theCase.problemType)
    await tx.insert(invitations).values({
      id,
      email: body.email,
      organisationId: body.organisationId,
      role: body.role,
      message: body.message ?? null,
      caseTitle: theCase.title,
      caseGemeente: theCase.gemeente,
      caseId,
      tokenHash: issued.tokenHash,
      expiresAt: issued.expiresAt,
      invitedByUserId: actor.user.id,
    })
    const delivery = await recordMessage(
      tx,
      mailer,
      caseId,
      { id, email: body.email },
      issued,
      await mailFactsOf(tx, id),
    )
    await appendEvent(tx, {
      caseId,
      type: 'invitation.created',
      actor: eventActor(actor.user, actor.membership.organisationId),
      entityType: 'invitation',
      entityId: id,
      step: 1,
      payload: { email: body.email, organisationId: body.organisationId, role: body.role },
    })
    return { invitationId: id, delivery }
  })
  await deliver(db, mailer, config, delivery, log)
  const [invitation] = await presentInvitations(db, caseId, invitationId)
  // With SMTP the link travels only by mail: a failed attempt is retried with a fresh link.
  return { invitation: invitation!, link: mailer.enabled ? null : delivery.link }
}

/** A new link for a pending or expired invitation; the old link stops working. */
export async function resendInvitation(
  db: Db,
  config: Config,
  mailer: Mailer,
  actor: Member,
  caseId: string,
  invitationId: string,
  log?: FastifyBaseLogger,
) {
  const delivery = await inTransaction(db, async (tx) => {
    const theCase = await lockCase(tx, caseId)
    const [inv] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.id, invitationId), eq(invitations.caseId, caseId)))
    if (!inv) throw notFound('Uitnodiging niet gevonden')
    if (inv.state !== 'pending')
      throw conflict(inv.state === 'accepted' ? 'Deze uitnodiging is al aangenomen' : 'Deze uitnodiging is ingetrokken')
    await countInvitationMail(tx, config, actor.user.id, caseId, log)
    const issued = newLink(config, theCase.problemType)
    await tx
      .update(invitations)
      .set({
        tokenHash: issued.tokenHash,
        expiresAt: issued.expiresAt,
        caseTitle: theCase.title,
        caseGemeente: theCase.gemeente,
        sendCount: inv.sendCount + 1,
        updatedAt: new Date(),
      })
      .where(eq(invitations.id, invitationId))
    // A queued earlier message would, when retried, replace this new link with yet another one.
    await cancelQueued(tx, invitationId, 'Vervangen door een nieuwe verzending')
    const delivery = await recordMessage(tx, mailer, caseId, inv, issued, await mailFactsOf(tx, invitationId))
    await appendEvent(tx, {
      caseId,
      type: 'invitation.resent',
      actor: eventActor(actor.user, actor.membership.organisationId),
      entityType: 'invitation',
      entityId: invitationId,
      step: 1,
      payload: { email: inv.email },
    })
    return delivery
  })
  await deliver(db, mailer, config, delivery, log)
  const [invitation] = await presentInvitations(db, caseId, invitationId)
  return { invitation: invitation!, link: mailer.enabled ? null : delivery.link }
}

/** Revokes an open invitation: its link stops working and its queued mail is dropped. */
export async function revokeInvitation(db: Db, actor: Member, caseId: string, invitationId: string) {
  await inTransaction(db, async (tx) => {
    await lockCase(tx, caseId)
    const [inv] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.id, invitationId), eq(invitations.caseId, caseId)))
    if (!inv) throw notFound('Uitnodiging niet gevonden')
    if (inv.state === 'accepted')
      throw conflict('Deze uitnodiging is al aangenomen; verwijder het lid uit de projectgroep')
    if (inv.state === 'revoked') return
    await tx
      .update(invitations)
      .set({ state: 'revoked', revokedAt: new Date(), updatedAt: new Date() })
      .where(eq(invitations.id, invitationId))
    await cancelQueued(tx, invitationId, 'De uitnodiging is ingetrokken')
    await appendEvent(tx, {
      caseId,
      type: 'invitation.revoked',
      actor: eventActor(actor.user, actor.membership.organisationId),
      entityType: 'invitation',
      entityId: invitationId,
      step: 1,
      payload: { email: inv.email },
    })
  })
}
