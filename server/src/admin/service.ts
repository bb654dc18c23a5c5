import type {
  AdminUser,
  CreateOrganisationBody,
  CreateUserBody,
  Organisation,
  PageQuery,
  PendingAccount,
  UpdateOrganisationBody,
  UpdateUserBody,
} from '@vp/shared'
import { and, asc, eq, gt, isNull, ne, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { createSingleUseToken } from '../auth/links.ts'
import { endUserSessions, everyoneChanged, type SessionUser, userChanged } from '../auth/sessions.ts'
import type { Db, DbOrTx, Tx } from '../db/client.ts'
import { caseMembers, caseOrganisations, cases, invitations, organisations, users } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent } from '../events/append.ts'
import { badRequest, conflict, notFound, preconditionFailed } from '../http/errors.ts'
import { decodeCursor, toPage } from '../http/paging.ts'
import { moveOrganisationData } from '../organisations/merge.ts'

/** How long a set-password link made by an admin stays valid. */
export const SET_PASSWORD_LINK_HOURS = 72

type OrgRow = typeof organisations.$inferSelect
type UserRow = typeof users.$inferSelect

const proposers = alias(users, 'proposers')
const proposedCases = alias(cases, 'proposed_cases')
const mergeTargets = alias(organisations, 'merge_targets')

/** An organisation with who proposed it, in which case, and what it was merged into. */
type OrgView = {
  org: OrgRow
  by: UserRow | null
  theCase: typeof cases.$inferSelect | null
  into: OrgRow | null
}

export function presentOrganisation({ org: o, by, theCase, into }: OrgView): Organisation {
  return {
    id: o.id,
    name: o.name,
    type: o.type,
    emailDomains: o.emailDomains,
    confirmed: o.confirmed,
    proposedBy: by ? { userId: by.id, name: by.name, email: by.email } : null,
    proposedInCase: theCase ? { id: theCase.id, title: theCase.title } : null,
    mergedInto: into ? { id: into.id, name: into.name, type: into.type } : null,
    version: o.version,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  }
}

function selectOrganisationViews(db: DbOrTx) {
  return db
    .select({ org: organisations, by: proposers, theCase: proposedCases, into: mergeTargets })
    .from(organisations)
    .leftJoin(proposers, eq(proposers.id, organisations.proposedByUserId))
    .leftJoin(proposedCases, eq(proposedCases.id, organisations.proposedInCaseId))
    .leftJoin(mergeTargets, eq(mergeTargets.id, organisations.mergedIntoId))
}

export async function listOrganisations(db: Db, q: PageQuery) {
  const after = decodeCursor(q.cursor, ['text', 'uuid'])
  const nameKey = sql`lower(${organisations.name})`
  const rows = await selectOrganisationViews(db)
    .where(after ? or(gt(nameKey, after[0]), and(eq(nameKey, after[0]), gt(organisations.id, after[1]!))) : undefined)
    .orderBy(asc(nameKey), asc(organisations.id))
    .limit(q.limit + 1)
  return toPage(rows, q.limit, presentOrganisation, (r) => [r.org.name.toLowerCase(), r.org.id])
}

export async function findOrganisation(db: DbOrTx, id: string): Promise<OrgView> {
  const [row] = await selectOrganisationViews(db).where(eq(organisations.id, id))
  if (!row) throw notFound('Organisatie niet gevonden')
  return row
}

async function assertOrganisationNameFree(db: DbOrTx, name: string, exceptId?: string) {
  const [clash] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      and(sql`lower(${organisations.name}) = lower(${name})`, exceptId ? ne(organisations.id, exceptId) : undefined),
    )
  if (clash) throw conflict('Er is al een organisatie met deze naam', [{ path: 'body.name', message: 'Bestaat al' }])
}

export async function createOrganisation(db: Db, body: CreateOrganisationBody) {
  return inTransaction(db, async (tx) => {
    await assertOrganisationNameFree(tx, body.name)
    const [row] = await tx.insert(organisations).values(body).returning()
    return findOrganisation(tx, row!.id)
  })
}

