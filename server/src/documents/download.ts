import { and, eq, sql } from 'drizzle-orm'
import type { FastifyReply } from 'fastify'
import type { Db } from '../db/client.ts'
import { documentDownloads, documentVersions } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent, eventActor } from '../events/append.ts'
import { AppError, notFound } from '../http/errors.ts'
import type { DocumentFacts, Member } from '../policy/policy.ts'
import { readContent } from './storage.ts'

/** A byte range to serve, inclusive at both ends. */
export interface ByteRange {
  start: number
  end: number
}

/**
 * What a `Range` header asks of a file of `size` bytes: null for the whole file (no header, a
 * syntax we do not serve, or several ranges — answered 200 with everything, as RFC 9110 allows),
 * 'unsatisfiable' when it starts past the end.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header)
  if (!m) return null
  const [, from, to] = m
  if (from === '' && to === '') return null
  if (from === '') {
    // A suffix: the last n bytes.
    const n = Number(to)
    if (n === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - n), end: size - 1 }
  }
  const start = Number(from)
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1)
  if (to !== '' && Number(to) < start) return null
  if (start >= size) return 'unsatisfiable'
  return { start, end }
}

/**
 * `attachment` with the file name twice (RFC 6266): as ASCII for any parser (accents dropped, other
 * characters `_`), and exactly, percent-encoded, in `filename*` when it differs. Written here rather
 * than with the content-disposition package: the server's copy (1.0.1, CommonJS) and the types the
 * compiler finds (3.1.0, ESM, at the root) disagree on its exports.
 */
export function attachmentDisposition(fileName: string) {
  const ascii = fileName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
  const quoted = `attachment; filename="${ascii.replace(/["\\]/g, '\\$&')}"`
  if (ascii === fileName) return quoted
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `${quoted}; filename*=UTF-8''${encoded}`
}

/** A document is restricted when it, or the item it hangs on, names an audience. */
export const isRestricted = (facts: DocumentFacts) => facts.audience !== null || (facts.item?.audience ?? null) !== null

/**
 * The version to serve (the current one unless `?version=` names another): 404 when there is no
 * such version or its content was removed.
 */
export async function findVersion(db: Db, documentId: string, number: number) {
  const [version] = await db
    .select()
    .from(documentVersions)
    .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.number, number)))
  if (!version || version.contentDeletedAt) throw notFound('Versie niet gevonden')
  return version
}

/**
 * Records a download: per person a count (for "gelezen" statistics), and for a restricted document
 * also one `document.downloaded` event in the case's log (the audit trail). One transaction.
 */
export async function recordDownload(
  db: Db,
  actor: Member,
  doc: { id: string; caseId: string; step: number | null; facts: DocumentFacts },
  versionNumber: number,
) {
  await inTransaction(db, async (tx) => {
    await tx
      .insert(documentDownloads)
      .values({ documentId: doc.id, userId: actor.user.id, organisationId: actor.membership.organisationId })
      .onConflictDoUpdate({
        target: [documentDownloads.documentId, documentDownloads.userId],
        set: {
          count: sql`${documentDownloads.count} + 1`,
          lastAt: new Date(),
          organisationId: actor.membership.organisationId,
        },
      })
    if (isRestricted(doc.facts))
      await appendEvent(tx, {
        caseId: doc.caseId,
        type: 'document.downloaded',
        actor: eventActor(actor.user, actor.membership.organisationId),
        entityType: 'document',
        entityId: doc.id,
        step: doc.step,
        payload: { versionNumber },
      })
  })
}

/**
 * Sends a version's bytes (all, or the range asked) as a download that no browser renders in
 * place: attachment, the stored type without sniffing, and a sandbox policy in case it is opened
 * anyway. The security hook's CSP for the app is replaced here, not added to.
 */
export function sendContent(
  db: Db,
  reply: FastifyReply,
  version: typeof documentVersions.$inferSelect,
  range: ByteRange | null,
) {
  const size = version.size
  reply
    .header('content-type', version.mediaType)
    .header('content-disposition', attachmentDisposition(version.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cache-control', 'private, no-store')
    .header('etag', `"${version.sha256}"`)
    .header('accept-ranges', 'bytes')
  if (size === 0) return reply.header('content-length', 0).send('')
  const part = range ?? { start: 0, end: size - 1 }
  reply.header('content-length', part.end - part.start + 1)
  if (range) reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`)
  return reply.send(readContent(db, version.id, part))
}

/** 416 with the size, so the client can ask again. */
export function rangeNotSatisfiable(reply: FastifyReply, size: number) {
  reply.header('content-range', `bytes */${size}`)
  return new AppError(416, 'range_not_satisfiable', 'Dit deel van het bestand bestaat niet')
}
