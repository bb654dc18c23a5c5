import { z } from 'zod'
import { OrganisationRefSchema } from './auth.ts'
import { ActionCommitmentSchema, ActionStatusSchema, DirectionSchema, PositionSchema } from './content-enums.ts'
import { CaseRoleSchema } from './enums.ts'
import { FollowUpSchema } from './follow-up.ts'
import { StepSchema } from './items.ts'

/** Due dates are calendar days: compared with the day it is in the Netherlands (Europe/Amsterdam). */
const ActionOverdueSchema = z
  .boolean()
  .describe(
    'True when the due date (a calendar day) lies before today in Europe/Amsterdam and the action is not done or stopped.',
  )

const PositionSummarySchema = z.object({
  akkoord: z.number().int(),
  voorbehoud: z.number().int(),
  niet_akkoord: z.number().int(),
  overall: z.enum(['akkoord', 'voorbehoud', 'niet_akkoord', 'geen']),
})
const PositionsSchema = z.array(
  z.object({ organisationId: z.uuid(), position: PositionSchema, reason: z.string().nullable() }),
)

export const DashboardSchema = z
  .object({
    steps: z.array(StepSchema),
    organisations: z.array(OrganisationRefSchema),
    /** Organisation × step: has each organisation marked its contribution done? */
    doneMatrix: z.array(z.object({ organisationId: z.uuid(), steps: z.array(z.boolean()) })),
    counts: z.array(z.object({ step: z.number().int(), items: z.number().int(), restricted: z.number().int() })),
    actionStatus: z.record(ActionStatusSchema, z.number().int()),
    indicators: z.array(
      z.object({
        goalId: z.uuid(),
        title: z.string(),
        indicator: z.string(),
        unit: z.string(),
        direction: DirectionSchema,
        baseline: z.number().nullable(),
        target: z.number().nullable(),
        targetDate: z.string().nullable(),
        latest: z.object({ value: z.number(), measuredAt: z.string() }).nullable(),
        progress: z.number().nullable(),
        achieved: z.boolean(),
        trend: z.enum(['beter', 'slechter', 'gelijk']).nullable(),
        /** The label for the progress so far (thresholds in shared/src/rules/indicators.ts). */
        status: z.enum(['bereikt', 'op_koers', 'enige_voortgang', 'achter', 'onbekend']),
        measurements: z.array(z.object({ value: z.number(), measuredAt: z.string() })),
      }),
    ),
    consensus: z.object({
      subproblems: z.array(
        z.object({
          id: z.uuid(),
          title: z.string(),
          rank: z.number().int().nullable(),
          mean: z.number().nullable(),
          spread: z.number().nullable(),
          agreement: z.enum(['eens', 'gemengd', 'verdeeld', 'geen']),
          ratings: z.array(z.object({ organisationId: z.uuid(), score: z.number().int() })),
          positions: PositionsSchema,
          positionSummary: PositionSummarySchema,
        }),
      ),
      problemStatement: z
        .object({ id: z.uuid(), title: z.string(), positions: PositionsSchema, positionSummary: PositionSummarySchema })
        .nullable(),
      goals: z.array(
        z.object({
          id: z.uuid(),
          title: z.string(),
          positions: PositionsSchema,
          positionSummary: PositionSummarySchema,
        }),
      ),
    }),
    measures: z.object({
      /** False without sub-problems to judge: then no claim about gaps or overlap is made. */
      assessed: z.boolean(),
      gaps: z.array(z.uuid()),
      overlaps: z.array(
        z.object({ subproblemId: z.uuid(), organisationIds: z.array(z.uuid()), measureIds: z.array(z.uuid()) }),
      ),
      totalYearlyCost: z.number(),
      totalHoursPerWeek: z.number(),
    }),
    commitments: z.object({
      actions: z.array(
        z.object({
          id: z.uuid(),
          title: z.string(),
          dueDate: z.string().nullable(),
          status: ActionStatusSchema,
          overdue: ActionOverdueSchema,
        }),
      ),
      rows: z.array(
        z.object({
          organisationId: z.uuid(),
          name: z.string(),
          cells: z.array(z.object({ actionId: z.uuid(), status: ActionCommitmentSchema.nullable() })),
          accepted: z.number().int(),
          pending: z.number().int(),
          declined: z.number().int(),
        }),
      ),
    }),
    totals: z.object({
      byOrganisation: z.array(
        z.object({
          organisationId: z.uuid(),
          cost: z.number(),
          costPending: z.number(),
          hours: z.number(),
          hoursPending: z.number(),
          actionCount: z.number().int(),
        }),
      ),
      byGoal: z.array(z.object({ goalId: z.uuid(), cost: z.number(), hours: z.number() })),
      unassignedCost: z.number(),
      totalCost: z.number(),
      totalHours: z.number(),
    }),
  })
  .meta({ id: 'Dashboard' })
export type Dashboard = z.infer<typeof DashboardSchema>

const AgendaCaseSchema = z.object({ caseId: z.uuid(), caseTitle: z.string(), myRole: CaseRoleSchema })
export const AgendaSchema = z
  .object({
    openSteps: z.array(
      AgendaCaseSchema.extend({ step: z.number().int(), deadline: z.string().nullable(), overdue: z.boolean() }),
    ),
    commitmentsOwed: z.array(
      AgendaCaseSchema.extend({ itemId: z.uuid(), title: z.string(), dueDate: z.string().nullable() }),
    ),
    actionsDue: z.array(
      AgendaCaseSchema.extend({
        itemId: z.uuid(),
        title: z.string(),
        dueDate: z.string(),
        overdue: ActionOverdueSchema,
        status: ActionStatusSchema,
      }),
    ),
    overdue: z.array(
      AgendaCaseSchema.extend({
        kind: z.enum(['step', 'action']),
        step: z.number().int(),
        itemId: z.uuid().nullable(),
        title: z.string(),
        deadline: z.string(),
      }),
    ),
    /** For every active case I lead: whom to chase, by the same rules as GET /cases/:caseId/follow-up. */
    followUp: z.array(FollowUpSchema.extend({ caseId: z.uuid(), caseTitle: z.string() })),
    /** Comments of the last 30 days that mention me, on items I may read now; newest first. */
    mentions: z.array(
      z.object({
        commentId: z.uuid(),
        caseId: z.uuid(),
        caseTitle: z.string(),
        itemId: z.uuid(),
        itemTitle: z.string(),
        step: z.number().int(),
        author: z.object({ name: z.string(), organisation: OrganisationRefSchema }),
        body: z.string(),
        createdAt: z.string(),
      }),
    ),
  })
  .meta({ id: 'Agenda' })
export type Agenda = z.infer<typeof AgendaSchema>
