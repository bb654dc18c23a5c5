import { z } from 'zod'
import { OrganisationRefSchema } from './auth.ts'
import {
  ActionCommitmentSchema,
  ActionStatusSchema,
  ConclusionSchema,
  DirectionSchema,
  EffectSchema,
  ItemKindSchema,
  StepStatusSchema,
} from './content-enums.ts'
import { CaseRoleSchema, CaseStatusSchema, ProblemTypeSchema, ThemeSchema } from './enums.ts'

/**
 * `full`: what the reader may see, with placeholders where an item or document is outside their
 * audience. `raad`: for the gemeenteraad and the public — only what every member may see, nothing
 * restricted (not even a placeholder or a count), and no person names (their organisation instead).
 */
export const SUMMARY_VARIANTS = ['full', 'raad'] as const
export const SummaryVariantSchema = z.enum(SUMMARY_VARIANTS)
export type SummaryVariant = z.infer<typeof SummaryVariantSchema>
export const SummaryQuerySchema = z.object({ variant: SummaryVariantSchema.default('full') })
export type SummaryQuery = z.infer<typeof SummaryQuerySchema>
/** The export formats; each download of one is one `summary.exported` case event. */
export const SUMMARY_FORMATS = ['pdf', 'docx'] as const
export const SummaryFormatSchema = z.enum(SUMMARY_FORMATS)
export type SummaryFormat = z.infer<typeof SummaryFormatSchema>

/** Something the reader may not see, as the screen shows it: whose it is and when, nothing else. */
export const SummaryPlaceholderSchema = z.object({
  restricted: z.literal(true),
  id: z.uuid(),
  kind: z.union([ItemKindSchema, z.literal('document')]),
  organisation: OrganisationRefSchema,
  createdAt: z.iso.datetime(),
})
export type SummaryPlaceholder = z.infer<typeof SummaryPlaceholderSchema>

/** An entry the reader sees, or (variant `full` only) its placeholder. */
const orPlaceholder = <S extends z.ZodRawShape>(schema: z.ZodObject<S>) =>
  z.union([z.object({ ...schema.shape, restricted: z.literal(false) }), SummaryPlaceholderSchema])

/** A person as the summary names them: in the `raad` variant `name` is null (the organisation stands in). */
export const SummaryPersonSchema = z.object({ name: z.string().nullable(), organisation: OrganisationRefSchema })
export type SummaryPerson = z.infer<typeof SummaryPersonSchema>

const PositionCountsSchema = z.object({
  akkoord: z.number().int(),
  voorbehoud: z.number().int(),
  niet_akkoord: z.number().int(),
  overall: z.enum(['akkoord', 'voorbehoud', 'niet_akkoord', 'geen']),
})
/** Per organisation (variant `full`); in `raad` only the counts are given and this list is empty. */
const PositionListSchema = z.array(
  z.object({
    organisation: OrganisationRefSchema,
    position: z.enum(['akkoord', 'voorbehoud', 'niet_akkoord']),
    reason: z.string().nullable(),
  }),
)

const SummarySubproblemSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  rank: z.number().int().nullable(),
  /** Mean priority rating (1–5) and spread, null before anyone rated. */
  mean: z.number().nullable(),
  spread: z.number().nullable(),
  agreement: z.enum(['eens', 'gemengd', 'verdeeld', 'geen']),
  ratingCount: z.number().int(),
  positions: PositionListSchema,
  positionCounts: PositionCountsSchema,
})

const SummaryMeasureSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  owner: OrganisationRefSchema,
  since: z.iso.date().nullable(),
  yearlyCost: z.number().nullable(),
  hoursPerWeek: z.number().nullable(),
  effect: EffectSchema,
  /** Titles of the sub-problems it addresses that the reader may see. */
  subproblems: z.array(z.string()),
})

const MeasurementPointSchema = z.object({ value: z.number(), measuredAt: z.iso.date() })

const SummaryGoalSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  indicator: z.string(),
  unit: z.string(),
  direction: DirectionSchema,
  baseline: z.number().nullable(),
  baselineDate: z.iso.date().nullable(),
  target: z.number().nullable(),
  targetDate: z.iso.date().nullable(),
  latest: MeasurementPointSchema.nullable(),
  /** Share of the way from baseline to target (0–1, may exceed), null when it cannot be said. */
  progress: z.number().nullable(),
  status: z.enum(['bereikt', 'op_koers', 'enige_voortgang', 'achter', 'onbekend']),
  /** Every visible measurement, oldest first: the chart's points (and its table). */
  measurements: z.array(MeasurementPointSchema),
  positions: PositionListSchema,
  positionCounts: PositionCountsSchema,
})

const SummaryActionSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  trekker: SummaryPersonSchema,
  participants: z.array(z.object({ organisation: OrganisationRefSchema, hours: z.number() })),
  startDate: z.iso.date().nullable(),
  dueDate: z.iso.date().nullable(),
  status: ActionStatusSchema,
  overdue: z.boolean(),
  cost: z.number().nullable(),
  payer: OrganisationRefSchema.nullable(),
  /** Titles of the goals it serves that the reader may see. */
  goals: z.array(z.string()),
  commitments: z.array(z.object({ organisation: OrganisationRefSchema, status: ActionCommitmentSchema })),
})

