import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { type Database, openDatabase } from '../src/db/client.ts'
import { migrateDatabase } from '../src/db/migrate.ts'

export type TestDriver = 'pglite' | 'postgres'

export function testDriver(): TestDriver {
  return process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite'
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export interface TestDatabase {
  database: Database
  /** postgres:// URL of this test's own database, or null on PGlite. */
  url: string | null
  close(): Promise<void>
}

/** A fresh PostgreSQL database for one test file; dropped by the returned function. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `vp_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(TEST_DATABASE_URL)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}

/**
 * A fresh, migrated database for one test file: PGlite in memory, or a new database on the
 * PostgreSQL server (TEST_DB=postgres). Tests never share rows with another file.
 */
export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  if (testDriver() === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' })
    if (opts.migrate !== false) await migrateDatabase(database)
    return { database, url: null, close: () => database.close() }
  }
  const { url, drop } = await createPostgresDatabase()
  const database = await openDatabase({ url, poolSize: 10 })
  if (opts.migrate !== false) await migrateDatabase(database)
  return {
    database,
    url,
    async close() {
      await database.close()
      await drop()
    },
  }
}
