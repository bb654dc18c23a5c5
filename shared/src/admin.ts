import { z } from 'zod'
import { EmailSchema, OrganisationRefSchema } from './auth.ts'
import { AccountApprovalSchema, CaseRoleSchema, LocaleSchema, OrganisationTypeSchema } from './enums.ts'
import { ErrorResponseSchema } from './errors.ts'

export const OrganisationSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: OrganisationTypeSchema,
    /** Lower-case e-mail domains: an invitation makes an active account here only for these. */
    emailDomains: z.array(z.string()),
    /** False for an organisation a projectleider proposed while inviting, until an administrator confirms it. */
    confirmed: z.boolean(),
    /** Who proposed it, in which case (null for organisations an administrator made). */
    proposedBy: z.object({ userId: z.uuid(), name: z.string(), email: z.string() }).nullable(),
    proposedInCase: z.object({ id: z.uuid(), title: z.string() }).nullable(),
    /** Set once an administrator merged this proposal into another organisation; hidden from pick lists. */
    mergedInto: OrganisationRefSchema.nullable(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Organisation' })
export type Organisation = z.infer<typeof OrganisationSchema>

const OrganisationNameSchema = z.string().trim().min(1).max(200)

/** A domain name such as `politie.nl`: lower-cased, labels of letters, digits and hyphens, at least one dot. */
export const EmailDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/, {
    error: 'Geen geldig domein, zoals politie.nl',
  })

export const EmailDomainsSchema = z
  .array(EmailDomainSchema)
  .max(50)
  .transform((domains) => [...new Set(domains)].sort())

export const CreateOrganisationBodySchema = z.object({
  name: OrganisationNameSchema,
  type: OrganisationTypeSchema,
  emailDomains: EmailDomainsSchema.optional(),
})
export type CreateOrganisationBody = z.infer<typeof CreateOrganisationBodySchema>

export const UpdateOrganisationBodySchema = CreateOrganisationBodySchema.partial().extend({
  /** `true` confirms a proposed organisation; a confirmed one cannot become a proposal again. */
  confirmed: z.literal(true).optional(),
  /**
   * Merges this proposed (unconfirmed) organisation into an existing confirmed one: its people,
   * seats, invitations and contributions move there; the proposal stays, marked merged, for old events.
   */
  mergeInto: z.uuid().optional(),
})
export type UpdateOrganisationBody = z.infer<typeof UpdateOrganisationBodySchema>

export const IdParamsSchema = z.object({ id: z.uuid() })

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
})
export type PageQuery = z.infer<typeof PageQuerySchema>

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() })
}

export const OrganisationListSchema = pageOf(OrganisationSchema)
/** An organisation to pick when inviting; `confirmed: false` for a proposal made in the case asked about. */
export const PickableOrganisationSchema = OrganisationRefSchema.extend({ confirmed: z.boolean() }).meta({
  id: 'PickableOrganisation',
})
export type PickableOrganisation = z.infer<typeof PickableOrganisationSchema>
export const OrganisationRefListSchema = z.object({ items: z.array(PickableOrganisationSchema) })

export const OrganisationPickQuerySchema = z.object({
  /** Adds the organisations proposed in this case, when the caller is a member of it. */
  caseId: z.uuid().optional(),
})

/** A projectleider proposes an organisation while inviting. */
export const ProposeOrganisationBodySchema = z.object({ name: OrganisationNameSchema, type: OrganisationTypeSchema })
export type ProposeOrganisationBody = z.infer<typeof ProposeOrganisationBodySchema>

/** 409 on a name that exists: the organisation to pick instead (its merge target, for a merged proposal). */
export const OrganisationClashResponseSchema = ErrorResponseSchema.extend({
  existing: OrganisationRefSchema.optional(),
})

export const AdminUserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    organisation: OrganisationRefSchema.nullable(),
    isAdmin: z.boolean(),
    disabled: z.boolean(),
    locale: LocaleSchema,
    hasPassword: z.boolean(),
    /** `pending`: made through an invitation outside the organisation's e-mail domains; cannot sign in yet. */
    approval: AccountApprovalSchema,
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'AdminUser' })
export type AdminUser = z.infer<typeof AdminUserSchema>

export const AdminUserListSchema = pageOf(AdminUserSchema)

/** An account made through an invitation for an address outside its organisation's domains, waiting for an admin. */
export const PendingAccountSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    organisation: OrganisationRefSchema.nullable(),
    createdAt: z.iso.datetime(),
    /** The invitation through which it was made: the case and who invited. */
    invitation: z
      .object({
        id: z.uuid(),
        caseId: z.uuid(),
        caseTitle: z.string(),
        role: CaseRoleSchema,
        invitedBy: z.object({ userId: z.uuid(), name: z.string(), email: z.string() }),
      })
      .nullable(),
  })
  .meta({ id: 'PendingAccount' })
export type PendingAccount = z.infer<typeof PendingAccountSchema>
export const PendingAccountListSchema = z.object({ items: z.array(PendingAccountSchema) })

export const CreateUserBodySchema = z.object({
  email: EmailSchema,
  name: z.string().trim().min(1).max(200),
  organisationId: z.uuid().nullable(),
  isAdmin: z.boolean().default(false),
  locale: LocaleSchema.default('nl'),
})
export type CreateUserBody = z.infer<typeof CreateUserBodySchema>

export const UpdateUserBodySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    organisationId: z.uuid().nullable(),
    isAdmin: z.boolean(),
    disabled: z.boolean(),
    locale: LocaleSchema,
    /** Ends the user's sessions, clears the password and returns a new set-password link. */
    resetPassword: z.literal(true),
  })
  .partial()
export type UpdateUserBody = z.infer<typeof UpdateUserBodySchema>

/** A single-use link the admin passes on (or that is emailed when SMTP is configured). */
export const PasswordLinkSchema = z.object({ url: z.string(), expiresAt: z.iso.datetime() })

export const AdminUserWithLinkSchema = z.object({
  user: AdminUserSchema,
  setPasswordLink: PasswordLinkSchema.nullable(),
})
export type AdminUserWithLink = z.infer<typeof AdminUserWithLinkSchema>
