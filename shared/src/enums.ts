import { z } from 'zod'
import {
  ACCOUNT_APPROVALS,
  CASE_ROLES,
  CASE_STATUSES,
  COMMITMENT_STATES,
  LOCALES,
  ORGANISATION_TYPES,
  PROBLEM_TYPES,
  THEMES,
} from './constants/enums.ts'

// The lists and their types are plain data in constants/enums.ts; here are their schemas.
export * from './constants/enums.ts'

export const OrganisationTypeSchema = z.enum(ORGANISATION_TYPES)
export const CaseRoleSchema = z.enum(CASE_ROLES)
export const AccountApprovalSchema = z.enum(ACCOUNT_APPROVALS)
export const ThemeSchema = z.enum(THEMES)
export const ProblemTypeSchema = z.enum(PROBLEM_TYPES)
export const StepNumberSchema = z.coerce.number().int().min(1).max(6)
export const LocaleSchema = z.enum(LOCALES)
export const CommitmentStateSchema = z.enum(COMMITMENT_STATES)
export const CaseStatusSchema = z.enum(CASE_STATUSES)
