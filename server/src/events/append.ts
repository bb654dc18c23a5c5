import { AsyncLocalStorage } from 'node:async_hooks'
import { eq, sql } from 'drizzle-orm'
import type { SessionUser } from '../auth/sessions.ts'
import type { Tx } from '../db/client.ts'
import { caseEvents, cases } from '../db/schema.ts'
import { notFound } from '../http/errors.ts'
import { notifyForEvent } from '../notifications/triggers.ts'
import type { NewEvent } from './types.ts'

export const EVENTS_CHANNEL = 'case_events'

/** Who an event names as its actor: the person, and the organisation they acted for. */
export const eventActor = (user: SessionUser, organisationId: string | null) => ({ userId: user.id, organisationId })

/** Row lock on the case: concurrent writers to one case queue instead of racing on versions. */
export async function lockCase(tx: Tx, caseId: string): Promise<typeof cases.$inferSelect> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update')
  if (!row) throw notFound()
  return row
}

const replayedMoment = new AsyncLocalStorage<Date>()

/**
 * Runs `fn` with every event it appends dated `at` instead of now. Only the demo seed calls this:
 * it replays a history of weeks through the commands in one go (ADR 017). The log stays
 * append-only; nothing is ever re-dated after it is written.
 */
export function appendingAt<T>(at: Date, fn: () => Promise<T>): Promise<T> {
  return replayedMoment.run(at, fn)
}

/**
 * Appends one event to the case's log inside the caller's transaction and returns its seq.
 * Taking the seq by updating cases.last_seq locks the case row, so concurrent writers to one case
 * queue here and the seq has no gaps. The NOTIFY is transactional: it is delivered only if the
 * transaction commits, and carries only the address of the event, never its content.
 * One statement: the seq, the row and the notice travel in a single round trip (P3).
 */
export async function appendEvent(tx: Tx, e: NewEvent): Promise<number> {
  const at = replayedMoment.getStore() ?? null
  const result = await tx.execute<{ seq: number }>(sql`
    with next as (
      update ${cases} set last_seq = last_seq + 1 where id = ${e.caseId} returning last_seq
    ), appended as (
      insert into ${caseEvents} (case_id, seq, type, actor_user_id, actor_organisation_id, entity_type,
        entity_id, step, payload, created_at)
      select ${e.caseId}, next.last_seq, ${e.type}, ${e.actor?.userId ?? null}, ${e.actor?.organisationId ?? null},
        ${e.entityType}, ${e.entityId}, ${e.step ?? null}::integer, ${JSON.stringify(e.payload ?? {})}::jsonb,
        coalesce(${at?.toISOString() ?? null}::timestamptz, now())
      from next
      returning seq
    )
    select seq, pg_notify(${EVENTS_CHANNEL}, ${e.caseId}::text || ':' || seq) from appended`)
  const row = (result as unknown as { rows: { seq: number }[] }).rows[0]
  if (!row) throw new Error(`case ${e.caseId} does not exist`)
  const seq = Number(row.seq)
  // Made with the event, in its transaction: exactly once without a second process (ADR 026).
  await notifyForEvent(tx, e, seq, at)
  return seq
}
