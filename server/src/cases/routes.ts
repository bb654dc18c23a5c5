import {
  ActivityListSchema,
  ActivityQuerySchema,
  CaseIdParamsSchema,
  CaseListSchema,
  CaseSchema,
  CreateCaseBodySchema,
  ErrorResponseSchema,
  HandoverBodySchema,
  PageQuerySchema,
  staleResponseOf,
  UpdateCaseBodySchema,
} from '@vp/shared'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { listActivity } from '../activity/service.ts'
import { recordVisit } from '../follow-up/service.ts'
import { requireIfMatch } from '../http/errors.ts'
import { actorOf, memberAfterChange } from '../policy/actor.ts'
import { guarded } from '../policy/guard.ts'
import { authorize } from '../policy/policy.ts'
import { createCase, handOver, listMyCases, presentCase, updateCase } from './service.ts'

const E = ErrorResponseSchema
const tags = ['cases']

export const caseRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app

  app.get(
    '/cases',
    {
      schema: {
        tags,
        summary: 'My cases',
        querystring: PageQuerySchema,
        response: { 200: CaseListSchema, 400: E, 401: E },
      },
    },
    async (req) => {
      const session = await req.requireSession()
      return listMyCases(db, session.user.id, req.query)
    },
  )

  app.post(
    '/cases',
    {
      schema: {
        tags,
        summary: 'Open a case; the caller becomes its projectleider',
        body: CreateCaseBodySchema,
        response: { 201: CaseSchema, 400: E, 401: E, 403: E },
      },
    },
    async (req, reply) => {
      const actor = await actorOf(req)
      authorize(actor, 'case.create', null)
      const caseId = await createCase(req.writeDb, actor.user, req.body)
      const theCase = await presentCase(db, await memberAfterChange(req, db, caseId), caseId)
      reply.status(201).header('location', `/api/cases/${caseId}`).header('etag', `"${theCase.version}"`)
      return theCase
    },
  )

  app.get(
    '/cases/:caseId',
    {
      config: { policy: 'case.read' },
      schema: {
        tags,
        summary: 'One case: profile, members, my abilities',
        params: CaseIdParamsSchema,
        response: { 200: CaseSchema, 401: E, 404: E },
      },
    },
    async (req, reply) => {
      const { actor } = guarded(req)
      // Opening the case is what "last seen" means for the projectleider's follow-up list.
      const [theCase] = await Promise.all([
        presentCase(db, actor, req.params.caseId),
        recordVisit(db, actor.membership.memberId, req.log),
      ])
      reply.header('etag', `"${theCase.version}"`)
      return theCase
    },
  )

  app.patch(
    '/cases/:caseId',
    {
      config: { policy: 'case.update' },
      schema: {
        tags,
        summary: 'Change the profile, or close (`status: closed`) or reopen the case (projectleider, If-Match)',
        params: CaseIdParamsSchema,
        body: UpdateCaseBodySchema,
        response: { 200: CaseSchema, 400: E, 401: E, 403: E, 404: E, 412: staleResponseOf(CaseSchema), 428: E },
      },
    },
    async (req, reply) => {
      const { caseId } = req.params
      const { actor } = guarded(req)
      if (req.body.status !== undefined) authorize(actor, 'case.close', null)
      await updateCase(req.writeDb, actor, caseId, requireIfMatch(req.headers['if-match']), req.body)
      const theCase = await presentCase(db, actor, caseId)
      reply.header('etag', `"${theCase.version}"`)
      return theCase
    },
  )

  app.post(
    '/cases/:caseId/handover',
    {
      config: { policy: 'case.handover' },
      schema: {
        tags,
        summary: 'Hand the projectleider role to another member',
        params: CaseIdParamsSchema,
        body: HandoverBodySchema,
        response: { 200: CaseSchema, 400: E, 401: E, 403: E, 404: E, 409: E },
      },
    },
    async (req) => {
      const { caseId } = req.params
      const { actor } = guarded(req)
      await handOver(req.writeDb, actor, caseId, req.body.userId)
      // The caller is a partner now: the answer shows what they may do from here.
      return presentCase(db, await memberAfterChange(req, db, caseId), caseId)
    },
  )

  app.get(
    '/cases/:caseId/activity',
    {
      config: { policy: 'activity.read' },
      schema: {
        tags,
        summary: 'The case’s event log, newest first',
        description:
          'Filters: `step` (1–6), `organisationId` (the actor’s organisation). Restricted events show only who and when.',
        params: CaseIdParamsSchema,
        querystring: ActivityQuerySchema,
        response: { 200: ActivityListSchema, 400: E, 401: E, 404: E },
      },
    },
    async (req) => {
      const { actor } = guarded(req)
      return listActivity(db, req.params.caseId, actor, req.query)
    },
  )
}
