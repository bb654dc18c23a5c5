import {
  CaseIdParamsSchema,
  ErrorResponseSchema,
  OrganisationClashResponseSchema,
  OrganisationPickQuerySchema,
  OrganisationRefListSchema,
  PickableOrganisationSchema,
  ProposeOrganisationBodySchema,
  RateLimitedResponseSchema,
} from '@vp/shared'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { actorOf } from '../policy/actor.ts'
import { guarded } from '../policy/guard.ts'
import { authorize } from '../policy/policy.ts'
import { listPickableOrganisations, proposeOrganisation } from './service.ts'

const E = ErrorResponseSchema
const tags = ['organisations']

export const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app

  app.get(
    '/organisations',
    {
      schema: {
        tags,
        summary: 'Organisations to pick from when inviting',
        description:
          'Every confirmed organisation. With `caseId` of a case the caller is a member of, also the ones proposed in that case (`confirmed: false`); for any other case the list is the same as without it.',
        querystring: OrganisationPickQuerySchema,
        response: { 200: OrganisationRefListSchema, 400: E, 401: E },
      },
    },
    async (req) => {
      const actor = await actorOf(req)
      authorize(actor, 'organisation.list', null)
      return listPickableOrganisations(db, actor.user.id, req.query.caseId)
    },
  )

  app.post(
    '/cases/:caseId/organisations',
    {
      config: { policy: 'organisation.propose' },
      schema: {
        tags,
        summary: 'Propose an organisation that is not listed yet, for an invitation (projectleider)',
        description:
          'Usable at once for invitations in this case; `confirmed: false` until an administrator confirms, renames or merges it. ' +
          'It has no e-mail domains: a new account in it waits for approval. 409 when the name exists (with `existing`, the one to pick); ' +
          'limited per person per day (429).',
        params: CaseIdParamsSchema,
        body: ProposeOrganisationBodySchema,
        response: {
          201: PickableOrganisationSchema,
          400: E,
          401: E,
          403: E,
          404: E,
          409: OrganisationClashResponseSchema,
          429: RateLimitedResponseSchema,
        },
      },
    },
    async (req, reply) => {
      const { actor } = guarded(req)
      const org = await proposeOrganisation(req.writeDb, config, actor, req.params.caseId, req.body, req.log)
      reply.status(201).header('location', `/api/admin/organisations/${org.id}`)
      return org
    },
  )
}
