import type { ActivityEvent } from '@vp/shared'
import { and, asc, desc, eq, gt, lt } from 'drizzle-orm'
import type { Db } from '../db/client.ts'
import { caseEvents, organisations, users } from '../db/schema.ts'
import { decodeCursor, toPage } from '../http/paging.ts'
import type { Membership } from '../policy/policy.ts'

type EventRow = typeof caseEvents.$inferSelect

/** Whether a member may see an event's content; outside its audience only who and when show. */
export function isInAudience(event: Pick<EventRow, 'audience'>, membership: Membership): boolean {
  return event.audience === null || event.audience.includes(membership.organisationId)
}

/** The case's event log, newest first, with actor names; restricted content becomes a placeholder. */
export async function listActivity(
  db: Db,
  caseId: string,
  membership: Membership,
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
  return toPage(
    rows,
    q.limit,
    (r) => presentEvent(r, membership),
    ({ e }) => [String(e.seq)],
  )
}

export type EventWithActor = {
  e: EventRow
  user: typeof users.$inferSelect | null
  org: typeof organisations.$inferSelect | null
}

/** An event as a member sees it: in full, or only who and when outside its audience. */
export function presentEvent({ e, user, org }: EventWithActor, membership: Membership): ActivityEvent {
  const visible = isInAudience(e, membership)
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
