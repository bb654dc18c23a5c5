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
import { takeHit } from '../limits/counters.ts'
import { clientAddress, limitsFrom } from '../limits/limits.ts'
import { completeSetup, describeSetupLink } from './service.ts'

const E = ErrorResponseSchema

export const setupRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app
  const { linkAddress } = limitsFrom(config)

  app.get(
    '/setup/:token',
    {
      schema: {
        tags: ['setup'],
        summary: 'Check the first-admin set-up link',
        params: TokenParamsSchema,
        response: { 200: PasswordLinkInfoSchema, 400: E, 404: E, 429: E },
      },
    },
    async (req) => {
      // Counted before the token is looked up: guessing links costs the guesser's address.
      await takeHit(db, linkAddress, clientAddress(req), req.log)
      return describeSetupLink(db, req.params.token)
    },
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
    },
    async (req, reply) => {
      await takeHit(db, linkAddress, clientAddress(req), req.log)
      const userId = await completeSetup(db, req.params.token, req.body)
      await app.signIn(reply, userId, req.headers['user-agent'])
      return { user: presentUser(await loadSessionUser(db, userId)) }
    },
  )
}
