import { z } from 'zod'

/** Kinds of organisation in a local safety partnership. Slugs are part of the API contract. */
export const ORGANISATION_TYPES = [
  'gemeente',
  'politie',
  'om',
  'woningcorporatie',
  'ondernemers',
  'bewoners',
  'jeugdzorg',
  'welzijn',
  'zorg',
  'veiligheidshuis',
  'riec',
  'onderwijs',
  'brandweer',
  'overig',
] as const
export const OrganisationTypeSchema = z.enum(ORGANISATION_TYPES)
export type OrganisationType = z.infer<typeof OrganisationTypeSchema>

/** Role of a person within one case. */
export const CASE_ROLES = ['projectleider', 'partner', 'waarnemer'] as const
export const CaseRoleSchema = z.enum(CASE_ROLES)
export type CaseRole = z.infer<typeof CaseRoleSchema>

/** Whether an account may sign in: one made through an invitation outside its organisation's domains waits. */
export const ACCOUNT_APPROVALS = ['approved', 'pending', 'rejected'] as const
export const AccountApprovalSchema = z.enum(ACCOUNT_APPROVALS)
export type AccountApproval = z.infer<typeof AccountApprovalSchema>

/** Theme taxonomy of safety problems (slugs). */
export const THEMES = [
  'woninginbraak',
  'overlast-jeugd',
  'uitgaansgeweld',
  'drugsoverlast',
  'ondermijning',
  'verloedering',
  'huiselijk-geweld',
  'verward-gedrag',
  'fietsendiefstal',
  'autocriminaliteit',
  'winkelcriminaliteit',
  'verkeersoverlast',
  'burenoverlast',
  'cybercrime',
  'overig',
] as const
export const ThemeSchema = z.enum(THEMES)
export type Theme = z.infer<typeof ThemeSchema>

export const PROBLEM_TYPES = ['standaard', 'complex', 'acuut'] as const
export const ProblemTypeSchema = z.enum(PROBLEM_TYPES)
export type ProblemType = z.infer<typeof ProblemTypeSchema>

/** The six steps of a case, in order; the number is the step's position (1–6). */
export const STEPS = ['profiel', 'probleem', 'maatregelen', 'doelen', 'aanpak', 'monitoring'] as const
export const StepNumberSchema = z.coerce.number().int().min(1).max(6)
export type StepNumber = 1 | 2 | 3 | 4 | 5 | 6

export const LOCALES = ['nl', 'en'] as const
export const LocaleSchema = z.enum(LOCALES)
export type Locale = z.infer<typeof LocaleSchema>

/** An organisation's agreement to take part in a case. */
export const COMMITMENT_STATES = ['pending', 'agreed', 'declined'] as const
export const CommitmentStateSchema = z.enum(COMMITMENT_STATES)
export type CommitmentState = z.infer<typeof CommitmentStateSchema>

export const CASE_STATUSES = ['active', 'closed'] as const
export const CaseStatusSchema = z.enum(CASE_STATUSES)
export type CaseStatus = z.infer<typeof CaseStatusSchema>

/** Organisations of the "driehoek" (mayor, police, public prosecutor) by type: a common audience. */
export const DRIEHOEK_TYPES = ['gemeente', 'politie', 'om'] as const
