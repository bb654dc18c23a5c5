import { z } from 'zod'
import { pageOf } from './admin.ts'
import { EmailSchema, OrganisationRefSchema, UserSchema } from './auth.ts'
import {
  AccountApprovalSchema,
  CaseRoleSchema,
  CaseStatusSchema,
  CommitmentStateSchema,
  OrganisationTypeSchema,
  ProblemTypeSchema,
  ThemeSchema,
} from './enums.ts'

const shortText = z.string().trim().min(1).max(200)
const longText = z.string().trim().max(10_000)

/** One step as lists show it: status, deadline, overdue. */
export const StepBriefSchema = z.object({
  step: z.number().int(),
  status: z.enum(['not_started', 'open', 'closed']),
  deadline: z.iso.datetime().nullable(),
  overdue: z.boolean(),
})

export const CaseIdParamsSchema = z.object({ caseId: z.uuid() })
export const MemberParamsSchema = z.object({ caseId: z.uuid(), memberId: z.uuid() })
export const InvitationParamsSchema = z.object({ caseId: z.uuid(), invitationId: z.uuid() })

/** Step 1 profile of a case. */
export const CreateCaseBodySchema = z.object({
  title: shortText,
  gemeente: shortText,
  theme: ThemeSchema,
  problemType: ProblemTypeSchema,
  area: longText.nullish(),
  context: longText.nullish(),
  aanleiding: longText.nullish(),
  bestuurder: shortText.nullish(),
})
export type CreateCaseBody = z.infer<typeof CreateCaseBodySchema>

export const UpdateCaseBodySchema = CreateCaseBodySchema.partial().extend({
  /** `closed` closes the case, `active` reopens it. */
  status: CaseStatusSchema.optional(),
})
export type UpdateCaseBody = z.infer<typeof UpdateCaseBodySchema>

export const PersonRefSchema = z
  .object({ userId: z.uuid(), name: z.string(), organisation: OrganisationRefSchema.nullable() })
  .meta({ id: 'PersonRef' })
export type PersonRef = z.infer<typeof PersonRefSchema>

export const MemberSchema = z
  .object({
    id: z.uuid(),
    userId: z.uuid(),
    name: z.string(),
    email: z.string(),
    organisation: OrganisationRefSchema,
    role: CaseRoleSchema,
    belang: z.string().nullable(),
    roleText: z.string().nullable(),
    commitment: CommitmentStateSchema,
    commitmentNote: z.string().nullable(),
    version: z.number().int(),
    joinedAt: z.iso.datetime(),
    /** `pending`: the person's new account waits for the administrator; the seat counts once approved. */
    approval: AccountApprovalSchema,
    /** What the caller may do with this seat, from the policy module. */
    abilities: z.object({ update: z.boolean(), changeRole: z.boolean(), remove: z.boolean() }),
  })
  .meta({ id: 'Member' })
export type Member = z.infer<typeof MemberSchema>

export const MemberListSchema = z.object({ items: z.array(MemberSchema) })

export const UpdateMemberBodySchema = z
  .object({
    role: CaseRoleSchema.exclude(['projectleider']),
    belang: longText.nullable(),
    roleText: longText.nullable(),
    commitment: CommitmentStateSchema,
    commitmentNote: longText.nullable(),
  })
  .partial()
export type UpdateMemberBody = z.infer<typeof UpdateMemberBodySchema>

export const HandoverBodySchema = z.object({ userId: z.uuid() })

/** What the caller may do here, decided by the server's policy module (the web app shows buttons from this). */
export const CaseAbilitiesSchema = z.object({
  update: z.boolean(),
  manageMembers: z.boolean(),
  invite: z.boolean(),
  handover: z.boolean(),
  readOutbox: z.boolean(),
  /** May read the case's follow-up (whom to chase). */
  followUp: z.boolean(),
})

export const MyMembershipSchema = z.object({
  memberId: z.uuid(),
  role: CaseRoleSchema,
  organisation: OrganisationRefSchema,
})

export const CaseSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    gemeente: z.string(),
    theme: ThemeSchema,
    problemType: ProblemTypeSchema,
    area: z.string().nullable(),
    context: z.string().nullable(),
    aanleiding: z.string().nullable(),
    bestuurder: z.string().nullable(),
    status: CaseStatusSchema,
    closedAt: z.iso.datetime().nullable(),
    projectleider: PersonRefSchema.nullable(),
    lastSeq: z.number().int(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    me: MyMembershipSchema,
    abilities: CaseAbilitiesSchema,
    members: z.array(MemberSchema),
    steps: z.array(StepBriefSchema),
  })
  .meta({ id: 'Case' })
export type Case = z.infer<typeof CaseSchema>

