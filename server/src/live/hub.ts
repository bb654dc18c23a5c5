import { type ClientMessage, LIVE_CLOSE, type RevokeReason, type ServerMessage } from '@vp/shared'
import type { FastifyBaseLogger } from 'fastify'
import type { WebSocket } from 'ws'
import { presentEvent } from '../activity/service.ts'
import { type ActiveSession, SESSIONS_CHANNEL } from '../auth/sessions.ts'
import type { Database, Db } from '../db/client.ts'
import { EVENTS_CHANNEL } from '../events/append.ts'
import { NotificationPush } from '../notifications/live.ts'
import { NOTIFICATIONS_CHANNEL } from '../notifications/store.ts'
import { findMembership } from '../policy/actor.ts'
import { can, type Membership } from '../policy/policy.ts'
import { type Connection, countInWindow, type Fetched, newConnection, type Subscription } from './connection.ts'
import { CaseFeeds, REPLAY_PAGE, Wire } from './feeds.ts'
import { createListener, type Listener } from './listener.ts'
import { binaryMessage, rateLimitedMessage, readMessage } from './messages.ts'
import { DEFAULT_LIMITS, type HubOptions, type HubStats, type LiveLimits } from './options.ts'
import { PRESENCE_CHANNEL, Presence } from './presence.ts'
import { LiveSessions } from './session-watch.ts'

export type { HubOptions, HubStats, LiveLimits } from './options.ts'

const NONE: ReadonlySet<Connection> = new Set()

export { PRESENCE_CHANNEL } from './presence.ts'

/**
 * Live updates: one WebSocket per tab, subscriptions per case with exact catch-up from the event
 * log, fan-out woken by LISTEN/NOTIFY (one read per case, not per socket), every event filtered per
 * socket by the policy module, presence across instances, and revocation within a second: a socket
 * lives no longer than its session, as the session module (auth/sessions.ts) decides.
 */
export class LiveHub {
  private readonly conns = new Set<Connection>()
  /** The same sockets by person: a notification or a session notice concerns one person's sockets. */
  private readonly byUser = new Map<string, Set<Connection>>()
  private readonly sessions: LiveSessions
  private readonly feeds: CaseFeeds
  private readonly presence: Presence
  private readonly listener: Listener
  private readonly notifications: NotificationPush
  private readonly timers: NodeJS.Timeout[] = []
  private readonly maxBuffered: number
  readonly limits: LiveLimits
  private closing = false
  /** Told the user id of every notice on the sessions channel ('*' after missed notices). */
  onSessionNotice: (userId: string) => void = () => {}

