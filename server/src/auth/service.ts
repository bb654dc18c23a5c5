import type { ChangePasswordBody, UpdateMeBody } from '@vp/shared'
import { eq } from 'drizzle-orm'
import type { Db, DbOrTx } from '../db/client.ts'
import { users } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { badRequest, forbidden, notFound } from '../http/errors.ts'
import { consumeSingleUseToken } from './links.ts'
import { findPasswordToken, type PasswordPurpose } from './password-reset.ts'
import { assertStrongPassword, dummyPasswordHash, hashPassword, verifyPassword } from './passwords.ts'
import type { ActiveSession } from './sessions.ts'
import { endUserSessions, userChanged } from './sessions.ts'

/**
 * Checks an email and password. Returns the user id, or null for every kind of failure (unknown
 * email, no password yet, disabled, wrong password) after the same amount of work.
 */
export async function checkCredentials(db: Db, email: string, password: string): Promise<string | null> {
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, disabled: users.disabled })
    .from(users)
    .where(eq(users.email, email))
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password)
  return ok && user?.passwordHash && !user.disabled ? user.id : null
}

/** Said after the right password to an account that may not sign in (yet); never before it. */
export function approvalRefused(approval: 'pending' | 'rejected') {
  return forbidden(
    approval === 'pending'
      ? 'Uw account wacht op goedkeuring door de beheerder'
      : 'Uw account is niet goedgekeurd door de beheerder',
  )
}

/**
 * Refuses to start a session for an account made through an invitation that an administrator
 * has not approved (403). Called only once the password (or link) has been proven, so it tells an
 * outsider nothing about which addresses have accounts.
 */
export async function assertMaySignIn(db: DbOrTx, userId: string) {
  const [user] = await db.select({ approval: users.approval }).from(users).where(eq(users.id, userId))
  if (user && user.approval !== 'approved') throw approvalRefused(user.approval)
}

/**
 * Changes the caller's password after checking the current one; ends all their other sessions.
 * `countAttempt` runs just before the current password is checked (the route's limit, ADR 005).
 */
export async function changePassword(
  db: Db,
  session: ActiveSession,
  body: ChangePasswordBody,
  countAttempt: () => Promise<void> = async () => {},
) {
  // The new password's rules first: they say nothing about the current one, so a refused new
  // password does not cost an attempt at the current one.
  assertStrongPassword(body.newPassword, [session.user.email, session.user.name], 'body.newPassword')
  await countAttempt()
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, session.user.id))
  if (!row?.passwordHash || !(await verifyPassword(row.passwordHash, body.currentPassword))) {
    throw badRequest('Het huidige wachtwoord klopt niet', [{ path: 'body.currentPassword', message: 'Klopt niet' }])
  }
  const passwordHash = await hashPassword(body.newPassword)
  await inTransaction(db, async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, session.user.id))
    await endUserSessions(tx, session.user.id, 'password_changed', session.sessionId)
  })
}

export async function updateMe(db: Db, userId: string, body: UpdateMeBody) {
  if (Object.keys(body).length === 0) return
  await inTransaction(db, async (tx) => {
    await tx
      .update(users)
      .set({ ...body, updatedAt: new Date() })
      .where(eq(users.id, userId))
    await userChanged(tx, userId)
  })
}

export async function describePasswordLink(db: Db, token: string) {
  const { state, row } = await findPasswordToken(db, token)
  if (state === 'unknown' || !row?.userId) throw notFound('Deze link bestaat niet')
  const [user] = await db.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, row.userId))
  return { state, email: user?.email ?? null, name: user?.name ?? null, purpose: row.purpose }
}

/**
 * Sets the password through a single-use link (an administrator's or a reset link); every earlier
 * session of the account ends.
 */
export async function usePasswordLink(db: Db, token: string, password: string): Promise<string> {
  const { state, row } = await findPasswordToken(db, token)
  if (state === 'unknown' || !row?.userId) throw notFound('Deze link bestaat niet')
  if (state !== 'valid') throw linkNotUsable(state, row.purpose)
  const [user] = await db.select().from(users).where(eq(users.id, row.userId))
  if (!user) throw notFound('Deze link bestaat niet')
  assertStrongPassword(password, [user.email, user.name])
  const passwordHash = await hashPassword(password)
  await inTransaction(db, async (tx) => {
    if (!(await consumeSingleUseToken(tx, row.id))) throw linkNotUsable('used', row.purpose)
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: new Date(), version: user.version + 1 })
      .where(eq(users.id, user.id))
    await endUserSessions(tx, user.id, 'password_reset')
  })
  return user.id
}

export function linkNotUsable(state: 'expired' | 'used', purpose: PasswordPurpose = 'set_password') {
  const again =
    purpose === 'password_reset'
      ? 'Vraag een nieuwe aan via “Wachtwoord vergeten?”.'
      : 'Vraag de beheerder om een nieuwe.'
  return badRequest(
    state === 'expired'
      ? `Deze link is verlopen. ${again}`
      : `Deze link is al gebruikt. Log in, of ${again.charAt(0).toLowerCase()}${again.slice(1)}`,
    [{ path: 'params.token', message: state === 'expired' ? 'Verlopen' : 'Al gebruikt' }],
  )
}
