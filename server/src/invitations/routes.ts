import {
  AcceptInvitationBodySchema,
  AcceptInvitationResultSchema,
  CaseIdParamsSchema,
  CreateInvitationBodySchema,
  ErrorResponseSchema,
  InvitationListSchema,
  InvitationParamsSchema,
  InvitationWithLinkSchema,
  OkResponseSchema,
  OutboxListSchema,
  PageQuerySchema,
  PublicInvitationSchema,
  RateLimitedResponseSchema,
  TokenParamsSchema,
} from '@vp/shared'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { presentUser } from '../auth/present.ts'
import { loadSessionUser } from '../auth/sessions.ts'
import { clearPasswordAttempts, takePasswordAttempt } from '../auth/throttle.ts'
import { takeHit } from '../limits/counters.ts'
import { clientAddress, limitsFrom } from '../limits/limits.ts'
import type { Mailer } from '../mail/mailer.ts'
import { guarded } from '../policy/guard.ts'
import { acceptInvitation, describeInvitation } from './accept.ts'
import { listOutbox } from './outbox.ts'
import { listInvitations } from './present.ts'
import { createInvitation, resendInvitation, revokeInvitation } from './service.ts'

const E = ErrorResponseSchema
const tags = ['invitations']

export const invitationRoutes: FastifyPluginAsyncZod<{ mailer: Mailer }> = async (app, { mailer }) => {
  const { db, config } = app
  const limits = limitsFrom(config)

  app.post(
    '/cases/:caseId/invitations',
    {
      config: { policy: 'invitation.manage' },
      schema: {
        tags,
        summary: 'Invite a person by email for an organisation and role (projectleider)',
        description:
          'Mailed when SMTP is configured (a failed attempt is queued and retried with a fresh link); ' +
          'otherwise `link` is returned to pass on. Limited per inviting person per hour and per case per day (429).',
        params: CaseIdParamsSchema,
        body: CreateInvitationBodySchema,
        response: {
          201: InvitationWithLinkSchema,
          400: E,
          401: E,
          403: E,
          404: E,
          409: E,
          429: RateLimitedResponseSchema,
        },
      },
    },
    async (req, reply) => {
      const { actor } = guarded(req)
      const result = await createInvitation(req.writeDb, config, mailer, actor, req.params.caseId, req.body, req.log)
      reply.status(201).header('location', `/api/cases/${req.params.caseId}/invitations/${result.invitation.id}`)
      return result
    },
  )

  app.get(
    '/cases/:caseId/invitations',
    {
      config: { policy: 'invitation.manage' },
      schema: {
        tags,
        summary: 'Invitations: pending, accepted, expired, revoked (projectleider)',
        params: CaseIdParamsSchema,
        response: { 200: InvitationListSchema, 401: E, 403: E, 404: E },
      },
    },
    async (req) => {
      return { items: await listInvitations(db, req.params.caseId) }
    },
  )

  app.post(
    '/cases/:caseId/invitations/:invitationId/resend',
    {
      config: { policy: 'invitation.manage' },
      schema: {
        tags,
        summary: 'Send a pending or expired invitation again with a new link; the old link stops working',
        params: InvitationParamsSchema,
        response: { 200: InvitationWithLinkSchema, 401: E, 403: E, 404: E, 409: E, 429: RateLimitedResponseSchema },
      },
    },
    async (req) => {
      const { actor } = guarded(req)
      return resendInvitation(req.writeDb, config, mailer, actor, req.params.caseId, req.params.invitationId, req.log)
    },
  )

  app.delete(
    '/cases/:caseId/invitations/:invitationId',
    {
      config: { policy: 'invitation.manage' },
      schema: {
        tags,
        summary: 'Revoke an invitation (projectleider)',
        params: InvitationParamsSchema,
        response: { 200: OkResponseSchema, 401: E, 403: E, 404: E, 409: E },
      },
    },
    async (req) => {
      const { actor } = guarded(req)
      await revokeInvitation(req.writeDb, actor, req.params.caseId, req.params.invitationId)
      return { ok: true as const }
    },
  )

  app.get(
    '/cases/:caseId/outbox',
    {
      config: { policy: 'outbox.read' },
      schema: {
        tags,
        summary: 'Every message the case sent or would have sent (projectleider)',
        params: CaseIdParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: OutboxListSchema, 400: E, 401: E, 403: E, 404: E },
      },
    },
    async (req) => {
      return listOutbox(db, req.params.caseId, req.query.limit, req.query.cursor)
    },
  )

  app.get(
    '/invitations/:token',
    {
      schema: {
        tags,
        summary: 'What an invitation link is for, and whether it still works',
        params: TokenParamsSchema,
        response: { 200: PublicInvitationSchema, 400: E, 404: E, 429: E },
      },
    },
    async (req) => {
      // Counted before the token is looked up: guessing tokens costs the guesser's address.
      await takeHit(db, limits.linkAddress, clientAddress(req), req.log)
      return describeInvitation(db, req.params.token)
    },
  )

  app.post(
    '/invitations/:token/accept',
    {
      schema: {
        tags,
        summary: 'Accept an invitation (single use)',
        description:
          'Without an account: send `name` and `password` to create one. With an account: be signed in as that email, or send its `password`. ' +
          'A new account for an address outside the organisation’s e-mail domains waits for the administrator: ' +
          '`approval: "pending"`, `user: null`, nobody is signed in.',
        params: TokenParamsSchema,
        body: AcceptInvitationBodySchema,
        response: {
          200: AcceptInvitationResultSchema,
          400: E,
          401: E,
          403: E,
          404: E,
          409: E,
          429: E,
        },
      },
    },
    async (req, reply) => {
      await takeHit(db, limits.linkAddress, clientAddress(req), req.log)
      const session = await req.currentSession()
      const info = await describeInvitation(db, req.params.token)
      // Accepting with a password is a sign-in attempt for the invited address, whether or not it
      // has an account (the count tells nothing): the account's budget (ADR 005), counted before
      // the password is checked.
      const tryingPassword = !session && Boolean(req.body.password)
      if (tryingPassword) await takePasswordAttempt(db, limits, info.email, req.log)
      const result = await acceptInvitation(db, req.params.token, session?.user ?? null, req.body)
      if (tryingPassword) await clearPasswordAttempts(db, limits, info.email)
      if (result.approval === 'pending') return { caseId: result.caseId, approval: result.approval, user: null }
      if (result.signIn) await app.signIn(reply, result.userId, req.headers['user-agent'])
      return {
        caseId: result.caseId,
        approval: result.approval,
        user: presentUser(await loadSessionUser(db, result.userId)),
      }
    },
  )
}
