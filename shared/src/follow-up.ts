import { z } from 'zod'
import { OrganisationRefSchema } from './auth.ts'
import { ActionStatusSchema } from './content-enums.ts'
import { CaseRoleSchema } from './enums.ts'

/**
 * Whom the projectleider should chase in one case (GET /api/cases/:caseId/follow-up, and per led
 * case in the agenda). Built under the read rule: an action the projectleider may not read is
 * not in it at all, not even its id.
 */
export const FollowUpSchema = z
  .object({
    openSteps: z.array(
      z.object({
        step: z.number().int(),
        deadline: z.string().nullable(),
        daysLeft: z
          .number()
          .int()
          .nullable()
          .describe('Calendar days until the deadline (Europe/Amsterdam); negative when overdue, null without one.'),
        overdue: z.boolean(),
        notDone: z
          .array(OrganisationRefSchema)
          .describe('Contributing organisations (not waarnemers) that have not marked their contribution done.'),
      }),
    ),
    commitments: z.array(
      z.object({
        actionId: z.uuid(),
        actionTitle: z.string(),
        organisation: OrganisationRefSchema,
        status: z.enum(['pending', 'declined']),
        reason: z.string().nullable(),
        requestedAt: z.string(),
        answerDue: z
          .string()
          .describe('The calendar day by which a pending commitment should be answered (30 days after asking).'),
        overdue: z.boolean().describe('Pending past its answer day.'),
      }),
    ),
    actions: z.array(
      z.object({
        id: z.uuid(),
        title: z.string(),
        status: ActionStatusSchema,
        dueDate: z.string().nullable(),
        overdue: z.boolean(),
        trekker: OrganisationRefSchema,
      }),
    ),
    invitations: z.array(
      z.object({
        id: z.uuid(),
        email: z.string(),
        organisation: OrganisationRefSchema,
        role: CaseRoleSchema,
        sentAt: z.string(),
        expiresAt: z.string(),
        expired: z.boolean().describe('The link has expired without being accepted: send it again.'),
      }),
    ),
    quietMembers: z.array(
      z.object({
        memberId: z.uuid(),
        organisation: OrganisationRefSchema,
        name: z.string(),
        role: CaseRoleSchema,
        joinedAt: z.string(),
        lastSeenAt: z.string().nullable().describe('When they last opened the case; null: never since joining.'),
      }),
    ),
  })
  .meta({ id: 'FollowUp' })
export type FollowUp = z.infer<typeof FollowUpSchema>
