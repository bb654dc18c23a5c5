import { createHash, randomBytes } from 'node:crypto'
import type { AcceptInvitationBody, CreateInvitationBody, Invitation, PublicInvitation } from '@vp/shared'
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { assertStrongPassword, hashPassword } from '../auth/passwords.ts'
import { checkCredentials } from '../auth/service.ts'
import type { SessionUser } from '../auth/sessions.ts'
import { eventActor, lockCase } from '../cases/service.ts'
import type { Config } from '../config.ts'
import type { Db, DbOrTx, Tx } from '../db/client.ts'
import { caseMembers, caseOrganisations, cases, invitations, organisations, outbox, users } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent } from '../events/append.ts'
import { AppError, badRequest, conflict, forbidden, notFound, unauthenticated } from '../http/errors.ts'
import { decodeCursor, toPage } from '../http/paging.ts'
import type { Mailer } from '../mail/mailer.ts'
import type { Member } from '../policy/policy.ts'

const inviterOrganisations = alias(organisations, 'inviter_organisations')

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url')

/** An invitation is valid 14 days; for an acuut case 48 hours, because the work is in hours. */
export function invitationTtlHours(problemType: string) {
  return problemType === 'acuut' ? 48 : 14 * 24
}

type InvitationRow = typeof invitations.$inferSelect

function stateOf(inv: InvitationRow): Invitation['state'] {
  if (inv.state !== 'pending') return inv.state
  return inv.expiresAt.getTime() <= Date.now() ? 'expired' : 'pending'
}

async function presentInvitations(db: DbOrTx, caseId: string, id?: string): Promise<Invitation[]> {
  const rows = await db
    .select({ inv: invitations, org: organisations, by: users, byOrg: inviterOrganisations })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .innerJoin(users, eq(users.id, invitations.invitedByUserId))
    .leftJoin(inviterOrganisations, eq(inviterOrganisations.id, users.organisationId))
    .where(and(eq(invitations.caseId, caseId), id ? eq(invitations.id, id) : undefined))
    .orderBy(desc(invitations.createdAt))
  const deliveries = await db
    .select({ invitationId: outbox.invitationId, status: outbox.status, createdAt: outbox.createdAt })
    .from(outbox)
    .where(eq(outbox.caseId, caseId))
    .orderBy(desc(outbox.createdAt))
  const latest = new Map<string, Invitation['delivery']>()
  for (const d of deliveries) if (d.invitationId && !latest.has(d.invitationId)) latest.set(d.invitationId, d.status)
  return rows.map(({ inv, org, by, byOrg }) => ({
    id: inv.id,
    email: inv.email,
    organisation: { id: org.id, name: org.name, type: org.type },
    role: inv.role,
    message: inv.message,
    state: stateOf(inv),
    expiresAt: inv.expiresAt.toISOString(),
    invitedBy: {
      userId: by.id,
      name: by.name,
      organisation: byOrg ? { id: byOrg.id, name: byOrg.name, type: byOrg.type } : null,
    },
    createdAt: inv.createdAt.toISOString(),
    acceptedAt: inv.acceptedAt?.toISOString() ?? null,
    revokedAt: inv.revokedAt?.toISOString() ?? null,
    sendCount: inv.sendCount,
    delivery: latest.get(inv.id) ?? 'not_sent',
  }))
}

export const listInvitations = (db: Db, caseId: string) => presentInvitations(db, caseId)

function composeMessage(opts: {
  caseTitle: string
  gemeente: string
  organisation: string
  role: string
  inviter: string
  message: string | null
  link: string
  expiresAt: Date
}) {
  const roleText =
    { projectleider: 'projectleider', partner: 'partner', waarnemer: 'waarnemer' }[opts.role] ?? opts.role
  const until = opts.expiresAt.toLocaleString('nl-NL', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Amsterdam',
  })
  const lines = [
    `${opts.inviter} nodigt u uit om als ${roleText} namens ${opts.organisation} mee te werken aan het dossier`,
    `"${opts.caseTitle}" (${opts.gemeente}) in de Veiligheidsplanner.`,
    '',
    ...(opts.message ? [opts.message, ''] : []),
    'Open deze persoonlijke link om mee te doen:',
    opts.link,
    '',
    `De link werkt één keer en is geldig tot ${until}. Stuur hem niet door: hij is alleen voor u.`,
  ]
  return { subject: `Uitnodiging: ${opts.caseTitle}`, body: lines.join('\n') }
}

