import { createHash, randomBytes } from 'node:crypto'
import type { AcceptInvitationBody, CreateInvitationBody, Invitation, PublicInvitation } from '@vp/shared'
import { and, asc, desc, eq, isNull, lt, lte, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { FastifyBaseLogger } from 'fastify'
import { assertStrongPassword, hashPassword } from '../auth/passwords.ts'
import { approvalRefused, checkCredentials } from '../auth/service.ts'
import type { SessionUser } from '../auth/sessions.ts'
import type { Config } from '../config.ts'
import type { Db, DbOrTx, Tx } from '../db/client.ts'
import { caseMembers, caseOrganisations, cases, invitations, organisations, outbox, users } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent, eventActor, lockCase } from '../events/append.ts'
import { badRequest, conflict, forbidden, notFound, unauthenticated } from '../http/errors.ts'
import { decodeCursor, toPage } from '../http/paging.ts'
import { takeHit } from '../limits/counters.ts'
import { type Mailer, singleLine } from '../mail/mailer.ts'
import type { Member } from '../policy/policy.ts'

const inviterOrganisations = alias(organisations, 'inviter_organisations')
const acceptingUsers = alias(users, 'accepting_users')

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
    .select({
      inv: invitations,
      org: organisations,
      by: users,
      byOrg: inviterOrganisations,
      approval: acceptingUsers.approval,
    })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .innerJoin(users, eq(users.id, invitations.invitedByUserId))
    .leftJoin(inviterOrganisations, eq(inviterOrganisations.id, users.organisationId))
    .leftJoin(acceptingUsers, eq(acceptingUsers.id, invitations.acceptedByUserId))
    .where(and(eq(invitations.caseId, caseId), id ? eq(invitations.id, id) : undefined))
    .orderBy(desc(invitations.createdAt))
  const deliveries = await db
    .select({ invitationId: outbox.invitationId, status: outbox.status, createdAt: outbox.createdAt })
    .from(outbox)
    .where(eq(outbox.caseId, caseId))
    .orderBy(desc(outbox.createdAt))
  const latest = new Map<string, Invitation['delivery']>()
  for (const d of deliveries) if (d.invitationId && !latest.has(d.invitationId)) latest.set(d.invitationId, d.status)
  return rows.map(({ inv, org, by, byOrg, approval }) => ({
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
    approval: inv.state === 'accepted' ? (approval ?? null) : null,
  }))
}

export const listInvitations = (db: Db, caseId: string) => presentInvitations(db, caseId)

/** Stands in the outbox (and the message shown there) where the mail had the personal link. */
export const LINK_PLACEHOLDER = '[persoonlijke link]'

const ROLE_TEXT: Record<string, string> = { projectleider: 'projectleider', partner: 'partner', waarnemer: 'waarnemer' }

interface MailFacts {
  caseTitle: string
  gemeente: string
  organisation: string
  role: string
  inviter: string
  inviterOrganisation: string | null
  message: string | null
}

/**
 * The invitation mail, in Dutch, with LINK_PLACEHOLDER on its own line where the link goes: that
 * is what the outbox keeps. Names and the title are single-line wherever they appear; the
 * inviter's own message is quoted, so it cannot pass for the instance's text.
 */
export function composeMessage(facts: MailFacts, expiresAt: Date) {
  const until = expiresAt.toLocaleString('nl-NL', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Amsterdam',
  })
  const title = singleLine(facts.caseTitle)
  const inviter = singleLine(facts.inviter)
  const inviterOrg = facts.inviterOrganisation ? singleLine(facts.inviterOrganisation) : null
  const who = inviterOrg ? `${inviter} (${inviterOrg})` : inviter
  const lines = [
    `${who} nodigt u uit om als ${ROLE_TEXT[facts.role] ?? facts.role} namens ${singleLine(facts.organisation)} mee te werken aan het dossier "${title}" (${singleLine(facts.gemeente)}) in de Veiligheidsplanner.`,
    '',
    'De Veiligheidsplanner is de online werkplek waarin de gemeente en haar partners, zoals politie, woningcorporaties en welzijnsorganisaties, samen een veiligheidsprobleem aanpakken: in zes stappen, onder regie van een projectleider.',
    '',
    ...(facts.message
      ? [
          `Persoonlijk bericht van ${inviter}:`,
          ...facts.message.split(/\r\n|\r|\n/).map((l) => `> ${singleLine(l)}`),
          '',
        ]
      : []),
    'Open deze persoonlijke link om mee te doen:',
    LINK_PLACEHOLDER,
    '',
    `De link werkt één keer en is geldig tot ${until}. Stuur hem niet door: hij is alleen voor u.`,
    `Kent u ${inviter} niet, of verwacht u deze uitnodiging niet? Dan kunt u dit bericht negeren.`,
  ]
  return { subject: `Uitnodiging: ${title}`, body: lines.join('\n') }
}

