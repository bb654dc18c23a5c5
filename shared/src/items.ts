import { z } from 'zod'
import { OrganisationRefSchema } from './auth.ts'
import { PersonRefSchema } from './cases.ts'
import {
  ActionCommitmentSchema,
  ActionStatusSchema,
  ConclusionSchema,
  DirectionSchema,
  EffectSchema,
  InvolvedPartySchema,
  type ItemKind,
  ItemKindSchema,
  PositionSchema,
  ReliabilitySchema,
  SignalSourceSchema,
  StepStatusSchema,
} from './content-enums.ts'

const title = z.string().trim().min(1).max(300)
const text = z.string().trim().max(20_000)
/** Years 1–9999 only: what every database and calendar here can store (year 0000 is not a date). */
const inYearRange = (iso: string) => {
  const year = new Date(iso).getUTCFullYear()
  return Number(iso.slice(0, 4)) >= 1 && year >= 1 && year <= 9999
}
const YEAR_RANGE = { message: 'Jaar moet tussen 1 en 9999 liggen' }
const date = z.iso.date().refine(inYearRange, YEAR_RANGE)
/** A moment with its offset, e.g. a deadline; the same year range. */
const moment = z.iso.datetime({ offset: true }).refine(inYearRange, YEAR_RANGE)
const amount = z.number().min(0).max(1_000_000_000)
const ids = z.array(z.uuid()).max(200)

/** null = every member; otherwise the organisations that may see the content. */
export const AudienceSchema = z.array(z.uuid()).min(1).max(50).nullable()

// ── Fields per kind (the same names in create, update and response) ───────────────────

export const SignalFieldsSchema = z.object({
  source: SignalSourceSchema,
  reliability: ReliabilitySchema.default('onbevestigd'),
  location: z.string().trim().max(500).nullable().default(null),
  period: z.string().trim().max(500).nullable().default(null),
  involved: z.array(InvolvedPartySchema).max(10).default([]),
  figure: z.number().min(-1e12).max(1e12).nullable().default(null),
  figureUnit: z.string().trim().max(100).nullable().default(null),
})
export const SubproblemFieldsSchema = z.object({ signalIds: ids.default([]) })
export const ProblemStatementFieldsSchema = z.object({})
export const MeasureFieldsSchema = z.object({
  ownerOrganisationId: z.uuid(),
  since: date.nullable().default(null),
  yearlyCost: amount.nullable().default(null),
  hoursPerWeek: z.number().min(0).max(10_000).nullable().default(null),
  effect: EffectSchema.default('onbekend'),
  subproblemIds: ids.default([]),
})
export const GoalFieldsSchema = z.object({
  indicator: z.string().trim().min(1).max(500),
  unit: z.string().trim().min(1).max(100),
  direction: DirectionSchema,
  baseline: z.number().nullable().default(null),
  baselineDate: date.nullable().default(null),
  target: z.number().nullable().default(null),
  targetDate: date.nullable().default(null),
  subproblemIds: ids.default([]),
})
export const ParticipantSchema = z.object({
  organisationId: z.uuid(),
  hours: z.number().min(0).max(100_000).default(0),
})
export const ActionFieldsSchema = z.object({
  trekkerOrganisationId: z.uuid(),
  trekkerUserId: z.uuid().nullable().default(null),
  participants: z.array(ParticipantSchema).max(50).default([]),
  startDate: date.nullable().default(null),
  dueDate: date.nullable().default(null),
  cost: amount.nullable().default(null),
  payerOrganisationId: z.uuid().nullable().default(null),
  goalIds: ids.default([]),
})
export const ActionUpdateFieldsSchema = z.object({ actionId: z.uuid(), status: ActionStatusSchema })
export const MeasurementFieldsSchema = z.object({
  goalId: z.uuid(),
  value: z.number().min(-1e12).max(1e12),
  measuredAt: date,
  source: z.string().trim().max(300).nullable().default(null),
})
export const EvaluationFieldsSchema = z.object({
  conclusion: ConclusionSchema,
  reopenStep: z.number().int().min(1).max(5).nullable().default(null),
})

export const KIND_FIELDS = {
  signal: SignalFieldsSchema,
  subproblem: SubproblemFieldsSchema,
  problem_statement: ProblemStatementFieldsSchema,
  measure: MeasureFieldsSchema,
  goal: GoalFieldsSchema,
  action: ActionFieldsSchema,
  action_update: ActionUpdateFieldsSchema,
  measurement: MeasurementFieldsSchema,
  evaluation: EvaluationFieldsSchema,
} as const