/**
 * Applies the change only on top of the version the client saw (412 with the current one
 * otherwise). `confirmed: true` confirms a proposal; `mergeInto` merges a proposal (only an
 * unconfirmed organisation: a confirmed one may be in use across many cases, ADR 022) into a
 * confirmed organisation, moving everything it holds in the same transaction. Both are recorded
 * in the cases that know the proposal.
 */
export async function updateOrganisation(
  db: Db,
  admin: SessionUser,
  id: string,
  version: number,
  body: UpdateOrganisationBody,
) {
  return inTransaction(db, async (tx) => {
    const current = await findOrganisation(tx, id)
    if (current.org.version !== version) throw preconditionFailed(presentOrganisation(current))
    const { mergeInto, ...fields } = body
    if (current.org.mergedIntoId) {
      throw conflict(`Deze organisatie is al samengevoegd met ${current.into?.name ?? 'een andere'}`)
    }
    const actor = { userId: admin.id, organisationId: admin.organisation?.id ?? null }
    if (mergeInto) {
      if (Object.values(fields).some((v) => v !== undefined)) {
        throw badRequest('Samenvoegen gaat zonder andere wijzigingen', [
          { path: 'body.mergeInto', message: 'Alleen samen met niets anders' },
        ])
      }
      await mergeOrganisation(tx, current.org, mergeInto, actor)
      await everyoneChanged(tx)
      return findOrganisation(tx, id)
    }
    if (fields.name) await assertOrganisationNameFree(tx, fields.name, id)
    const [row] = await tx
      .update(organisations)
      .set({ ...fields, version: version + 1, updatedAt: new Date() })
      .where(and(eq(organisations.id, id), eq(organisations.version, version)))
      .returning()
    if (!row) throw preconditionFailed(presentOrganisation(await findOrganisation(tx, id)))
    if (fields.confirmed && !current.org.confirmed && current.org.proposedInCaseId) {
      await appendEvent(tx, {
        caseId: current.org.proposedInCaseId,
        type: 'organisation.confirmed',
        actor,
        entityType: 'organisation',
        entityId: id,
        step: 1,
        payload: { organisationId: id, name: row.name, type: row.type },
      })
    }
    // Signed-in people show their organisation's name and type.
    await everyoneChanged(tx)
    return findOrganisation(tx, id)
  })
}

async function mergeOrganisation(
  tx: Tx,
  proposal: OrgRow,
  targetId: string,
  actor: { userId: string; organisationId: string | null },
) {
  if (proposal.confirmed) {
    throw conflict('Alleen een nieuwe, nog niet bevestigde organisatie kan worden samengevoegd', [
      { path: 'body.mergeInto', message: 'Deze organisatie is al bevestigd' },
    ])
  }
  const [target] = await tx.select().from(organisations).where(eq(organisations.id, targetId))
  if (!target || target.id === proposal.id || target.mergedIntoId || !target.confirmed) {
    throw badRequest('Kies een bestaande, bevestigde organisatie om mee samen te voegen', [
      { path: 'body.mergeInto', message: target ? 'Niet bevestigd of samengevoegd' : 'Bestaat niet' },
    ])
  }
  // The cases that know the proposal hear of the merge: where it was proposed and where it has a seat.
  const known = await tx
    .selectDistinct({ caseId: caseOrganisations.caseId })
    .from(caseOrganisations)
    .where(eq(caseOrganisations.organisationId, proposal.id))
  const caseIds = new Set(known.map((k) => k.caseId))
  if (proposal.proposedInCaseId) caseIds.add(proposal.proposedInCaseId)
  await moveOrganisationData(tx, proposal.id, target.id)
  await tx
    .update(organisations)
    .set({ mergedIntoId: target.id, version: proposal.version + 1, updatedAt: new Date() })
    .where(eq(organisations.id, proposal.id))
  for (const caseId of [...caseIds].sort()) {
    await appendEvent(tx, {
      caseId,
      type: 'organisation.merged',
      actor,
      entityType: 'organisation',
      entityId: proposal.id,
      step: 1,
      payload: { organisationId: target.id, fromOrganisationId: proposal.id, name: proposal.name, into: target.name },
    })
  }
}

