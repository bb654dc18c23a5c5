import { z } from 'zod'
import { OrganisationRefSchema } from './auth.ts'
import { ActivityEventSchema } from './cases.ts'
import { MAX_SEQ } from './live-close.ts'
import { NotificationSchema } from './notifications.ts'

export { LIVE_CLOSE, MAX_SEQ } from './live-close.ts'

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
  /** A new notification for the person of this socket, composed for them (ADR 026). */
  z.object({ type: z.literal('notification'), notification: NotificationSchema }),
])
export type ServerMessage = z.infer<typeof ServerMessageSchema>
