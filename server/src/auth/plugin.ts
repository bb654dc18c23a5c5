import cookie from '@fastify/cookie'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.ts'
import type { Db } from '../db/client.ts'
import { unauthenticated } from '../http/errors.ts'
import { assertMaySignIn } from './service.ts'
import { SessionTokens } from './session-token.ts'
import {
  type ActiveSession,
  findActiveSession,
  loadSessionSecret,
  SessionCache,
  type SessionPolicy,
  startSession,
} from './sessions.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: a request on this route does not count as activity for the idle limit. */
    sessionActivity?: boolean
  }
  interface FastifyInstance {
    sessionPolicy: SessionPolicy
    sessionCookieName: string
    /** Sessions read in the last seconds; the live hub forgets entries on the sessions channel. */
    sessionCache: SessionCache
    /** Starts a session and sets its cookie. */
    signIn(reply: FastifyReply, userId: string, userAgent?: string): Promise<void>
    clearSessionCookie(reply: FastifyReply): void
  }
  interface FastifyRequest {
    /** The caller's live session, or null; read once per request. */
    currentSession(): Promise<ActiveSession | null>
    /** The caller's session; 401 when there is none. */
    requireSession(): Promise<ActiveSession>
  }
}

const SESSION_CACHE = Symbol('session')

async function authPlugin(app: FastifyInstance, opts: { config: Config; db: Db }) {
  const { config, db } = opts
  const secret = await loadSessionSecret(db, config.SESSION_SECRET)
  const tokens = new SessionTokens(secret, config.publicOrigin)
  const policy: SessionPolicy = { idleMs: config.sessionIdleMs, maxMs: config.sessionMaxMs }
  // Behind HTTPS the __Host- prefix pins the cookie to this exact host and path.
  const cookieName = config.secureCookies ? '__Host-vp_session' : 'vp_session'

  const cache = new SessionCache(config.SESSION_CACHE_SECONDS * 1000)

  await app.register(cookie)
  app.decorate('sessionCache', cache)
  app.decorate('sessionPolicy', policy)
  app.decorate('sessionCookieName', cookieName)

  app.decorate('signIn', async (reply: FastifyReply, userId: string, userAgent?: string) => {
    // Every way in (password, invitation, set-password link, set-up) passes here.
    await assertMaySignIn(db, userId)
    const session = await startSession(db, userId, policy, userAgent)
    const token = await tokens.sign({ userId, sessionId: session.id }, session.expiresAt)
    reply.setCookie(cookieName, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      expires: session.expiresAt,
    })
  })

  app.decorate('clearSessionCookie', (reply: FastifyReply) => {
    reply.clearCookie(cookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies })
  })

  app.decorateRequest(SESSION_CACHE, null)
  app.decorateRequest('currentSession', function (this: FastifyRequest) {
    const req = this as FastifyRequest & { [SESSION_CACHE]: Promise<ActiveSession | null> | null }
    req[SESSION_CACHE] ??= (async () => {
      const token = req.cookies[cookieName]
      if (!token) return null
      const claims = await tokens.verify(token)
      if (!claims) return null
      // A route may say its requests are not the person's activity (the live socket's upgrade).
      const touch = req.routeOptions.config?.sessionActivity !== false
      return findActiveSession(db, claims.sessionId, claims.userId, policy, cache, touch)
    })()
    return req[SESSION_CACHE]
  })
  app.decorateRequest('requireSession', async function (this: FastifyRequest) {
    const session = await this.currentSession()
    if (!session) throw unauthenticated()
    return session
  })
}

export const registerAuth = fp(authPlugin, { name: 'auth' })