function presentAdminUser(u: UserRow, org: OrgRow | null): AdminUser {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    organisation: org ? { id: org.id, name: org.name, type: org.type } : null,
    isAdmin: u.isAdmin,
    disabled: u.disabled,
    locale: u.locale,
    hasPassword: u.passwordHash !== null,
    approval: u.approval,
    version: u.version,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  }
}

export async function listUsers(db: Db, q: PageQuery) {
  const after = decodeCursor(q.cursor, ['text'])
  const rows = await db
    .select({ user: users, org: organisations })
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(after ? gt(users.email, after[0]!) : undefined)
    .orderBy(asc(users.email))
    .limit(q.limit + 1)
  return toPage(
    rows,
    q.limit,
    (r) => presentAdminUser(r.user, r.org),
    (r) => [r.user.email],
  )
}

export async function findAdminUser(db: DbOrTx, id: string): Promise<AdminUser> {
  const [row] = await db
    .select({ user: users, org: organisations })
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, id))
  if (!row) throw notFound('Gebruiker niet gevonden')
  return presentAdminUser(row.user, row.org)
}

async function assertOrganisationExists(db: DbOrTx, id: string | null | undefined) {
  if (!id) return
  const [row] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.id, id), isNull(organisations.mergedIntoId)))
  if (!row) throw badRequest('Onbekende organisatie', [{ path: 'body.organisationId', message: 'Bestaat niet' }])
}

function linkUrl(publicOrigin: string, token: string) {
  return `${publicOrigin}/wachtwoord-instellen/${token}`
}

/** Creates an account without a password and returns the single-use link to set one. */
export async function createUser(db: Db, publicOrigin: string, body: CreateUserBody) {
  return inTransaction(db, async (tx) => {
    await assertOrganisationExists(tx, body.organisationId)
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, body.email))
    if (existing)
      throw conflict('Er is al een account met dit e-mailadres', [{ path: 'body.email', message: 'Bestaat al' }])
    const [row] = await tx.insert(users).values(body).returning({ id: users.id })
    const link = await createSingleUseToken(tx, 'set_password', row!.id, SET_PASSWORD_LINK_HOURS)
    return {
      user: await findAdminUser(tx, row!.id),
      setPasswordLink: { url: linkUrl(publicOrigin, link.token), expiresAt: link.expiresAt.toISOString() },
    }
  })
}

// Any constant works; it only has to be the same for every instance (see db/migrate.ts for the others).
const LAST_ADMIN_LOCK_ID = 7_240_613

/**
 * Changes an account. Disabling it or resetting its password ends its sessions at once. An admin
 * cannot disable or demote the last active admin: the instance would have nobody to manage it.
 */
export async function updateUser(
  db: Db,
  publicOrigin: string,
  actorId: string,
  id: string,
  version: number,
  body: UpdateUserBody,
) {
  return inTransaction(db, async (tx) => {
    const current = await findAdminUser(tx, id)
    if (current.version !== version) throw preconditionFailed(current)
    await assertOrganisationExists(tx, body.organisationId)
    const losesAdmin = current.isAdmin && !current.disabled && (body.isAdmin === false || body.disabled === true)
    if (losesAdmin) {
      // Two admins demoting each other at once must not leave none: changes that take away an
      // admin queue on one lock, and each counts the others after the one before has committed.
      await tx.execute(sql`select pg_advisory_xact_lock(${LAST_ADMIN_LOCK_ID})`)
      const [others] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(users)
        .where(and(eq(users.isAdmin, true), eq(users.disabled, false), ne(users.id, id)))
      if ((others?.n ?? 0) === 0) {
        throw conflict(
          id === actorId
            ? 'U bent de enige beheerder; maak eerst iemand anders beheerder'
            : 'Dit is de enige beheerder',
        )
      }
    }
    const { resetPassword, ...fields } = body
    const [row] = await tx
      .update(users)
      .set({ ...fields, ...(resetPassword ? { passwordHash: null } : {}), version: version + 1, updatedAt: new Date() })
      .where(and(eq(users.id, id), eq(users.version, version)))
      .returning({ id: users.id })
    if (!row) throw preconditionFailed(await findAdminUser(tx, id))
    await userChanged(tx, id)
    if (body.disabled === true) await endUserSessions(tx, id, 'disabled')
    let setPasswordLink: { url: string; expiresAt: string } | null = null
    if (resetPassword) {
      await endUserSessions(tx, id, 'password_reset')
      const link = await createSingleUseToken(tx, 'set_password', id, SET_PASSWORD_LINK_HOURS)
      setPasswordLink = { url: linkUrl(publicOrigin, link.token), expiresAt: link.expiresAt.toISOString() }
    }
    return { user: await findAdminUser(tx, id), setPasswordLink }
  })
}

