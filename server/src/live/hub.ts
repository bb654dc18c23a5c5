import { randomUUID } from 'node:crypto'
import {
  type ClientMessage,
  ClientMessageSchema,
  LIVE_CLOSE,
  type PresencePerson,
  type RevokeReason,
  type ServerMessage,
} from '@vp/shared'
import { eq, inArray } from 'drizzle-orm'
import type { FastifyBaseLogger } from 'fastify'
import type { WebSocket } from 'ws'
import { type EventWithActor, presentEvent, readEventsAfter } from '../activity/service.ts'
import {
  type ActiveSession,
  checkSessions,
  SESSIONS_CHANNEL,
  type SessionPolicy,
  type SessionState,
  type SessionUser,
} from '../auth/sessions.ts'
import type { Database, Db } from '../db/client.ts'
import { cases } from '../db/schema.ts'
import { EVENTS_CHANNEL } from '../events/append.ts'
import { loadEventFacts } from '../events/visibility.ts'
import { findMembership } from '../policy/actor.ts'
import { can, type EventFacts, type Membership } from '../policy/policy.ts'
import { createListener, type Listener } from './listener.ts'

export const PRESENCE_CHANNEL = 'presence'

export interface HubOptions {
  /** Past this many bytes waiting to be sent, a socket is closed as too slow. */
  maxBufferedBytes?: number
  heartbeatMs?: number
  /** How often each instance re-announces its people, and how long a remote entry lives. */
  presenceRefreshMs?: number
  presenceTtlMs?: number
  /** For tests: the LISTEN connection's URL, when it differs from the pool's. */
  listenUrl?: string
  /** How often every followed case's last seq is compared with what was fetched (default 5 s). */
  sweepMs?: number
  /** The session limits (auth/sessions.ts): a socket is closed when its session passes one. */
  sessionPolicy?: SessionPolicy
  /** How often the hub looks for sockets whose session deadline passed (default 250 ms). */
  sessionTickMs?: number
  limits?: Partial<LiveLimits>
}

/** What one socket or session may do; over a limit the socket gets `rate_limited` and is closed. */
export interface LiveLimits {
  /** Messages a socket may send per window. */
  maxMessages: number
  messageWindowMs: number
  /** Subscribes a socket may send per minute (a re-subscribe replays the log). */
  maxSubscribesPerMinute: number
  /** Open sockets per session on this instance. */
  maxSocketsPerSession: number
  /**
   * Live events a subscription holds while its replay runs; past it they are dropped and the
   * replay reads them from the log instead, so a slow replay never makes the hub hoard events.
   */
  maxBufferedEvents: number
}

const DEFAULT_LIMITS: LiveLimits = {
  maxMessages: 100,
  messageWindowMs: 10_000,
  maxSubscribesPerMinute: 30,
  maxSocketsPerSession: 8,
  maxBufferedEvents: 2000,
}

interface Subscription {
  caseId: string
  membership: Membership
  lastSeq: number
  live: boolean
  /** Events that arrived while the replay was running, delivered right after it (bounded). */
  buffer: Fetched[]
  /** The buffer was full and dropped events: the replay reads the log again before going live. */
  overflowed: boolean
}

/** An event as read from the log, with the facts the read rule decides on, read in the same batch. */
interface Fetched {
  row: EventWithActor
  facts: EventFacts
}

interface Connection {
  id: string
  socket: WebSocket
  user: SessionUser
  session: LiveSession
  subs: Map<string, Subscription>
  /**
   * Per case, the number of the latest subscribe or unsubscribe received (counted on arrival, before
   * it is handled): a replay that is no longer the latest request stops, so a re-subscribe flood
   * replays the log once, not once per message.
   */
  asked: Map<string, number>
  asks: number
  presence: Map<string, { step: number | null; itemId: string | null }>
  alive: boolean
  /** Heartbeats in a row without a pong. */
  missed: number
  /** Fixed windows for the message and subscribe limits. */
  messages: { start: number; count: number }
  subscribes: { start: number; count: number }
  /** Messages received and not yet handled. */
  pending: number
}

