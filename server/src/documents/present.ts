import {
  DOCUMENT_TYPES,
  type Document,
  type DocumentDetail,
  type DocumentFamily,
  type DocumentView,
  detectPersonalData,
  documentTypeOf,
  type RestrictedDocument,
} from '@vp/shared'
import { type Actor, can } from '../policy/policy.ts'
import type { DocumentReaders, LoadedDocument, LoadedVersion } from './load.ts'

/** The family of a stored file: by its name, else by its media type (both were checked at upload). */
export function familyOf(fileName: string, mediaType: string): DocumentFamily {
  const byName = documentTypeOf(fileName)
  if (byName) return byName.family
  return Object.values(DOCUMENT_TYPES).find((t) => t.mediaType === mediaType)?.family ?? 'text'
}

/** Outside its audience: whose document it is and when, nothing of its name or content. */
export function placeholderOf(doc: LoadedDocument): RestrictedDocument {
  return {
    id: doc.row.id,
    caseId: doc.row.caseId,
    restricted: true,
    step: doc.row.step,
    uploaderOrganisation: doc.uploaderOrganisation,
    createdAt: doc.row.createdAt.toISOString(),
  }
}

/** The document as this member may see it: in full with abilities, or a placeholder outside its audience. */
export function presentDocument(doc: LoadedDocument, actor: Actor): DocumentView {
  return can(actor, 'document.read', doc.facts) ? presentFullDocument(doc, actor) : placeholderOf(doc)
}

/**
 * The document in full, for a caller the read rule lets in (the answer to a write; the writer's
 * organisation stays in the audience). The check stays, so a broken invariant is an error rather
 * than a file's name sent to the wrong reader.
 */
export function presentFullDocument(doc: LoadedDocument, actor: Actor): Document {
  const { row, current, facts } = doc
  if (!can(actor, 'document.read', facts)) throw new Error(`document ${row.id} is outside the caller's audience`)
  return {
    ...placeholderOf(doc),
    restricted: false,
    title: row.title,
    fileName: current.fileName,
    mediaType: current.mediaType,
    family: familyOf(current.fileName, current.mediaType),
    size: current.size,
    sha256: current.sha256,
    itemId: row.itemId,
    audience: row.audience,
    version: row.version,
    currentVersion: row.currentVersion,
    uploadedBy: doc.uploader ? { ...doc.uploader, organisation: doc.uploaderOrganisation } : null,
    updatedAt: row.updatedAt.toISOString(),
    acknowledgedVersion: doc.acknowledgedVersion,
    acknowledgementCount: doc.acknowledgementCount,
    abilities: {
      update: can(actor, 'document.update', facts),
      delete: can(actor, 'document.delete', facts),
      addVersion: can(actor, 'document.addVersion', facts),
      acknowledge: can(actor, 'document.acknowledge', facts),
    },
    // A file named after a person-level record gets the same warning as free text.
    warnings: [
      ...detectPersonalData(row.title).map((w) => ({ field: 'title', kind: w.kind, match: w.match })),
      ...detectPersonalData(current.fileName).map((w) => ({ field: 'fileName', kind: w.kind, match: w.match })),
    ],
  }
}

/**
 * The detail: the document with every version (newest first) and, per organisation of the case,
 * who marked it read and how many of its people downloaded it — the evidence it was received.
 */
export function presentDocumentDetail(
  doc: LoadedDocument,
  detail: { versions: LoadedVersion[]; readers: DocumentReaders },
  actor: Actor,
): DocumentDetail {
  const { readers } = detail
  const orgById = new Map(readers.organisations.map((o) => [o.id, o]))
  return {
    ...presentFullDocument(doc, actor),
    versions: detail.versions.map((v) => ({
      number: v.row.number,
      fileName: v.row.fileName,
      mediaType: v.row.mediaType,
      size: v.row.size,
      sha256: v.row.sha256,
      uploadedBy: v.uploader ? { ...v.uploader, organisation: v.organisation } : null,
      uploadedByOrganisation: v.organisation,
      createdAt: v.row.createdAt.toISOString(),
    })),
    acknowledgements: readers.organisations.map((organisation) => ({
      organisation,
      people: readers.acknowledgements
        .filter((a) => a.organisationId === organisation.id)
        .map((a) => ({
          person: { userId: a.userId, name: a.name, organisation: orgById.get(a.organisationId) ?? null },
          versionNumber: a.versionNumber,
          acknowledgedAt: a.acknowledgedAt.toISOString(),
        })),
      downloadedBy: readers.downloadsPerOrganisation.get(organisation.id) ?? 0,
    })),
  }
}
