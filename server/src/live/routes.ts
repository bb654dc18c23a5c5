import websocket from '@fastify/websocket'
import type { FastifyInstance } from 'fastify'
import { AppError } from '../http/errors.ts'
import type { LiveHub } from './hub.ts'

/** Largest message a client may send; presence and subscribe messages are tiny. */
const MAX_CLIENT_MESSAGE = 16 * 1024

/**
 * `GET /api/live` upgrades to the one WebSocket of a browser tab. The upgrade is refused (401/403)
 * without a live session or with an Origin that is not allowed: a page on another site cannot open
 * a socket with our cookie.
 */
export async function registerLive(app: FastifyInstance, hub: LiveHub) {
  await app.register(websocket, { options: { maxPayload: MAX_CLIENT_MESSAGE } })
  const allowed = new Set(app.config.allowedOrigins)
  app.get(
    '/live',
    {
      websocket: true,
      schema: {
        tags: ['live'],
        summary: 'WebSocket for live updates (subscribe, catch-up, presence)',
        description:
          'Upgrade with the session cookie. Messages are JSON with a `type`; see the Live section of the API documentation and `shared/src/live.ts`.',
      },
      preValidation: async (req) => {
        const origin = req.headers.origin
        if (origin !== undefined && !allowed.has(origin)) {
          throw new AppError(403, 'forbidden', 'Deze herkomst (Origin) is niet toegestaan')
        }
        await req.requireSession()
      },
    },
    async (socket, req) => {
      const session = await req.currentSession()
      if (!session) return socket.close(4001, 'session ended')
      hub.attach(socket, session.user, session.sessionId)
    },
  )
}
