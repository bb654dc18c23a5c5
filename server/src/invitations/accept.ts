import type { AcceptInvitationBody, PublicInvitation } from '@vp/shared'
import { and, eq, isNull } from 'drizzle-orm'
import { hashToken } from '../auth/links.ts'
import { assertStrongPassword, hashPassword } from '../auth/passwords.ts'
import { approvalRefused, checkCredentials } from '../auth/service.ts'
import type { SessionUser } from '../auth/sessions.ts'
import type { Db, DbOrTx } from '../db/client.ts'
import { caseMembers, caseOrganisations, cases, invitations, organisations, users } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent, lockCase } from '../events/append.ts'
import { AppError, badRequest, conflict, forbidden, notFound, unauthenticated } from '../http/errors.ts'
import { cancelQueued } from './outbox.ts'
import { stateOf } from './present.ts'

async function findByToken(db: DbOrTx, token: string) {
  const [row] = await db
    .select({ inv: invitations, theCase: cases, org: organisations, by: users })
    .from(invitations)
    .innerJoin(cases, eq(cases.id, invitations.caseId))
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .innerJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(eq(invitations.tokenHash, hashToken(token)))
  if (!row)
    throw notFound('Deze uitnodiging bestaat niet. Controleer de link, of vraag de projectleider om een nieuwe.')
  return row
}

const EXPLANATIONS: Record<PublicInvitation['state'], (by: string) => string> = {
  pending: () => 'U bent uitgenodigd. Maak een account aan of log in om mee te doen.',
  accepted: (by) =>
    `Deze uitnodiging is al gebruikt. Log in om het dossier te openen, of vraag ${by} om een nieuwe uitnodiging.`,
  expired: (by) => `Deze uitnodiging is verlopen. Vraag ${by} om de uitnodiging opnieuw te versturen.`,
  revoked: (by) => `Deze uitnodiging is ingetrokken. Neem contact op met ${by} als u toch mee wilt doen.`,
}

const CASE_CLOSED = (by: string) =>
  `Het dossier is gesloten; u kunt nu niet meedoen. Vraag ${by} het dossier te heropenen als u toch mee wilt doen.`

/** What the invitee sees before accepting; the case id only once they are in. */
export async function describeInvitation(db: Db, token: string): Promise<PublicInvitation> {
  const { inv, theCase, org, by } = await findByToken(db, token)
  const state = stateOf(inv)
  // Whether the address has an account is not said here: whoever holds the link (the inviter,
  // when no mail was sent) would learn it. The invitee's page offers both ways in.
  const closed = state === 'pending' && theCase.status === 'closed'
  return {
    // A link that still works shows the case as it is; one that no longer does, only what its mail said.
    caseTitle: state === 'pending' ? theCase.title : (inv.caseTitle ?? theCase.title),
    gemeente: state === 'pending' ? theCase.gemeente : (inv.caseGemeente ?? theCase.gemeente),
    organisation: { id: org.id, name: org.name, type: org.type },
    role: inv.role,
    email: inv.email,
    invitedBy: { name: by.name, email: by.email },
    state,
    explanation: closed ? CASE_CLOSED(by.name) : EXPLANATIONS[state](by.name),
    expiresAt: inv.expiresAt.toISOString(),
    caseId: state === 'accepted' ? theCase.id : null,
    caseClosed: closed,
  }
}

/** The domain part of an address, lower-case. */
export const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase()

