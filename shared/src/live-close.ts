// Constants of the live protocol without zod, so the web app's first route can import them
// without pulling in every schema (the 150 KB budget; see FRONTEND.md).

/** Close codes the server uses, so clients know whether and how to come back. */
export const LIVE_CLOSE = {
  /** The server is shutting down or restarting: reconnect with backoff. */
  restarting: 1012,
  /**
   * The session ended (logout, password change or reset, account disabled, idle or maximum age):
   * sign in again.
   */
  sessionEnded: 4001,
  /** The client did not read fast enough: reconnect and resubscribe with the last seq. */
  tooSlow: 4008,
  /** No heartbeat answer: the connection is presumed dead. */
  unresponsive: 4009,
  /**
   * Over a live limit (messages or subscribes per socket, sockets per session), after an `error`
   * with code `rate_limited`: reconnect only after a long pause.
   */
  rateLimited: 4029,
} as const

/** Largest `afterSeq` a client may send: seqs are PostgreSQL integers. */
export const MAX_SEQ = 2 ** 31 - 1
