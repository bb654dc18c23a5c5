import {
  AdminUserListSchema,
  AdminUserSchema,
  AdminUserWithLinkSchema,
  CreateOrganisationBodySchema,
  CreateUserBodySchema,
  ErrorResponseSchema,
  IdParamsSchema,
  OrganisationListSchema,
  OrganisationSchema,
  PageQuerySchema,
  PendingAccountListSchema,
  staleResponseOf,
  UpdateOrganisationBodySchema,
  UpdateUserBodySchema,
} from '@vp/shared'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireIfMatch } from '../http/errors.ts'
import { actorOf } from '../policy/actor.ts'
import { authorize } from '../policy/policy.ts'
import {
  createOrganisation,
  createUser,
  decidePendingAccount,
  findAdminUser,
  findOrganisation,
  listOrganisations,
  listPendingAccounts,
  listUsers,
  presentOrganisation,
  updateOrganisation,
  updateUser,
} from './service.ts'

const E = ErrorResponseSchema
const readErrors = { 400: E, 401: E, 403: E }
const writeErrors = { 400: E, 401: E, 403: E, 404: E, 409: E, 428: E }
const tags = ['administration']

export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app

  app.get(
    '/admin/organisations',
    {
      schema: {
        tags,
        summary: 'List organisations (admin)',
        querystring: PageQuerySchema,
        response: { 200: OrganisationListSchema, ...readErrors },
      },
    },
    async (req) => {
      authorize(await actorOf(req), 'organisation.manage', null)
      return listOrganisations(db, req.query)
    },
  )

  app.post(
    '/admin/organisations',
    {
      schema: {
        tags,
        summary: 'Create an organisation (admin)',
        body: CreateOrganisationBodySchema,
        response: { 201: OrganisationSchema, ...writeErrors },
      },
    },
    async (req, reply) => {
      authorize(await actorOf(req), 'organisation.manage', null)
      const org = await createOrganisation(req.writeDb, req.body)
      reply
        .status(201)
        .header('location', `/api/admin/organisations/${org.org.id}`)
        .header('etag', `"${org.org.version}"`)
      return presentOrganisation(org)
    },
  )

  app.get(
    '/admin/organisations/:id',
    {
      schema: {
        tags,
        summary: 'One organisation (admin)',
        params: IdParamsSchema,
        response: { 200: OrganisationSchema, ...readErrors, 404: E },
      },
    },
    async (req, reply) => {
      authorize(await actorOf(req), 'organisation.manage', null)
      const org = await findOrganisation(db, req.params.id)
      reply.header('etag', `"${org.org.version}"`)
      return presentOrganisation(org)
    },
  )

  app.patch(
    '/admin/organisations/:id',
    {
      schema: {
        tags,
        summary: 'Rename, retype, confirm or merge an organisation, or set its e-mail domains (admin, If-Match)',
        description:
          '`emailDomains` (lower-case, e.g. `politie.nl`): an invitation makes an active account in this organisation only for an address in one of them; any other new account waits for approval. ' +
          '`confirmed: true` confirms a proposed organisation. `mergeInto` (alone) merges a proposed, unconfirmed organisation into a confirmed one: ' +
          'its people, seats, invitations and contributions move there (where both have a row for the same thing, the target’s stays); the proposal stays, marked merged, and leaves the pick lists.',
        params: IdParamsSchema,
        body: UpdateOrganisationBodySchema,
        response: { 200: OrganisationSchema, ...writeErrors, 412: staleResponseOf(OrganisationSchema) },
      },
    },
    async (req, reply) => {
      const actor = await actorOf(req)
      authorize(actor, 'organisation.manage', null)
      const version = requireIfMatch(req.headers['if-match'])
      const org = await updateOrganisation(req.writeDb, actor.user, req.params.id, version, req.body)
      app.sessionCache.clear()
      reply.header('etag', `"${org.org.version}"`)
      return presentOrganisation(org)
    },
  )

  app.get(
    '/admin/users',
    {
      schema: {
        tags,
        summary: 'List accounts (admin)',
        querystring: PageQuerySchema,
        response: { 200: AdminUserListSchema, ...readErrors },
      },
    },
    async (req) => {
      authorize(await actorOf(req), 'user.manage', null)
      return listUsers(db, req.query)
    },
  )

  app.post(
    '/admin/users',
    {
      schema: {
        tags,
        summary: 'Create an account (admin)',
        description: 'Returns a single-use link with which the person sets their own password.',
        body: CreateUserBodySchema,
        response: { 201: AdminUserWithLinkSchema, ...writeErrors },
      },
    },
    async (req, reply) => {
      authorize(await actorOf(req), 'user.manage', null)
      const result = await createUser(req.writeDb, config.publicOrigin, req.body)
      reply
        .status(201)
        .header('location', `/api/admin/users/${result.user.id}`)
        .header('etag', `"${result.user.version}"`)
      return result
    },
  )

  app.get(
    '/admin/users/:id',
    {
      schema: {
        tags,
        summary: 'One account (admin)',
        params: IdParamsSchema,
        response: { 200: AdminUserSchema, ...readErrors, 404: E },
      },
    },
    async (req, reply) => {
      authorize(await actorOf(req), 'user.manage', null)
      const user = await findAdminUser(db, req.params.id)
      reply.header('etag', `"${user.version}"`)
      return user
    },
  )

  app.patch(
    '/admin/users/:id',
    {
      schema: {
        tags,
        summary: 'Change, disable, enable or reset an account (admin, If-Match)',
        description:
          'Disabling or resetting ends the account’s sessions at once; a reset returns a new set-password link.',
        params: IdParamsSchema,
        body: UpdateUserBodySchema,
        response: { 200: AdminUserWithLinkSchema, ...writeErrors, 412: staleResponseOf(AdminUserSchema) },
      },
    },
    async (req, reply) => {
      const actor = await actorOf(req)
      authorize(actor, 'user.manage', null)
      const version = requireIfMatch(req.headers['if-match'])
      const result = await updateUser(req.writeDb, config.publicOrigin, actor.user.id, req.params.id, version, req.body)
      app.sessionCache.forgetUser(req.params.id)
      reply.header('etag', `"${result.user.version}"`)
      return result
    },
  )

  app.get(
    '/admin/pending-accounts',
    {
      schema: {
        tags,
        summary: 'Accounts waiting for approval (admin)',
        description:
          'Made through an invitation for an address outside the organisation’s e-mail domains; they cannot sign in until approved.',
        response: { 200: PendingAccountListSchema, ...readErrors },
      },
    },
    async (req) => {
      authorize(await actorOf(req), 'user.manage', null)
      return listPendingAccounts(db)
    },
  )

  for (const [segment, decision] of [
    ['approve', 'approved'],
    ['reject', 'rejected'],
  ] as const) {
    app.post(
      `/admin/pending-accounts/:id/${segment}`,
      {
        schema: {
          tags,
          summary:
            decision === 'approved'
              ? 'Approve a waiting account: it can sign in, its seat counts (admin)'
              : 'Reject a waiting account: it stays unable to sign in, its seats end (admin)',
          params: IdParamsSchema,
          response: { 200: AdminUserSchema, 400: E, 401: E, 403: E, 404: E, 409: E },
        },
      },
      async (req, reply) => {
        const actor = await actorOf(req)
        authorize(actor, 'user.manage', null)
        const user = await decidePendingAccount(req.writeDb, actor.user, req.params.id, decision)
        app.sessionCache.forgetUser(req.params.id)
        reply.header('etag', `"${user.version}"`)
        return user
      },
    )
  }
}
