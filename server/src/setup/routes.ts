import {
  ErrorResponseSchema,
  PasswordLinkInfoSchema,
  SetupBodySchema,
  TokenParamsSchema,
  UserResponseSchema,
} from '@vp/shared'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { presentUser } from '../auth/present.ts'
import { loadSessionUser } from '../auth/sessions.ts'
import { completeSetup, describeSetupLink } from './service.ts'

const E = ErrorResponseSchema

export const setupRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app

  app.get(
    '/setup/:token',
    {
      schema: {
        tags: ['setup'],
        summary: 'Check the first-admin set-up link',
        params: TokenParamsSchema,
        response: { 200: PasswordLinkInfoSchema, 400: E, 404: E },
      },
    },
    async (req) => describeSetupLink(db, req.params.token),
  )

  app.post(
    '/setup/:token',
    {
      schema: {
        tags: ['setup'],
        summary: 'Create the first admin through the set-up link, and sign in',
        params: TokenParamsSchema,
        body: SetupBodySchema,
        response: { 200: UserResponseSchema, 400: E, 403: E, 404: E, 409: E, 429: E },
      },
      config: { rateLimit: { max: config.LOGIN_MAX_PER_IP, timeWindow: config.LOGIN_WINDOW_MINUTES * 60_000 } },
    },
    async (req, reply) => {
      const userId = await completeSetup(db, req.params.token, req.body)
      await app.signIn(reply, userId, req.headers['user-agent'])
      return { user: presentUser(await loadSessionUser(db, userId)) }
    },
  )
}
