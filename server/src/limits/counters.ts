import { lt, sql } from 'drizzle-orm'
import type { FastifyBaseLogger } from 'fastify'
import type { DbOrTx } from '../db/client.ts'
import { rateCounters } from '../db/schema.ts'
import { rateLimited } from '../http/errors.ts'

/** One limit: at most `max` hits per subject in a fixed window of `windowSeconds`. */
export interface Limit {
  /** Names the limit in the counter key and the log, e.g. `login.account`. */
  name: string
  max: number
  windowSeconds: number
}

function windowOf(limit: Limit, now: number) {
  const size = limit.windowSeconds * 1000
  const start = Math.floor(now / size) * size
  return { start: new Date(start), end: new Date(start + size) }
}

/**
 * Counts one hit for `subject` and answers in the same statement: an upsert that adds one and
 * returns the new count, so parallel requests on any instance can never all pass a check made
 * before they were counted. Past the limit: 429 with Retry-After until the window ends, and a
 * warning in the log (without the subject, which may be an address or an e-mail hash).
 */
export async function takeHit(
  db: DbOrTx,
  limit: Limit,
  subject: string,
  log?: FastifyBaseLogger,
  now = Date.now(),
): Promise<void> {
  const { start, end } = windowOf(limit, now)
  const rows = await db
    .insert(rateCounters)
    .values({ key: `${limit.name}:${subject}`, windowStart: start, hits: 1, expiresAt: end })
    .onConflictDoUpdate({
      target: [rateCounters.key, rateCounters.windowStart],
      set: { hits: sql`${rateCounters.hits} + 1` },
    })
    .returning({ hits: rateCounters.hits })
  const hits = rows[0]?.hits ?? 1
  if (hits > limit.max) {
    const retryAfter = Math.max(1, Math.ceil((end.getTime() - now) / 1000))
    log?.warn({ limit: limit.name, max: limit.max, windowSeconds: limit.windowSeconds, retryAfter }, 'limit reached')
    throw rateLimited(retryAfter)
  }
}

/** Forgets a subject's hits in the current window (e.g. after a successful sign-in). */
export async function clearHits(db: DbOrTx, limit: Limit, subject: string, now = Date.now()) {
  await db.execute(
    sql`delete from ${rateCounters} where ${rateCounters.key} = ${`${limit.name}:${subject}`} and ${rateCounters.windowStart} = ${windowOf(limit, now).start.toISOString()}::timestamptz`,
  )
}

/** Drops counters whose window has ended; the maintenance loop calls it. */
export async function pruneCounters(db: DbOrTx, now = new Date()) {
  await db.delete(rateCounters).where(lt(rateCounters.expiresAt, now))
}
