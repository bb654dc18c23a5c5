import {
  CaseIdParamsSchema,
  ErrorResponseSchema,
  MemberListSchema,
  MemberParamsSchema,
  MemberSchema,
  OkResponseSchema,
  staleResponseOf,
  UpdateMemberBodySchema,
} from '@vp/shared'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { listMembers } from '../cases/service.ts'
import { requireIfMatch } from '../http/errors.ts'
import { guarded } from '../policy/guard.ts'
import { removeMember, updateMember } from './service.ts'

const E = ErrorResponseSchema
const tags = ['members']

export const memberRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app

  app.get(
    '/cases/:caseId/members',
    {
      config: { policy: 'member.list' },
      schema: {
        tags,
        summary: 'The project group: seats with belang, role and commitment',
        params: CaseIdParamsSchema,
        response: { 200: MemberListSchema, 401: E, 404: E },
      },
    },
    async (req) => {
      const { actor } = guarded(req)
      return { items: await listMembers(db, actor, req.params.caseId) }
    },
  )

  app.patch(
    '/cases/:caseId/members/:memberId',
    {
      config: { policy: 'member.update' },
      schema: {
        tags,
        summary: 'Change a seat (If-Match)',
        description:
          'The projectleider changes everything; a partner its own organisation’s belang, role text and commitment.',
        params: MemberParamsSchema,
        body: UpdateMemberBodySchema,
        response: {
          200: MemberSchema,
          400: E,
          401: E,
          403: E,
          404: E,
          409: E,
          412: staleResponseOf(MemberSchema),
          428: E,
        },
      },
    },
    async (req, reply) => {
      const { caseId, memberId } = req.params
      // The guard answers outsiders 404 and partners without the right 403 before any version
      // check: they must not learn the member exists or what its version is.
      const { actor } = guarded(req)
      const member = await updateMember(
        req.writeDb,
        actor,
        caseId,
        memberId,
        requireIfMatch(req.headers['if-match']),
        req.body,
      )
      reply.header('etag', `"${member.version}"`)
      return member
    },
  )

  app.delete(
    '/cases/:caseId/members/:memberId',
    {
      config: { policy: 'member.remove' },
      schema: {
        tags,
        summary: 'Remove a member: access ends at once, contributions stay (projectleider, If-Match)',
        params: MemberParamsSchema,
        response: { 200: OkResponseSchema, 401: E, 403: E, 404: E, 409: E, 412: staleResponseOf(MemberSchema), 428: E },
      },
    },
    async (req) => {
      const { caseId, memberId } = req.params
      const { actor } = guarded(req)
      await removeMember(req.writeDb, actor, caseId, memberId, requireIfMatch(req.headers['if-match']))
      return { ok: true as const }
    },
  )
}