/**
 * Accepts an invitation: creates the account when the email has none (name and password), signs
 * in with the password when it has one, or joins as the signed-in user with that email. Single use.
 * A new account is active only for an address in the organisation's e-mail domains; otherwise it
 * is made `pending` (its seat in the case exists) and nobody is signed in until an administrator
 * approves it: a projectleider cannot mint accounts of another organisation by inviting.
 * Returns the user to sign in (when not signed in already), the account's approval and the case id.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  signedIn: SessionUser | null,
  body: AcceptInvitationBody,
): Promise<{ userId: string; caseId: string; signIn: boolean; approval: 'approved' | 'pending' }> {
  const { inv, by } = await findByToken(db, token)
  const state = stateOf(inv)
  if (state !== 'pending') throw conflict(EXPLANATIONS[state](by.name))
  const [account] = await db.select().from(users).where(eq(users.email, inv.email))

  let userId: string
  let signIn = false
  let newAccount: { name: string; passwordHash: string } | null = null
  let approval: 'approved' | 'pending' = 'approved'
  if (signedIn) {
    if (signedIn.email !== inv.email) {
      throw forbidden(`Deze uitnodiging is voor ${inv.email}; u bent ingelogd als ${signedIn.email}. Log eerst uit.`)
    }
    userId = signedIn.id
  } else {
    // Every answer below is the same whether or not the address has an account (the inviter may
    // hold this link): missing fields and a weak new password are judged on the body alone, and
    // a password without a name, for an address without an account, fails like a wrong one.
    const fields = [
      ...(body.password || body.name ? [] : [{ path: 'body.name', message: 'Vul uw naam in' }]),
      ...(body.password ? [] : [{ path: 'body.password', message: 'Vul een wachtwoord in' }]),
    ]
    if (fields.length)
      throw badRequest('Vul uw wachtwoord in, of uw naam en een nieuw wachtwoord om een account te maken', fields)
    const password = body.password!
    if (body.name) {
      if (password.length < 12 || password.length > 128) {
        throw badRequest('Een wachtwoord heeft 12 tot 128 tekens', [
          { path: 'body.password', message: '12 tot 128 tekens' },
        ])
      }
      assertStrongPassword(password, [inv.email, body.name])
    }
    if (account || !body.name) {
      // Same work for an unknown address (a dummy hash), so the time taken tells nothing either.
      const ok = await checkCredentials(db, inv.email, password)
      if (!ok || !account) throw unauthenticated('E-mailadres of wachtwoord klopt niet')
      if (account.approval !== 'approved') throw approvalRefused(account.approval)
      userId = account.id
      signIn = true
    } else {
      newAccount = { name: body.name, passwordHash: await hashPassword(password) }
      userId = ''
      const [org] = await db
        .select({ emailDomains: organisations.emailDomains })
        .from(organisations)
        .where(eq(organisations.id, inv.organisationId))
      approval = org?.emailDomains.includes(domainOf(inv.email)) ? 'approved' : 'pending'
      signIn = approval === 'approved'
    }
  }

  const joined = await inTransaction(db, async (tx) => {
    // A closed case takes no new members until its projectleider reopens it, as it takes no other change.
    if ((await lockCase(tx, inv.caseId)).status === 'closed')
      throw new AppError(409, 'case_closed', CASE_CLOSED(by.name))
    // The conditional update is the lock: of two simultaneous accepts only one finds it pending.
    const taken = await tx
      .update(invitations)
      .set({ state: 'accepted', acceptedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(invitations.id, inv.id), eq(invitations.state, 'pending')))
      .returning({ id: invitations.id })
    if (taken.length === 0) throw conflict(EXPLANATIONS.accepted(by.name))
    if (newAccount) {
      const [created] = await tx
        .insert(users)
        .values({
          email: inv.email,
          name: newAccount.name,
          passwordHash: newAccount.passwordHash,
          organisationId: inv.organisationId,
          approval,
          approvalInvitationId: approval === 'pending' ? inv.id : null,
        })
        .returning({ id: users.id })
      userId = created!.id
    }
    await tx.update(invitations).set({ acceptedByUserId: userId }).where(eq(invitations.id, inv.id))
    await cancelQueued(tx, inv.id, 'De uitnodiging is aangenomen')
    const [member] = await tx
      .select({ id: caseMembers.id })
      .from(caseMembers)
      .where(and(eq(caseMembers.caseId, inv.caseId), eq(caseMembers.userId, userId), isNull(caseMembers.removedAt)))
    const actor = { userId, organisationId: inv.organisationId }
    await appendEvent(tx, {
      caseId: inv.caseId,
      type: 'invitation.accepted',
      actor,
      entityType: 'invitation',
      entityId: inv.id,
      step: 1,
      payload: { email: inv.email, ...(approval === 'pending' ? { approval } : {}) },
    })
    if (!member) {
      await tx
        .insert(caseOrganisations)
        .values({ caseId: inv.caseId, organisationId: inv.organisationId })
        .onConflictDoNothing()
      const [added] = await tx
        .insert(caseMembers)
        .values({ caseId: inv.caseId, userId, organisationId: inv.organisationId, role: inv.role })
        .returning({ id: caseMembers.id })
      const [person] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId))
      await appendEvent(tx, {
        caseId: inv.caseId,
        type: 'member.added',
        actor,
        entityType: 'member',
        entityId: added!.id,
        step: 1,
        payload: { userId, name: person!.name, organisationId: inv.organisationId, role: inv.role },
      })
    }
    return inv.caseId
  })
  return { userId, caseId: joined, signIn, approval }
}
