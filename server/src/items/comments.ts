import type { CommentSchema } from '@vp/shared'
import { and, asc, eq, inArray, isNull } from 'drizzle-orm'
import type { z } from 'zod'
import type { Db } from '../db/client.ts'
import { caseMembers, comments, organisations, users } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent, eventActor, lockCase } from '../events/append.ts'
import { badRequest, conflict } from '../http/errors.ts'
import { type Actor, authorizeItem, seatCan } from '../policy/policy.ts'
import type { LoadedItem } from './load.ts'
import { factsOf } from './present.ts'

const commentRows = (db: Db) =>
  db
    .select({ c: comments, name: users.name, org: organisations })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorUserId))
    .innerJoin(organisations, eq(organisations.id, comments.authorOrganisationId))

function presentComment({
  c,
  name,
  org,
}: Awaited<ReturnType<typeof commentRows>>[number]): z.infer<typeof CommentSchema> {
  return {
    id: c.id,
    itemId: c.itemId,
    author: { userId: c.authorUserId, name, organisation: { id: org.id, name: org.name, type: org.type } },
    body: c.body,
    mentions: c.mentions,
    createdAt: c.createdAt.toISOString(),
  }
}

/** The thread of an item the caller may read (404 otherwise, like a missing item). */
export async function listComments(db: Db, actor: Actor, item: LoadedItem) {
  authorizeItem(actor, 'item.read', factsOf(item))
  const rows = await commentRows(db)
    .where(eq(comments.itemId, item.row.id))
    .orderBy(asc(comments.createdAt), asc(comments.id))
  return { items: rows.map(presentComment) }
}

/** Adds a comment; mentioned people must be members who can see the item (stored for notifications). */
export async function addComment(db: Db, actor: Actor, item: LoadedItem, body: string, mentions: string[]) {
  authorizeItem(actor, 'item.comment', factsOf(item))
  const { caseId, id: itemId } = item.row
  const organisationId = actor.membership.organisationId
  const id = await inTransaction(db, async (tx) => {
    const theCase = await lockCase(tx, caseId)
    if (theCase.status === 'closed') throw conflict('Het dossier is gesloten')
    if (mentions.length) {
      const members = await tx
        .select({
          userId: caseMembers.userId,
          memberId: caseMembers.id,
          role: caseMembers.role,
          organisationId: caseMembers.organisationId,
        })
        .from(caseMembers)
        .where(
          and(eq(caseMembers.caseId, caseId), inArray(caseMembers.userId, mentions), isNull(caseMembers.removedAt)),
        )
      const facts = factsOf(item)
      const visible = new Set(members.filter((m) => seatCan(m, 'item.read', facts)).map((m) => m.userId))
      if (mentions.some((m) => !visible.has(m))) {
        throw badRequest('Noem alleen leden die dit onderdeel kunnen zien', [
          { path: 'body.mentions', message: 'Geen lid, of buiten de kring' },
        ])
      }
    }
    const [row] = await tx
      .insert(comments)
      .values({
        caseId,
        itemId,
        authorUserId: actor.user.id,
        authorOrganisationId: organisationId,
        body,
        mentions: [...new Set(mentions)],
      })
      .returning({ id: comments.id })
    const commentId = row!.id
    await appendEvent(tx, {
      caseId,
      type: 'comment.added',
      actor: eventActor(actor.user, organisationId),
      entityType: 'item',
      entityId: itemId,
      step: item.row.step,
      payload: { kind: item.kind, title: item.row.title, commentId, body, mentions },
    })
    return commentId
  })
  // The comment as a reader of the thread sees it, read after the commit.
  const [added] = await commentRows(db).where(eq(comments.id, id))
  if (!added) throw new Error(`comment ${id} was not stored`)
  return presentComment(added)
}