/** The sockets of one session on this instance, and until when the session counts. */
interface LiveSession {
  id: string
  /** Epoch ms; past it the session is read again (activity elsewhere may have moved it). */
  until: number
  conns: Set<Connection>
}

/** What the hub holds, for tests and operators: every number should fall back when sockets go. */
export interface HubStats {
  connections: number
  sessions: number
  subscriptions: number
  feeds: number
  /** Events held for subscriptions whose replay is running. */
  bufferedEvents: number
  /** Bytes written to sockets and not yet sent. */
  socketBufferedBytes: number
  /** Messages received and not yet handled. */
  pendingMessages: number
}

interface CaseFeed {
  conns: Set<Connection>
  /** Every event up to here has been read and handed to the subscriptions. */
  fetchedSeq: number
  fetching: boolean
  again: boolean
}

interface RemotePresence {
  person: PresencePerson
  expires: number
}

const REPLAY_PAGE = 500

/**
 * Live updates: one WebSocket per tab, subscriptions per case with exact catch-up from the event
 * log, fan-out woken by LISTEN/NOTIFY (one read per case, not per socket), every event filtered per
 * socket by the policy module, presence across instances, and revocation within a second: a socket
 * lives no longer than its session, as the session module (auth/sessions.ts) decides.
 */
export class LiveHub {
  private readonly conns = new Set<Connection>()
  private readonly liveSessions = new Map<string, LiveSession>()
  private readonly feeds = new Map<string, CaseFeed>()
  private readonly remote = new Map<string, Map<string, RemotePresence>>()
  private readonly instanceId = randomUUID()
  private readonly listener: Listener
  private readonly timers: NodeJS.Timeout[] = []
  private readonly maxBuffered: number
  private readonly policy: SessionPolicy
  readonly limits: LiveLimits
  private closing = false
  private sweeping = false
  private checkingDeadlines = false
  /** Told the user id of every notice on the sessions channel ('*' after missed notices). */
  onSessionNotice: (userId: string) => void = () => {}

