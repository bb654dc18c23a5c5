import type { DocumentSpace, OrganisationType } from '@vp/shared'
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Config } from '../config.ts'
import type { DbOrTx } from '../db/client.ts'
import {
  caseOrganisations,
  documentAcknowledgements,
  documentDownloads,
  documents,
  documentVersions,
  items,
  organisations,
  users,
} from '../db/schema.ts'
import { inParallel } from '../db/tx.ts'
import { type LoadedDocumentFacts, loadDocumentFacts } from './facts.ts'

export type DocumentRow = typeof documents.$inferSelect
export type VersionRow = typeof documentVersions.$inferSelect
type OrganisationRef = { id: string; name: string; type: OrganisationType }

/** A document with its current version's file, its uploader, and the caller's acknowledgement. */
export interface LoadedDocument {
  row: DocumentRow
  current: VersionRow
  uploaderOrganisation: OrganisationRef
  uploader: { userId: string; name: string } | null
  /** The read rule's facts as they are now (its own audience and its item's). */
  facts: LoadedDocumentFacts['facts']
  acknowledgementCount: number
  /** The version the caller marked read, or null. */
  acknowledgedVersion: number | null
}

const uploaderUser = alias(users, 'uploader_user')

/**
 * Live documents of a case (not deleted, not on a deleted item) with everything the list shows,
 * in two statements whatever their number; `userId` is the caller, for their own acknowledgement.
 */
export async function loadDocuments(
  db: DbOrTx,
  caseId: string,
  userId: string,
  where: { ids?: string[]; step?: number; itemId?: string; organisationId?: string } = {},
): Promise<LoadedDocument[]> {
  if (where.ids?.length === 0) return []
  const rows = await db
    .select({
      row: documents,
      current: documentVersions,
      org: { id: organisations.id, name: organisations.name, type: organisations.type },
      uploaderName: uploaderUser.name,
      acknowledgementCount: sql<number>`(select count(*)::int from ${documentAcknowledgements} a where a.document_id = ${documents.id})`,
      acknowledgedVersion: sql<
        number | null
      >`(select a.version_number from ${documentAcknowledgements} a where a.document_id = ${documents.id} and a.user_id = ${userId})`,
    })
    .from(documents)
    .innerJoin(
      documentVersions,
      and(eq(documentVersions.documentId, documents.id), eq(documentVersions.number, documents.currentVersion)),
    )
    .innerJoin(organisations, eq(organisations.id, documents.uploaderOrganisationId))
    .leftJoin(uploaderUser, eq(uploaderUser.id, documents.uploaderUserId))
    .leftJoin(items, eq(items.id, documents.itemId))
    .where(
      and(
        eq(documents.caseId, caseId),
        isNull(documents.deletedAt),
        isNull(items.deletedAt),
        where.ids ? inArray(documents.id, where.ids) : undefined,
        where.step !== undefined ? eq(documents.step, where.step) : undefined,
        where.itemId !== undefined ? eq(documents.itemId, where.itemId) : undefined,
        where.organisationId !== undefined ? eq(documents.uploaderOrganisationId, where.organisationId) : undefined,
      ),
    )
  const facts = await loadDocumentFacts(
    db,
    caseId,
    rows.map((r) => r.row.id),
  )
  return rows.flatMap((r) => {
    const f = facts.get(r.row.id)
    if (!f) return []
    return [
      {
        row: r.row,
        current: r.current,
        uploaderOrganisation: r.org,
        uploader:
          r.row.uploaderUserId && r.uploaderName !== null
            ? { userId: r.row.uploaderUserId, name: r.uploaderName }
            : null,
        facts: f.facts,
        acknowledgementCount: Number(r.acknowledgementCount),
        acknowledgedVersion: r.acknowledgedVersion === null ? null : Number(r.acknowledgedVersion),
      },
    ]
  })
}

/** One live document of a case without an access check; the route's guard authorized it. */
export async function unsafeFindDocument(db: DbOrTx, caseId: string, documentId: string, userId: string) {
  const [doc] = await loadDocuments(db, caseId, userId, { ids: [documentId] })
  return doc ?? null
}

/** A version as the detail lists it: its file and who uploaded it for which organisation. */
export interface LoadedVersion {
  row: VersionRow
  uploader: { userId: string; name: string } | null
  organisation: OrganisationRef
}

