import type { ActivityEvent } from '@vp/shared'
import { and, asc, desc, eq, gt, lt } from 'drizzle-orm'
import type { Db } from '../db/client.ts'
import { caseEvents, organisations, users } from '../db/schema.ts'
import { loadEventFacts } from '../events/visibility.ts'
import { decodeCursor, toPage } from '../http/paging.ts'
import { type Actor, can } from '../policy/policy.ts'

type EventRow = typeof caseEvents.$inferSelect

/**
 * The case's event log, newest first, with actor names. Whether each event's content shows is
 * asked of the read rule now, from its item's current audience; outside it only who and when.
 */
export async function listActivity(
  db: Db,
  caseId: string,
  actor: Actor,
  q: { limit: number; cursor?: string | undefined; step?: number | undefined; organisationId?: string | undefined },
) {
  const after = decodeCursor(q.cursor, ['int'])
  const rows = await db
    .select({ e: caseEvents, user: users, org: organisations })
    .from(caseEvents)
    .leftJoin(users, eq(users.id, caseEvents.actorUserId))
    .leftJoin(organisations, eq(organisations.id, caseEvents.actorOrganisationId))
    .where(
      and(
        eq(caseEvents.caseId, caseId),
        after ? lt(caseEvents.seq, Number(after[0])) : undefined,
        q.step ? eq(caseEvents.step, q.step) : undefined,
        q.organisationId ? eq(caseEvents.actorOrganisationId, q.organisationId) : undefined,
      ),
    )
    .orderBy(desc(caseEvents.seq))
    .limit(q.limit + 1)
  const factsOf = await loadEventFacts(
    db,
    caseId,
    rows.map((r) => r.e),
  )
  return toPage(
    rows,
    q.limit,
    (r) => presentEvent(r, can(actor, 'event.read', factsOf(r.e))),
    ({ e }) => [String(e.seq)],
  )
}

export type EventWithActor = {
  e: EventRow
  user: typeof users.$inferSelect | null
  org: typeof organisations.$inferSelect | null
}

/** An event as a member sees it: in full when the read rule allowed it (`visible`), else who and when. */
export function presentEvent({ e, user, org }: EventWithActor, visible: boolean): ActivityEvent {
  return {
    seq: e.seq,
    type: e.type,
    createdAt: e.createdAt.toISOString(),
    actor: user
      ? { userId: user.id, name: user.name, organisation: org ? { id: org.id, name: org.name, type: org.type } : null }
      : null,
    entityType: e.entityType,
    entityId: e.entityId,
    step: e.step,
    visible,
    payload: visible ? (e.payload as Record<string, unknown>) : null,
  }
}

/** Events of a case after a seq, oldest first, with their actors: for catch-up and live delivery. */
export async function readEventsAfter(
  db: Db,
  caseId: string,
  afterSeq: number,
  limit = 500,
): Promise<EventWithActor[]> {
  return db
    .select({ e: caseEvents, user: users, org: organisations })
    .from(caseEvents)
    .leftJoin(users, eq(users.id, caseEvents.actorUserId))
    .leftJoin(organisations, eq(organisations.id, caseEvents.actorOrganisationId))
    .where(and(eq(caseEvents.caseId, caseId), gt(caseEvents.seq, afterSeq)))
    .orderBy(asc(caseEvents.seq))
    .limit(limit)
}
