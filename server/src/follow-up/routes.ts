import { CaseIdParamsSchema, ErrorResponseSchema, FollowUpSchema } from '@vp/shared'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { guarded } from '../policy/guard.ts'
import { buildFollowUp } from './service.ts'

const E = ErrorResponseSchema

export const followUpRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app

  app.get(
    '/cases/:caseId/follow-up',
    {
      config: { policy: 'case.followUp' },
      schema: {
        tags: ['overviews'],
        summary:
          'Whom to chase (projectleider): organisations not done with an open step, open and declined commitments, delayed and overdue actions, invitations not accepted, members not seen for two weeks',
        params: CaseIdParamsSchema,
        response: { 200: FollowUpSchema, 401: E, 403: E, 404: E },
      },
    },
    async (req) => {
      const { actor } = guarded(req)
      return buildFollowUp(db, actor, req.params.caseId)
    },
  )
}
