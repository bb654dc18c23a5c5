import {
  ChangePasswordBodySchema,
  ErrorResponseSchema,
  LoginBodySchema,
  OkResponseSchema,
  PasswordLinkInfoSchema,
  RateLimitedResponseSchema,
  SetPasswordBodySchema,
  TokenParamsSchema,
  UpdateMeBodySchema,
  UserResponseSchema,
} from '@vp/shared'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { unauthenticated } from '../http/errors.ts'
import { presentUser } from './present.ts'
import { changePassword, checkCredentials, describePasswordLink, updateMe, usePasswordLink } from './service.ts'
import { endSession, loadSessionUser } from './sessions.ts'
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from './throttle.ts'

const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  429: RateLimitedResponseSchema,
}

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app
  const throttle = { maxFailures: config.LOGIN_MAX_PER_ACCOUNT, windowMinutes: config.LOGIN_WINDOW_MINUTES }

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password',
        description: 'Sets the session cookie. An unknown email and a wrong password get the same 401.',
        body: LoginBodySchema,
        response: { 200: UserResponseSchema, ...errors },
      },
      config: { rateLimit: { max: config.LOGIN_MAX_PER_IP, timeWindow: config.LOGIN_WINDOW_MINUTES * 60_000 } },
    },
    async (req, reply) => {
      const { email, password } = req.body
      await assertLoginAllowed(db, email, throttle)
      const userId = await checkCredentials(db, email, password)
      if (!userId) {
        await recordLoginFailure(db, email, throttle)
        throw unauthenticated('E-mailadres of wachtwoord klopt niet')
      }
      await clearLoginFailures(db, email)
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
        description: 'Ends every other session of the account.',
        body: ChangePasswordBodySchema,
        response: { 200: OkResponseSchema, ...errors },
      },
    },
    async (req) => {
      const session = await req.requireSession()
      await changePassword(db, session, req.body)
      app.sessionCache.forgetUser(session.user.id)
      return { ok: true as const }
    },
  )

  app.get(
    '/auth/password-links/:token',
    {
      schema: {
        tags: ['auth'],
        summary: 'Check a set-password link',
        params: TokenParamsSchema,
        response: { 200: PasswordLinkInfoSchema, 400: ErrorResponseSchema, 404: ErrorResponseSchema },
      },
    },
    async (req) => describePasswordLink(db, req.params.token),
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
      config: { rateLimit: { max: config.LOGIN_MAX_PER_IP, timeWindow: config.LOGIN_WINDOW_MINUTES * 60_000 } },
    },
    async (req, reply) => {
      const userId = await usePasswordLink(db, req.params.token, req.body.password)
      app.sessionCache.forgetUser(userId)
      await app.signIn(reply, userId, req.headers['user-agent'])
      return { user: presentUser(await loadSessionUser(db, userId)) }
    },
  )
}
