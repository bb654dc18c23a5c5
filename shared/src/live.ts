import { z } from 'zod'
import { OrganisationRefSchema } from './auth.ts'
import { ActivityEventSchema } from './cases.ts'

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

/**
 * Why a subscription stopped: removed from the case, the case deleted, or the session ended
 * (`idle` and `expired` name the limit that ended it; `session_ended` any other reason).
 */
export const RevokeReasonSchema = z.enum(['removed', 'case_deleted', 'session_ended', 'idle', 'expired'])
export type RevokeReason = z.infer<typeof RevokeReasonSchema>

// ── client → server ───────────────────────────────────────────────────────────────────

export const SubscribeMessageSchema = z.object({
  type: z.literal('subscribe'),
  caseId: z.uuid(),
  /** The last seq the client has; 0 for everything. */
  afterSeq: z.number().int().min(0).max(MAX_SEQ),
})
export const UnsubscribeMessageSchema = z.object({ type: z.literal('unsubscribe'), caseId: z.uuid() })
export const PresenceMessageSchema = z.object({
  type: z.literal('presence'),
  caseId: z.uuid(),
  step: z.number().int().min(1).max(6).nullable(),
  itemId: z.uuid().nullable().optional(),
})
export const PingMessageSchema = z.object({ type: z.literal('ping') })

export const ClientMessageSchema = z.discriminatedUnion('type', [
  SubscribeMessageSchema,
  UnsubscribeMessageSchema,
  PresenceMessageSchema,
  PingMessageSchema,
])
export type ClientMessage = z.infer<typeof ClientMessageSchema>

// ── server → client ───────────────────────────────────────────────────────────────────

export const PresencePersonSchema = z.object({
  userId: z.uuid(),
  name: z.string(),
  organisation: OrganisationRefSchema.nullable(),
  step: z.number().int().nullable(),
  itemId: z.uuid().nullable(),
})
export type PresencePerson = z.infer<typeof PresencePersonSchema>

export const ServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), caseId: z.uuid(), seq: z.number().int(), event: ActivityEventSchema }),
  z.object({ type: z.literal('caught-up'), caseId: z.uuid(), seq: z.number().int() }),
  z.object({ type: z.literal('presence'), caseId: z.uuid(), people: z.array(PresencePersonSchema) }),
  z.object({
    type: z.literal('revoked'),
    caseId: z.uuid(),
    reason: RevokeReasonSchema,
  }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string(), caseId: z.uuid().optional() }),
  z.object({ type: z.literal('pong') }),
])
export type ServerMessage = z.infer<typeof ServerMessageSchema>
