import { z } from 'zod'
import { pageOf } from './admin.ts'
import { OrganisationRefSchema } from './auth.ts'
import { PersonRefSchema } from './cases.ts'
import { DOCUMENT_EXTENSIONS, DOCUMENT_FAMILIES } from './constants/documents.ts'
import { AudienceSchema, PersonalDataWarningSchema } from './items.ts'

// The lists are plain data in constants/documents.ts; here are the schemas of the Documents API (F7).
export * from './constants/documents.ts'

export const DocumentFamilySchema = z.enum(DOCUMENT_FAMILIES)
export const DocumentExtensionSchema = z.enum(DOCUMENT_EXTENSIONS)

export const DocumentParamsSchema = z.object({ caseId: z.uuid(), documentId: z.uuid() })

const documentTitle = z.string().trim().min(1).max(200)
const documentStep = z.coerce.number().int().min(1).max(6).nullable()

/**
 * The text fields of a multipart upload, next to `file`. `audience` arrives as a JSON string
 * (an array of organisation ids, or `null` for every member). The title defaults to the file name.
 */
export const UploadDocumentFieldsSchema = z.object({
  title: documentTitle.optional(),
  step: documentStep.optional(),
  itemId: z.uuid().nullable().optional(),
  audience: AudienceSchema.optional(),
})
export type UploadDocumentFields = z.infer<typeof UploadDocumentFieldsSchema>

/** Rename, move (to the case, a step or an item) or change who may see it. */
export const UpdateDocumentBodySchema = z
  .object({
    title: documentTitle.optional(),
    step: documentStep.optional(),
    itemId: z.uuid().nullable().optional(),
    audience: AudienceSchema.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'Geef minstens één veld' })
export type UpdateDocumentBody = z.infer<typeof UpdateDocumentBodySchema>

export const DocumentListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  step: z.coerce.number().int().min(1).max(6).optional(),
  itemId: z.uuid().optional(),
  /** The uploader's organisation. */
  organisationId: z.uuid().optional(),
  family: DocumentFamilySchema.optional(),
  sort: z.enum(['newest', 'oldest', 'title']).default('newest'),
})
export type DocumentListQuery = z.infer<typeof DocumentListQuerySchema>

export const DocumentContentQuerySchema = z.object({ version: z.coerce.number().int().min(1).optional() })

export const DocumentVersionSchema = z
  .object({
    number: z.number().int(),
    fileName: z.string(),
    mediaType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    uploadedBy: PersonRefSchema.nullable(),
    uploadedByOrganisation: OrganisationRefSchema,
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'DocumentVersion' })
export type DocumentVersion = z.infer<typeof DocumentVersionSchema>

export const DocumentAbilitiesSchema = z.object({
  update: z.boolean(),
  delete: z.boolean(),
  addVersion: z.boolean(),
  acknowledge: z.boolean(),
})

/** A document the caller may read: its current version's file, where it hangs, who may see it. */
export const DocumentSchema = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    restricted: z.literal(false),
    title: z.string(),
    fileName: z.string(),
    mediaType: z.string(),
    family: DocumentFamilySchema,
    size: z.number().int(),
    sha256: z.string(),
    step: z.number().int().nullable(),
    itemId: z.uuid().nullable(),
    audience: z.array(z.uuid()).nullable(),
    /** The ETag of the metadata; If-Match on PATCH, DELETE and a new version. */
    version: z.number().int(),
    /** The number of the version served by default. */
    currentVersion: z.number().int(),
    uploadedBy: PersonRefSchema.nullable(),
    uploaderOrganisation: OrganisationRefSchema,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    /** Whether the caller has marked it read ("gelezen"), and which version. */
    acknowledgedVersion: z.number().int().nullable(),
    /** How many people have marked it read. */
    acknowledgementCount: z.number().int(),
    abilities: DocumentAbilitiesSchema,
    /** The title or file name looks like a person-level record (BSN, date of birth): shown, never blocking. */
    warnings: z.array(PersonalDataWarningSchema),
  })
  .meta({ id: 'Document' })
export type Document = z.infer<typeof DocumentSchema>

/** Outside its audience: that a document exists, from which organisation and when; nothing else. */
export const RestrictedDocumentSchema = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    restricted: z.literal(true),
    step: z.number().int().nullable(),
    uploaderOrganisation: OrganisationRefSchema,
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'RestrictedDocument' })
export type RestrictedDocument = z.infer<typeof RestrictedDocumentSchema>

export const DocumentViewSchema = z.union([DocumentSchema, RestrictedDocumentSchema])
export type DocumentView = z.infer<typeof DocumentViewSchema>

/** Who has read a document, per organisation (the evidence that it was received). */
export const DocumentAcknowledgementGroupSchema = z.object({
  organisation: OrganisationRefSchema,
  people: z.array(
    z.object({ person: PersonRefSchema, versionNumber: z.number().int(), acknowledgedAt: z.iso.datetime() }),
  ),
  /** People of this organisation who downloaded it at least once. */
  downloadedBy: z.number().int(),
})

export const DocumentDetailSchema = DocumentSchema.extend({
  versions: z.array(DocumentVersionSchema),
  acknowledgements: z.array(DocumentAcknowledgementGroupSchema),
}).meta({ id: 'DocumentDetail' })
export type DocumentDetail = z.infer<typeof DocumentDetailSchema>

export const DocumentDetailViewSchema = z.union([DocumentDetailSchema, RestrictedDocumentSchema])
export type DocumentDetailView = z.infer<typeof DocumentDetailViewSchema>

/** Space left for uploads: the caller's own, and the case's (rounded down to 10 MB, see ADR 024). */
export const DocumentSpaceSchema = z.object({
  maxFileBytes: z.number().int(),
  personLeftBytes: z.number().int(),
  caseLeftBytes: z.number().int(),
  /** Uploads the caller may run at once (more get 429). */
  maxParallelUploads: z.number().int(),
})
export type DocumentSpace = z.infer<typeof DocumentSpaceSchema>

export const DocumentListSchema = pageOf(DocumentViewSchema).extend({ space: DocumentSpaceSchema })
export type DocumentList = z.infer<typeof DocumentListSchema>
