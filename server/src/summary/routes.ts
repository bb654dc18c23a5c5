import {
  CaseIdParamsSchema,
  ErrorResponseSchema,
  type SummaryFormat,
  SummaryQuerySchema,
  SummarySchema,
} from '@vp/shared'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { guarded } from '../policy/guard.ts'
import { recordExport, sendExport } from './export.ts'
import { buildSummary } from './model.ts'

const E = ErrorResponseSchema
const tags = ['overviews']
const VARIANTS =
  '`full` (default): what the caller may see, with placeholders; `raad`: only what every member may see, without placeholders, counts or names of restricted content and without person names.'

/** The summary of a case as JSON, PDF and DOCX: one model, built under the caller's visibility. */
export const summaryRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app

  app.get(
    '/cases/:caseId/summary',
    {
      config: { policy: 'case.read' },
      schema: {
        tags,
        summary: 'The summary of the case ("samenvatting van de vorderingen"), as the page, PDF and DOCX show it',
        description: VARIANTS,
        params: CaseIdParamsSchema,
        querystring: SummaryQuerySchema,
        response: { 200: SummarySchema, 400: E, 401: E, 404: E },
      },
    },
    async (req, reply) => {
      const { actor } = guarded(req)
      reply.header('cache-control', 'private, no-store')
      return buildSummary(db, actor, req.params.caseId, req.query.variant)
    },
  )

  for (const format of ['pdf', 'docx'] as const satisfies SummaryFormat[]) {
    app.get(
      `/cases/:caseId/summary.${format}`,
      {
        config: { policy: 'case.read' },
        schema: {
          tags,
          summary: `The summary of the case as ${format === 'pdf' ? 'a PDF (A4)' : 'an editable Word document'}`,
          description: `${VARIANTS} An attachment named \`samenvatting-<case>-<yyyy-mm-dd>.${format}\`; each export is one \`summary.exported\` case event.`,
          params: CaseIdParamsSchema,
          querystring: SummaryQuerySchema,
          response: { 400: E, 401: E, 404: E, 429: E },
        },
      },
      async (req, reply) => {
        const { actor } = guarded(req)
        const summary = await buildSummary(db, actor, req.params.caseId, req.query.variant)
        // Laid out in a worker thread: a 500-item case never holds up other requests (ADR 025).
        const bytes = await app.summaryRenderer.render(summary, format, actor.user.id)
        // Recorded once the file exists: a failed render is no export, and a HEAD transfers nothing.
        if (req.method === 'GET') await recordExport(db, actor, summary, format)
        return sendExport(reply, summary, format, bytes)
      },
    )
  }
}