const SummaryUpdateSchema = z.object({
  id: z.uuid(),
  /** The action's title, when the reader may see the action. */
  action: z.string().nullable(),
  status: ActionStatusSchema,
  title: z.string(),
  description: z.string().nullable(),
  author: SummaryPersonSchema,
  createdAt: z.iso.datetime(),
})

const SummaryEvaluationSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  conclusion: ConclusionSchema,
  reopenStep: z.number().int().nullable(),
  author: SummaryPersonSchema,
  createdAt: z.iso.datetime(),
})

const SummaryDocumentSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  step: z.number().int().nullable(),
  organisation: OrganisationRefSchema,
  createdAt: z.iso.datetime(),
})

/**
 * The summary of a case ("samenvatting van de vorderingen"), built once under the reader's
 * visibility and rendered as the page, the PDF and the DOCX. Every figure in it is computed from
 * the entries it holds: in `raad`, nothing restricted enters any count or total.
 */
export const SummarySchema = z
  .object({
    variant: SummaryVariantSchema,
    /** "Stand van zaken per": when it was built. */
    generatedAt: z.iso.datetime(),
    /** "Versie van": the case's event sequence number it reflects. */
    seq: z.number().int(),
    case: z.object({
      id: z.uuid(),
      title: z.string(),
      /** For file names: lower-case ASCII, words joined by hyphens; never empty. */
      slug: z.string(),
      gemeente: z.string(),
      area: z.string().nullable(),
      theme: ThemeSchema,
      problemType: ProblemTypeSchema,
      status: CaseStatusSchema,
      context: z.string().nullable(),
      aanleiding: z.string().nullable(),
      bestuurder: z.string().nullable(),
      projectleider: SummaryPersonSchema.nullable(),
      createdAt: z.iso.datetime(),
    }),
    steps: z.array(
      z.object({
        step: z.number().int(),
        status: StepStatusSchema,
        deadline: z.iso.datetime().nullable(),
        overdue: z.boolean(),
        /** Contributing organisations that marked this step done, and those that did not. */
        done: z.array(OrganisationRefSchema),
        notDone: z.array(OrganisationRefSchema),
      }),
    ),
    projectGroup: z.array(
      z.object({
        organisation: OrganisationRefSchema,
        /** Names of its members in the case (`raad`: empty). */
        people: z.array(z.object({ name: z.string(), role: CaseRoleSchema })),
        roles: z.array(CaseRoleSchema),
        belang: z.string().nullable(),
        roleText: z.string().nullable(),
      }),
    ),
    problem: z.object({
      statement: orPlaceholder(
        z.object({
          id: z.uuid(),
          title: z.string(),
          description: z.string().nullable(),
          positions: PositionListSchema,
          positionCounts: PositionCountsSchema,
        }),
      ).nullable(),
      /** Ranked by priority (rank 1 first); unrated ones after. */
      subproblems: z.array(orPlaceholder(SummarySubproblemSchema)),
    }),
    measures: z.object({
      items: z.array(orPlaceholder(SummaryMeasureSchema)),
      /** False without visible sub-problems: then no claim is made about gaps or overlaps. */
      assessed: z.boolean(),
      /** Titles of sub-problems no visible measure addresses. */
      gaps: z.array(z.string()),
      overlaps: z.array(z.object({ subproblem: z.string(), organisations: z.array(OrganisationRefSchema) })),
      totalYearlyCost: z.number(),
      totalHoursPerWeek: z.number(),
    }),
    goals: z.array(orPlaceholder(SummaryGoalSchema)),
    actions: z.array(orPlaceholder(SummaryActionSchema)),
    /** Cost and capacity of the visible actions; the same rules as the dashboard's totals. */
    costs: z.object({
      byOrganisation: z.array(
        z.object({
          organisation: OrganisationRefSchema,
          cost: z.number(),
          costPending: z.number(),
          hours: z.number(),
          hoursPending: z.number(),
          actionCount: z.number().int(),
        }),
      ),
      byGoal: z.array(z.object({ goal: z.string(), cost: z.number(), hours: z.number() })),
      unassignedCost: z.number(),
      totalCost: z.number(),
      totalHours: z.number(),
    }),
    monitoring: z.object({
      /** Latest action updates first (at most 20). */
      updates: z.array(orPlaceholder(SummaryUpdateSchema)),
      actionStatus: z.record(ActionStatusSchema, z.number().int()),
    }),
    evaluations: z.array(orPlaceholder(SummaryEvaluationSchema)),
    /** Titles only; never content. */
    documents: z.array(orPlaceholder(SummaryDocumentSchema)),
  })
  .meta({ id: 'Summary' })
export type Summary = z.infer<typeof SummarySchema>
type Visible<T> = Exclude<T, SummaryPlaceholder>
export type SummarySubproblem = Visible<Summary['problem']['subproblems'][number]>
export type SummaryMeasure = Visible<Summary['measures']['items'][number]>
export type SummaryGoal = Visible<Summary['goals'][number]>
export type SummaryAction = Visible<Summary['actions'][number]>
export type SummaryUpdate = Visible<Summary['monitoring']['updates'][number]>
export type SummaryEvaluation = Visible<Summary['evaluations'][number]>
export type SummaryDocument = Visible<Summary['documents'][number]>
