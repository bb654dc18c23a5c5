import { HealthResponseSchema } from '@vp/shared'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { APP_VERSION } from '../version.ts'
import { Reachability } from './reachability.ts'

const HEALTHY = HealthResponseSchema.parse({ status: 'ok', db: 'ok', version: APP_VERSION })
const HEALTHY_TEXT = JSON.stringify(HEALTHY)

export const metaRoutes: FastifyPluginAsyncZod = async (app) => {
  const database = new Reachability(() => app.database.ping())
  app.get(
    '/health',
    {
      // Load balancers and container health checks call this every few seconds.
      logLevel: 'warn',
      schema: {
        tags: ['meta'],
        summary: 'Liveness and database reachability',
        description: '503 when the database cannot be reached. A successful database check is reused for one second.',
        response: { 200: HealthResponseSchema, 503: HealthResponseSchema },
      },
    },
    async (_req, reply) => {
      // The body never changes while the server runs: its serializer hands over the prepared text.
      if (await database.reachable())
        return reply
          .type('application/json; charset=utf-8')
          .serializer(() => HEALTHY_TEXT)
          .send(HEALTHY)
      return reply.status(503).send({ status: 'degraded' as const, db: 'unreachable' as const, version: APP_VERSION })
    },
  )

  app.get(
    '/openapi.json',
    {
      schema: {
        tags: ['meta'],
        summary: 'This API as an OpenAPI 3.1 document',
        response: { 200: z.looseObject({ openapi: z.string() }) },
      },
    },
    async () => app.swagger() as unknown as { openapi: string },
  )
}
