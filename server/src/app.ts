import { randomUUID } from 'node:crypto'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { ErrorResponse } from '@vp/shared'
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod'
import { adminRoutes } from './admin/routes.ts'
import { registerAuth } from './auth/plugin.ts'
import { authRoutes } from './auth/routes.ts'
import { caseRoutes } from './cases/routes.ts'
import type { Config } from './config.ts'
import { dashboardRoutes } from './dashboard/routes.ts'
import { type Database, type Db, openDatabase } from './db/client.ts'
import { migrateDatabase } from './db/migrate.ts'
import { documentRoutes } from './documents/routes.ts'
import { documentUploadRoutes } from './documents/upload-routes.ts'
import { followUpRoutes } from './follow-up/routes.ts'
import { registerErrorHandling } from './http/error-handler.ts'
import { registerIdempotency, requestScopedDb } from './http/idempotency.ts'
import { registerJsonParser } from './http/json.ts'
import { serializeError, serializeRequest } from './http/log.ts'
import { registerSecurity, securityHeaders } from './http/security.ts'
import { DEFAULT_WEB_DIST, registerWebApp } from './http/web.ts'
import { retryQueuedMail } from './invitations/outbox.ts'
import { invitationRoutes } from './invitations/routes.ts'
import { itemRoutes } from './items/routes.ts'
import { type HubOptions, LiveHub } from './live/hub.ts'
import { registerLive } from './live/routes.ts'
import { createMailer, type Mailer } from './mail/mailer.ts'
import { createMaintenanceLoop, type MaintenanceLoop } from './maintenance/loop.ts'
import { addHousekeeping } from './maintenance/tasks.ts'
import { memberRoutes } from './members/routes.ts'
import { metaRoutes } from './meta/routes.ts'
import { notificationRoutes } from './notifications/routes.ts'
import { configureTriggers } from './notifications/triggers.ts'
import { organisationRoutes } from './organisations/routes.ts'
import { requireCaseMember } from './policy/actor.ts'
import { enforceCasePolicy } from './policy/guard.ts'
import type { Action } from './policy/policy.ts'
import { setupRoutes } from './setup/routes.ts'
import { stepRoutes } from './steps/routes.ts'
import { SummaryRenderer } from './summary/render.ts'
import { summaryRoutes } from './summary/routes.ts'
import { APP_VERSION } from './version.ts'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    database: Database
    db: Db
    /** Every route as registered, for the OpenAPI and policy coverage checks. */
    routeList: { method: string; url: string; hidden: boolean; policy: Action | undefined; placeholder: boolean }[]
    live: LiveHub
    /** This instance's housekeeping loop; `addTask(name, fn)` adds a periodic job (maintenance/loop.ts). */
    maintenance: MaintenanceLoop
    /** This instance's minute loop for reminders and notification mail (ADR 026); `addTask` like maintenance. */
    reminders: MaintenanceLoop
    /** Renders summary PDFs and DOCX files off the event loop (summary/render.ts). */
    summaryRenderer: SummaryRenderer
  }
  interface FastifyContextConfig {
    /**
     * The policy action of a route. Under /cases/:caseId it is also enforced, from this one
     * declaration, before the handler runs (policy/guard.ts); the route-coverage test probes it.
     */
    policy?: Action
    /** With `item.read`: a member outside the item's audience gets its placeholder, not a 404. */
    placeholder?: boolean
    /** With `item.read`: a deleted item is found too (its history). */
    deletedToo?: boolean
  }
}

export interface BuildOptions {
  /** An open, migrated database; when absent one is opened (and migrated) from the config. */
  database?: Database
  /** Serve the built web app (default true). */
  serveWeb?: boolean
  /** Outgoing mail; by default from SMTP_URL. */
  mailer?: Mailer
  /** Live hub tuning (tests shorten heartbeats and presence timeouts). */
  live?: HubOptions
  /** Where the log goes (tests read it); standard output by default. */
  logStream?: { write(line: string): void }
}

const REQUEST_ID = /^[\w.:-]{1,100}$/

