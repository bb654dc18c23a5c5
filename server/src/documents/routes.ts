import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'

/** Reading, downloading, changing, deleting and acknowledging documents. */
export const documentRoutes: FastifyPluginAsyncZod = async () => {}
