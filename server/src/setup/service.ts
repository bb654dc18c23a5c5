import type { SetupBody } from '@vp/shared'
import { and, eq, isNull } from 'drizzle-orm'
import { consumeSingleUseToken, createSingleUseToken, findSingleUseToken } from '../auth/links.ts'
import { assertStrongPassword, hashPassword } from '../auth/passwords.ts'
import { linkNotUsable } from '../auth/service.ts'
import type { Config } from '../config.ts'
import type { Db } from '../db/client.ts'
import { organisations, singleUseTokens, users } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { conflict, notFound } from '../http/errors.ts'

const SETUP_LINK_HOURS = 24

async function hasAdmin(db: Db) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.isAdmin, true), eq(users.disabled, false)))
    .limit(1)
  return row !== undefined
}

export type FirstAdminOutcome =
  | { kind: 'exists' }
  | { kind: 'created'; email: string }
  | { kind: 'setup-link'; url: string; expiresAt: Date }

/**
 * Makes sure the instance can be managed: creates the admin from ADMIN_EMAIL/ADMIN_PASSWORD when
 * that account does not exist yet, or, when neither is set and there is no admin, issues a
 * single-use set-up link (a new one at every start; older ones stop working).
 */
export async function ensureFirstAdmin(db: Db, config: Config): Promise<FirstAdminOutcome> {
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    const email = config.ADMIN_EMAIL.trim().toLowerCase()
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email))
    if (existing) return { kind: 'exists' }
    const passwordHash = await hashPassword(config.ADMIN_PASSWORD)
    await db.insert(users).values({ email, name: 'Beheerder', passwordHash, isAdmin: true }).onConflictDoNothing()
    return { kind: 'created', email }
  }
  if (await hasAdmin(db)) return { kind: 'exists' }
  return inTransaction(db, async (tx) => {
    await tx
      .update(singleUseTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(singleUseTokens.purpose, 'setup'), isNull(singleUseTokens.usedAt)))
    const link = await createSingleUseToken(tx, 'setup', null, SETUP_LINK_HOURS)
    return {
      kind: 'setup-link' as const,
      url: `${config.publicOrigin}/inrichten/${link.token}`,
      expiresAt: link.expiresAt,
    }
  })
}

export async function describeSetupLink(db: Db, token: string) {
  const { state } = await findSingleUseToken(db, 'setup', token)
  if (state === 'unknown') throw notFound('Deze link bestaat niet')
  return { state, email: null, name: null }
}

/** Creates the first admin (and their organisation) through the set-up link; single use. */
export async function completeSetup(db: Db, token: string, body: SetupBody): Promise<string> {
  const { state, row } = await findSingleUseToken(db, 'setup', token)
  if (state === 'unknown' || !row) throw notFound('Deze link bestaat niet')
  if (state !== 'valid') throw linkNotUsable(state)
  if (await hasAdmin(db)) throw conflict('Deze omgeving heeft al een beheerder')
  assertStrongPassword(body.password, [body.email, body.name])
  const passwordHash = await hashPassword(body.password)
  return inTransaction(db, async (tx) => {
    if (!(await consumeSingleUseToken(tx, row.id))) throw linkNotUsable('used')
    const [clash] = await tx.select({ id: users.id }).from(users).where(eq(users.email, body.email))
    if (clash)
      throw conflict('Er is al een account met dit e-mailadres', [{ path: 'body.email', message: 'Bestaat al' }])
    const [org] = await tx
      .insert(organisations)
      .values({ name: body.organisationName, type: body.organisationType })
      .onConflictDoNothing()
      .returning({ id: organisations.id })
    const orgId =
      org?.id ??
      (
        await tx
          .select({ id: organisations.id })
          .from(organisations)
          .where(eq(organisations.name, body.organisationName))
      )[0]?.id
    const [user] = await tx
      .insert(users)
      .values({ email: body.email, name: body.name, passwordHash, isAdmin: true, organisationId: orgId ?? null })
      .returning({ id: users.id })
    return user!.id
  })
}
