import { fileURLToPath } from 'node:url'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import type { Database } from './client.ts'

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url))

// Any constant works; it only has to be the same for every instance of this service.
const MIGRATION_LOCK_ID = 7_240_611

/**
 * Applies every migration not yet applied. Idempotent; safe when several instances start at once
 * (on PostgreSQL they queue on an advisory lock, and the later ones find nothing left to do).
 */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.pglite) {
    await migratePglite(drizzlePglite(database.pglite), { migrationsFolder: MIGRATIONS_DIR })
    return
  }
  const client = await database.pool!.connect()
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID])
    try {
      await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_DIR })
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID])
    }
  } finally {
    client.release()
  }
}

const STARTUP_LOCK_ID = 7_240_612

/**
 * Runs `fn` while holding an instance-wide lock, so that first-start work (demo data, the first
 * admin) happens once when several instances start together on one PostgreSQL database.
 */
export async function withStartupLock<T>(database: Database, fn: () => Promise<T>): Promise<T> {
  if (!database.pool) return fn()
  const client = await database.pool.connect()
  try {
    await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK_ID])
    try {
      return await fn()
    } finally {
      await client.query('select pg_advisory_unlock($1)', [STARTUP_LOCK_ID])
    }
  } finally {
    client.release()
  }
}
