import {
  CaseIdParamsSchema,
  DoneBodySchema,
  ErrorResponseSchema,
  StepDetailSchema,
  StepListSchema,
  type StepNumber,
  StepParamsSchema,
  StepSchema,
  staleResponseOf,
  UpdateStepBodySchema,
} from '@vp/shared'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireIfMatch } from '../http/errors.ts'
import { loadItems } from '../items/load.ts'
import { presentItem } from '../items/present.ts'
import { guarded } from '../policy/guard.ts'
import { changeStep, listSteps, markDone } from './service.ts'

const E = ErrorResponseSchema
const tags = ['steps']

export const stepRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app

  app.get(
    '/cases/:caseId/steps',
    {
      config: { policy: 'case.read' },
      schema: {
        tags,
        summary: 'The six steps: status, deadline, overdue, done marks per organisation',
        params: CaseIdParamsSchema,
        response: { 200: StepListSchema, 401: E, 404: E },
      },
    },
    async (req) => {
      return { items: await listSteps(db, req.params.caseId) }
    },
  )

  app.get(
    '/cases/:caseId/steps/:step',
    {
      config: { policy: 'case.read' },
      schema: {
        tags,
        summary: 'One step with every item the caller may see (placeholders for restricted ones)',
        params: StepParamsSchema,
        response: { 200: StepDetailSchema, 400: E, 401: E, 404: E },
      },
    },
    async (req, reply) => {
      const { caseId, step } = req.params
      const { actor } = guarded(req)
      const [steps, loaded] = await Promise.all([listSteps(db, caseId), loadItems(db, { caseId, step })])
      const s = steps.find((x) => x.step === step)!
      reply.header('etag', `"${s.version}"`)
      return { ...s, items: loaded.map((i) => presentItem(i, actor)) }
    },
  )

  app.patch(
    '/cases/:caseId/steps/:step',
    {
      config: { policy: 'step.change' },
      schema: {
        tags,
        summary: 'Open, close or reopen a step, or set its deadline (projectleider, If-Match)',
        description:
          'Closing a step opens the next one and records in its event which organisations were not done and the pending commitments of its actions (ids). Reopening a closed step needs `reason` and `deadline` (a new one, or null for none); `keepDone` (default false) keeps the earlier "bijdrage klaar" marks, otherwise they are cleared. A deadline in the past is accepted. 409 on an illegal transition.',
        params: StepParamsSchema,
        body: UpdateStepBodySchema,
        response: { 200: StepSchema, 400: E, 401: E, 403: E, 404: E, 409: E, 412: staleResponseOf(StepSchema), 428: E },
      },
    },
    async (req, reply) => {
      const { caseId, step } = req.params
      const { actor } = guarded(req)
      await changeStep(
        req.writeDb,
        actor,
        caseId,
        step as StepNumber,
        requireIfMatch(req.headers['if-match']),
        req.body,
      )
      const s = (await listSteps(db, caseId)).find((x) => x.step === step)!
      reply.header('etag', `"${s.version}"`)
      return s
    },
  )

  app.put(
    '/cases/:caseId/steps/:step/done',
    {
      config: { policy: 'step.markDone' },
      schema: {
        tags,
        summary: 'Mark (or unmark) my organisation’s contribution to a step as done (If-Match)',
        description:
          'If-Match names the version of my organisation\'s mark as the step showed it (`version` in its `done` entry; `"0"` before the first mark). 428 without If-Match; 412 with the current step in `current` when a colleague of the same organisation changed the mark first. The ETag of the answer is the mark\'s new version. 409 when the step is closed.',
        params: StepParamsSchema,
        body: DoneBodySchema,
        response: { 200: StepSchema, 400: E, 401: E, 403: E, 404: E, 409: E, 412: staleResponseOf(StepSchema), 428: E },
      },
    },
    async (req, reply) => {
      const { caseId, step } = req.params
      const { actor } = guarded(req)
      const version = await markDone(
        req.writeDb,
        actor,
        caseId,
        step,
        requireIfMatch(req.headers['if-match']),
        req.body.done,
      )
      reply.header('etag', `"${version}"`)
      return (await listSteps(db, caseId)).find((x) => x.step === step)!
    },
  )
}