  constructor(
    private readonly db: Db,
    database: Database,
    private readonly log: FastifyBaseLogger,
    private readonly opts: HubOptions = {},
  ) {
    this.maxBuffered = opts.maxBufferedBytes ?? 4 * 1024 * 1024
    this.policy = opts.sessionPolicy ?? { idleMs: 30 * 60_000, maxMs: 12 * 3_600_000 }
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits }
    this.listener = createListener(database, {
      channels: [EVENTS_CHANNEL, SESSIONS_CHANNEL, PRESENCE_CHANNEL],
      connectionString: opts.listenUrl,
      onMessage: (channel, payload) => this.onNotify(channel, payload),
      // NOTIFYs sent while the connection was down are lost: read every followed case by seq.
      onReconnect: () => {
        this.onSessionNotice('*')
        for (const caseId of this.feeds.keys()) void this.pump(caseId)
      },
      onError: (err) => this.log.warn({ err }, 'live listener connection problem'),
    })
  }

  async start() {
    await this.listener.start()
    const heartbeat = this.opts.heartbeatMs ?? 15_000
    this.timers.push(setInterval(() => this.heartbeat(), heartbeat))
    this.timers.push(setInterval(() => this.refreshPresence(), this.opts.presenceRefreshMs ?? 10_000))
    this.timers.push(setInterval(() => void this.sweep(), this.opts.sweepMs ?? 5_000))
    this.timers.push(setInterval(() => void this.checkDeadlines(), this.opts.sessionTickMs ?? 250))
    for (const t of this.timers) t.unref()
  }

  /** Stops listening and closes every socket with "restarting", so clients come back elsewhere. */
  async close() {
    this.closing = true
    for (const t of this.timers) clearInterval(t)
    for (const conn of this.conns) {
      this.announcePresence(conn, null)
      conn.socket.close(LIVE_CLOSE.restarting, 'server restarting')
    }
    await this.listener.close()
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
      sessions: this.liveSessions.size,
      subscriptions,
      feeds: this.feeds.size,
      bufferedEvents,
      socketBufferedBytes,
      pendingMessages,
    }
  }

  /** Whether this session may open one more socket here (checked before the upgrade, and again in attach). */
  hasRoomFor(sessionId: string) {
    return (this.liveSessions.get(sessionId)?.conns.size ?? 0) < this.limits.maxSocketsPerSession
  }

  attach(socket: WebSocket, session: ActiveSession) {
    let live = this.liveSessions.get(session.sessionId)
    if (live && live.conns.size >= this.limits.maxSocketsPerSession) {
      // Two upgrades of one session can pass the check before the upgrade at the same time.
      this.log.warn({ userId: session.user.id, limit: 'sockets_per_session' }, 'live limit hit')
      socket.send(JSON.stringify(rateLimitedMessage('sockets_per_session')))
      socket.close(LIVE_CLOSE.rateLimited, 'too many sockets')
      return
    }
    if (!live) {
      live = { id: session.sessionId, until: session.until, conns: new Set() }
      this.liveSessions.set(live.id, live)
    }
    const now = Date.now()
    const conn: Connection = {
      id: randomUUID(),
      socket,
      user: session.user,
      session: live,
      subs: new Map(),
      asked: new Map(),
      asks: 0,
      presence: new Map(),
      alive: true,
      missed: 0,
      messages: { start: now, count: 0 },
      subscribes: { start: now, count: 0 },
      pending: 0,
    }
    this.conns.add(conn)
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
    const now = Date.now()
    if (now - w.start >= windowMs) {
      w.start = now
      w.count = 0
    }
    if (++w.count <= max) return true
    // Who and which limit; never the cookie or the token.
    this.log.warn({ userId: conn.user.id, connection: conn.id, limit, max, windowMs }, 'live limit hit')
    this.send(conn, rateLimitedMessage(limit))
    conn.socket.close(LIVE_CLOSE.rateLimited, 'rate limited')
    this.detach(conn)
    return false
  }

  private detach(conn: Connection) {
    if (!this.conns.delete(conn)) return
    conn.session.conns.delete(conn)
    if (conn.session.conns.size === 0 && this.liveSessions.get(conn.session.id) === conn.session)
      this.liveSessions.delete(conn.session.id)
    for (const caseId of conn.subs.keys()) this.leaveFeed(conn, caseId)
    conn.subs.clear()
    for (const caseId of conn.presence.keys()) {
      conn.presence.delete(caseId)
      this.announcePresence(conn, caseId, true)
      this.broadcastPresence(caseId)
    }
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
        this.leaveFeed(conn, msg.caseId)
        if (conn.presence.delete(msg.caseId)) {
          this.announcePresence(conn, msg.caseId, true)
          this.broadcastPresence(msg.caseId)
        }
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
        this.announcePresence(conn, msg.caseId)
        return this.broadcastPresence(msg.caseId)
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
    this.leaveFeed(conn, caseId)
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
      await this.joinFeed(conn, caseId)
      for (;;) {
        if (!current()) return
        const rows = await this.fetch(caseId, sub.lastSeq)
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
        this.leaveFeed(conn, caseId)
      }
      throw err
    } finally {
      // A superseded replay leaves nothing buffering: the newer request sets up its own.
      if (conn.subs.get(caseId) === sub && !sub.live && !current()) {
        conn.subs.delete(caseId)
        this.leaveFeed(conn, caseId)
      }
    }
    sub.live = true
    for (const r of sub.buffer.splice(0)) if (!this.deliver(conn, sub, r)) return
    this.send(conn, { type: 'caught-up', caseId, seq: sub.lastSeq })
    this.sendPresence(conn, caseId)
  }

  private async joinFeed(conn: Connection, caseId: string) {
    let feed = this.feeds.get(caseId)
    if (!feed) {
      // Everything up to the committed last_seq is covered by the replay; the feed takes it from there.
      const [row] = await this.db.select({ lastSeq: cases.lastSeq }).from(cases).where(eq(cases.id, caseId))
      feed = this.feeds.get(caseId) ?? {
        conns: new Set(),
        fetchedSeq: row?.lastSeq ?? 0,
        fetching: false,
        again: false,
      }
      this.feeds.set(caseId, feed)
    }
    feed.conns.add(conn)
    // The socket may have gone, or the request been superseded, while the last seq was read.
    if (!this.conns.has(conn) || !conn.subs.has(caseId)) this.leaveFeed(conn, caseId)
  }

  private leaveFeed(conn: Connection, caseId: string) {
    const feed = this.feeds.get(caseId)
    if (!feed) return
    feed.conns.delete(conn)
    if (feed.conns.size === 0 && !feed.fetching) this.feeds.delete(caseId)
  }

  private onNotify(channel: string, payload: string) {
    if (channel === EVENTS_CHANNEL) {
      const caseId = payload.split(':')[0]!
      if (this.feeds.has(caseId)) void this.pump(caseId)
    } else if (channel === SESSIONS_CHANNEL) {
      this.onSessionNotice(payload)
      void this.recheckSessions(payload)
    } else if (channel === PRESENCE_CHANNEL) {
      this.onRemotePresence(payload)
    }
  }

  /** Reads new events of a case once for all its sockets; repeats while more notifications came in. */
  private async pump(caseId: string) {
    const feed = this.feeds.get(caseId)
    if (!feed) return
    if (feed.fetching) {
      feed.again = true
      return
    }
    feed.fetching = true
    try {
      do {
        feed.again = false
        for (;;) {
          const rows = await this.fetch(caseId, feed.fetchedSeq)
          if (rows.length === 0) break
          feed.fetchedSeq = rows[rows.length - 1]!.row.e.seq
          // An event reads the same for every member the read rule lets in, and for every member it
          // keeps out: render it at most twice, not once per socket (P6).
          const wires = rows.map(() => new Wire())
          for (const conn of [...feed.conns]) {
            const sub = conn.subs.get(caseId)
            if (!sub) continue
            for (let i = 0; i < rows.length; i++) {
              const r = rows[i]!
              if (!sub.live) {
                if (sub.buffer.length < this.limits.maxBufferedEvents) sub.buffer.push(r)
                else sub.overflowed = true
              } else if (!this.deliver(conn, sub, r, wires[i])) break
            }
          }
          if (rows.length < REPLAY_PAGE) break
        }
      } while (feed.again)
    } catch (err) {
      this.log.warn({ err, caseId }, 'live fetch failed; retrying')
      setTimeout(() => void this.pump(caseId), 500).unref()
    } finally {
      feed.fetching = false
      if (feed.conns.size === 0) this.feeds.delete(caseId)
    }
  }

  /**
   * A page of events after `afterSeq` with the current facts of the items they are about, read
   * together: the read rule decides on the audience as it is when the events are read.
   */
  private async fetch(caseId: string, afterSeq: number): Promise<Fetched[]> {
    const rows = await readEventsAfter(this.db, caseId, afterSeq, REPLAY_PAGE)
    const factsOf = await loadEventFacts(
      this.db,
      caseId,
      rows.map((r) => r.e),
    )
    return rows.map((row) => ({ row, facts: factsOf(row.e) }))
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
    this.leaveFeed(conn, caseId)
    if (conn.presence.delete(caseId)) {
      this.announcePresence(conn, caseId, true)
      this.broadcastPresence(caseId)
    }
    this.send(conn, { type: 'revoked', caseId, reason })
  }

  /**
   * Logout, password change or reset, a disabled account (the sessions channel, from any instance):
   * read that person's sessions that have sockets here, and close those that ended.
   */
  private async recheckSessions(userId: string) {
    const ids = new Set<string>()
    for (const c of this.conns) if (c.user.id === userId) ids.add(c.session.id)
    if (ids.size === 0) return
    try {
      await this.applySessionStates([...ids])
    } catch (err) {
      this.log.warn({ err }, 'live session recheck failed')
    }
  }

  /**
   * The idle and maximum-age limits act on time, not on a request: each tick, the sessions whose
   * deadline passed are read again in one query (an HTTP request on any instance may have moved
   * the idle deadline); those that really ended lose their sockets. Live traffic itself is not
   * activity: the idle limit is about the person.
   */
  private async checkDeadlines() {
    if (this.checkingDeadlines || this.closing || this.liveSessions.size === 0) return
    const now = Date.now()
    const due: string[] = []
    for (const s of this.liveSessions.values()) if (s.until <= now) due.push(s.id)
    if (due.length === 0) return
    this.checkingDeadlines = true
    try {
      await this.applySessionStates(due)
    } catch (err) {
      this.log.warn({ err }, 'live session deadline check failed')
    } finally {
      this.checkingDeadlines = false
    }
  }

  private async applySessionStates(ids: string[]) {
    for (let i = 0; i < ids.length; i += 1000) {
      const states = await checkSessions(this.db, ids.slice(i, i + 1000), this.policy)
      for (const [id, state] of states) {
        const live = this.liveSessions.get(id)
        if (live) this.applySessionState(live, state)
      }
    }
  }

  private applySessionState(live: LiveSession, state: SessionState) {
    if (state.live) {
      live.until = state.until
      return
    }
    const reason: RevokeReason = state.reason === 'idle' || state.reason === 'expired' ? state.reason : 'session_ended'
    for (const conn of [...live.conns]) {
      for (const caseId of [...conn.subs.keys()]) this.revoke(conn, caseId, reason)
      conn.socket.close(LIVE_CLOSE.sessionEnded, 'session ended')
      this.detach(conn)
    }
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

  /**
   * NOTIFY only wakes the hub; the log is the truth. A wake-up can be lost (a LISTEN connection
   * that dropped unnoticed, a notice queue under pressure), so every few seconds one statement
   * compares each followed case's last seq with what was fetched, and reads what is missing.
   */
  private async sweep() {
    if (this.sweeping || this.feeds.size === 0) return
    this.sweeping = true
    try {
      const ids = [...this.feeds.keys()]
      for (let i = 0; i < ids.length; i += 1000) {
        const rows = await this.db
          .select({ id: cases.id, lastSeq: cases.lastSeq })
          .from(cases)
          .where(inArray(cases.id, ids.slice(i, i + 1000)))
        for (const r of rows) {
          const feed = this.feeds.get(r.id)
          if (feed && r.lastSeq > feed.fetchedSeq) {
            // Usually a NOTIFY still on its way; when it keeps happening, wake-ups are being lost.
            this.log.debug({ caseId: r.id, lastSeq: r.lastSeq, fetchedSeq: feed.fetchedSeq }, 'live sweep reads ahead')
            void this.pump(r.id)
          }
        }
      }
    } catch (err) {
      this.log.warn({ err }, 'live sweep failed')
    } finally {
      this.sweeping = false
    }
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
    const now = Date.now()
    for (const [caseId, people] of this.remote) {
      let changed = false
      for (const [k, p] of people) if (p.expires < now) changed = people.delete(k) || changed
      if (changed) this.broadcastPresence(caseId)
    }
  }

  // ── Presence: local sockets plus what other instances announce over NOTIFY ─────────────

  private personOf(conn: Connection, caseId: string): PresencePerson | null {
    const where = conn.presence.get(caseId)
    if (!where) return null
    return {
      userId: conn.user.id,
      name: conn.user.name,
      organisation: conn.user.organisation,
      step: where.step,
      itemId: where.itemId,
    }
  }

  private announcePresence(conn: Connection, caseId: string | null, leave = false) {
    const targets = caseId ? [caseId] : [...conn.presence.keys()]
    for (const c of targets) {
      const person = leave || caseId === null ? null : this.personOf(conn, c)
      const payload = JSON.stringify({ i: this.instanceId, k: conn.id, c, p: person })
      void this.db.execute(sqlNotify(PRESENCE_CHANNEL, payload)).catch(() => {})
    }
  }

  private refreshPresence() {
    for (const conn of this.conns) for (const caseId of conn.presence.keys()) this.announcePresence(conn, caseId)
  }

  private onRemotePresence(payload: string) {
    let m: { i: string; k: string; c: string; p: PresencePerson | null }
    try {
      m = JSON.parse(payload)
    } catch {
      return
    }
    if (m.i === this.instanceId) return
    let people = this.remote.get(m.c)
    if (!people) {
      people = new Map()
      this.remote.set(m.c, people)
    }
    if (m.p) people.set(m.k, { person: m.p, expires: Date.now() + (this.opts.presenceTtlMs ?? 30_000) })
    else people.delete(m.k)
    this.broadcastPresence(m.c)
  }

  private peopleIn(caseId: string): PresencePerson[] {
    const byUser = new Map<string, PresencePerson>()
    for (const r of this.remote.get(caseId)?.values() ?? []) byUser.set(r.person.userId, r.person)
    for (const conn of this.conns) {
      const p = this.personOf(conn, caseId)
      if (p) byUser.set(p.userId, p)
    }
    return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name, 'nl'))
  }

  private sendPresence(conn: Connection, caseId: string) {
    this.send(conn, { type: 'presence', caseId, people: this.peopleIn(caseId) })
  }

  private broadcastPresence(caseId: string) {
    if (this.closing) return
    const feed = this.feeds.get(caseId)
    if (!feed) return
    const people = this.peopleIn(caseId)
    for (const conn of feed.conns)
      if (conn.subs.get(caseId)?.live) this.send(conn, { type: 'presence', caseId, people })
  }
}

