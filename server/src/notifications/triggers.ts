import { and, count, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm'
import type { Tx } from '../db/client.ts'
import {
  actions,
  caseMembers,
  cases,
  comments,
  commitments,
  documentAcknowledgements,
  notifications,
  users,
} from '../db/schema.ts'
import { loadDocumentFacts, UNKNOWN_DOCUMENT } from '../documents/facts.ts'
import type { NewEvent } from '../events/types.ts'
import { loadItemFacts } from '../items/load.ts'
import { type ItemFacts, seatCan } from '../policy/policy.ts'
import { insertNotifications, type NewNotification } from './store.ts'

/** A seat in the case as it is now: what `seatCan` needs to decide for the recipient. */
interface Seat {
  userId: string
  memberId: string
  role: 'projectleider' | 'partner' | 'waarnemer'
  organisationId: string
}

/** One notification for one person; the case, event and actor are added for all of them. */
type Addressed = Omit<NewNotification, 'caseId' | 'eventSeq' | 'actor'>

type Trigger = (tx: Tx, e: NewEvent) => Promise<Addressed[]>

const limits = { mentionsPerUserPerHour: 60 }

/** Set once by the app from its config (MENTIONS_PER_USER_PER_HOUR); the seed keeps the default. */
export function configureTriggers(config: { MENTIONS_PER_USER_PER_HOUR: number }) {
  limits.mentionsPerUserPerHour = config.MENTIONS_PER_USER_PER_HOUR
}

/** Every active seat of the case (a removed seat is not one; a pending invitation has none). */
function activeSeats(tx: Tx, caseId: string): Promise<Seat[]> {
  return tx
    .select({
      userId: caseMembers.userId,
      memberId: caseMembers.id,
      role: caseMembers.role,
      organisationId: caseMembers.organisationId,
    })
    .from(caseMembers)
    .where(and(eq(caseMembers.caseId, caseId), isNull(caseMembers.removedAt)))
}

/** The read rule's facts of one item as it is now, with the organisations an action involves; null when deleted. */
async function itemFactsNow(tx: Tx, caseId: string, itemId: string): Promise<ItemFacts | null> {
  const [row] = await loadItemFacts(tx, caseId, [itemId], { liveOnly: true })
  if (!row) return null
  return { kind: row.kind, authorOrganisationId: row.authorOrganisationId, audience: row.audience }
}

const payloadOf = (e: NewEvent) => e.payload ?? {}
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)

const toEveryone =
  (type: 'step_opened' | 'step_closed' | 'step_reopened' | 'deadline_changed', data: (e: NewEvent) => object) =>
  async (tx: Tx, e: NewEvent): Promise<Addressed[]> =>
    (await activeSeats(tx, e.caseId)).map((s) => ({
      userId: s.userId,
      type,
      entityType: 'step',
      step: e.step ?? null,
      data: { ...data(e) },
    }))

const projectleidersAbout =
  (type: 'invitation_accepted' | 'commitment_declined', entityType: 'invitation' | 'item') =>
  async (tx: Tx, e: NewEvent, facts?: ItemFacts): Promise<Addressed[]> =>
    (await activeSeats(tx, e.caseId))
      .filter((s) => s.role === 'projectleider' && (!facts || seatCan(s, 'item.read', facts)))
      .map((s) => ({ userId: s.userId, type, entityType, entityId: e.entityId, step: e.step ?? null }))

/** Newly involved organisations of an action: commitments asked in this very transaction (`now()`). */
async function actionAssigned(tx: Tx, e: NewEvent): Promise<Addressed[]> {
  if (payloadOf(e).kind !== 'action' || !e.entityId) return []
  const facts = await itemFactsNow(tx, e.caseId, e.entityId)
  if (!facts) return []
  const asked = await tx
    .select({
      userId: caseMembers.userId,
      memberId: caseMembers.id,
      role: caseMembers.role,
      organisationId: caseMembers.organisationId,
      trekker: actions.trekkerOrganisationId,
    })
    .from(commitments)
    .innerJoin(
      caseMembers,
      and(
        eq(caseMembers.organisationId, commitments.organisationId),
        eq(caseMembers.caseId, e.caseId),
        isNull(caseMembers.removedAt),
        ne(caseMembers.role, 'waarnemer'),
      ),
    )
    .leftJoin(actions, eq(actions.itemId, commitments.actionId))
    .where(
      and(
        eq(commitments.actionId, e.entityId),
        eq(commitments.status, 'pending'),
        eq(commitments.requestedAt, sql`now()`),
      ),
    )
  return asked
    .filter((s) => seatCan(s, 'item.read', facts))
    .map((s) => ({
      userId: s.userId,
      type: 'action_assigned',
      entityType: 'item',
      entityId: e.entityId,
      step: e.step ?? null,
      data: { organisationId: s.organisationId, role: s.trekker === s.organisationId ? 'trekker' : 'participant' },
    }))
}