/** Who marked a document read, and how many people per organisation downloaded it. */
export interface DocumentReaders {
  organisations: OrganisationRef[]
  acknowledgements: {
    userId: string
    name: string
    organisationId: string
    versionNumber: number
    acknowledgedAt: Date
  }[]
  downloadsPerOrganisation: Map<string, number>
}

/** The versions (newest first) and the readers of one document, for its detail. */
export async function loadDocumentDetail(db: DbOrTx, doc: LoadedDocument) {
  const [versions, caseOrgs, acks, downloads] = await inParallel(db, [
    () =>
      db
        .select({
          row: documentVersions,
          uploaderName: users.name,
          org: { id: organisations.id, name: organisations.name, type: organisations.type },
        })
        .from(documentVersions)
        .innerJoin(organisations, eq(organisations.id, documentVersions.uploadedByOrganisationId))
        .leftJoin(users, eq(users.id, documentVersions.uploadedByUserId))
        .where(eq(documentVersions.documentId, doc.row.id))
        .orderBy(desc(documentVersions.number)),
    () =>
      db
        .select({ id: organisations.id, name: organisations.name, type: organisations.type })
        .from(caseOrganisations)
        .innerJoin(organisations, eq(organisations.id, caseOrganisations.organisationId))
        .where(eq(caseOrganisations.caseId, doc.row.caseId))
        .orderBy(asc(organisations.name)),
    () =>
      db
        .select({
          userId: documentAcknowledgements.userId,
          name: users.name,
          organisationId: documentAcknowledgements.organisationId,
          versionNumber: documentAcknowledgements.versionNumber,
          acknowledgedAt: documentAcknowledgements.acknowledgedAt,
        })
        .from(documentAcknowledgements)
        .innerJoin(users, eq(users.id, documentAcknowledgements.userId))
        .where(eq(documentAcknowledgements.documentId, doc.row.id))
        .orderBy(asc(documentAcknowledgements.acknowledgedAt)),
    () =>
      db
        .select({ organisationId: documentDownloads.organisationId, people: sql<number>`count(*)::int` })
        .from(documentDownloads)
        .where(eq(documentDownloads.documentId, doc.row.id))
        .groupBy(documentDownloads.organisationId),
  ] as const)
  const readers: DocumentReaders = {
    organisations: caseOrgs,
    acknowledgements: acks,
    downloadsPerOrganisation: new Map(downloads.map((d) => [d.organisationId, Number(d.people)])),
  }
  const loadedVersions: LoadedVersion[] = versions.map((v) => ({
    row: v.row,
    uploader:
      v.row.uploadedByUserId && v.uploaderName !== null
        ? { userId: v.row.uploadedByUserId, name: v.uploaderName }
        : null,
    organisation: v.org,
  }))
  return { versions: loadedVersions, readers }
}

const MB = 1024 * 1024
/** Space left is shown in steps of 10 MB: exact bytes would tell sizes of documents the caller cannot see. */
const SPACE_STEP = 10 * MB
const roundedDown = (bytes: number) => Math.max(0, Math.floor(bytes / SPACE_STEP) * SPACE_STEP)

/**
 * Room for uploads: the largest file, what the caller has left over all cases, and what the case
 * has left. Every stored version counts until its content is deleted.
 */
export async function documentSpace(
  db: DbOrTx,
  config: Config,
  caseId: string,
  userId: string,
): Promise<DocumentSpace> {
  const used = (condition: ReturnType<typeof eq>) =>
    db
      .select({ bytes: sql<string>`coalesce(sum(${documentVersions.size}), 0)::text` })
      .from(documentVersions)
      .where(and(condition, isNull(documentVersions.contentDeletedAt)))
  const [[byPerson], [inCase]] = await inParallel(db, [
    () => used(eq(documentVersions.uploadedByUserId, userId)),
    () => used(eq(documentVersions.caseId, caseId)),
  ] as const)
  return {
    maxFileBytes: config.DOCUMENT_MAX_MB * MB,
    personLeftBytes: roundedDown(config.DOCUMENT_PERSON_QUOTA_MB * MB - Number(byPerson?.bytes ?? 0)),
    caseLeftBytes: roundedDown(config.DOCUMENT_CASE_QUOTA_MB * MB - Number(inCase?.bytes ?? 0)),
  }
}