/** The body as mailed: the placeholder line replaced by the link (a quoted line never matches). */
function withLink(body: string, link: string) {
  return body
    .split('\n')
    .map((line) => (line === LINK_PLACEHOLDER ? link : line))
    .join('\n')
}

/** A fresh personal link for an invitation: the token goes into the mail, only its hash is kept. */
function newLink(config: Config, problemType: string) {
  const token = randomBytes(32).toString('base64url')
  return {
    link: `${config.publicOrigin}/uitnodiging/${token}`,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + invitationTtlHours(problemType) * 3_600_000),
  }
}

/** What the invitation mail says, from the invitation, its case and its inviter as they are now. */
async function mailFactsOf(tx: DbOrTx, invitationId: string): Promise<MailFacts & { problemType: string }> {
  const [row] = await tx
    .select({ inv: invitations, theCase: cases, org: organisations, by: users, byOrg: inviterOrganisations })
    .from(invitations)
    .innerJoin(cases, eq(cases.id, invitations.caseId))
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .innerJoin(users, eq(users.id, invitations.invitedByUserId))
    .leftJoin(inviterOrganisations, eq(inviterOrganisations.id, users.organisationId))
    .where(eq(invitations.id, invitationId))
  if (!row) throw notFound('Uitnodiging niet gevonden')
  return {
    caseTitle: row.theCase.title,
    gemeente: row.theCase.gemeente,
    problemType: row.theCase.problemType,
    organisation: row.org.name,
    role: row.inv.role,
    inviter: row.by.name,
    inviterOrganisation: row.byOrg?.name ?? null,
    message: row.inv.message,
  }
}

interface Delivery {
  outboxId: string
  to: string
  subject: string
  /** The mail as sent, link included; never stored. */
  text: string
  link: string
}

/** How long a queued message waits before its next attempt: doubling from MAIL_RETRY_SECONDS, at most 6 hours. */
export function retryDelayMs(config: Config, attempts: number) {
  return Math.min(config.MAIL_RETRY_SECONDS * 1000 * 2 ** Math.max(0, attempts - 1), 6 * 3_600_000)
}

/**
 * While a message is being sent its `nextAttemptAt` lies this far ahead, so no retry (on this or
 * another instance) picks it up meanwhile; a crash mid-send leaves it to be retried after this.
 */
const SENDING_LEASE_MS = 2 * 60_000

/**
 * Sends after the commit; the outbox row records the attempt. A failed attempt stays queued for
 * `retryQueuedMail` until MAIL_MAX_ATTEMPTS. Returns whether it was sent.
 */
async function deliver(db: Db, mailer: Mailer, config: Config, d: Delivery, log?: FastifyBaseLogger) {
  if (!mailer.enabled) return false
  try {
    await mailer.send({ to: d.to, subject: d.subject, text: d.text })
    await db
      .update(outbox)
      .set({
        status: 'sent',
        sentAt: new Date(),
        error: null,
        nextAttemptAt: null,
        attempts: sql`${outbox.attempts} + 1`,
      })
      .where(eq(outbox.id, d.outboxId))
    return true
  } catch (err) {
    const [row] = await db.select({ attempts: outbox.attempts }).from(outbox).where(eq(outbox.id, d.outboxId))
    const attempts = (row?.attempts ?? 0) + 1
    const giveUp = attempts >= config.MAIL_MAX_ATTEMPTS
    log?.warn({ outboxId: d.outboxId, attempts, giveUp, err: (err as Error).message }, 'mail not sent')
    await db
      .update(outbox)
      .set({
        status: giveUp ? 'failed' : 'queued',
        attempts,
        nextAttemptAt: giveUp ? null : new Date(Date.now() + retryDelayMs(config, attempts)),
        error: String((err as Error).message ?? err).slice(0, 500),
      })
      .where(eq(outbox.id, d.outboxId))
    return false
  }
}

