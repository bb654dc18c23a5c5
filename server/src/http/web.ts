import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url))

/**
 * Serves the built web app at `/`. Unknown non-API GET paths get index.html so that the app's
 * own routes (/dossiers/…) work on reload; unknown /api paths keep their JSON 404.
 */
export async function registerWebApp(app: FastifyInstance, dist: string) {
  if (!existsSync(join(dist, 'index.html'))) {
    app.log.warn({ dist }, 'web app not built; only the API is served (run `npm run build`)')
    return false
  }
  await app.register(fastifyStatic, {
    root: dist,
    wildcard: false,
    index: ['index.html'],
    // Hashed asset names never change content; index.html must always be fresh.
    setHeaders(reply, path) {
      reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
  })
  app.get('/*', { schema: { hide: true } }, (req, reply) => {
    if (req.url.startsWith('/api/') || req.url === '/api') return reply.callNotFound()
    return reply.header('cache-control', 'no-cache').sendFile('index.html')
  })
  return true
}
