import websocket from '@fastify/websocket'
import { LIVE_CLOSE } from '@vp/shared'
import type { FastifyInstance } from 'fastify'
import { AppError } from '../http/errors.ts'
import type { LiveHub } from './hub.ts'

/** Largest message a client may send; presence and subscribe messages are tiny. */
const MAX_CLIENT_MESSAGE = 16 * 1024

/**
 * `GET /api/live` upgrades to the one WebSocket of a browser tab. The upgrade is refused (403)
 * without an Origin or with one that is not allowed: a browser always sends it, so a socket
 * without one is not a page of ours, and a page on another site cannot open a socket with our
 * cookie. Then 401 without a live session, and 429 when the session has its maximum of sockets on
 * this instance. The upgrade itself does not count as activity for the idle limit.
 */
export async function registerLive(app: FastifyInstance, hub: LiveHub) {
  await app.register(websocket, { options: { maxPayload: MAX_CLIENT_MESSAGE } })
  const allowed = new Set(app.config.allowedOrigins)
  app.get(
    '/live',
    {
      websocket: true,
      config: { sessionActivity: false },
      schema: {
        tags: ['live'],
        summary: 'WebSocket for live updates (subscribe, catch-up, presence)',
        description:
          'Upgrade with the session cookie and an allowed Origin. Messages are JSON with a `type`; see the Live section of the API documentation and `shared/src/live.ts`.',
      },
      preValidation: async (req) => {
        const origin = req.headers.origin
        if (origin === undefined || !allowed.has(origin)) {
          throw new AppError(403, 'forbidden', 'Deze herkomst (Origin) is niet toegestaan')
        }
        const session = await req.requireSession()
        if (!hub.hasRoomFor(session.sessionId)) {
          req.log.warn({ userId: session.user.id, limit: 'sockets_per_session' }, 'live limit hit')
          throw new AppError(
            429,
            'rate_limited',
            `Te veel live-verbindingen voor deze sessie (ten hoogste ${hub.limits.maxSocketsPerSession})`,
          )
        }
      },
    },
    async (socket, req) => {
      const session = await req.currentSession()
      if (!session) return socket.close(LIVE_CLOSE.sessionEnded, 'session ended')
      hub.attach(socket, session)
    },
  )
}
