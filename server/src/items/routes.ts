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
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireIfMatch } from '../http/errors.ts'
import { guarded, guardedItem } from '../policy/guard.ts'
import { commitToAction, rateItem, takePosition } from './reactions.ts'
import {
  addComment,
  createItem,
  deleteItem,
  itemHistory,
  listComments,
  presentFullItem,
  presentItem,
  updateItem,
} from './service.ts'

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
  const reactionDescription =
    'If-Match names the version of my organisation\'s reaction as the item showed it (`version` in its entry; `"0"` when it has none yet). 428 without If-Match; 412 with the current item in `current` when a colleague of the same organisation changed it first. The ETag of the answer is the reaction\'s new version. 409 when the step is not open.'
  const reactionResponses = { 200: ItemSchema, ...writeErrors, 412: staleResponseOf(ItemViewSchema), 428: E }

  app.put(
    '/cases/:caseId/items/:itemId/rating',
    {
      config: { policy: 'item.rate' },
      schema: {
        tags,
        summary: 'My organisation’s priority rating (1–5) of a sub-problem (If-Match)',
        description: reactionDescription,
        params: ItemParamsSchema,
        body: RatingBodySchema,
        response: reactionResponses,
      },
    },
    async (req, reply) => {
      // The guard decided who may react before the version check: someone without the right
      // learns nothing from a 412.
      const { actor, item: current } = guardedItem(req)
      const saved = await rateItem(req.writeDb, actor, current, requireIfMatch(req.headers['if-match']), req.body.score)
      reply.header('etag', `"${saved.version}"`)
      return saved.item
    },
  )

  app.put(
    '/cases/:caseId/items/:itemId/position',
    {
      config: { policy: 'item.position' },
      schema: {
        tags,
        summary: 'My organisation’s position: akkoord, voorbehoud or niet_akkoord (with a reason), If-Match',
        description: reactionDescription,
        params: ItemParamsSchema,
        body: PositionBodySchema,
        response: reactionResponses,
      },
    },
    async (req, reply) => {
      const { actor, item: current } = guardedItem(req)
      const saved = await takePosition(
        req.writeDb,
        actor,
        current,
        requireIfMatch(req.headers['if-match']),
        req.body.position,
        req.body.reason,
      )
      reply.header('etag', `"${saved.version}"`)
      return saved.item
    },
  )

  app.put(
    '/cases/:caseId/items/:itemId/commitment',
    {
      config: { policy: 'item.commit' },
      schema: {
        tags,
        summary: 'Accept or decline an action assigned to my organisation (If-Match)',
        description: `${reactionDescription} An involved organisation's commitment exists, pending, from when the action names it: its first version is 1.`,
        params: ItemParamsSchema,
        body: CommitmentBodySchema,
        response: reactionResponses,
      },
    },
    async (req, reply) => {
      const { actor, item: current } = guardedItem(req)
      const saved = await commitToAction(
        req.writeDb,
        actor,
        current,
        requireIfMatch(req.headers['if-match']),
        req.body.status,
        req.body.reason,
      )
      reply.header('etag', `"${saved.version}"`)
      return saved.item
    },
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