/**
 * The fields an item of each kind carries, as its schema outputs them (defaults filled in); a kind
 * without fields of its own (the problem statement) carries an empty object.
 */
export type KindFields = {
  [K in ItemKind]: z.output<(typeof KIND_FIELDS)[K]> extends Record<string, never>
    ? Record<never, never>
    : z.output<(typeof KIND_FIELDS)[K]>
}
/** The fields of one kind of item. */
export type FieldsOf<K extends ItemKind> = KindFields[K]

const common = {
  step: z.number().int().min(1).max(6),
  title,
  description: text.nullable().default(null),
  audience: AudienceSchema.default(null),
}

/** Create an item: `kind`, `step`, `title` and the fields its kind requires. */
export const CreateItemBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('signal'), ...common, ...SignalFieldsSchema.shape }),
  z.object({ kind: z.literal('subproblem'), ...common, ...SubproblemFieldsSchema.shape }),
  z.object({ kind: z.literal('problem_statement'), ...common }),
  z.object({ kind: z.literal('measure'), ...common, ...MeasureFieldsSchema.shape }),
  z.object({ kind: z.literal('goal'), ...common, ...GoalFieldsSchema.shape }),
  z.object({ kind: z.literal('action'), ...common, ...ActionFieldsSchema.shape }),
  z.object({ kind: z.literal('action_update'), ...common, ...ActionUpdateFieldsSchema.shape }),
  z.object({ kind: z.literal('measurement'), ...common, ...MeasurementFieldsSchema.shape }),
  z.object({ kind: z.literal('evaluation'), ...common, ...EvaluationFieldsSchema.shape }),
])
export type CreateItemBody = z.infer<typeof CreateItemBodySchema>

/** A shape whose fields are optional and never filled in: an update sends only what changes. */
function optionalWithoutDefaults(shape: z.ZodRawShape) {
  return Object.fromEntries(
    Object.entries(shape).map(([k, v]) => [k, ((v instanceof z.ZodDefault ? v.unwrap() : v) as z.ZodType).optional()]),
  ) as Record<string, z.ZodOptional<z.ZodType>>
}

/** Every field that any kind has, all optional: the server rejects fields that do not fit the item's kind. */
export const UpdateItemBodySchema = z
  .object({
    title: title.optional(),
    description: text.nullable().optional(),
    audience: AudienceSchema.optional(),
    ...optionalWithoutDefaults(SignalFieldsSchema.shape),
    ...optionalWithoutDefaults(SubproblemFieldsSchema.shape),
    ...optionalWithoutDefaults(MeasureFieldsSchema.shape),
    ...optionalWithoutDefaults(GoalFieldsSchema.shape),
    ...optionalWithoutDefaults(ActionFieldsSchema.shape),
    ...optionalWithoutDefaults(ActionUpdateFieldsSchema.shape),
    ...optionalWithoutDefaults(MeasurementFieldsSchema.shape),
    ...optionalWithoutDefaults(EvaluationFieldsSchema.shape),
  })
  .strict()
export type UpdateItemBody = z.infer<typeof UpdateItemBodySchema>

// ── Responses ─────────────────────────────────────────────────────────────────────────

/**
 * The version of one organisation's reaction (rating, position, commitment, done mark): colleagues
 * of one organisation share it, so a change sends it in If-Match. 0 stands for a reaction not given yet.
 */
export const ReactionVersionSchema = z
  .number()
  .int()
  .min(0)
  .meta({ description: "Version of this organisation's reaction, for If-Match; 0 when it has none yet" })
export const RatingSchema = z.object({
  organisationId: z.uuid(),
  score: z.number().int().min(1).max(5),
  version: ReactionVersionSchema,
})
export const PositionEntrySchema = z.object({
  organisationId: z.uuid(),
  position: PositionSchema,
  reason: z.string().nullable(),
  version: ReactionVersionSchema,
})
export const CommitmentEntrySchema = z.object({
  organisationId: z.uuid(),
  status: ActionCommitmentSchema,
  reason: z.string().nullable(),
  version: ReactionVersionSchema,
})
export type Rating = z.infer<typeof RatingSchema>
export type PositionEntry = z.infer<typeof PositionEntrySchema>
export type CommitmentEntry = z.infer<typeof CommitmentEntrySchema>
export const ItemAbilitiesSchema = z.object({
  update: z.boolean(),
  delete: z.boolean(),
  comment: z.boolean(),
  rate: z.boolean(),
  takePosition: z.boolean(),
  commit: z.boolean(),
})

