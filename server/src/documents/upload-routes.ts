import multipart from '@fastify/multipart'
import {
  CaseIdParamsSchema,
  DocumentParamsSchema,
  DocumentSchema,
  DocumentViewSchema,
  ErrorResponseSchema,
  staleResponseOf,
  type UploadDocumentFields,
  UploadDocumentFieldsSchema,
} from '@vp/shared'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AppError, badRequest, requireIfMatch } from '../http/errors.ts'
import { guarded, guardedDocument } from '../policy/guard.ts'
import { addDocumentVersion, assertCurrentVersion, createDocument } from './create.ts'
import { type ReceivedFile, receiveUpload, removeDirectory, uploadDirectory } from './receive.ts'
import { exactSpaceLeft, UploadSlots, uploadLimit } from './space.ts'

const E = ErrorResponseSchema
const tags = ['documents']
const uploadErrors = { 400: E, 401: E, 403: E, 404: E, 409: E, 413: E, 415: E, 429: E }

/** What a multipart body adds around the file: boundaries, part headers and the text fields. */
const MULTIPART_OVERHEAD = 64 * 1024

const notMultipart = () =>
  new AppError(415, 'unsupported_media_type', 'Stuur het bestand als multipart/form-data', [
    { path: 'file', message: 'Verwacht multipart/form-data' },
  ])

/** The text fields of the form, as the contract's schema reads them; `audience` arrives as JSON. */
function parseFields(raw: Record<string, string>): UploadDocumentFields {
  const input: Record<string, unknown> = {}
  if (raw.title !== undefined) input.title = raw.title
  if (raw.step !== undefined && raw.step !== '') input.step = raw.step
  if (raw.itemId !== undefined && raw.itemId !== '') input.itemId = raw.itemId
  if (raw.audience !== undefined && raw.audience !== '') {
    try {
      input.audience = JSON.parse(raw.audience)
    } catch {
      throw badRequest('Ongeldige invoer: body.audience', [
        { path: 'body.audience', message: 'Een JSON-lijst van organisaties, of null' },
      ])
    }
  }
  const parsed = UploadDocumentFieldsSchema.safeParse(input)
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({
      path: ['body', ...i.path.map(String)].slice(0, 2).join('.'),
      message: i.message,
    }))
    throw badRequest(`Ongeldige invoer: ${[...new Set(fields.map((f) => f.path))].join(', ')}`, fields)
  }
  return parsed.data
}

/** Errors of the multipart parser, in the API's words. */
function translateMultipartError(err: unknown): unknown {
  const code = (err as { code?: string } | null)?.code
  if (code === 'FST_FILES_LIMIT')
    return badRequest('Stuur één bestand per keer', [{ path: 'file', message: 'Eén bestand' }])
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
    return badRequest('Te veel formuliervelden', [{ path: 'body', message: 'Te veel velden' }])
  if (code === 'FST_INVALID_JSON_FIELD_ERROR' || code === 'FST_PROTO_VIOLATION')
    return badRequest('Ongeldig formulierveld', [{ path: 'body', message: 'Ongeldig veld' }])
  return err
}

/**
 * Uploads: a new document and a new version of one. The file streams to a private temporary
 * directory (never into memory), is checked there, and is then written into the database in the
 * same transaction as its rows and event; the directory is removed however the request ends.
 */
export const documentUploadRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config } = app
  const slots = new UploadSlots(config.DOCUMENT_PARALLEL_UPLOADS)

  // Only these routes read multipart. Other bodies are not parsed at all: the handler answers 415
  // after the guard (an outsider still gets 404) without reading what they sent.
  app.removeAllContentTypeParsers()
  await app.register(multipart, { limits: { fileSize: config.DOCUMENT_MAX_MB * 1024 * 1024, files: 1 } })
  app.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined))

  /**
   * Everything that can refuse an upload before its body is read: the content type, the declared
   * length against the space left, and the per-person bound on parallel uploads. A refusal closes
   * the connection, so the rest of a large body is never read.
   */
  async function receive<T>(
    req: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    caseId: string,
    store: (file: ReceivedFile, fields: Record<string, string>) => Promise<T>,
  ): Promise<T> {
    let release: (() => void) | null = null
    let dir: string | null = null
    try {
      if (!req.isMultipart()) throw notMultipart()
      const limit = uploadLimit(await exactSpaceLeft(app.db, config, caseId, userId))
      const declared = Number(req.headers['content-length'])
      if (Number.isFinite(declared) && declared > limit.bytes + MULTIPART_OVERHEAD) throw limit.error()
      release = slots.take(userId)
      dir = await uploadDirectory()
      const received = await receiveUpload(req, dir, limit.bytes, limit.error).catch((err) => {
        throw translateMultipartError(err)
      })
      return await store(received.file, received.fields)
    } catch (err) {
      // Whatever refused the upload, what is left of the body is not worth reading.
      reply.header('connection', 'close')
      throw err
    } finally {
      release?.()
      if (dir) await removeDirectory(dir)
    }
  }

  app.post(
    '/cases/:caseId/documents',
    {
      config: { policy: 'document.create' },
      schema: {
        tags,
        summary: 'Upload a document to the case, a step or an item (multipart/form-data)',
        description:
          'Parts: `file` (one), optional `title`, `step` (1–6), `itemId`, `audience` (a JSON array of organisation ids, or null for every member). ' +
          'The type is taken from the bytes and must match the allowed list and the extension: 415 otherwise. ' +
          '413 when the file (or the declared Content-Length) passes DOCUMENT_MAX_MB or the space left for the case or the uploader; ' +
          '429 when the uploader already runs DOCUMENT_PARALLEL_UPLOADS uploads.',
        consumes: ['multipart/form-data'],
        params: CaseIdParamsSchema,
        response: { 201: DocumentSchema, ...uploadErrors },
      },
    },
    async (req, reply) => {
      const { actor } = guarded(req)
      const { caseId } = req.params
      const doc = await receive(req, reply, actor.user.id, caseId, (file, fields) =>
        createDocument(app.db, config, actor, caseId, file, parseFields(fields)),
      )
      reply
        .status(201)
        .header('location', `/api/cases/${caseId}/documents/${doc.id}`)
        .header('etag', `"${doc.version}"`)
      return doc
    },
  )

  app.post(
    '/cases/:caseId/documents/:documentId/versions',
    {
      config: { policy: 'document.addVersion' },
      schema: {
        tags,
        summary: 'Upload a new version of a document (multipart `file`, If-Match)',
        description:
          'The uploader’s organisation or the projectleider. If-Match names the document’s `version`: 428 without it, 412 (with the current document) when stale. ' +
          'The same checks as an upload: 413, 415, 429.',
        consumes: ['multipart/form-data'],
        params: DocumentParamsSchema,
        response: {
          201: DocumentSchema,
          ...uploadErrors,
          412: staleResponseOf(DocumentViewSchema),
          428: E,
        },
      },
    },
    async (req, reply) => {
      const { actor, document } = guardedDocument(req)
      const { caseId } = req.params
      let ifMatch: number
      try {
        ifMatch = requireIfMatch(req.headers['if-match'])
        await assertCurrentVersion(app.db, actor, caseId, document.id, ifMatch)
      } catch (err) {
        reply.header('connection', 'close')
        throw err
      }
      const doc = await receive(req, reply, actor.user.id, caseId, (file) =>
        addDocumentVersion(app.db, config, actor, caseId, document.id, ifMatch, file),
      )
      reply.status(201).header('etag', `"${doc.version}"`)
      return doc
    },
  )
}
