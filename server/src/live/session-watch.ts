import type { RevokeReason } from '@vp/shared'
import type { FastifyBaseLogger } from 'fastify'
import { type ActiveSession, checkSessions, type SessionPolicy, type SessionState } from '../auth/sessions.ts'
import type { Db } from '../db/client.ts'
import type { Connection, LiveSession } from './connection.ts'

/** What the session watch needs from the hub that owns the sockets. */
export interface SessionWatchHost {
  readonly db: Db
  readonly log: FastifyBaseLogger
  readonly policy: SessionPolicy
  /** One person's sockets on this instance. */
  connectionsOf(userId: string): ReadonlySet<Connection>
  isClosing(): boolean
  /** Ends one socket whose session ended: its subscriptions are revoked with `reason`, then it closes. */
  end(conn: Connection, reason: RevokeReason): void
}

/**
 * The sessions that have sockets on this instance, and until when each counts. A socket lives no
 * longer than its session, as the session module (auth/sessions.ts) decides: on a notice on the
 * sessions channel, and when a session's idle or maximum-age deadline passes.
 */
export class LiveSessions {
  private readonly sessions = new Map<string, LiveSession>()
  private checkingDeadlines = false

  constructor(private readonly host: SessionWatchHost) {}

  get size() {
    return this.sessions.size
  }

  /** Whether this session has fewer than `max` sockets here. */
  hasRoomFor(sessionId: string, max: number) {
    return (this.sessions.get(sessionId)?.conns.size ?? 0) < max
  }

  /** The session's entry, made on its first socket. */
  open(session: ActiveSession): LiveSession {
    let live = this.sessions.get(session.sessionId)
    if (!live) {
      live = { id: session.sessionId, until: session.until, conns: new Set() }
      this.sessions.set(live.id, live)
    }
    return live
  }

  /** Takes a closed socket off its session; a session without sockets is forgotten. */
  release(conn: Connection) {
    conn.session.conns.delete(conn)
    if (conn.session.conns.size === 0 && this.sessions.get(conn.session.id) === conn.session)
      this.sessions.delete(conn.session.id)
  }

  /**
   * Logout, password change or reset, a disabled account (the sessions channel, from any instance):
   * read that person's sessions that have sockets here, and close those that ended.
   */
  async recheck(userId: string) {
    const ids = new Set<string>()
    for (const c of this.host.connectionsOf(userId)) ids.add(c.session.id)
    if (ids.size === 0) return
    try {
      await this.applyStates([...ids])
    } catch (err) {
      this.host.log.warn({ err }, 'live session recheck failed')
    }
  }

  /**
   * The idle and maximum-age limits act on time, not on a request: each tick, the sessions whose
   * deadline passed are read again in one query (an HTTP request on any instance may have moved
   * the idle deadline); those that really ended lose their sockets. Live traffic itself is not
   * activity: the idle limit is about the person.
   */
  async checkDeadlines() {
    if (this.checkingDeadlines || this.host.isClosing() || this.sessions.size === 0) return
    const now = Date.now()
    const due: string[] = []
    for (const s of this.sessions.values()) if (s.until <= now) due.push(s.id)
    if (due.length === 0) return
    this.checkingDeadlines = true
    try {
      await this.applyStates(due)
    } catch (err) {
      this.host.log.warn({ err }, 'live session deadline check failed')
    } finally {
      this.checkingDeadlines = false
    }
  }

  private async applyStates(ids: string[]) {
    for (let i = 0; i < ids.length; i += 1000) {
      const states = await checkSessions(this.host.db, ids.slice(i, i + 1000), this.host.policy)
      for (const [id, state] of states) {
        const live = this.sessions.get(id)
        if (live) this.applyState(live, state)
      }
    }
  }

  private applyState(live: LiveSession, state: SessionState) {
    if (state.live) {
      live.until = state.until
      return
    }
    const reason: RevokeReason = state.reason === 'idle' || state.reason === 'expired' ? state.reason : 'session_ended'
    for (const conn of [...live.conns]) this.host.end(conn, reason)
  }
}
