import {
  CaseIdParamsSchema,
  DocumentContentQuerySchema,
  DocumentDetailSchema,
  DocumentDetailViewSchema,
  DocumentListQuerySchema,
  DocumentListSchema,
  DocumentParamsSchema,
  DocumentSchema,
  DocumentViewSchema,
  ErrorResponseSchema,
  staleResponseOf,
  UpdateDocumentBodySchema,
} from '@vp/shared'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { notFound, requireIfMatch } from '../http/errors.ts'
import { guarded, guardedDocument } from '../policy/guard.ts'
import { acknowledgeDocument } from './acknowledge.ts'
import { findVersion, parseRange, rangeNotSatisfiable, recordDownload, sendContent } from './download.ts'
import { listDocuments } from './list.ts'
import { documentSpace, loadDocumentDetail, unsafeFindDocument } from './load.ts'
import { placeholderOf, presentDocumentDetail, presentFullDocument } from './present.ts'
import { deleteDocument, updateDocument } from './update.ts'

const E = ErrorResponseSchema
const tags = ['documents']
const writeErrors = { 400: E, 401: E, 403: E, 404: E, 409: E }

/** Reading, downloading, changing, deleting and acknowledging documents. */
export const documentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app

  /** The guarded document, loaded with what the answers show (the guard proved it is live). */
  async function documentOf(req: FastifyRequest) {
    const { actor, document, readable } = guardedDocument(req)
    const { caseId } = req.params as { caseId: string }
    const doc = await unsafeFindDocument(db, caseId, document.id, actor.user.id)
    if (!doc) throw notFound('Document niet gevonden')
    return { actor, doc, readable }
  }

  app.get(
    '/cases/:caseId/documents',
    {
      config: { policy: 'case.read' },
      schema: {
        tags,
        summary: 'The documents of a case (placeholders outside their audience), with the space left',
        description:
          'Filters: `step`, `itemId`, `organisationId` (the uploader’s organisation), `family`. Sort: `newest` (default), `oldest`, `title`. A placeholder never matches `family` and, under `title`, comes after the named documents, by date.',
        params: CaseIdParamsSchema,
        querystring: DocumentListQuerySchema,
        response: { 200: DocumentListSchema, 400: E, 401: E, 404: E },
      },
    },
    async (req) => {
      const { actor } = guarded(req)
      const [page, space] = await Promise.all([
        listDocuments(db, actor, req.params.caseId, req.query),
        documentSpace(db, app.config, req.params.caseId, actor.user.id),
      ])
      return { ...page, space }
    },
  )

  app.get(
    '/cases/:caseId/documents/:documentId',
    {
      config: { policy: 'document.read', placeholder: true },
      schema: {
        tags,
        summary:
          'One document with its versions and who read it, per organisation (a placeholder outside its audience)',
        params: DocumentParamsSchema,
        response: { 200: DocumentDetailViewSchema, 401: E, 404: E },
      },
    },
    async (req, reply) => {
      const { actor, doc, readable } = await documentOf(req)
      if (!readable) return placeholderOf(doc)
      reply.header('etag', `"${doc.row.version}"`)
      return presentDocumentDetail(doc, await loadDocumentDetail(db, doc), actor)
    },
  )

  app.get(
    '/cases/:caseId/documents/:documentId/content',
    {
      config: { policy: 'document.read' },
      schema: {
        tags,
        summary: 'Download a document (the current version, or `?version=`); `Range` supported',
        description:
          'Always an attachment, with the stored media type, `nosniff` and a sandbox policy. `Range: bytes=a-b`, `a-` or `-n` → 206; past the end → 416 with `Content-Range: bytes */size`; several ranges → 200 with the whole file. A download of a restricted document is one `document.downloaded` event; every download is counted per person. A request for a range that does not start at byte 0 (a resumed download) is not counted again.',
        params: DocumentParamsSchema,
        querystring: DocumentContentQuerySchema,
        response: { 401: E, 404: E, 416: E },
      },
    },
    async (req, reply) => {
      const { actor, doc } = await documentOf(req)
      const version = await findVersion(db, doc.row.id, req.query.version ?? doc.row.currentVersion)
      const etag = `"${version.sha256}"`
      const ifRange = req.headers['if-range']
      // A resumed download of a file that changed meanwhile gets the whole file (RFC 9110 If-Range).
      const range = ifRange === undefined || ifRange === etag ? parseRange(req.headers.range, version.size) : null
      if (range === 'unsatisfiable') throw rangeNotSatisfiable(reply, version.size)
      // One download is one count and, when restricted, one event: the first request of it, which
      // starts at byte 0; a HEAD transfers nothing.
      if (req.method === 'GET' && (range === null || range.start === 0))
        await recordDownload(
          db,
          actor,
          { id: doc.row.id, caseId: doc.row.caseId, step: doc.row.step, facts: doc.facts },
          version.number,
        )
      return sendContent(db, reply, version, range)
    },
  )

  app.patch(
    '/cases/:caseId/documents/:documentId',
    {
      config: { policy: 'document.update' },
      schema: {
        tags,
        summary: 'Rename, move or restrict a document (uploader’s organisation or projectleider, If-Match)',
        description:
          '428 without If-Match; 412 with the current document in `current` when someone else saved first. `itemId` must be an item the caller may read; `audience` organisations of the case (the uploader’s organisation and the caller’s own are always kept).',
        params: DocumentParamsSchema,
        body: UpdateDocumentBodySchema,
        response: { 200: DocumentSchema, ...writeErrors, 412: staleResponseOf(DocumentViewSchema), 428: E },
      },
    },
    async (req, reply) => {
      // The guard decided who may change it before the version check: someone without the right
      // learns nothing from a 412.
      const { actor, doc } = await documentOf(req)
      const saved = await updateDocument(req.writeDb, actor, doc, requireIfMatch(req.headers['if-match']), req.body)
      reply.header('etag', `"${saved.row.version}"`)
      return presentFullDocument(saved, actor)
    },
  )

  app.delete(
    '/cases/:caseId/documents/:documentId',
    {
      config: { policy: 'document.delete' },
      schema: {
        tags,
        summary: 'Delete a document (soft: its content is removed, who uploaded what stays) — If-Match',
        params: DocumentParamsSchema,
        response: { 204: z.null(), ...writeErrors, 412: staleResponseOf(DocumentViewSchema), 428: E },
      },
    },
    async (req, reply) => {
      const { actor, doc } = await documentOf(req)
      await deleteDocument(req.writeDb, actor, doc, requireIfMatch(req.headers['if-match']))
      return reply.status(204).send(null)
    },
  )

  app.put(
    '/cases/:caseId/documents/:documentId/acknowledgement',
    {
      config: { policy: 'document.acknowledge' },
      schema: {
        tags,
        summary: 'Mark a document read ("gelezen"): once per person, moved to the newest version',
        params: DocumentParamsSchema,
        response: { 200: DocumentDetailSchema, ...writeErrors },
      },
    },
    async (req, reply) => {
      const { actor, doc } = await documentOf(req)
      await acknowledgeDocument(req.writeDb, actor, doc)
      const now = (await unsafeFindDocument(db, doc.row.caseId, doc.row.id, actor.user.id)) ?? doc
      reply.header('etag', `"${now.row.version}"`)
      return presentDocumentDetail(now, await loadDocumentDetail(db, now), actor)
    },
  )
}