interface Delivery {
  outboxId: string
  to: string
  subject: string
  body: string
  link: string
}

/** Sends after the commit; the outbox row records the result. Returns whether it was sent. */
async function deliver(db: Db, mailer: Mailer, d: Delivery): Promise<boolean> {
  if (!mailer.enabled) return false
  try {
    await mailer.send({ to: d.to, subject: d.subject, text: d.body })
    await db.update(outbox).set({ status: 'sent', sentAt: new Date() }).where(eq(outbox.id, d.outboxId))
    return true
  } catch (err) {
    await db
      .update(outbox)
      .set({ status: 'failed', error: String((err as Error).message ?? err).slice(0, 500) })
      .where(eq(outbox.id, d.outboxId))
    return false
  }
}

async function issueLink(
  tx: Tx,
  config: Config,
  mailer: Mailer,
  theCase: typeof cases.$inferSelect,
  inv: { id: string; email: string; organisationId: string; role: string; message: string | null },
  inviter: SessionUser,
) {
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + invitationTtlHours(theCase.problemType) * 3_600_000)
  const link = `${config.publicOrigin}/uitnodiging/${token}`
  const [org] = await tx.select().from(organisations).where(eq(organisations.id, inv.organisationId))
  const { subject, body } = composeMessage({
    caseTitle: theCase.title,
    gemeente: theCase.gemeente,
    organisation: org!.name,
    role: inv.role,
    inviter: inviter.name,
    message: inv.message,
    link,
    expiresAt,
  })
  const record = async (): Promise<Delivery> => {
    const [row] = await tx
      .insert(outbox)
      .values({
        caseId: theCase.id,
        invitationId: inv.id,
        toEmail: inv.email,
        subject,
        body,
        status: mailer.enabled ? 'queued' : 'not_sent',
      })
      .returning({ id: outbox.id })
    return { outboxId: row!.id, to: inv.email, subject, body, link }
  }
  return { tokenHash: hashToken(token), expiresAt, record }
}

/**
 * Invites a person by email for an organisation and role. The link is personal and single use;
 * only its hash is stored. Mailed when SMTP is configured; the link is returned when it was not sent.
 */
export async function createInvitation(
  db: Db,
  config: Config,
  mailer: Mailer,
  actor: Member,
  caseId: string,
  body: CreateInvitationBody,
) {
  const { invitationId, delivery } = await inTransaction(db, async (tx) => {
    const theCase = await lockCase(tx, caseId)
    const [org] = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.id, body.organisationId))
    if (!org) throw badRequest('Onbekende organisatie', [{ path: 'body.organisationId', message: 'Bestaat niet' }])
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
    const id = crypto.randomUUID()
    const inv = {
      id,
      email: body.email,
      organisationId: body.organisationId,
      role: body.role,
      message: body.message ?? null,
    }
    const issued = await issueLink(tx, config, mailer, theCase, inv, actor.user)
    await tx.insert(invitations).values({
      ...inv,
      caseId,
      tokenHash: issued.tokenHash,
      expiresAt: issued.expiresAt,
      invitedByUserId: actor.user.id,
    })
    const delivery = await issued.record()
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
  const sent = await deliver(db, mailer, delivery)
  const [invitation] = await presentInvitations(db, caseId, invitationId)
  return { invitation: invitation!, link: sent ? null : delivery.link }
}

/** A new link for a pending or expired invitation; the old link stops working. */
export async function resendInvitation(
  db: Db,
  config: Config,
  mailer: Mailer,
  actor: Member,
  caseId: string,
  invitationId: string,
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
    const issued = await issueLink(tx, config, mailer, theCase, inv, actor.user)
    await tx
      .update(invitations)
      .set({
        tokenHash: issued.tokenHash,
        expiresAt: issued.expiresAt,
        sendCount: inv.sendCount + 1,
        updatedAt: new Date(),
      })
      .where(eq(invitations.id, invitationId))
    const delivery = await issued.record()
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
  const sent = await deliver(db, mailer, delivery)
  const [invitation] = await presentInvitations(db, caseId, invitationId)
  return { invitation: invitation!, link: sent ? null : delivery.link }
}

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

