import type {
  AdminUser,
  CreateOrganisationBody,
  CreateUserBody,
  Organisation,
  PageQuery,
  UpdateOrganisationBody,
  UpdateUserBody,
} from '@vp/shared'
import { and, asc, eq, gt, ne, or, sql } from 'drizzle-orm'
import { createSingleUseToken } from '../auth/links.ts'
import { endUserSessions, everyoneChanged, userChanged } from '../auth/sessions.ts'
import type { Db, DbOrTx } from '../db/client.ts'
import { organisations, users } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { badRequest, conflict, notFound, preconditionFailed } from '../http/errors.ts'
import { decodeCursor, toPage } from '../http/paging.ts'

/** How long a set-password link made by an admin stays valid. */
export const SET_PASSWORD_LINK_HOURS = 72

type OrgRow = typeof organisations.$inferSelect
type UserRow = typeof users.$inferSelect

export function presentOrganisation(o: OrgRow): Organisation {
  return {
    id: o.id,
    name: o.name,
    type: o.type,
    version: o.version,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  }
}

export async function listOrganisations(db: Db, q: PageQuery) {
  const after = decodeCursor(q.cursor, ['text', 'uuid'])
  const nameKey = sql`lower(${organisations.name})`
  const rows = await db
    .select()
    .from(organisations)
    .where(after ? or(gt(nameKey, after[0]), and(eq(nameKey, after[0]), gt(organisations.id, after[1]!))) : undefined)
    .orderBy(asc(nameKey), asc(organisations.id))
    .limit(q.limit + 1)
  return toPage(rows, q.limit, presentOrganisation, (o) => [o.name.toLowerCase(), o.id])
}

export async function findOrganisation(db: DbOrTx, id: string) {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id))
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
    return row!
  })
}

/** Applies the change only on top of the version the client saw (412 with the current one otherwise). */
export async function updateOrganisation(db: Db, id: string, version: number, body: UpdateOrganisationBody) {
  return inTransaction(db, async (tx) => {
    const current = await findOrganisation(tx, id)
    if (current.version !== version) throw preconditionFailed(presentOrganisation(current))
    if (body.name) await assertOrganisationNameFree(tx, body.name, id)
    const [row] = await tx
      .update(organisations)
      .set({ ...body, version: version + 1, updatedAt: new Date() })
      .where(and(eq(organisations.id, id), eq(organisations.version, version)))
      .returning()
    if (!row) throw preconditionFailed(presentOrganisation(await findOrganisation(tx, id)))
    // Signed-in people show their organisation's name and type.
    await everyoneChanged(tx)
    return row
  })
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
  const [row] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, id))
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

export async function listOrganisationRefs(db: Db) {
  const rows = await db
    .select({ id: organisations.id, name: organisations.name, type: organisations.type })
    .from(organisations)
    .orderBy(asc(sql`lower(${organisations.name})`))
  return { items: rows }
}
