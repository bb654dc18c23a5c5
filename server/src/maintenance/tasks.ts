import { lt } from 'drizzle-orm'
import type { Config } from '../config.ts'
import type { Db } from '../db/client.ts'
import { loginFailures } from '../db/schema.ts'
import { pruneIdempotencyKeys } from '../http/idempotency.ts'
import { pruneCounters } from '../limits/counters.ts'
import type { MaintenanceLoop } from './loop.ts'

/** The housekeeping every instance does. Each task is an idempotent delete: safe on several instances. */
export function addHousekeeping(loop: MaintenanceLoop, db: Db, config: Config) {
  // ADR 009: a key is kept a day, long enough for any client's retries.
  loop.addTask('idempotency-keys', () => pruneIdempotencyKeys(db))
  loop.addTask('rate-counters', () => pruneCounters(db))
  // No longer written since the limits moved to rate_counters (ADR 005); this clears what earlier
  // versions left, until a migration drops the table.
  loop.addTask('login-failures', async () => {
    await db
      .delete(loginFailures)
      .where(lt(loginFailures.at, new Date(Date.now() - config.LOGIN_WINDOW_MINUTES * 60_000)))
  })
}
