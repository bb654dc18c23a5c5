import { and, eq, isNull, sql } from 'drizzle-orm'
import type { FastifyRequest } from 'fastify'
import { type DbOrTx, preparedPerHandle } from '../db/client.ts'
import { caseMembers, cases } from '../db/schema.ts'
import { type Actor, authorize, type Member, type Membership } from './policy.ts'

/** The caller for instance-level actions (anonymous when there is no live session). */
export async function actorOf(req: FastifyRequest): Promise<Actor> {
  const session = await req.currentSession()
  return { user: session?.user ?? null, membership: null }
}

// Every case request asks this (ADR 013); the case's state comes along, so the guard's "a closed
// case takes no writes" costs no statement of its own.
const membershipQuery = preparedPerHandle((db: DbOrTx) =>
  db
    .select({
      memberId: caseMembers.id,
      role: caseMembers.role,
      organisationId: caseMembers.organisationId,
      caseStatus: cases.status,
    })
    .from(caseMembers)
    .innerJoin(cases, eq(cases.id, caseMembers.caseId))
    .where(
      and(
        eq(caseMembers.caseId, sql.placeholder('caseId')),
        eq(caseMembers.userId, sql.placeholder('userId')),
        isNull(caseMembers.removedAt),
      ),
    )
    .prepare('find_membership'),
)

/** The active seat of a user in a case, or null (never a member, removed, or no such case). */
export async function findMembership(db: DbOrTx, caseId: string, userId: string): Promise<Membership | null> {
  return (await findSeat(db, caseId, userId))?.membership ?? null
}

async function findSeat(db: DbOrTx, caseId: string, userId: string) {
  const [m] = await membershipQuery(db).execute({ caseId, userId })
  if (!m) return null
  const { caseStatus, ...membership } = m
  return { membership: membership as Membership, caseStatus }
}

const ACTOR_CACHE = Symbol('caseActor')
type Cached = FastifyRequest & {
  [ACTOR_CACHE]?: { caseId: string; actor: Actor; caseStatus: 'active' | 'closed' | null }
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The caller with their seat in this case, read fresh once per request. */
export async function caseActorOf(req: FastifyRequest, db: DbOrTx, caseId: string): Promise<Actor> {
  const cached = (req as Cached)[ACTOR_CACHE]
  if (cached?.caseId === caseId) return cached.actor
  const session = await req.currentSession()
  const seat = session && UUID.test(caseId) ? await findSeat(db, caseId, session.user.id) : null
  const actor: Actor = { user: session?.user ?? null, membership: seat?.membership ?? null }
  ;(req as Cached)[ACTOR_CACHE] = { caseId, actor, caseStatus: seat?.caseStatus ?? null }
  return actor
}

/** The state of the case as read with the caller's seat in this request (null for a non-member). */
export function caseStatusOf(req: FastifyRequest, caseId: string): 'active' | 'closed' | null {
  const cached = (req as Cached)[ACTOR_CACHE]
  return cached?.caseId === caseId ? cached.caseStatus : null
}

/**
 * The caller's seat as it is after this request's own change (a new case, a handover), read past
 * the per-request cache; 404 when there is none.
 */
export async function memberAfterChange(req: FastifyRequest, db: DbOrTx, caseId: string): Promise<Member> {
  const session = await req.currentSession()
  const actor: Actor = {
    user: session?.user ?? null,
    membership: session ? await findMembership(db, caseId, session.user.id) : null,
  }
  authorize(actor, 'case.read', null)
  return actor
}

/**
 * Runs before validation on every route under /cases/:caseId: anonymous callers get 401 and
 * non-members 404, whatever they send, so an invalid body cannot tell them the case exists.
 */
export function requireCaseMember(db: DbOrTx) {
  return async (req: FastifyRequest) => {
    const caseId = (req.params as { caseId?: string }).caseId ?? ''
    authorize(await caseActorOf(req, db, caseId), 'case.read', null)
  }
}
