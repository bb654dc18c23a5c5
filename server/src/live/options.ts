import type { SessionPolicy } from '../auth/sessions.ts'

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

export const DEFAULT_LIMITS: LiveLimits = {
  maxMessages: 100,
  messageWindowMs: 10_000,
  maxSubscribesPerMinute: 30,
  maxSocketsPerSession: 8,
  maxBufferedEvents: 2000,
}

/** What the hub holds, for tests and operators: every number should fall back when sockets go. */
export interface HubStats {
  connections: number
  /** People with at least one socket here. */
  people: number
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
