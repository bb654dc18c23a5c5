import { createHash } from 'node:crypto'
import { and, count, eq, gt, lt } from 'drizzle-orm'
import type { Db } from '../db/client.ts'
import { loginFailures } from '../db/schema.ts'
import { rateLimited } from '../http/errors.ts'

export interface ThrottlePolicy {
  maxFailures: number
  windowMinutes: number
}

/** The key is the same whether or not the email exists, so throttling reveals nothing. */
const accountKey = (email: string) => createHash('sha256').update(email).digest('base64url')

/**
 * Per-account login throttle, shared by every instance through the database. No hard lockout:
 * after too many failures the account answers 429 until the oldest failure leaves the window.
 */
export async function assertLoginAllowed(db: Db, email: string, p: ThrottlePolicy) {
  const since = new Date(Date.now() - p.windowMinutes * 60_000)
  const [row] = await db
    .select({ n: count() })
    .from(loginFailures)
    .where(and(eq(loginFailures.accountKey, accountKey(email)), gt(loginFailures.at, since)))
  if ((row?.n ?? 0) >= p.maxFailures) throw rateLimited(p.windowMinutes * 60)
}

export async function recordLoginFailure(db: Db, email: string, p: ThrottlePolicy) {
  await db.insert(loginFailures).values({ accountKey: accountKey(email) })
  // Old rows are useless; dropping them here keeps the table as small as the window.
  await db.delete(loginFailures).where(lt(loginFailures.at, new Date(Date.now() - p.windowMinutes * 60_000)))
}

export async function clearLoginFailures(db: Db, email: string) {
  await db.delete(loginFailures).where(eq(loginFailures.accountKey, accountKey(email)))
}
