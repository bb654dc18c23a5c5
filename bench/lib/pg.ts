import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import pg from 'pg'
import { hasTaskset, SERVER_CORE } from './proc.ts'

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export interface BenchDatabase {
  name: string
  url: string
  /** A small pool for seeding and checks. */
  pool: pg.Pool
  drop(): Promise<void>
}

const created = new Set<BenchDatabase>()

/** A fresh PostgreSQL database `vp_bench_<random>` on the shared server; dropped by `drop()`. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `vp_bench_${randomBytes(5).toString('hex')}`
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const u = new URL(ADMIN_URL)
  u.pathname = `/${name}`
  const url = u.toString()
  const pool = new pg.Pool({ connectionString: url, max: 4 })
  pool.on('error', () => {})
  const db: BenchDatabase = {
    name,
    url,
    pool,
    async drop() {
      created.delete(db)
      await pool.end().catch(() => {})
      const c = new pg.Client({ connectionString: ADMIN_URL })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
  created.add(db)
  return db
}

/** Drops every database this process created and has not dropped yet. */
export async function dropAllBenchDatabases() {
  for (const db of [...created]) await db.drop().catch(() => {})
}

/** The reference: plain `pg` round trips per second from a process on the server's core. */
export async function roundTripsPerSecond(url: string, seconds: number): Promise<number> {
  const args = ['bench/servers/pg-roundtrips.mjs']
  const { stdout } = await promisify(execFile)(
    hasTaskset ? 'taskset' : process.execPath,
    hasTaskset ? ['-c', SERVER_CORE, process.execPath, ...args] : args,
    { env: { ...process.env, DATABASE_URL: url, BENCH_SECONDS: String(seconds), BENCH_CONNS: '32' } },
  )
  return (JSON.parse(stdout) as { perSecond: number }).perSecond
}