/** Queued mail of an invitation that a newer sending (or its end) replaces: never sent after all. */
async function cancelQueued(tx: Tx, invitationId: string, reason: string) {
  await tx
    .update(outbox)
    .set({ status: 'failed', error: reason, nextAttemptAt: null })
    .where(and(eq(outbox.invitationId, invitationId), eq(outbox.status, 'queued')))
}

/** Records the message in the outbox without its link; returns what to send after the commit. */
async function recordMessage(
  tx: Tx,
  mailer: Mailer,
  caseId: string,
  inv: { id: string; email: string },
  issued: { link: string; expiresAt: Date },
  facts: MailFacts,
): Promise<Delivery> {
  const { subject, body } = composeMessage(facts, issued.expiresAt)
  const [row] = await tx
    .insert(outbox)
    .values({
      caseId,
      invitationId: inv.id,
      toEmail: inv.email,
      subject,
      body,
      status: mailer.enabled ? 'queued' : 'not_sent',
      nextAttemptAt: mailer.enabled ? new Date(Date.now() + SENDING_LEASE_MS) : null,
    })
    .returning({ id: outbox.id })
  return { outboxId: row!.id, to: inv.email, subject, text: withLink(body, issued.link), link: issued.link }
}

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
    await countInvitationMail(tx, config, actor.user.id, caseId, log)
    const id = crypto.randomUUID()
    const issued = newLink(config, theCase.problemType)
    await tx.insert(invitations).values({
      id,
      email: body.email,
      organisationId: body.organisationId,
      role: body.role,
      message: body.message ?? null,
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

/**
 * Tries queued invitation mail again once its `nextAttemptAt` has come (the mail server was down,
 * or an instance stopped mid-send). The outbox holds no link, so each attempt issues a fresh
 * token for the invitation at send time: the previous link stops working. Mail of an invitation
 * that is no longer open is dropped. Never throws; returns how many were sent and tried.
 */
export async function retryQueuedMail(
  db: Db,
  mailer: Mailer,
  config: Config,
  log?: FastifyBaseLogger,
  now = new Date(),
): Promise<{ tried: number; sent: number }> {
  if (!mailer.enabled) return { tried: 0, sent: 0 }
  const due = await db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, 'queued'), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(50)
  let sent = 0
  let tried = 0
  for (const { id } of due) {
    try {
      const delivery = await inTransaction(db, async (tx) => {
        // Claiming the row is the lock: of two instances retrying at once only one gets it.
        const [claimed] = await tx
          .update(outbox)
          .set({ nextAttemptAt: new Date(Date.now() + SENDING_LEASE_MS) })
          .where(and(eq(outbox.id, id), eq(outbox.status, 'queued'), lte(outbox.nextAttemptAt, now)))
          .returning()
        if (!claimed) return null
        if (!claimed.invitationId) {
          return { outboxId: id, to: claimed.toEmail, subject: claimed.subject, text: claimed.body, link: '' }
        }
        const [inv] = await tx.select().from(invitations).where(eq(invitations.id, claimed.invitationId))
        if (!inv || stateOf(inv) !== 'pending') {
          await tx
            .update(outbox)
            .set({ status: 'failed', error: 'De uitnodiging staat niet meer open', nextAttemptAt: null })
            .where(eq(outbox.id, id))
          return null
        }
        const facts = await mailFactsOf(tx, inv.id)
        const issued = newLink(config, facts.problemType)
        await tx
          .update(invitations)
          .set({ tokenHash: issued.tokenHash, expiresAt: issued.expiresAt, updatedAt: new Date() })
          .where(eq(invitations.id, inv.id))
        const { subject, body } = composeMessage(facts, issued.expiresAt)
        await tx.update(outbox).set({ subject, body }).where(eq(outbox.id, id))
        return { outboxId: id, to: claimed.toEmail, subject, text: withLink(body, issued.link), link: issued.link }
      })
      if (!delivery) continue
      tried++
      if (await deliver(db, mailer, config, delivery, log)) sent++
    } catch (err) {
      log?.error({ err, outboxId: id }, 'retrying queued mail failed')
    }
  }
  return { tried, sent }
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
  // Whether the address has an account is not said here: whoever holds the link (the inviter,
  // when no mail was sent) would learn it. The invitee's page offers both ways in.
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
    caseId: state === 'accepted' ? theCase.id : null,
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
      attempts: m.attempts,
      nextAttemptAt: m.status === 'queued' ? (m.nextAttemptAt?.toISOString() ?? null) : null,
      sentAt: m.sentAt?.toISOString() ?? null,
    }),
    (m) => [m.createdAt.toISOString(), m.id],
  )
}