const inviters = alias(users, 'inviters')

/** Accounts made through an invitation outside their organisation's e-mail domains, oldest first. */
export async function listPendingAccounts(db: Db): Promise<{ items: PendingAccount[] }> {
  const rows = await db
    .select({ user: users, org: organisations, inv: invitations, theCase: cases, by: inviters })
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .leftJoin(invitations, eq(invitations.id, users.approvalInvitationId))
    .leftJoin(cases, eq(cases.id, invitations.caseId))
    .leftJoin(inviters, eq(inviters.id, invitations.invitedByUserId))
    .where(eq(users.approval, 'pending'))
    .orderBy(asc(users.createdAt), asc(users.id))
  return {
    items: rows.map(({ user, org, inv, theCase, by }) => ({
      id: user.id,
      email: user.email,
      name: user.name,
      organisation: org ? { id: org.id, name: org.name, type: org.type } : null,
      createdAt: user.createdAt.toISOString(),
      invitation:
        inv && theCase && by
          ? {
              id: inv.id,
              caseId: theCase.id,
              caseTitle: theCase.title,
              role: inv.role,
              invitedBy: { userId: by.id, name: by.name, email: by.email },
            }
          : null,
    })),
  }
}

/**
 * Approves or rejects an account waiting for approval. Approved, it can sign in and its seat
 * counts; rejected, it stays unable to sign in and its seats end. Recorded as an event in the
 * case of the invitation that made it, so the projectleider's log says who decided.
 */
export async function decidePendingAccount(
  db: Db,
  admin: SessionUser,
  id: string,
  decision: 'approved' | 'rejected',
): Promise<AdminUser> {
  return inTransaction(db, async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, id)).for('update')
    if (!user) throw notFound('Gebruiker niet gevonden')
    if (user.approval !== 'pending') {
      throw conflict(user.approval === 'approved' ? 'Dit account is al goedgekeurd' : 'Dit account is al afgewezen')
    }
    const now = new Date()
    await tx
      .update(users)
      .set({
        approval: decision,
        approvalDecidedAt: now,
        approvalDecidedByUserId: admin.id,
        version: user.version + 1,
        updatedAt: now,
      })
      .where(eq(users.id, id))
    const actor = { userId: admin.id, organisationId: admin.organisation?.id ?? null }
    const [inv] = user.approvalInvitationId
      ? await tx.select().from(invitations).where(eq(invitations.id, user.approvalInvitationId))
      : []
    if (inv) {
      await appendEvent(tx, {
        caseId: inv.caseId,
        type: decision === 'approved' ? 'account.approved' : 'account.rejected',
        actor,
        entityType: 'invitation',
        entityId: inv.id,
        step: 1,
        payload: { userId: id, name: user.name, email: user.email, organisationId: user.organisationId },
      })
    }
    if (decision === 'rejected') {
      const seats = await tx
        .update(caseMembers)
        .set({ removedAt: now, removedByUserId: admin.id, version: sql`${caseMembers.version} + 1`, updatedAt: now })
        .where(and(eq(caseMembers.userId, id), isNull(caseMembers.removedAt)))
        .returning()
      for (const seat of seats) {
        await appendEvent(tx, {
          caseId: seat.caseId,
          type: 'member.removed',
          actor,
          entityType: 'member',
          entityId: seat.id,
          step: 1,
          payload: { userId: id, organisationId: seat.organisationId },
        })
      }
      await endUserSessions(tx, id, 'disabled')
    }
    await userChanged(tx, id)
    return findAdminUser(tx, id)
  })
}
