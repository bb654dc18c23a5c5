import { eq, sql } from 'drizzle-orm'
import type { Tx } from '../db/client.ts'
import { caseEvents, cases } from '../db/schema.ts'

export const EVENTS_CHANNEL = 'case_events'

export interface NewEvent {
  caseId: string
  type: string
  actor: { userId: string; organisationId: string | null } | null
  entityType: string
  entityId: string | null
  step?: number | null
  payload?: Record<string, unknown>
  /** null (default) = every member; otherwise the organisations that may see the content. */
  audience?: string[] | null
  /** When it happened; only demo data sets this, everything else is now. */
  at?: Date
}

/**
 * Appends one event to the case's log inside the caller's transaction and returns its seq.
 * Taking the seq by updating cases.last_seq locks the case row, so concurrent writers to one case
 * queue here and the seq has no gaps. The NOTIFY is transactional: it is delivered only if the
 * transaction commits, and carries only the address of the event, never its content.
 */
export async function appendEvent(tx: Tx, e: NewEvent): Promise<number> {
  const [row] = await tx
    .update(cases)
    .set({ lastSeq: sql`${cases.lastSeq} + 1` })
    .where(eq(cases.id, e.caseId))
    .returning({ seq: cases.lastSeq })
  if (!row) throw new Error(`case ${e.caseId} does not exist`)
  await tx.insert(caseEvents).values({
    caseId: e.caseId,
    seq: row.seq,
    type: e.type,
    actorUserId: e.actor?.userId ?? null,
    actorOrganisationId: e.actor?.organisationId ?? null,
    entityType: e.entityType,
    entityId: e.entityId,
    step: e.step ?? null,
    payload: e.payload ?? {},
    audience: e.audience ?? null,
    ...(e.at ? { createdAt: e.at } : {}),
  })
  await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${`${e.caseId}:${row.seq}`})`)
  return row.seq
}