export const CaseSummarySchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    gemeente: z.string(),
    theme: ThemeSchema,
    problemType: ProblemTypeSchema,
    status: CaseStatusSchema,
    myRole: CaseRoleSchema,
    myOrganisation: OrganisationRefSchema,
    memberCount: z.number().int(),
    lastActivityAt: z.iso.datetime(),
    steps: z.array(StepBriefSchema),
  })
  .meta({ id: 'CaseSummary' })
export type CaseSummary = z.infer<typeof CaseSummarySchema>
export const CaseListSchema = pageOf(CaseSummarySchema)

// ── Invitations ──────────────────────────────────────────────────────────────────────────

export const INVITATION_STATES = ['pending', 'accepted', 'expired', 'revoked'] as const
export const InvitationStateSchema = z.enum(INVITATION_STATES)
export const DELIVERY_STATES = ['sent', 'not_sent', 'failed', 'queued'] as const

export const CreateInvitationBodySchema = z.object({
  email: EmailSchema,
  organisationId: z.uuid(),
  role: CaseRoleSchema.exclude(['projectleider']),
  message: longText.max(2000).nullish(),
})
export type CreateInvitationBody = z.infer<typeof CreateInvitationBodySchema>

export const InvitationSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    organisation: OrganisationRefSchema,
    role: CaseRoleSchema,
    message: z.string().nullable(),
    state: InvitationStateSchema,
    expiresAt: z.iso.datetime(),
    invitedBy: PersonRefSchema,
    createdAt: z.iso.datetime(),
    acceptedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    sendCount: z.number().int(),
    delivery: z.enum(DELIVERY_STATES),
    /**
     * For an accepted invitation, whether the account that took it may sign in (`pending`: it waits
     * for the administrator); null while not accepted.
     */
    approval: AccountApprovalSchema.nullable(),
  })
  .meta({ id: 'Invitation' })
export type Invitation = z.infer<typeof InvitationSchema>
export const InvitationListSchema = z.object({ items: z.array(InvitationSchema) })

/** `link` is returned when the message was not emailed, so the projectleider can pass it on. */
export const InvitationWithLinkSchema = z.object({ invitation: InvitationSchema, link: z.string().nullable() })

export const PublicInvitationSchema = z
  .object({
    caseTitle: z.string(),
    gemeente: z.string(),
    organisation: OrganisationRefSchema,
    role: CaseRoleSchema,
    email: z.string(),
    invitedBy: z.object({ name: z.string(), email: z.string() }),
    state: z.enum(['pending', 'accepted', 'expired', 'revoked']),
    explanation: z.string(),
    expiresAt: z.iso.datetime(),
    caseId: z.uuid().nullable(),
    /** The case was closed while the link was out: nobody joins until the projectleider reopens it. */
    caseClosed: z.boolean(),
  })
  .meta({ id: 'PublicInvitation' })
export type PublicInvitation = z.infer<typeof PublicInvitationSchema>

export const AcceptInvitationBodySchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  password: z.string().min(1).max(1024).optional(),
})
export type AcceptInvitationBody = z.infer<typeof AcceptInvitationBodySchema>

/**
 * `approval: 'pending'`: the account was made for an address outside the organisation's e-mail
 * domains; nobody is signed in (`user` is null) until the administrator approves it.
 */
export const AcceptInvitationResultSchema = z.object({
  caseId: z.uuid(),
  approval: AccountApprovalSchema,
  user: UserSchema.nullable(),
})
export type AcceptInvitationResult = z.infer<typeof AcceptInvitationResultSchema>

export const OutboxMessageSchema = z
  .object({
    id: z.uuid(),
    to: z.string(),
    subject: z.string(),
    body: z.string(),
    status: z.enum(DELIVERY_STATES),
    error: z.string().nullable(),
    invitationId: z.uuid().nullable(),
    /** Delivery attempts so far; a queued message is tried again from `nextAttemptAt`. */
    attempts: z.number().int(),
    nextAttemptAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    sentAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'OutboxMessage' })
export const OutboxListSchema = pageOf(OutboxMessageSchema)

// ── Activity (the case event log) ────────────────────────────────────────────────────────

export const ActivityQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  step: z.coerce.number().int().min(1).max(6).optional(),
  organisationId: z.uuid().optional(),
})

export const ActivityEventSchema = z
  .object({
    seq: z.number().int(),
    type: z.string(),
    createdAt: z.iso.datetime(),
    actor: z.object({ userId: z.uuid(), name: z.string(), organisation: OrganisationRefSchema.nullable() }).nullable(),
    entityType: z.string(),
    entityId: z.uuid().nullable(),
    step: z.number().int().nullable(),
    /** false: the caller is outside the audience and sees only who and when. */
    visible: z.boolean(),
    payload: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'ActivityEvent' })
export type ActivityEvent = z.infer<typeof ActivityEventSchema>
export const ActivityListSchema = pageOf(ActivityEventSchema)

export const OrganisationTypeListSchema = z.array(OrganisationTypeSchema)
