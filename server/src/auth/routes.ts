import {
  ChangePasswordBodySchema,
  ErrorResponseSchema,
  LoginBodySchema,
  OkResponseSchema,
  PasswordLinkInfoSchema,
  PasswordResetBodySchema,
  PasswordResetResultSchema,
  RateLimitedResponseSchema,
  SetPasswordBodySchema,
  TokenParamsSchema,
  UpdateMeBodySchema,
  UserResponseSchema,
} from '@vp/shared'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { unauthenticated } from '../http/errors.ts'
import { takeHit } from '../limits/counters.ts'
import { clientAddress, limitsFrom } from '../limits/limits.ts'
import type { Mailer } from '../mail/mailer.ts'
import { requestPasswordReset } from './password-reset.ts'
import { presentUser } from './present.ts'
import { changePassword, checkCredentials, describePasswordLink, updateMe, usePasswordLink } from './service.ts'
import { endSession, loadSessionUser } from './sessions.ts'
import { accountKey, clearPasswordAttempts, takePasswordAttempt } from './throttle.ts'

const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  429: RateLimitedResponseSchema,
}

export const authRoutes: FastifyPluginAsyncZod<{ mailer: Mailer }> = async (app, { mailer }) => {
  const { db, config } = app
  const limits = limitsFrom(config)

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password',
        description:
          'Sets the session cookie. An unknown email and a wrong password get the same 401. ' +
          'Limited per client address and per account (429 with Retry-After).',
        body: LoginBodySchema,
        response: { 200: UserResponseSchema, ...errors },
      },
    },
    async (req, reply) => {
      const { email, password } = req.body
      // Counted before the password is checked, so parallel guesses cannot outrun the limits.
      await takeHit(db, limits.loginAddress, clientAddress(req), req.log)
      await takePasswordAttempt(db, limits, email, req.log)
      const userId = await checkCredentials(db, email, password)
      if (!userId) throw unauthenticated('E-mailadres of wachtwoord klopt niet')
      await clearPasswordAttempts(db, limits, email)
      await app.signIn(reply, userId, req.headers['user-agent'])
      const session = await loadSessionUser(db, userId)
      return { user: presentUser(session) }
    },
  )

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out: ends this session',
        response: { 200: OkResponseSchema, 403: ErrorResponseSchema },
      },
    },
    async (req, reply) => {
      const session = await req.currentSession()
      if (session) {
        await endSession(db, session.sessionId, 'logout')
        app.sessionCache.forgetSession(session.sessionId)
      }
      app.clearSessionCookie(reply)
      return { ok: true as const }
    },
  )

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        response: { 200: UserResponseSchema, 401: ErrorResponseSchema },
      },
    },
    async (req) => ({ user: presentUser((await req.requireSession()).user) }),
  )

  app.patch(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change own name or language',
        body: UpdateMeBodySchema,
        response: { 200: UserResponseSchema, ...errors },
      },
    },
    async (req) => {
      const session = await req.requireSession()
      await updateMe(db, session.user.id, req.body)
      app.sessionCache.forgetUser(session.user.id)
      return { user: presentUser(await loadSessionUser(db, session.user.id)) }
    },
  )

  app.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change own password',
        description:
          'Ends every other session of the account. A wrong current password counts as a failed sign-in ' +
          'of the account (429 with Retry-After past the limit).',
        body: ChangePasswordBodySchema,
        response: { 200: OkResponseSchema, ...errors },
      },
    },
    async (req) => {
      const session = await req.requireSession()
      // The same budget as signing in: a stolen session cannot guess the password faster than a login.
      await changePassword(db, session, req.body, () => takePasswordAttempt(db, limits, session.user.email, req.log))
      await clearPasswordAttempts(db, limits, session.user.email)
      app.sessionCache.forgetUser(session.user.id)
      return { ok: true as const }
    },
  )

  app.post(
    '/auth/password-reset',
    {
      schema: {
        tags: ['auth'],
        summary: 'Forgot password: mail a single-use link to set a new one',
        description:
          'Always 202 with the same body, whether or not the address has an account (no enumeration). ' +
          'When it has one that may sign in and SMTP is configured, a link valid for 1 hour is mailed; using it ends every session of the account. ' +
          '`mailConfigured: false` says the instance sends no mail: ask the administrator for a new link. ' +
          'Limited per address and per client address (429 with Retry-After).',
        body: PasswordResetBodySchema,
        response: { 202: PasswordResetResultSchema, 400: ErrorResponseSchema, 429: RateLimitedResponseSchema },
      },
    },
    async (req, reply) => {
      // Both counted before the address is looked up, and for unknown addresses alike.
      await takeHit(db, limits.passwordResetAddress, clientAddress(req), req.log)
      await takeHit(db, limits.passwordResetAccount, accountKey(req.body.email), req.log)
      await requestPasswordReset(db, config.publicOrigin, mailer, req.body.email, req.log)
      reply.status(202)
      return { accepted: true as const, mailConfigured: mailer.enabled }
    },
  )

  app.get(
    '/auth/password-links/:token',
    {
      schema: {
        tags: ['auth'],
        summary: 'Check a set-password link',
        params: TokenParamsSchema,
        response: {
          200: PasswordLinkInfoSchema,
          400: ErrorResponseSchema,
          404: ErrorResponseSchema,
          429: RateLimitedResponseSchema,
        },
      },
    },
    async (req) => {
      // Counted before the token is looked up: guessing tokens costs the guesser's address.
      await takeHit(db, limits.linkAddress, clientAddress(req), req.log)
      return describePasswordLink(db, req.params.token)
    },
  )

  app.post(
    '/auth/password-links/:token',
    {
      schema: {
        tags: ['auth'],
        summary: 'Set a password through a single-use link, and sign in',
        params: TokenParamsSchema,
        body: SetPasswordBodySchema,
        response: { 200: UserResponseSchema, ...errors, 404: ErrorResponseSchema },
      },
    },
    async (req, reply) => {
      await takeHit(db, limits.linkAddress, clientAddress(req), req.log)
      const userId = await usePasswordLink(db, req.params.token, req.body.password)
      app.sessionCache.forgetUser(userId)
      await app.signIn(reply, userId, req.headers['user-agent'])
      return { user: presentUser(await loadSessionUser(db, userId)) }
    },
  )
}
