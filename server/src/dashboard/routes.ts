import { AgendaSchema, CaseIdParamsSchema, DashboardSchema, ErrorResponseSchema } from '@vp/shared'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { guarded } from '../policy/guard.ts'
import { buildAgenda, buildDashboard } from './service.ts'

const E = ErrorResponseSchema

export const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app

  app.get(
    '/cases/:caseId/dashboard',
    {
      config: { policy: 'case.read' },
      schema: {
        tags: ['overviews'],
        summary:
          'How far the case is: steps, done matrix, counts, action status, indicators, consensus map, commitment matrix, cost and capacity',
        params: CaseIdParamsSchema,
        response: { 200: DashboardSchema, 401: E, 404: E },
      },
    },
    async (req) => {
      const { actor } = guarded(req)
      return buildDashboard(db, actor, req.params.caseId)
    },
  )

  app.get(
    '/me/agenda',
    {
      schema: {
        tags: ['overviews'],
        summary: 'What needs me now, across my cases',
        response: { 200: AgendaSchema, 401: E },
      },
    },
    async (req) => buildAgenda(db, (await req.requireSession()).user),
  )
}
