import {
  commitmentAnswerDue,
  daysLeft,
  type FollowUp,
  isActionOverdue,
  isCommitmentOverdue,
  isQuiet,
  needsChasing,
  type OrganisationRef,
} from '@vp/shared'
import { and, asc, eq, inArray, isNull, lt, ne, or } from 'drizzle-orm'
import { actionStatuses } from '../dashboard/action-statuses.ts'
import type { Db } from '../db/client.ts'
import { caseMembers, commitments, invitations, items, organisations, users } from '../db/schema.ts'
import { isKind, type LoadedItem, loadItems } from '../items/load.ts'
import { factsOf } from '../items/present.ts'
import { can, type Member } from '../policy/policy.ts'
import { listSteps } from '../steps/service.ts'

const orgRef = (o: { id: string; name: string; type: OrganisationRef['type'] }): OrganisationRef => ({
  id: o.id,
  name: o.name,
  type: o.type,
})

/** Open and declined commitments on the given actions, with when each was asked. */
async function unansweredCommitments(db: Db, caseId: string, actionIds: string[]) {
  if (actionIds.length === 0) return []
  return db
    .select({
      actionId: commitments.actionId,
      status: commitments.status,
      reason: commitments.reason,
      requestedAt: commitments.requestedAt,
      org: { id: organisations.id, name: organisations.name, type: organisations.type },
    })
    .from(commitments)
    .innerJoin(items, eq(items.id, commitments.actionId))
    .innerJoin(organisations, eq(organisations.id, commitments.organisationId))
    .where(
      and(
        eq(items.caseId, caseId),
        inArray(commitments.actionId, actionIds),
        inArray(commitments.status, ['pending', 'declined']),
      ),
    )
    .orderBy(asc(organisations.name), asc(commitments.requestedAt))
}

async function organisationsById(db: Db, ids: string[]) {
  if (ids.length === 0) return new Map<string, OrganisationRef>()
  const rows = await db
    .select({ id: organisations.id, name: organisations.name, type: organisations.type })
    .from(organisations)
    .where(inArray(organisations.id, ids))
  return new Map(rows.map((o) => [o.id, orgRef(o)]))
}

/** Invitations not accepted and not revoked: still pending, or expired without an answer. */
function openInvitations(db: Db, caseId: string) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      sentAt: invitations.updatedAt,
      expiresAt: invitations.expiresAt,
      org: { id: organisations.id, name: organisations.name, type: organisations.type },
    })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .where(and(eq(invitations.caseId, caseId), eq(invitations.state, 'pending')))
    .orderBy(asc(invitations.createdAt))
}

/** The case's other active seats, with when each last opened the case. */
function otherSeats(db: Db, caseId: string, ownMemberId: string) {
  return db
    .select({
      memberId: caseMembers.id,
      role: caseMembers.role,
      joinedAt: caseMembers.createdAt,
      lastSeenAt: caseMembers.lastSeenAt,
      name: users.name,
      org: { id: organisations.id, name: organisations.name, type: organisations.type },
    })
    .from(caseMembers)
    .innerJoin(users, eq(users.id, caseMembers.userId))
    .innerJoin(organisations, eq(organisations.id, caseMembers.organisationId))
    .where(and(eq(caseMembers.caseId, caseId), isNull(caseMembers.removedAt), ne(caseMembers.id, ownMemberId)))
    .orderBy(asc(organisations.name), asc(users.name))
}

/**
 * Whom the projectleider should chase in one case: organisations not done with an open step,
 * open and declined commitments, delayed and overdue actions, invitations not accepted and
 * members who have not opened the case for two weeks. Everything about items passes the read
 * rule for `actor` as it is now: an action outside their audience is left out entirely.
 * `loaded` lets a caller that already loaded the case's items pass them in.
 */
export async function buildFollowUp(
  db: Db,
  actor: Member,
  caseId: string,
  now = new Date(),
  loaded?: LoadedItem[],
): Promise<FollowUp> {
  const [steps, all, invites, seats] = await Promise.all([
    listSteps(db, caseId, now),
    loaded ?? loadItems(db, { caseId }),
    openInvitations(db, caseId),
    otherSeats(db, caseId, actor.membership.memberId),
  ])
  const visible = all.filter((i) => can(actor, 'item.read', factsOf(i)))
  const actions = visible.filter(isKind('action'))
  const statusOf = actionStatuses(visible)
  const titleOf = new Map(actions.map((a) => [a.row.id, a.row.title]))
  const chased = actions
    .map((a) => ({ a, status: statusOf(a.row.id), dueDate: a.fields.dueDate }))
    .filter((x) => needsChasing(x, now))
  const [answers, trekkers] = await Promise.all([
    unansweredCommitments(
      db,
      caseId,
      actions.map((a) => a.row.id),
    ),
    organisationsById(db, [...new Set(chased.map((x) => x.a.fields.trekkerOrganisationId))]),
  ])

  return {
    openSteps: steps
      .filter((s) => s.status === 'open')
      .map((s) => ({
        step: s.step,
        deadline: s.deadline,
        daysLeft: daysLeft(s.deadline, now),
        overdue: s.overdue,
        notDone: s.done.filter((d) => !d.done).map((d) => d.organisation),
      })),
    commitments: answers.map((c) => {
      const requestedAt = c.requestedAt.toISOString()
      return {
        actionId: c.actionId,
        actionTitle: titleOf.get(c.actionId) ?? '',
        organisation: orgRef(c.org),
        status: c.status as 'pending' | 'declined',
        reason: c.reason,
        requestedAt,
        answerDue: commitmentAnswerDue(requestedAt),
        overdue: isCommitmentOverdue({ status: c.status, requestedAt }, now),
      }
    }),
    actions: chased.flatMap(({ a, status, dueDate }) => {
      const trekker = trekkers.get(a.fields.trekkerOrganisationId)
      if (!trekker) return []
      return [
        {
          id: a.row.id,
          title: a.row.title,
          status,
          dueDate,
          overdue: isActionOverdue({ dueDate, status }, now),
          trekker,
        },
      ]
    }),
    invitations: invites.map((i) => ({
      id: i.id,
      email: i.email,
      organisation: orgRef(i.org),
      role: i.role,
      sentAt: i.sentAt.toISOString(),
      expiresAt: i.expiresAt.toISOString(),
      expired: i.expiresAt.getTime() <= now.getTime(),
    })),
    quietMembers: seats
      .filter((s) => isQuiet(s.lastSeenAt?.toISOString() ?? null, now))
      .map((s) => ({
        memberId: s.memberId,
        organisation: orgRef(s.org),
        name: s.name,
        role: s.role,
        joinedAt: s.joinedAt.toISOString(),
        lastSeenAt: s.lastSeenAt?.toISOString() ?? null,
      })),
  }
}

const SEEN_EVERY_MS = 60_000

/**
 * Records that a member opened the case: at most one write a minute per seat (the condition is in
 * the UPDATE, so concurrent requests write once). Not a case event: a visit changes nothing in the
 * case. Never fails the read it accompanies: a failed write is logged and forgotten.
 */
export async function recordVisit(
  db: Db,
  memberId: string,
  log: { warn: (obj: object, msg: string) => void },
  now = new Date(),
): Promise<void> {
  try {
    await db
      .update(caseMembers)
      .set({ lastSeenAt: now })
      .where(
        and(
          eq(caseMembers.id, memberId),
          or(isNull(caseMembers.lastSeenAt), lt(caseMembers.lastSeenAt, new Date(now.getTime() - SEEN_EVERY_MS))),
        ),
      )
  } catch (err) {
    log.warn({ err, memberId }, 'could not record the visit')
  }
}
