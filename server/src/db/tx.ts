import type { Db, DbOrTx, Tx } from './client.ts'

/**
 * Runs `fn` as one transaction: every change of a request commits together or not at all.
 * Services call this; routes never open transactions themselves.
 */
export function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(fn)
}

/**
 * Runs independent reads side by side on the pool; inside a transaction (one connection) one
 * after the other, since a connection answers one statement at a time.
 */
export async function inParallel<T extends readonly (() => Promise<unknown>)[]>(
  db: DbOrTx,
  reads: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  type Out = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }
  if (!('rollback' in db)) return (await Promise.all(reads.map((r) => r()))) as Out
  const out: unknown[] = []
  for (const r of reads) out.push(await r())
  return out as Out
}