async function commitmentDeclined(tx: Tx, e: NewEvent): Promise<Addressed[]> {
  if (payloadOf(e).status !== 'declined' || !e.entityId) return []
  const facts = await itemFactsNow(tx, e.caseId, e.entityId)
  if (!facts) return []
  const rows = await projectleidersAbout('commitment_declined', 'item')(tx, e, facts)
  const organisationId = str(payloadOf(e).organisationId)
  return rows.map((r) => ({ ...r, data: { organisationId } }))
}

/**
 * Mentions go to mentioned people who are active members and may read the item now, within the
 * sender's hourly bound (counted from the mention notifications they caused); a reply goes to
 * earlier commenters on the item who were not mentioned.
 */
async function commentAdded(tx: Tx, e: NewEvent): Promise<Addressed[]> {
  if (!e.entityId) return []
  const p = payloadOf(e)
  const commentId = str(p.commentId)
  const mentions = Array.isArray(p.mentions)
    ? [...new Set(p.mentions.filter((m): m is string => typeof m === 'string'))]
    : []
  const facts = await itemFactsNow(tx, e.caseId, e.entityId)
  if (!facts) return []
  const seats = (await activeSeats(tx, e.caseId)).filter((s) => seatCan(s, 'item.read', facts))
  const bySeat = new Map(seats.map((s) => [s.userId, s]))
  const base = { entityType: 'item' as const, entityId: e.entityId, step: e.step ?? null, data: { commentId } }
  const out: Addressed[] = []
  const mentionable = mentions.filter((m) => bySeat.has(m) && m !== e.actor?.userId)
  if (mentionable.length > 0 && e.actor) {
    const [made] = await tx
      .select({ n: count() })
      .from(notifications)
      .where(
        and(
          eq(notifications.actorUserId, e.actor.userId),
          eq(notifications.type, 'mentioned'),
          gt(notifications.createdAt, sql`now() - interval '1 hour'`),
        ),
      )
    const room = Math.max(0, limits.mentionsPerUserPerHour - Number(made?.n ?? 0))
    for (const userId of mentionable.slice(0, room)) out.push({ userId, type: 'mentioned', ...base })
  }
  const earlier = await tx
    .selectDistinct({ userId: comments.authorUserId })
    .from(comments)
    .where(and(eq(comments.itemId, e.entityId), commentId ? ne(comments.id, commentId) : undefined))
  const mentioned = new Set(mentions)
  for (const { userId } of earlier) {
    if (bySeat.has(userId) && !mentioned.has(userId)) out.push({ userId, type: 'reply', ...base })
  }
  return out
}

/** A document on a step: to the contributing members who may read it, except the uploader's own person. */
async function documentAdded(tx: Tx, e: NewEvent): Promise<Addressed[]> {
  if (!e.entityId || e.step == null) return []
  const [seats, loaded] = [await activeSeats(tx, e.caseId), await loadDocumentFacts(tx, e.caseId, [e.entityId])]
  const facts = loaded.get(e.entityId)?.facts ?? UNKNOWN_DOCUMENT
  return seats
    .filter((s) => s.role !== 'waarnemer' && seatCan(s, 'document.read', facts))
    .map((s) => ({
      userId: s.userId,
      type: 'document_added',
      entityType: 'document',
      entityId: e.entityId,
      step: e.step,
    }))
}

