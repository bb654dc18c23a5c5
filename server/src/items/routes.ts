import {
  CaseIdParamsSchema,
  CommentListSchema,
  CommentSchema,
  CommitmentBodySchema,
  CreateCommentBodySchema,
  CreateItemBodySchema,
  ErrorResponseSchema,
  ItemHistorySchema,
  ItemParamsSchema,
  ItemSchema,
  ItemViewSchema,
  OkResponseSchema,
  PositionBodySchema,
  RatingBodySchema,
  staleResponseOf,
  UpdateItemBodySchema,
} from '@vp/shared'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import { requireIfMatch } from '../http/errors.ts'
import { guarded, guardedItem } from '../policy/guard.ts'
import type { Member } from '../policy/policy.ts'
import { addComment, listComments } from './comments.ts'
import { createItem } from './create.ts'
import { deleteItem } from './delete.ts'
import { itemHistory } from './history.ts'
import type { LoadedItem } from './load.ts'
import { presentFullItem, presentItem } from './present.ts'
import { commitToAction, rateItem, type SavedReaction, takePosition } from './reactions.ts'
import { updateItem } from './update.ts'

const E = ErrorResponseSchema
const tags = ['items']
const writeErrors = { 400: E, 401: E, 403: E, 404: E, 409: E }

export const itemRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app

  app.post(
    '/cases/:caseId/items',
    {
      config: { policy: 'item.create' },
      schema: {
        tags,
        summary: 'Add an item to a step',
        description:
          'Needs `kind`, `step`, `title` and the fields its kind requires. Partners add while the step is open; the projectleider also while it has not started. 409 when the step is closed. Send `Idempotency-Key` to make a retry safe.',
        params: CaseIdParamsSchema,
        body: CreateItemBodySchema,
        response: { 201: ItemSchema, ...writeErrors },
      },
    },
    async (req, reply) => {
      const { actor } = guarded(req)
      const item = await createItem(req.writeDb, actor, req.params.caseId, req.body)
      reply
        .status(201)
        .header('location', `/api/cases/${req.params.caseId}/items/${item.row.id}`)
        .header('etag', `"${item.row.version}"`)
      return presentFullItem(item, actor)
    },
  )

  app.get(
    '/cases/:caseId/items/:itemId',
    {
      config: { policy: 'item.read', placeholder: true },
      schema: {
        tags,
        summary: 'One item (a placeholder outside its audience)',
        params: ItemParamsSchema,
        response: { 200: ItemViewSchema, 401: E, 404: E },
      },
    },
    async (req, reply) => {
      const { actor, item } = guardedItem(req)
      reply.header('etag', `"${item.row.version}"`)
      return presentItem(item, actor)
    },
  )

  app.patch(
    '/cases/:caseId/items/:itemId',
    {
      config: { policy: 'item.update' },
      schema: {
        tags,
        summary: 'Change an item (author organisation or projectleider, If-Match)',
        description: '428 without If-Match; 412 with the current item in `current` when someone else saved first.',
        params: ItemParamsSchema,
        body: UpdateItemBodySchema,
        response: { 200: ItemSchema, ...writeErrors, 412: staleResponseOf(ItemViewSchema), 428: E },
      },
    },
    async (req, reply) => {
      // The guard decided who may edit before the version check: someone without the right
      // learns nothing from a 412.
      const { actor, item: current } = guardedItem(req)
      const item = await updateItem(req.writeDb, actor, current, requireIfMatch(req.headers['if-match']), req.body)
      reply.header('etag', `"${item.row.version}"`)
      return presentFullItem(item, actor)
    },
  )

  app.delete(
    '/cases/:caseId/items/:itemId',
    {
      config: { policy: 'item.delete' },
      schema: {
        tags,
        summary: 'Delete an item (soft; history stays) — author organisation or projectleider, If-Match',
        params: ItemParamsSchema,
        response: { 200: OkResponseSchema, ...writeErrors, 412: staleResponseOf(ItemViewSchema), 428: E },
      },
    },
    async (req) => {
      const { actor, item: current } = guardedItem(req)
      await deleteItem(req.writeDb, actor, current, requireIfMatch(req.headers['if-match']))
      return { ok: true as const }
    },
  )

  app.get(
    '/cases/:caseId/items/:itemId/history',
    {
      config: { policy: 'item.read', placeholder: true, deletedToo: true },
      schema: {
        tags,
        summary: 'Every version of an item, with who and when (only who and when outside its audience)',
        params: ItemParamsSchema,
        response: { 200: ItemHistorySchema, 401: E, 404: E },
      },
    },
    async (req) => {
      const { actor, item } = guardedItem(req)
      return itemHistory(db, actor, item)
    },
  )

  // Ratings, positions and commitments are each organisation's reaction, versioned on their own:
  // If-Match names the version of the caller's organisation's reaction (0 when it has none yet).
  app.put(
    '/cases/:caseId/items/:itemId/rating',
    reactionRoute('item.rate', 'My organisation’s priority rating (1–5) of a sub-problem (If-Match)', RatingBodySchema),
    (req, reply) =>
      react(req, reply, (actor, current, version) => rateItem(req.writeDb, actor, current, version, req.body.score)),
  )

  app.put(
    '/cases/:caseId/items/:itemId/position',
    reactionRoute(
      'item.position',
      'My organisation’s position: akkoord, voorbehoud or niet_akkoord (with a reason), If-Match',
      PositionBodySchema,
    ),
    (req, reply) =>
      react(req, reply, (actor, current, version) =>
        takePosition(req.writeDb, actor, current, version, req.body.position, req.body.reason),
      ),
  )

  app.put(
    '/cases/:caseId/items/:itemId/commitment',
    reactionRoute(
      'item.commit',
      'Accept or decline an action assigned to my organisation (If-Match)',
      CommitmentBodySchema,
      "An involved organisation's commitment exists, pending, from when the action names it: its first version is 1.",
    ),
    (req, reply) =>
      react(req, reply, (actor, current, version) =>
        commitToAction(req.writeDb, actor, current, version, req.body.status, req.body.reason),
      ),
  )

  app.get(
    '/cases/:caseId/items/:itemId/comments',
    {
      config: { policy: 'item.read' },
      schema: {
        tags,
        summary: 'The comment thread of an item (404 outside its audience)',
        params: ItemParamsSchema,
        response: { 200: CommentListSchema, 401: E, 404: E },
      },
    },
    async (req) => {
      const { actor, item } = guardedItem(req)
      return listComments(db, actor, item)
    },
  )

  app.post(
    '/cases/:caseId/items/:itemId/comments',
    {
      config: { policy: 'item.comment' },
      schema: {
        tags,
        summary: 'Comment on an item; `mentions` are user ids of members who can see it',
        params: ItemParamsSchema,
        body: CreateCommentBodySchema,
        response: { 201: CommentSchema, ...writeErrors },
      },
    },
    async (req, reply) => {
      const { actor, item } = guardedItem(req)
      const comment = await addComment(req.writeDb, actor, item, req.body.body, req.body.mentions)
      reply.status(201)
      return comment
    },
  )
}