function withLiveRoute(doc: Record<string, unknown>) {
  const paths = (doc.paths ?? {}) as Record<string, unknown>
  paths['/api/live'] = {
    get: {
      tags: ['live'],
      summary: 'WebSocket for live updates',
      description:
        'Upgrade with the session cookie and an allowed Origin (a request without Origin is refused). ' +
        'JSON messages with a `type`. Client → server: ' +
        '`subscribe {caseId, afterSeq}` (afterSeq an integer 0 … 2^31−1), `unsubscribe {caseId}`, ' +
        '`presence {caseId, step, itemId?}`, `ping`. ' +
        'Server → client: `event {caseId, seq, event}`, `caught-up {caseId, seq}`, `presence {caseId, people}`, ' +
        '`revoked {caseId, reason}` (reason `removed`, `case_deleted`, `idle`, `expired` or `session_ended`), ' +
        '`error {code, message, caseId?}`, `pong`. The socket closes when its session ends (logout, password ' +
        'change or reset, disabled account, idle or maximum age), after a `revoked` per subscription. ' +
        'Limits per socket: LIVE_MAX_MESSAGES messages per LIVE_MESSAGE_WINDOW_SECONDS, ' +
        'LIVE_MAX_SUBSCRIBES_PER_MINUTE subscribes; over one: `error {code: "rate_limited"}` and close 4029. ' +
        'Close codes: 1012 restarting, 4001 session ended (sign in again), 4008 too slow (resubscribe with ' +
        'the last seq), 4009 unresponsive, 4029 rate limited (reconnect only after a long pause).',
      responses: {
        '101': { description: 'Switching Protocols: the WebSocket is open' },
        '401': { description: 'No valid session' },
        '403': { description: 'No Origin, or an Origin that is not allowed' },
        '429': { description: 'The session already has LIVE_MAX_SOCKETS_PER_SESSION sockets on this instance' },
      },
    },
  }
  return { ...doc, paths }
}

