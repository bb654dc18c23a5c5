import { z } from 'zod'
import { LocaleSchema, OrganisationTypeSchema } from './enums.ts'

export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 128

/** An email address as stored: trimmed and lower-cased. */
export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Geen geldig e-mailadres' }).max(254))

/** Length rules only; the server also rejects common passwords. No composition rules (NIST 800-63B). */
export const NewPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { error: `Minstens ${PASSWORD_MIN_LENGTH} tekens` })
  .max(PASSWORD_MAX_LENGTH, { error: `Hoogstens ${PASSWORD_MAX_LENGTH} tekens` })

export const OrganisationRefSchema = z
  .object({ id: z.uuid(), name: z.string(), type: OrganisationTypeSchema })
  .meta({ id: 'OrganisationRef' })
export type OrganisationRef = z.infer<typeof OrganisationRefSchema>

export const UserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    organisation: OrganisationRefSchema.nullable(),
    isAdmin: z.boolean(),
    locale: LocaleSchema,
    /** What this person may do outside any case, from the policy module. */
    abilities: z.object({ createCase: z.boolean(), administer: z.boolean() }),
  })
  .meta({ id: 'User' })
export type User = z.infer<typeof UserSchema>

export const LoginBodySchema = z.object({
  email: EmailSchema,
  // A login never tells which rule a stored password breaks: any non-empty string is tried.
  password: z.string().min(1).max(1024),
})
export type LoginBody = z.infer<typeof LoginBodySchema>

export const UserResponseSchema = z.object({ user: UserSchema })
export type UserResponse = z.infer<typeof UserResponseSchema>

export const ChangePasswordBodySchema = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: NewPasswordSchema,
})
export type ChangePasswordBody = z.infer<typeof ChangePasswordBodySchema>

export const UpdateMeBodySchema = z.object({ name: z.string().trim().min(1).max(200), locale: LocaleSchema }).partial()
export type UpdateMeBody = z.infer<typeof UpdateMeBodySchema>

/** Single-use links: set a password (new account, reset) or create the first admin. */
/** Any token string is looked up; one that does not exist is a 404, whatever its length. */
export const TokenParamsSchema = z.object({ token: z.string().min(1).max(200) })

export const PasswordLinkStateSchema = z.enum(['valid', 'expired', 'used'])
export const PasswordLinkInfoSchema = z.object({
  state: PasswordLinkStateSchema,
  email: z.string().nullable(),
  name: z.string().nullable(),
  /** `set_password`: made by an administrator; `password_reset`: asked for with "Wachtwoord vergeten?". */
  purpose: z.enum(['set_password', 'password_reset']).optional(),
})
export type PasswordLinkInfo = z.infer<typeof PasswordLinkInfoSchema>

export const SetPasswordBodySchema = z.object({ password: NewPasswordSchema })
export type SetPasswordBody = z.infer<typeof SetPasswordBodySchema>

/** "Wachtwoord vergeten?": the address to send a reset link to. */
export const PasswordResetBodySchema = z.object({ email: EmailSchema })
export type PasswordResetBody = z.infer<typeof PasswordResetBodySchema>

/**
 * The same answer for every address (no enumeration). `mailConfigured` is about the instance, not
 * the account: without SMTP no link can be mailed, and the person asks their administrator instead.
 */
export const PasswordResetResultSchema = z
  .object({ accepted: z.literal(true), mailConfigured: z.boolean() })
  .meta({ id: 'PasswordResetResult' })
export type PasswordResetResult = z.infer<typeof PasswordResetResultSchema>

export const SetupBodySchema = z.object({
  email: EmailSchema,
  name: z.string().trim().min(1).max(200),
  password: NewPasswordSchema,
  organisationName: z.string().trim().min(1).max(200),
  organisationType: OrganisationTypeSchema.default('gemeente'),
})
export type SetupBody = z.infer<typeof SetupBodySchema>

export const OkResponseSchema = z.object({ ok: z.literal(true) })