const reactionDescription =
  'If-Match names the version of my organisation\'s reaction as the item showed it (`version` in its entry; `"0"` when it has none yet). 428 without If-Match; 412 with the current item in `current` when a colleague of the same organisation changed it first. The ETag of the answer is the reaction\'s new version. 409 when the step is not open.'

/**
 * The route options of one organisation's versioned reaction to an item (rating, position,
 * commitment): `PUT /cases/:caseId/items/:itemId/<reaction>` with the reaction's body.
 */
function reactionRoute<Body extends z.ZodType>(
  policy: 'item.rate' | 'item.position' | 'item.commit',
  summary: string,
  body: Body,
  description?: string,
) {
  return {
    config: { policy },
    schema: {
      tags,
      summary,
      description: description ? `${reactionDescription} ${description}` : reactionDescription,
      params: ItemParamsSchema,
      body,
      response: { 200: ItemSchema, ...writeErrors, 412: staleResponseOf(ItemViewSchema), 428: E },
    },
  }
}

/** Writes the caller's organisation's reaction on top of If-Match; the answer's ETag is the reaction's new version. */
async function react(
  req: FastifyRequest,
  reply: FastifyReply,
  write: (actor: Member, current: LoadedItem, version: number) => Promise<SavedReaction>,
) {
  // The guard decided who may react before the version check: someone without the right
  // learns nothing from a 412.
  const { actor, item: current } = guardedItem(req)
  const saved = await write(actor, current, requireIfMatch(req.headers['if-match']))
  reply.header('etag', `"${saved.version}"`)
  return saved.item
}