/** The whole service as a Fastify instance, ready for `inject` or `listen`. Never listens itself. */
export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const ownsDatabase = !opts.database
  const database = opts.database ?? (await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR }))
  if (ownsDatabase) await migrateDatabase(database)

  const app = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      // No tokens and no statement parameters in the log (http/log.ts); headers are never logged.
      serializers: { req: serializeRequest, err: serializeError },
      redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], remove: true },
      stream: opts.logStream ?? process.stdout,
    },
    // Behind a reverse proxy the client's address comes from X-Forwarded-For.
    trustProxy: config.TRUST_PROXY,
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
    },
    bodyLimit: 1024 * 1024,
    // Errors Fastify raises before any hook (an undecodable URL, a path parameter over the length
    // limit) get the one error shape and the security headers too.
    frameworkErrors: (err, _req, reply) => {
      const body: ErrorResponse = {
        error: { code: 'bad_request', message: 'Ongeldig adres', fields: [{ path: 'url', message: err.message }] },
      }
      // The reply here is typed before any route; a plain FastifyReply is what it is.
      ;(reply as unknown as FastifyReply)
        .headers(securityHeaders(config))
        .code(400)
        .type('application/json')
        .send(JSON.stringify(body))
    },
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>()

  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.decorate('config', config)
  configureTriggers(config)
  app.decorate('database', database)
  // Requests see their own held idempotent change through app.db (http/idempotency.ts, ADR 009);
  // background work (live hub, maintenance) uses the database itself.
  const db = requestScopedDb(database.db)
  app.decorate('db', db)
  app.decorate('routeList', [])
  const memberCheck = requireCaseMember(db)
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method]
    const {
      policy,
      placeholder = false,
      deletedToo = false,
    } = (r.config ?? {}) as { policy?: Action; placeholder?: boolean; deletedToo?: boolean }
    if (r.url.startsWith('/api/cases/:caseId')) {
      const hooks = r.preValidation ? (Array.isArray(r.preValidation) ? r.preValidation : [r.preValidation]) : []
      r.preValidation = [memberCheck, ...hooks]
      if (policy) {
        const pre = r.preHandler ? (Array.isArray(r.preHandler) ? r.preHandler : [r.preHandler]) : []
        r.preHandler = [enforceCasePolicy(db, { action: policy, placeholder, deletedToo }), ...pre]
      }
    }
    for (const method of methods)
      app.routeList.push({ method, url: r.url, hidden: r.schema?.hide === true, policy, placeholder })
  })
  if (ownsDatabase) app.addHook('onClose', () => database.close())

  // Decorated before the routes, so any plugin can add its own periodic task; started once ready.
  const maintenance = createMaintenanceLoop(
    app.log.child({ module: 'maintenance' }),
    config.MAINTENANCE_INTERVAL_SECONDS * 1000,
  )
  addHousekeeping(maintenance, database.db, config)
  app.decorate('maintenance', maintenance)
  // Stopped before the database closes; a pass under way is waited for.
  app.addHook('preClose', () => maintenance.stop())
  const reminders = createMaintenanceLoop(
    app.log.child({ module: 'reminders' }),
    config.REMINDER_INTERVAL_SECONDS * 1000,
  )
  app.decorate('reminders', reminders)
  app.addHook('preClose', () => reminders.stop())

  const mailer = opts.mailer ?? createMailer(config)
  app.addHook('onClose', () => mailer.close())
  const summaryRenderer = new SummaryRenderer({
    threads: config.SUMMARY_RENDER_THREADS,
    perPerson: config.SUMMARY_EXPORTS_PER_PERSON,
    queue: config.SUMMARY_EXPORT_QUEUE,
  })
  app.decorate('summaryRenderer', summaryRenderer)
  app.addHook('onClose', () => summaryRenderer.close())
  registerErrorHandling(app)
  registerJsonParser(app)
  registerSecurity(app, config)
  await app.register(registerAuth, { config, db })
  registerIdempotency(app, database.db)

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Veiligheidsplanner API',
        version: APP_VERSION,
        description:
          'Everything the web app does goes through this API. JSON only; errors have one shape. ' +
          'State-changing requests need the header `X-Requested-With: veiligheidsplanner`. ' +
          'Versioned resources return an ETag; PATCH/PUT/DELETE on them need If-Match (428 when missing, 412 when stale).',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'vp_session' } },
      },
    },
    transform: jsonSchemaTransform,
    // @fastify/websocket hides WebSocket routes from the document; integrators need this one.
    transformObject: (doc) => withLiveRoute(jsonSchemaTransformObject(doc) as Record<string, unknown>) as never,
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' }, staticCSP: false })

  const hub = new LiveHub(database.db, database, app.log, {
    sessionPolicy: app.sessionPolicy,
    ...opts.live,
    limits: {
      maxMessages: config.LIVE_MAX_MESSAGES,
      messageWindowMs: config.LIVE_MESSAGE_WINDOW_SECONDS * 1000,
      maxSubscribesPerMinute: config.LIVE_MAX_SUBSCRIBES_PER_MINUTE,
      maxSocketsPerSession: config.LIVE_MAX_SOCKETS_PER_SESSION,
      ...opts.live?.limits,
    },
  })
  hub.onSessionNotice = (userId) => (userId === '*' ? app.sessionCache.clear() : app.sessionCache.forgetUser(userId))
  await hub.start()
  app.decorate('live', hub)
  // Sockets close first (telling clients to reconnect), then the database goes.
  app.addHook('preClose', () => hub.close())

  await app.register(
    async (api) => {
      await registerLive(api, hub)
      await api.register(metaRoutes)
      await api.register(authRoutes, { mailer })
      await api.register(setupRoutes)
      await api.register(adminRoutes)
      await api.register(organisationRoutes)
      await api.register(caseRoutes)
      await api.register(memberRoutes)
      await api.register(invitationRoutes, { mailer })
      await api.register(stepRoutes)
      await api.register(itemRoutes)
      await api.register(documentUploadRoutes)
      await api.register(documentRoutes)
      await api.register(dashboardRoutes)
      await api.register(summaryRoutes)
      await api.register(followUpRoutes)
      await api.register(notificationRoutes)
    },
    { prefix: '/api' },
  )

  // Queued mail (the mail server was down) is tried again with backoff, on its own, shorter beat
  // than the housekeeping: the same loop machinery (no overlapping passes, stopped before close).
  const mailRetries = createMaintenanceLoop(
    app.log.child({ module: 'mail-retry' }),
    mailer.enabled ? config.MAIL_RETRY_SECONDS * 1000 : 0,
  )
  mailRetries.addTask('retry queued mail', async () => {
    await retryQueuedMail(database.db, mailer, config, app.log)
  })
  app.addHook('preClose', () => mailRetries.stop())

  if (opts.serveWeb !== false) await registerWebApp(app, config.WEB_DIST ?? DEFAULT_WEB_DIST)
  await app.ready()
  maintenance.start()
  reminders.start()
  mailRetries.start()
  return app
}