/** What the invitee sees before accepting; the case id only once they are in. */
export async function describeInvitation(db: Db, token: string): Promise<PublicInvitation> {
  const { inv, theCase, org, by } = await findByToken(db, token)
  const state = stateOf(inv)
  const [account] = await db.select({ id: users.id }).from(users).where(eq(users.email, inv.email))
  return {
    caseTitle: theCase.title,
    gemeente: theCase.gemeente,
    organisation: { id: org.id, name: org.name, type: org.type },
    role: inv.role,
    email: inv.email,
    invitedBy: { name: by.name, email: by.email },
    state,
    explanation: EXPLANATIONS[state](by.name),
    expiresAt: inv.expiresAt.toISOString(),
    hasAccount: account !== undefined,
    caseId: state === 'accepted' ? theCase.id : null,
  }
}

/**
 * Accepts an invitation: creates the account when the email has none (name and password), signs
 * in with the password when it has one, or joins as the signed-in user with that email. Single use.
 * Returns the user to sign in (when not signed in already) and the case id.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  signedIn: SessionUser | null,
  body: AcceptInvitationBody,
): Promise<{ userId: string; caseId: string; signIn: boolean }> {
  const { inv, by } = await findByToken(db, token)
  const state = stateOf(inv)
  if (state !== 'pending') throw conflict(EXPLANATIONS[state](by.name))
  const [account] = await db.select().from(users).where(eq(users.email, inv.email))

  let userId: string
  let signIn = false
  let newAccount: { name: string; passwordHash: string } | null = null
  if (signedIn) {
    if (signedIn.email !== inv.email) {
      throw forbidden(`Deze uitnodiging is voor ${inv.email}; u bent ingelogd als ${signedIn.email}. Log eerst uit.`)
    }
    userId = signedIn.id
  } else if (account) {
    if (!body.password) {
      throw unauthenticatedWithField('Log in met het wachtwoord van uw account om mee te doen')
    }
    const ok = await checkCredentials(db, inv.email, body.password)
    if (!ok) throw unauthenticated('E-mailadres of wachtwoord klopt niet')
    userId = account.id
    signIn = true
  } else {
    const fields = [
      ...(body.name ? [] : [{ path: 'body.name', message: 'Vul uw naam in' }]),
      ...(body.password ? [] : [{ path: 'body.password', message: 'Kies een wachtwoord' }]),
    ]
    if (fields.length) throw badRequest('Vul uw naam en een wachtwoord in om een account te maken', fields)
    if (body.password!.length < 12 || body.password!.length > 128) {
      throw badRequest('Een wachtwoord heeft 12 tot 128 tekens', [
        { path: 'body.password', message: '12 tot 128 tekens' },
      ])
    }
    assertStrongPassword(body.password!, [inv.email, body.name!])
    newAccount = { name: body.name!, passwordHash: await hashPassword(body.password!) }
    userId = ''
    signIn = true
  }

  const joined = await inTransaction(db, async (tx) => {
    await lockCase(tx, inv.caseId)
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
        })
        .returning({ id: users.id })
      userId = created!.id
    }
    await tx.update(invitations).set({ acceptedByUserId: userId }).where(eq(invitations.id, inv.id))
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
      payload: { email: inv.email },
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
  return { userId, caseId: joined, signIn }
}

function unauthenticatedWithField(message: string) {
  return new AppError(401, 'unauthenticated', message, [{ path: 'body.password', message: 'Vul uw wachtwoord in' }])
}

export async function listOutbox(db: Db, caseId: string, limit: number, cursor?: string) {
  const after = decodeCursor(cursor, ['date', 'uuid'])
  const rows = await db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.caseId, caseId),
        after
          ? or(
              lt(outbox.createdAt, new Date(after[0]!)),
              and(eq(outbox.createdAt, new Date(after[0]!)), lt(outbox.id, after[1]!)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(limit + 1)
  return toPage(
    rows,
    limit,
    (m) => ({
      id: m.id,
      to: m.toEmail,
      subject: m.subject,
      body: m.body,
      status: m.status,
      error: m.error,
      invitationId: m.invitationId,
      createdAt: m.createdAt.toISOString(),
      sentAt: m.sentAt?.toISOString() ?? null,
    }),
    (m) => [m.createdAt.toISOString(), m.id],
  )
}
