import { createHash } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { DbOrTx } from '../db/client.ts'
import { clearHits, takeHit } from '../limits/counters.ts'
import type { Limits } from '../limits/limits.ts'

/**
 * The subject of the per-account limit: a hash of the normalised e-mail address, the same whether or
 * not an account exists for it, so the limit reveals nothing and the table holds no addresses.
 */
export const accountKey = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('base64url')

/**
 * Counts one attempt at an account's password BEFORE the password is checked, in one atomic
 * statement shared by every instance (limits/counters.ts): of any number of parallel attempts, at
 * most LOGIN_MAX_PER_ACCOUNT per window get their password checked; the rest get 429 with
 * Retry-After until the window ends. No lockout beyond the window. ADR 005.
 */
export function takePasswordAttempt(db: DbOrTx, limits: Limits, email: string, log?: FastifyBaseLogger) {
  return takeHit(db, limits.loginAccount, accountKey(email), log)
}

/** A right password gives the account its full budget back. */
export function clearPasswordAttempts(db: DbOrTx, limits: Limits, email: string) {
  return clearHits(db, limits.loginAccount, accountKey(email))
}
