import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import pg from 'pg'
import * as schema from './schema.ts'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema>
/** A transaction handle; services take `Db | Tx` so they can join the caller's transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type DbOrTx = Db | Tx

export interface Database {
  db: Db
  driver: 'pglite' | 'postgres'
  /** Plain SQL for health checks and tools, outside drizzle. */
  ping(): Promise<void>
  close(): Promise<void>
  /** The PGlite instance in embedded mode (single connection), else null. */
  pglite: PGlite | null
  /** The pg pool when on PostgreSQL, else null. */
  pool: pg.Pool | null
  /** Statements sent through drizzle so far (tests use it to prove a bounded number per request). */
  queryCount(): number
}

export interface DatabaseOptions {
  /** postgres:// URL; absent → embedded PGlite. */
  url?: string | undefined
  /** Where PGlite keeps its files; 'memory://' for a throw-away database. */
  dataDir?: string
  poolSize?: number
}

/** Opens PostgreSQL through `pg` when a URL is given, otherwise embedded PGlite. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  let queries = 0
  const logger = {
    logQuery() {
      queries++
    },
  }
  const queryCount = () => queries
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 20 })
    // An idle client that loses its connection emits 'error'; without a listener the process dies.
    pool.on('error', () => {})
    // A connection that dies while checked out (inside a transaction, e.g. during a database
    // restart) emits 'error' on the client itself; the query then rejects on its own, but without a
    // listener the process would crash. Found by the fault script.
    pool.on('connect', (client) => client.on('error', () => {}))
    const db = drizzlePg(pool, { schema, logger }) as unknown as Db
    return {
      db,
      driver: 'postgres',
      pglite: null,
      pool,
      queryCount,
      async ping() {
        await pool.query('select 1')
      },
      async close() {
        await pool.end()
      },
    }
  }
  const dataDir = opts.dataDir ?? 'memory://'
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true })
  const client = await PGlite.create(dataDir)
  const db = drizzlePglite(client, { schema, logger }) as unknown as Db
  let closed = false
  return {
    db,
    driver: 'pglite',
    pglite: client,
    pool: null,
    queryCount,
    async ping() {
      if (closed) throw new Error('database closed')
      await client.query('select 1')
    },
    async close() {
      if (closed) return
      closed = true
      await client.close()
    },
  }
}

/**
 * A statement built once per database handle and then only executed: for the reads every
 * request makes, where building drizzle's query cost more CPU than the database's answer (ADR 013).
 * Inside a transaction the handle is the transaction, so it is built once for that transaction.
 */
export function preparedPerHandle<H extends DbOrTx, P>(build: (db: H) => P): (db: H) => P {
  const built = new WeakMap<H, P>()
  return (given) => {
    // A request-scoped handle (app.db) stands for the database or a request's held transaction;
    // the statement belongs to the one it stands for right now.
    const db = ((given as { [CURRENT_HANDLE]?: H })[CURRENT_HANDLE] ?? given) as H
    let p = built.get(db)
    if (!p) {
      p = build(db)
      built.set(db, p)
    }
    return p
  }
}

/** On a handle that stands for another (http/idempotency.ts `requestScopedDb`): the one it stands for now. */
export const CURRENT_HANDLE = Symbol('current handle')