/** Free-text warnings (a BSN, a date of birth or a person's name): shown, never blocking. */
export const PersonalDataWarningSchema = z.object({
  field: z.string(),
  kind: z.enum(['bsn', 'geboortedatum', 'naam']),
  match: z.string(),
})

export const ItemSchema = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    kind: ItemKindSchema,
    step: z.number().int(),
    restricted: z.literal(false),
    title: z.string(),
    description: z.string().nullable(),
    audience: z.array(z.uuid()).nullable(),
    authorOrganisation: OrganisationRefSchema,
    author: PersonRefSchema.nullable(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    /** The fields of its kind (see the create body of that kind). */
    fields: z.record(z.string(), z.unknown()),
    ratings: z.array(RatingSchema),
    positions: z.array(PositionEntrySchema),
    commitments: z.array(CommitmentEntrySchema),
    commentCount: z.number().int(),
    abilities: ItemAbilitiesSchema,
    warnings: z.array(PersonalDataWarningSchema),
  })
  .meta({ id: 'Item' })
export type Item = z.infer<typeof ItemSchema>

/** What a member outside an item's audience sees: that it exists, from whom and when. */
export const RestrictedItemSchema = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    kind: ItemKindSchema,
    step: z.number().int(),
    restricted: z.literal(true),
    authorOrganisation: OrganisationRefSchema,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'RestrictedItem' })
export type RestrictedItem = z.infer<typeof RestrictedItemSchema>

export const ItemViewSchema = z.union([ItemSchema, RestrictedItemSchema])
export type ItemView = z.infer<typeof ItemViewSchema>

export const ItemParamsSchema = z.object({ caseId: z.uuid(), itemId: z.uuid() })

export const ItemHistoryEntrySchema = z.object({
  seq: z.number().int(),
  type: z.string(),
  createdAt: z.iso.datetime(),
  actor: PersonRefSchema.nullable(),
  version: z.number().int().nullable(),
  changes: z.record(z.string(), z.unknown()).nullable(),
})
export const ItemHistorySchema = z.object({ items: z.array(ItemHistoryEntrySchema), restricted: z.boolean() })

export const RatingBodySchema = z.object({ score: z.number().int().min(1).max(5) })
export const PositionBodySchema = z.object({ position: PositionSchema, reason: z.string().trim().max(2000).nullish() })
export const CommitmentBodySchema = z.object({
  status: ActionCommitmentSchema.exclude(['pending']),
  reason: z.string().trim().max(2000).nullish(),
})

export const CommentSchema = z
  .object({
    id: z.uuid(),
    itemId: z.uuid(),
    author: PersonRefSchema,
    body: z.string(),
    mentions: z.array(z.uuid()),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Comment' })
export const CommentListSchema = z.object({ items: z.array(CommentSchema) })
export const CreateCommentBodySchema = z.object({
  body: z.string().trim().min(1).max(5000),
  /** User ids of members mentioned with @; unknown or non-member ids are rejected. */
  mentions: z.array(z.uuid()).max(20).default([]),
})

// ── Steps ─────────────────────────────────────────────────────────────────────────────

export const StepParamsSchema = z.object({ caseId: z.uuid(), step: z.coerce.number().int().min(1).max(6) })

export const StepSchema = z
  .object({
    step: z.number().int(),
    status: StepStatusSchema,
    deadline: z.iso.datetime().nullable(),
    overdue: z.boolean(),
    openedAt: z.iso.datetime().nullable(),
    closedAt: z.iso.datetime().nullable(),
    version: z.number().int(),
    /** Per member organisation: has it marked its contribution done? `version` is 0 before its first mark. */
    done: z.array(
      z.object({
        organisation: OrganisationRefSchema,
        done: z.boolean(),
        at: z.iso.datetime().nullable(),
        version: ReactionVersionSchema,
      }),
    ),
  })
  .meta({ id: 'Step' })
export type Step = z.infer<typeof StepSchema>
export const StepListSchema = z.object({ items: z.array(StepSchema) })
export const StepDetailSchema = StepSchema.extend({ items: z.array(ItemViewSchema) })

export const UpdateStepBodySchema = z.object({
  status: StepStatusSchema.exclude(['not_started']).optional(),
  deadline: moment.nullable().optional(),
  /** Required when reopening a closed step. */
  reason: z.string().trim().min(1).max(2000).optional(),
  /**
   * On reopening: keep the organisations' earlier "bijdrage klaar" marks (default false: cleared,
   * recorded in the event). Reopening also requires `deadline` (a new one, or null for none).
   */
  keepDone: z.boolean().optional(),
})
export const DoneBodySchema = z.object({ done: z.boolean() })
