import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'

/** Uploads: a new document and a new version of one (multipart, streamed). */
export const documentUploadRoutes: FastifyPluginAsyncZod = async () => {}
