import type { NotificationType } from '@vp/shared'
import { sql } from 'drizzle-orm'
import type { Tx } from '../db/client.ts'
import { notifications } from '../db/schema.ts'

/** The LISTEN/NOTIFY channel that wakes the live hubs for a new notification: `<userId>:<id>`, never content. */
export const NOTIFICATIONS_CHANNEL = 'notifications'

/** A notification to write: what it is about, never a text (ADR 026). */
export interface NewNotification {
  userId: string
  caseId: string
  type: NotificationType
  entityType: 'item' | 'document' | 'step' | 'member' | 'invitation' | 'case'
  entityId?: string | null
  step?: number | null
  eventSeq?: number | null
  actor?: { userId: string; organisationId: string | null } | null
  data?: Record<string, unknown>
  /** Exactly-once key for reminders (unique per person); null for notifications made with their event. */
  key?: string | null
  /** 'none': in the app only (never mailed). */
  mail?: 'pending' | 'none'
  /** Only for an event replayed at an earlier moment (the demo seed); otherwise now. */
  createdAt?: Date
}

/**
 * Writes notifications in the caller's transaction, skipping any whose (person, key) exists already,
 * and wakes every instance's live hub for each one written (transactional NOTIFY: only on commit).
 * Returns the rows written.
 */
export async function insertNotifications(tx: Tx, rows: NewNotification[]) {
  if (rows.length === 0) return []
  const written = await tx
    .insert(notifications)
    .values(
      rows.map((r) => ({
        userId: r.userId,
        caseId: r.caseId,
        type: r.type,
        entityType: r.entityType,
        entityId: r.entityId ?? null,
        step: r.step ?? null,
        eventSeq: r.eventSeq ?? null,
        actorUserId: r.actor?.userId ?? null,
        actorOrganisationId: r.actor?.organisationId ?? null,
        data: r.data ?? {},
        key: r.key ?? null,
        mail: r.mail ?? 'pending',
        ...(r.createdAt ? { createdAt: r.createdAt } : {}),
      })),
    )
    .onConflictDoNothing({ target: [notifications.userId, notifications.key] })
    .returning({ id: notifications.id, userId: notifications.userId })
  // One statement for all: a reminder scan may write thousands at once.
  if (written.length > 0) {
    const addresses = written.map((w) => `${w.userId}:${w.id}`).join(',')
    await tx.execute(
      sql`select pg_notify(${NOTIFICATIONS_CHANNEL}, a) from unnest(string_to_array(${addresses}, ',')) as a`,
    )
  }
  return written
}