import { sql } from 'drizzle-orm'

type Read = { ok: true; value: ClientMessage } | { ok: false; error: string }

const binaryMessage: Read = { ok: false, error: 'Alleen tekstberichten (JSON)' }

/** A client message, or the error that names what is wrong with it (the fields, never a 500). */
function readMessage(raw: string): Read {
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    return { ok: false, error: 'Geen geldige JSON' }
  }
  const parsed = ClientMessageSchema.safeParse(json)
  if (parsed.success) return { ok: true, value: parsed.data }
  const where = parsed.error.issues.map((i) => i.path.join('.') || 'type').join(', ')
  return { ok: false, error: `Ongeldig bericht: ${where}` }
}

function rateLimitedMessage(limit: string): ServerMessage {
  const what: Record<string, string> = {
    messages: 'Te veel berichten op deze verbinding',
    subscribes: 'Te vaak opnieuw geabonneerd op deze verbinding',
    sockets_per_session: 'Te veel live-verbindingen voor deze sessie',
  }
  return {
    type: 'error',
    code: 'rate_limited',
    message: `${what[limit] ?? 'Te veel verzoeken'}; probeer het later opnieuw`,
  }
}

function sqlNotify(channel: string, payload: string) {
  return sql`select pg_notify(${channel}, ${payload})`
}

/** One event as sent: rendered once for members the read rule lets in and once for those it keeps out. */
class Wire {
  private inside: string | undefined
  private outside: string | undefined

  text(visible: boolean, render: () => string): string {
    if (visible) {
      this.inside ??= render()
      return this.inside
    }
    this.outside ??= render()
    return this.outside
  }
}
