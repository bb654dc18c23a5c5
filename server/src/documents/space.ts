import type { DocumentSpace } from '@vp/shared'
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm'
import type { Config } from '../config.ts'
import type { DbOrTx } from '../db/client.ts'
import { documentVersions } from '../db/schema.ts'
import { AppError } from '../http/errors.ts'

const MB = 1024 * 1024
/** The case's space left is shown in steps of this size: exact bytes would reveal restricted files' sizes. */
const CASE_SPACE_STEP = 10 * MB

type Limits = Pick<Config, 'DOCUMENT_MAX_MB' | 'DOCUMENT_CASE_QUOTA_MB' | 'DOCUMENT_PERSON_QUOTA_MB'>

/** Bytes held by versions whose content is still stored (a deleted document's content frees its space). */
async function usedBytes(db: DbOrTx, where: SQL | undefined): Promise<number> {
  const [row] = await db
    .select({ bytes: sql<string>`coalesce(sum(${documentVersions.size}), 0)` })
    .from(documentVersions)
    .where(and(where, isNull(documentVersions.contentDeletedAt)))
  return Number(row?.bytes ?? 0)
}

/** The exact space left for one person in one case: for the checks, never shown as such. */
export async function exactSpaceLeft(db: DbOrTx, config: Limits, caseId: string, userId: string) {
  const [caseUsed, personUsed] = [
    await usedBytes(db, eq(documentVersions.caseId, caseId)),
    await usedBytes(db, eq(documentVersions.uploadedByUserId, userId)),
  ]
  return {
    maxFileBytes: config.DOCUMENT_MAX_MB * MB,
    caseLeftBytes: Math.max(0, config.DOCUMENT_CASE_QUOTA_MB * MB - caseUsed),
    personLeftBytes: Math.max(0, config.DOCUMENT_PERSON_QUOTA_MB * MB - personUsed),
  }
}

/**
 * The space left as the documents list shows it: the largest file, the caller's own space over all
 * cases, and the case's space rounded down to 10 MB (ADR 024).
 */
export async function spaceLeft(db: DbOrTx, config: Limits, caseId: string, userId: string): Promise<DocumentSpace> {
  const exact = await exactSpaceLeft(db, config, caseId, userId)
  return { ...exact, caseLeftBytes: Math.floor(exact.caseLeftBytes / CASE_SPACE_STEP) * CASE_SPACE_STEP }
}

const inMb = (bytes: number) => `${Math.floor(bytes / MB)} MB`

/** How large one upload may be now, and the 413 that says which limit it passed. */
export function uploadLimit(space: Awaited<ReturnType<typeof exactSpaceLeft>>): {
  bytes: number
  error: () => AppError
} {
  const bytes = Math.min(space.maxFileBytes, space.personLeftBytes, space.caseLeftBytes)
  const message =
    bytes === space.maxFileBytes
      ? `Het bestand is te groot; het maximum is ${inMb(space.maxFileBytes)}`
      : bytes === space.personLeftBytes
        ? `Uw opslagruimte is bijna vol; er is nog ${inMb(bytes)} over`
        : `De opslagruimte van dit dossier is bijna vol; er is nog ${inMb(Math.floor(bytes / CASE_SPACE_STEP) * CASE_SPACE_STEP)} over`
  return { bytes, error: () => new AppError(413, 'payload_too_large', message, [{ path: 'file', message }]) }
}

/** Checked again inside the writing transaction, under the case lock: parallel uploads cannot both fit. */
export async function assertSpaceFor(db: DbOrTx, config: Limits, caseId: string, userId: string, size: number) {
  const limit = uploadLimit(await exactSpaceLeft(db, config, caseId, userId))
  if (size > limit.bytes) throw limit.error()
}

/**
 * Uploads one person runs at once on this instance. In memory: the bound protects this process's
 * disk and connections; other instances keep their own count.
 */
export class UploadSlots {
  private readonly running = new Map<string, number>()

  constructor(private readonly perPerson: number) {}

  /** Takes a slot or answers 429; the caller releases it in `finally`. */
  take(userId: string): () => void {
    const n = this.running.get(userId) ?? 0
    if (n >= this.perPerson) {
      throw new AppError(
        429,
        'rate_limited',
        `U uploadt al ${this.perPerson} bestanden tegelijk; wacht tot er één klaar is`,
        undefined,
        { retryAfter: 5 },
      )
    }
    this.running.set(userId, n + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      const left = (this.running.get(userId) ?? 1) - 1
      if (left <= 0) this.running.delete(userId)
      else this.running.set(userId, left)
    }
  }
}