  constructor(
    private readonly db: Db,
    database: Database,
    private readonly log: FastifyBaseLogger,
    private readonly opts: HubOptions = {},
  ) {
    this.maxBuffered = opts.maxBufferedBytes ?? 4 * 1024 * 1024
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits }
    const isClosing = () => this.closing
    this.sessions = new LiveSessions({
      db,
      log,
      policy: opts.sessionPolicy ?? { idleMs: 30 * 60_000, maxMs: 12 * 3_600_000 },
      connectionsOf: (userId) => this.connectionsOf(userId),
      isClosing,
      end: (conn, reason) => {
        for (const caseId of [...conn.subs.keys()]) this.revoke(conn, caseId, reason)
        conn.socket.close(LIVE_CLOSE.sessionEnded, 'session ended')
        this.detach(conn)
      },
    })
    this.feeds = new CaseFeeds({
      db,
      log,
      maxBufferedEvents: this.limits.maxBufferedEvents,
      deliver: (conn, sub, fetched, wire) => this.deliver(conn, sub, fetched, wire),
    })
    this.presence = new Presence({
      db,
      ttlMs: opts.presenceTtlMs ?? 30_000,
      conns: this.conns,
      followers: (caseId) => this.feeds.followers(caseId),
      send: (conn, msg) => this.send(conn, msg),
      isClosing,
    })
    this.notifications = new NotificationPush({
      db,
      log,
      connectionsOf: (userId) => this.connectionsOf(userId),
      send: (conn, msg) => this.send(conn, msg),
    })
    this.listener = createListener(database, {
      channels: [EVENTS_CHANNEL, SESSIONS_CHANNEL, PRESENCE_CHANNEL, NOTIFICATIONS_CHANNEL],
      connectionString: opts.listenUrl,
      onMessage: (channel, payload) => this.onNotify(channel, payload),
      // NOTIFYs sent while the connection was down are lost: read every followed case by seq.
      onReconnect: () => {
        this.onSessionNotice('*')
        this.feeds.pumpAll()
      },
      onError: (err) => this.log.warn({ err }, 'live listener connection problem'),
    })
  }

  async start() {
    await this.listener.start()
    const heartbeat = this.opts.heartbeatMs ?? 15_000
    this.timers.push(setInterval(() => this.heartbeat(), heartbeat))
    this.timers.push(setInterval(() => this.presence.refresh(), this.opts.presenceRefreshMs ?? 10_000))
    this.timers.push(setInterval(() => void this.feeds.sweep(), this.opts.sweepMs ?? 5_000))
    this.timers.push(setInterval(() => void this.sessions.checkDeadlines(), this.opts.sessionTickMs ?? 250))
    for (const t of this.timers) t.unref()
  }

  /** Stops listening and closes every socket with "restarting", so clients come back elsewhere. */
  async close() {
    this.closing = true
    for (const t of this.timers) clearInterval(t)
    for (const conn of this.conns) {
      this.presence.announce(conn, null)
      conn.socket.close(LIVE_CLOSE.restarting, 'server restarting')
    }
    await this.listener.close()
  }

  /** One person's open sockets on this instance. */
  private connectionsOf(userId: string): ReadonlySet<Connection> {
    return this.byUser.get(userId) ?? NONE
  }

  get connectionCount() {
    return this.conns.size
  }

  /** What the hub holds now (tests measure that floods leave nothing behind). */
  stats(): HubStats {
    let subscriptions = 0
    let bufferedEvents = 0
    let socketBufferedBytes = 0
    let pendingMessages = 0
    for (const conn of this.conns) {
      subscriptions += conn.subs.size
      for (const sub of conn.subs.values()) bufferedEvents += sub.buffer.length
      socketBufferedBytes += conn.socket.bufferedAmount
      pendingMessages += conn.pending
    }
    return {
      connections: this.conns.size,
      people: this.byUser.size,
      sessions: this.sessions.size,
      subscriptions,
      feeds: this.feeds.size,
      bufferedEvents,
      socketBufferedBytes,
      pendingMessages,
    }
  }

  /** Whether this session may open one more socket here (checked before the upgrade, and again in attach). */
  hasRoomFor(sessionId: string) {
    return this.sessions.hasRoomFor(sessionId, this.limits.maxSocketsPerSession)
  }

  attach(socket: WebSocket, session: ActiveSession) {
    if (!this.hasRoomFor(session.sessionId)) {
      // Two upgrades of one session can pass the check before the upgrade at the same time.
      this.log.warn({ userId: session.user.id, limit: 'sockets_per_session' }, 'live limit hit')
      socket.send(JSON.stringify(rateLimitedMessage('sockets_per_session')))
      socket.close(LIVE_CLOSE.rateLimited, 'too many sockets')
      return
    }
    const live = this.sessions.open(session)
    const conn = newConnection(socket, session.user, live)
    this.conns.add(conn)
    const own = this.byUser.get(conn.user.id)
    if (own) own.add(conn)
    else this.byUser.set(conn.user.id, new Set([conn]))
    live.conns.add(conn)
    socket.on('pong', () => {
      conn.alive = true
    })
    // One connection's messages are handled in the order sent: a presence right after a subscribe
    // must find the subscription in place. Limits are counted on arrival, before the queue, so a
    // flood is cut off however far behind the handling is.
    let queue: Promise<void> = Promise.resolve()
    socket.on('message', (data, isBinary) => {
      if (!this.conns.has(conn)) return
      if (!this.withinLimit(conn, conn.messages, this.limits.maxMessages, this.limits.messageWindowMs, 'messages'))
        return
      const msg = isBinary ? binaryMessage : readMessage(data.toString())
      if (msg.ok && (msg.value.type === 'subscribe' || msg.value.type === 'unsubscribe')) {
        if (
          msg.value.type === 'subscribe' &&
          !this.withinLimit(conn, conn.subscribes, this.limits.maxSubscribesPerMinute, 60_000, 'subscribes')
        )
          return
        conn.asked.set(msg.value.caseId, ++conn.asks)
      }
      const ask = conn.asks
      conn.pending++
      queue = queue.then(async () => {
        conn.pending--
        if (!this.conns.has(conn)) return
        try {
          if (msg.ok) await this.onMessage(conn, msg.value, ask)
          else this.send(conn, { type: 'error', code: 'bad_message', message: msg.error })
        } catch (err) {
          this.log.error({ err }, 'live message failed')
          this.send(conn, { type: 'error', code: 'internal', message: 'Interne fout' })
        }
      })
    })
    socket.on('close', () => this.detach(conn))
    socket.on('error', () => this.detach(conn))
  }

  /** Counts one in a fixed window; over the limit the socket is told, closed and the hit logged. */
  private withinLimit(
    conn: Connection,
    w: { start: number; count: number },
    max: number,
    windowMs: number,
    limit: string,
  ): boolean {
    if (countInWindow(w, max, windowMs, Date.now())) return true
    // Who and which limit; never the cookie or the token.
    this.log.warn({ userId: conn.user.id, connection: conn.id, limit, max, windowMs }, 'live limit hit')
    this.send(conn, rateLimitedMessage(limit))
    conn.socket.close(LIVE_CLOSE.rateLimited, 'rate limited')
    this.detach(conn)
    return false
  }

  private detach(conn: Connection) {
    if (!this.conns.delete(conn)) return
    const own = this.byUser.get(conn.user.id)
    own?.delete(conn)
    if (own?.size === 0) this.byUser.delete(conn.user.id)
    this.sessions.release(conn)
    for (const caseId of conn.subs.keys()) this.feeds.leave(conn, caseId)
    conn.subs.clear()
    for (const caseId of conn.presence.keys()) this.presence.leave(conn, caseId)
  }

  private async onMessage(conn: Connection, msg: ClientMessage, ask: number) {
    switch (msg.type) {
      case 'ping':
        return this.send(conn, { type: 'pong' })
      case 'subscribe':
        return this.subscribe(conn, msg.caseId, msg.afterSeq, ask)
      case 'unsubscribe':
        // Nothing newer asked about this case: forget it, so the map holds only followed cases.
        if (conn.asked.get(msg.caseId) === ask) conn.asked.delete(msg.caseId)
        conn.subs.delete(msg.caseId)
        this.feeds.leave(conn, msg.caseId)
        this.presence.leave(conn, msg.caseId)
        return
      case 'presence': {
        const sub = conn.subs.get(msg.caseId)
        if (!sub)
          return this.send(conn, {
            type: 'error',
            code: 'not_subscribed',
            message: 'Abonneer eerst op dit dossier',
            caseId: msg.caseId,
          })
        conn.presence.set(msg.caseId, { step: msg.step, itemId: msg.itemId ?? null })
        this.presence.announce(conn, msg.caseId)
        return this.presence.broadcast(msg.caseId)
      }
    }
  }

  /**
   * Checks membership (a non-member gets the same "not found" as over HTTP), replays every event
   * after `afterSeq` in order, says caught-up, then goes live. Events committed during the replay
   * are buffered and delivered after it, each exactly once. A later subscribe or unsubscribe for
   * the same case stops the replay; a subscribe that fails leaves no subscription behind.
   */
  private async subscribe(conn: Connection, caseId: string, afterSeq: number, ask: number) {
    const superseded = () => !this.conns.has(conn) || conn.asked.get(caseId) !== ask
    if (superseded()) return
    conn.subs.delete(caseId)
    this.feeds.leave(conn, caseId)
    const membership = await findMembership(this.db, caseId, conn.user.id)
    if (superseded()) return
    if (!membership || !can({ user: conn.user, membership }, 'case.read', null)) {
      conn.asked.delete(caseId)
      return this.send(conn, { type: 'error', code: 'not_found', message: 'Niet gevonden', caseId })
    }
    const sub: Subscription = { caseId, membership, lastSeq: afterSeq, live: false, buffer: [], overflowed: false }
    conn.subs.set(caseId, sub)
    const current = () => !superseded() && conn.subs.get(caseId) === sub
    try {
      await this.feeds.join(conn, caseId, () => this.conns.has(conn) && conn.subs.has(caseId))
      for (;;) {
        if (!current()) return
        const rows = await this.feeds.fetch(caseId, sub.lastSeq)
        if (!current()) return
        for (const r of rows) if (!this.deliver(conn, sub, r)) return
        if (rows.length < REPLAY_PAGE) {
          if (!sub.overflowed) break
          // Live events were dropped while the replay ran: the log has them.
          sub.overflowed = false
          sub.buffer = []
          continue
        }
        if (!(await this.waitForDrain(conn))) return
      }
    } catch (err) {
      if (conn.subs.get(caseId) === sub) {
        conn.subs.delete(caseId)
        this.feeds.leave(conn, caseId)
      }
      throw err
    } finally {
      // A superseded replay leaves nothing buffering: the newer request sets up its own.
      if (conn.subs.get(caseId) === sub && !sub.live && !current()) {
        conn.subs.delete(caseId)
        this.feeds.leave(conn, caseId)
      }
    }
    sub.live = true
    for (const r of sub.buffer.splice(0)) if (!this.deliver(conn, sub, r)) return
    this.send(conn, { type: 'caught-up', caseId, seq: sub.lastSeq })
    this.presence.sendTo(conn, caseId)
  }

  /**
   * Sends one event to one socket, in order and once (seq > lastSeq), as the policy module allows.
   * Membership changes in the stream take effect here: a removed member is told and dropped.
   */
  private deliver(conn: Connection, sub: Subscription, { row, facts }: Fetched, wire = new Wire()): boolean {
    if (row.e.seq <= sub.lastSeq) return true
    const p = row.e.payload as Record<string, unknown>
    const aboutMe = p.userId === conn.user.id
    if (row.e.type === 'member.removed' && aboutMe) {
      sub.lastSeq = row.e.seq
      this.revoke(conn, sub.caseId, 'removed')
      return false
    }
    if (row.e.type === 'member.updated' && aboutMe && typeof p.role === 'string')
      sub.membership = { ...sub.membership, role: p.role as Membership['role'] }
    if (row.e.type === 'case.handed_over') {
      if (p.toUserId === conn.user.id) sub.membership = { ...sub.membership, role: 'projectleider' }
      if (p.fromUserId === conn.user.id) sub.membership = { ...sub.membership, role: 'partner' }
    }
    sub.lastSeq = row.e.seq
    const visible = can({ user: conn.user, membership: sub.membership }, 'event.read', facts)
    return this.sendText(
      conn,
      wire.text(visible, () =>
        JSON.stringify({
          type: 'event',
          caseId: sub.caseId,
          seq: row.e.seq,
          event: presentEvent(row, visible),
        } satisfies ServerMessage),
      ),
    )
  }

  private revoke(conn: Connection, caseId: string, reason: RevokeReason) {
    conn.subs.delete(caseId)
    this.feeds.leave(conn, caseId)
    this.presence.leave(conn, caseId)
    this.send(conn, { type: 'revoked', caseId, reason })
  }

  /** JSON to one socket; a socket that cannot keep up is closed and will resubscribe with its last seq. */
  private send(conn: Connection, msg: ServerMessage): boolean {
    return this.sendText(conn, JSON.stringify(msg))
  }

  private sendText(conn: Connection, text: string): boolean {
    if (conn.socket.readyState !== conn.socket.OPEN) return false
    if (conn.socket.bufferedAmount > this.maxBuffered) {
      conn.socket.close(LIVE_CLOSE.tooSlow, 'too slow')
      this.detach(conn)
      return false
    }
    conn.socket.send(text)
    return true
  }

  private async waitForDrain(conn: Connection) {
    const deadline = Date.now() + 10_000
    while (conn.socket.bufferedAmount > this.maxBuffered / 2) {
      if (!this.conns.has(conn)) return false
      if (Date.now() > deadline || conn.socket.readyState !== conn.socket.OPEN) {
        conn.socket.close(LIVE_CLOSE.tooSlow, 'too slow')
        this.detach(conn)
        return false
      }
      await new Promise((r) => setTimeout(r, 10))
    }
    return true
  }

  private heartbeat() {
    for (const conn of this.conns) {
      // Two unanswered pings in a row, not one: a beat can fire while this process was busy and the
      // pong is still unread (timers run before pending I/O), which would drop healthy clients.
      if (conn.alive) conn.missed = 0
      else if (++conn.missed >= 2) {
        conn.socket.terminate()
        this.detach(conn)
        continue
      }
      conn.alive = false
      conn.socket.ping()
    }
    this.presence.expire(Date.now())
  }

  private onNotify(channel: string, payload: string) {
    if (channel === EVENTS_CHANNEL) {
      const caseId = payload.split(':')[0]!
      if (this.feeds.has(caseId)) void this.feeds.pump(caseId)
    } else if (channel === SESSIONS_CHANNEL) {
      this.onSessionNotice(payload)
      void this.sessions.recheck(payload)
    } else if (channel === PRESENCE_CHANNEL) {
      this.presence.onRemote(payload)
    } else if (channel === NOTIFICATIONS_CHANNEL) {
      void this.notifications.onNotify(payload)
    }
  }
}
