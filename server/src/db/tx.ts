import type { Db, Tx } from './client.ts'

/**
 * Runs `fn` as one transaction: every change of a request commits together or not at all.
 * Services call this; routes never open transactions themselves.
 */
export function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(fn)
}
