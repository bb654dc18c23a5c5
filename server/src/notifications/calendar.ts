import { createHmac } from 'node:crypto'
import { STEPS } from '@vp/shared'
import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm'
import ical from 'ical-generator'
import { hashToken } from '../auth/links.ts'
import type { DbOrTx } from '../db/client.ts'
import { actions, calendarFeeds, caseMembers, caseSteps, cases, items, users } from '../db/schema.ts'
import { seatCan } from '../policy/policy.ts'

/**
 * The secret of a person's calendar address. Only its hash is stored; the token itself is derived
 * from the instance's secret, the person and the moment the address was made, so asking for the
 * address again gives the same one without keeping it, and rotating (a new moment) ends the old.
 */
function tokenOf(secret: string, userId: string, madeAt: Date) {
  return createHmac('sha256', secret).update(`calendar:${userId}:${madeAt.toISOString()}`).digest('base64url')
}

const addressOf = (origin: string, token: string) => `${origin}/api/calendar/${token}.ics`

/** The person's calendar address, made on the first ask. */
export async function calendarAddress(db: DbOrTx, secret: string, origin: string, userId: string) {
  const madeAt = new Date()
  await db
    .insert(calendarFeeds)
    .values({ userId, createdAt: madeAt, tokenHash: hashToken(tokenOf(secret, userId, madeAt)) })
    .onConflictDoNothing({ target: calendarFeeds.userId })
  const [row] = await db
    .select({ createdAt: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .where(eq(calendarFeeds.userId, userId))
  return { url: addressOf(origin, tokenOf(secret, userId, row!.createdAt)) }
}

/** A new address for the person; the old one answers 404 from now on. */
export async function rotateCalendarAddress(db: DbOrTx, secret: string, origin: string, userId: string) {
  const madeAt = new Date()
  const token = tokenOf(secret, userId, madeAt)
  await db
    .insert(calendarFeeds)
    .values({ userId, createdAt: madeAt, tokenHash: hashToken(token) })
    .onConflictDoUpdate({ target: calendarFeeds.userId, set: { createdAt: madeAt, tokenHash: hashToken(token) } })
  return { url: addressOf(origin, token) }
}

const stepName = (step: number) => `stap ${step} (${STEPS[step - 1] ?? '?'})`

/**
 * Whose calendar a secret address opens, or null when no address has that secret (any more). The
 * address works only while its account does: disabled or not (yet) approved is null, as a session
 * of that account would be refused.
 */
export async function calendarOwner(db: DbOrTx, token: string): Promise<string | null> {
  const [feed] = await db
    .select({ userId: calendarFeeds.userId })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(
      and(eq(calendarFeeds.tokenHash, hashToken(token)), eq(users.disabled, false), eq(users.approval, 'approved')),
    )
  return feed?.userId ?? null
}

/**
 * A person's calendar: every step deadline and action due date of their active cases, as their
 * seat may read them now. A case they left is gone, an action outside their audience is not there
 * at all.
 */
export async function calendarFor(db: DbOrTx, origin: string, userId: string): Promise<string> {
  const seats = await db
    .select({
      caseId: caseMembers.caseId,
      memberId: caseMembers.id,
      role: caseMembers.role,
      organisationId: caseMembers.organisationId,
      title: cases.title,
    })
    .from(caseMembers)
    .innerJoin(cases, eq(cases.id, caseMembers.caseId))
    .where(and(eq(caseMembers.userId, userId), isNull(caseMembers.removedAt), eq(cases.status, 'active')))
  const calendar = ical({ name: 'Veiligheidsplanner', prodId: { company: 'Veiligheidsplanner', product: 'deadlines' } })
  if (seats.length > 0) {
    const caseIds = seats.map((s) => s.caseId)
    const seatOf = new Map(seats.map((s) => [s.caseId, s]))
    const [steps, actionRows] = await Promise.all([
      db
        .select({ caseId: caseSteps.caseId, step: caseSteps.step, deadline: caseSteps.deadline })
        .from(caseSteps)
        .where(and(inArray(caseSteps.caseId, caseIds), isNotNull(caseSteps.deadline))),
      db
        .select({
          id: items.id,
          caseId: items.caseId,
          step: items.step,
          title: items.title,
          kind: items.kind,
          audience: items.audience,
          authorOrganisationId: items.authorOrganisationId,
          dueDate: actions.dueDate,
        })
        .from(items)
        .innerJoin(actions, eq(actions.itemId, items.id))
        .where(and(inArray(items.caseId, caseIds), isNull(items.deletedAt), isNotNull(actions.dueDate))),
    ])
    for (const s of steps) {
      const seat = seatOf.get(s.caseId)!
      const link = `${origin}/dossiers/${s.caseId}/stap/${s.step}`
      calendar.createEvent({
        id: `step-${s.caseId}-${s.step}@veiligheidsplanner`,
        start: s.deadline!,
        end: s.deadline!,
        summary: `Deadline ${stepName(s.step)} – ${seat.title}`,
        description: `${seat.title}, ${stepName(s.step)}: ${link}`,
        url: link,
      })
    }
    for (const a of actionRows) {
      const seat = seatOf.get(a.caseId)!
      const facts = { kind: a.kind, authorOrganisationId: a.authorOrganisationId, audience: a.audience }
      if (!seatCan({ userId, ...seat }, 'item.read', facts)) continue
      const [y, m, d] = a.dueDate!.split('-').map(Number)
      const link = `${origin}/dossiers/${a.caseId}/stap/${a.step}#item-${a.id}`
      calendar.createEvent({
        id: `action-${a.id}@veiligheidsplanner`,
        start: new Date(Date.UTC(y!, m! - 1, d!)),
        allDay: true,
        summary: `Actie klaar: ${a.title} – ${seat.title}, ${stepName(a.step)}`,
        description: `${seat.title}, ${stepName(a.step)}: ${link}`,
        url: link,
      })
    }
  }
  return calendar.toString()
}
