import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { and, eq, sql } from 'drizzle-orm'
import type { DbOrTx, Tx } from '../db/client.ts'
import { documentChunks, documentVersions } from '../db/schema.ts'

/**
 * Content lives in the database in fixed-size chunks (ADR 024): one backup holds everything and
 * any instance serves any file, without a shared disk. Neither direction holds more than one chunk
 * in memory.
 */
export const CHUNK_BYTES = 1024 * 1024

/** Pieces of exactly CHUNK_BYTES (the last one shorter), whatever sizes the source yields. */
async function* rechunk(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let pending: Buffer[] = []
  let pendingBytes = 0
  for await (const piece of source) {
    let rest = piece
    while (pendingBytes + rest.length >= CHUNK_BYTES) {
      const take = CHUNK_BYTES - pendingBytes
      pending.push(rest.subarray(0, take))
      yield Buffer.concat(pending, CHUNK_BYTES)
      rest = rest.subarray(take)
      pending = []
      pendingBytes = 0
    }
    if (rest.length > 0) {
      pending.push(rest)
      pendingBytes += rest.length
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes)
}

/**
 * Writes a file (a finished upload in a temporary file) as the content of a version, inside the
 * caller's transaction: the version row and its bytes commit together or not at all.
 * Returns the number of bytes written.
 */
export async function writeContent(tx: Tx, versionId: string, filePath: string): Promise<number> {
  let n = 0
  let bytes = 0
  for await (const chunk of rechunk(createReadStream(filePath, { highWaterMark: CHUNK_BYTES }))) {
    // As hex text decoded by the database: PGlite binds a binary parameter byte by byte in
    // JavaScript (about 1 s per MB here), a string ten times faster; PostgreSQL takes both alike.
    await tx.execute(
      sql`insert into ${documentChunks} (version_id, n, data) values (${versionId}, ${n}, decode(${chunk.toString('hex')}, 'hex'))`,
    )
    n += 1
    bytes += chunk.length
  }
  return bytes
}

/**
 * The bytes `start`..`end` (inclusive) of a version, as a stream that fetches one chunk per read.
 * The caller has checked the range against the version's size.
 */
export function readContent(db: DbOrTx, versionId: string, range: { start: number; end: number }): Readable {
  const first = Math.floor(range.start / CHUNK_BYTES)
  const last = Math.floor(range.end / CHUNK_BYTES)
  async function* chunks() {
    for (let n = first; n <= last; n += 1) {
      // Hex out, for the same reason as hex in (PGlite parses a bytea result byte by byte).
      const [row] = await db
        .select({ hex: sql<string>`encode(${documentChunks.data}, 'hex')` })
        .from(documentChunks)
        .where(and(eq(documentChunks.versionId, versionId), eq(documentChunks.n, n)))
      if (!row) throw new Error(`chunk ${n} of version ${versionId} is missing`)
      const data = Buffer.from(row.hex, 'hex')
      const from = n === first ? range.start - n * CHUNK_BYTES : 0
      const to = n === last ? range.end - n * CHUNK_BYTES + 1 : data.length
      yield data.subarray(from, to)
    }
  }
  return Readable.from(chunks(), { objectMode: false })
}

/** Removes a version's bytes (a deleted document); its row stays as evidence of what was there. */
export async function deleteContent(tx: Tx, versionId: string): Promise<void> {
  await tx.delete(documentChunks).where(eq(documentChunks.versionId, versionId))
  await tx.update(documentVersions).set({ contentDeletedAt: new Date() }).where(eq(documentVersions.id, versionId))
}

/** How many chunks a version has (for checks and tests). */
export async function chunkCount(db: DbOrTx, versionId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(documentChunks)
    .where(eq(documentChunks.versionId, versionId))
  return row?.count ?? 0
}
