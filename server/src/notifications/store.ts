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
  // One array per column, unnested in the database: the statement has thirteen parameters however
  // many rows it writes, so thousands of reminders cost one short statement to parse and bind.
  const col = <T>(f: (r: NewNotification) => T) => sql.param(rows.map(f))
  const result = await tx.execute<{ id: string; user_id: string }>(sql`
    insert into ${notifications} (user_id, case_id, type, entity_type, entity_id, step, event_seq,
      actor_user_id, actor_organisation_id, data, key, mail, created_at)
    select r.user_id, r.case_id, r.type, r.entity_type, r.entity_id, r.step, r.event_seq,
      r.actor_user_id, r.actor_organisation_id, r.data::jsonb, r.key, r.mail, coalesce(r.created_at, now())
    from unnest(
      ${col((r) => r.userId)}::uuid[], ${col((r) => r.caseId)}::uuid[], ${col((r) => r.type)}::text[],
      ${col((r) => r.entityType)}::text[], ${col((r) => r.entityId ?? null)}::uuid[],
      ${col((r) => r.step ?? null)}::int[], ${col((r) => r.eventSeq ?? null)}::int[],
      ${col((r) => r.actor?.userId ?? null)}::uuid[], ${col((r) => r.actor?.organisationId ?? null)}::uuid[],
      ${col((r) => JSON.stringify(r.data ?? {}))}::text[], ${col((r) => r.key ?? null)}::text[],
      ${col((r) => r.mail ?? 'pending')}::text[], ${col((r) => r.createdAt?.toISOString() ?? null)}::timestamptz[]
    ) as r(user_id, case_id, type, entity_type, entity_id, step, event_seq, actor_user_id,
      actor_organisation_id, data, key, mail, created_at)
    on conflict (user_id, key) do nothing
    returning id, user_id
  `)
  const written = (result as unknown as { rows: { id: string; user_id: string }[] }).rows.map((w) => ({
    id: w.id,
    userId: w.user_id,
  }))
  // One statement for all: a reminder scan may write thousands at once.
  if (written.length > 0) {
    const addresses = written.map((w) => `${w.userId}:${w.id}`).join(',')
    await tx.execute(
      sql`select pg_notify(${NOTIFICATIONS_CHANNEL}, a) from unnest(string_to_array(${addresses}, ',')) as a`,
    )
  }
  return written
}