/** A new version: to the people who acknowledged an earlier one and may still read the document. */
async function documentVersion(tx: Tx, e: NewEvent): Promise<Addressed[]> {
  if (!e.entityId) return []
  const versionNumber = Number(payloadOf(e).versionNumber)
  if (!Number.isInteger(versionNumber)) return []
  const acknowledged = await tx
    .select({
      userId: caseMembers.userId,
      memberId: caseMembers.id,
      role: caseMembers.role,
      organisationId: caseMembers.organisationId,
      acknowledged: documentAcknowledgements.versionNumber,
    })
    .from(documentAcknowledgements)
    .innerJoin(
      caseMembers,
      and(
        eq(caseMembers.userId, documentAcknowledgements.userId),
        eq(caseMembers.caseId, e.caseId),
        isNull(caseMembers.removedAt),
      ),
    )
    .where(
      and(
        eq(documentAcknowledgements.documentId, e.entityId),
        lt(documentAcknowledgements.versionNumber, versionNumber),
      ),
    )
  if (acknowledged.length === 0) return []
  const facts = (await loadDocumentFacts(tx, e.caseId, [e.entityId])).get(e.entityId)?.facts ?? UNKNOWN_DOCUMENT
  return acknowledged
    .filter((s) => seatCan(s, 'document.read', facts))
    .map((s) => ({
      userId: s.userId,
      type: 'document_version',
      entityType: 'document',
      entityId: e.entityId,
      step: e.step ?? null,
      data: { versionNumber, acknowledged: s.acknowledged },
    }))
}

/** An invitation to an address that has an account already: told in the app (the invitation mail goes anyway). */
async function invited(tx: Tx, e: NewEvent): Promise<Addressed[]> {
  const email = str(payloadOf(e).email)
  if (!email) return []
  const [user] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(sql`lower(${users.email})`, email.toLowerCase()), eq(users.disabled, false)))
  if (!user) return []
  const data = { caseTitle: await caseTitleNow(tx, e.caseId) }
  return [{ userId: user.id, type: 'invited', entityType: 'invitation', entityId: e.entityId, mail: 'none', data }]
}

/** The removed person is no member any more: this is the one notification they still get about the case. */
async function removed(tx: Tx, e: NewEvent): Promise<Addressed[]> {
  const userId = str(payloadOf(e).userId)
  if (!userId) return []
  const data = { caseTitle: await caseTitleNow(tx, e.caseId) }
  return [{ userId, type: 'removed', entityType: 'member', entityId: e.entityId, mail: 'pending', data }]
}

/**
 * The case's name as the person without a seat was told it (in the invitation, or while a member).
 * Their notification keeps this name: a case renamed later tells them nothing new.
 */
async function caseTitleNow(tx: Tx, caseId: string) {
  const [c] = await tx.select({ title: cases.title }).from(cases).where(eq(cases.id, caseId))
  return c?.title ?? null
}

const TRIGGERS: Record<string, Trigger> = {
  'invitation.created': invited,
  'invitation.accepted': (tx, e) => projectleidersAbout('invitation_accepted', 'invitation')(tx, e),
  'member.removed': removed,
  'step.opened': toEveryone('step_opened', () => ({})),
  'step.closed': toEveryone('step_closed', () => ({})),
  'step.reopened': toEveryone('step_reopened', (e) => ({ deadline: payloadOf(e).deadline ?? null })),
  'step.deadline_set': toEveryone('deadline_changed', (e) => ({
    deadline: payloadOf(e).deadline ?? null,
    previous: payloadOf(e).previous ?? null,
  })),
  'item.created': actionAssigned,
  'item.updated': actionAssigned,
  'item.commitment_set': commitmentDeclined,
  'comment.added': commentAdded,
  'document.added': documentAdded,
  'document.version_added': documentVersion,
}

/**
 * Writes the notifications an event causes, in the event's own transaction (ADR 026): recipients
 * decided now, never the actor, one row per person per event. Types that notify nobody return
 * before any query. `at`: the moment of a replayed event (demo seed), which its notifications share.
 */
export async function notifyForEvent(tx: Tx, e: NewEvent, seq: number, at: Date | null = null): Promise<void> {
  const trigger = TRIGGERS[e.type]
  if (!trigger) return
  const addressed = await trigger(tx, e)
  const seen = new Set<string>()
  const rows: NewNotification[] = []
  for (const a of addressed) {
    if (a.userId === e.actor?.userId || seen.has(a.userId)) continue
    seen.add(a.userId)
    rows.push({ ...a, caseId: e.caseId, eventSeq: seq, actor: e.actor, ...(at ? { createdAt: at } : {}) })
  }
  await insertNotifications(tx, rows)
}
