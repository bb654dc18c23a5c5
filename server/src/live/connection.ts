import { randomUUID } from 'node:crypto'
import type { WebSocket } from 'ws'
import type { EventWithActor } from '../activity/service.ts'
import type { SessionUser } from '../auth/sessions.ts'
import type { EventFacts, Membership } from '../policy/policy.ts'

export interface Subscription {
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
export interface Fetched {
  row: EventWithActor
  facts: EventFacts
}

export interface Connection {
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
export interface LiveSession {
  id: string
  /** Epoch ms; past it the session is read again (activity elsewhere may have moved it). */
  until: number
  conns: Set<Connection>
}

/** A new socket's state, before it has asked for anything. */
export function newConnection(socket: WebSocket, user: SessionUser, session: LiveSession): Connection {
  const now = Date.now()
  return {
    id: randomUUID(),
    socket,
    user,
    session,
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
}

/** Counts one in a fixed window that starts again after `windowMs`; false past `max`. */
export function countInWindow(w: { start: number; count: number }, max: number, windowMs: number, now: number) {
  if (now - w.start >= windowMs) {
    w.start = now
    w.count = 0
  }
  return ++w.count <= max
}
