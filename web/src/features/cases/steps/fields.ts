import type { Case, Item, ItemKind, ItemView, Member, OrganisationRef } from '@vp/shared'
import {
  ACTION_STATUSES,
  CONCLUSIONS,
  DIRECTIONS,
  EFFECTS,
  formatDateInput,
  INVOLVED_PARTIES,
  parseDateInput,
  RELIABILITIES,
  SIGNAL_SOURCES,
} from '@vp/shared/constants'
import type { Option } from '../../../components/form.tsx'
import type { useT } from '../../../components/use-t.ts'
import type { MessageId } from '../../../i18n/messages.ts'

type T = ReturnType<typeof useT>

/** What the forms and cards of a step need to know about the case and the other steps. */
export interface ItemContext {
  theCase: Case
  /** Organisations that contribute (not only observe), by name: owners, trekkers, payers, participants. */
  contributors: OrganisationRef[]
  /** Every organisation with a seat: who an item can be shown to. */
  organisations: OrganisationRef[]
  members: Member[]
  signals: Item[]
  subproblems: Item[]
  goals: Item[]
  actions: Item[]
}

/** A value in a form: text as typed, chosen options, or hours per organisation. */
export type FormValue = string | string[] | Record<string, string>
export type FormValues = Record<string, FormValue>

export type FieldType = 'text' | 'textarea' | 'number' | 'date' | 'select' | 'radio' | 'checkboxes' | 'participants'

export interface FieldSpec {
  /** The field's name in the API (and in the form). */
  name: string
  type: FieldType
  label: MessageId
  description?: MessageId
  required?: boolean | ((values: FormValues) => boolean)
  options?: (ctx: ItemContext, t: T, values: FormValues) => Option[]
  /** The first, empty option of a select ("Kies …"). */
  placeholder?: MessageId
  /** Whether the field applies, given the other values (e.g. the step to go back to). */
  visible?: (values: FormValues) => boolean
  /** How a number reads on a card: as euros, or with the unit in another field ("168 meldingen"). */
  format?: 'euro' | 'hoursPerWeek' | 'step'
  unitField?: string
  dateField?: string
  /** Not shown among a card's facts (shown elsewhere, or with another field). */
  hidden?: boolean
  /** With nothing to choose from (a checkbox list of items that do not exist yet). */
  empty?: MessageId
  /** A wider field in the two-column form layout. */
  wide?: boolean
}

const options = (values: readonly string[], prefix: string, t: T): Option[] =>
  values.map((v) => ({ value: v, label: t(`${prefix}.${v}` as MessageId) }))

const titled = (items: Item[]): Option[] => items.map((i) => ({ value: i.id, label: i.title }))
const orgOptions = (orgs: OrganisationRef[]): Option[] => orgs.map((o) => ({ value: o.id, label: o.name }))

const title = (label: MessageId, description?: MessageId): FieldSpec => ({
  name: 'title',
  type: 'text',
  label,
  description,
  required: true,
  wide: true,
})
const description = (label: MessageId = 'field.description', rows = 'textarea' as const): FieldSpec => ({
  name: 'description',
  type: rows,
  label,
  wide: true,
})

/** The fields of each kind of item, in the order of its form; the same names as the API. */
export const KIND_FIELDS: Record<ItemKind, FieldSpec[]> = {
  signal: [
    title('field.signal.title', 'field.signal.title.description'),
    description('field.description'),
    {
      name: 'source',
      type: 'select',
      label: 'field.source',
      required: true,
      placeholder: 'field.source.placeholder',
      options: (_c, t) => options(SIGNAL_SOURCES, 'source', t),
    },
    {
      name: 'reliability',
      type: 'radio',
      label: 'field.reliability',
      options: (_c, t) => options(RELIABILITIES, 'reliability', t),
    },
    { name: 'location', type: 'text', label: 'field.location', description: 'field.location.description' },
    { name: 'period', type: 'text', label: 'field.period', description: 'field.period.description' },
    {
      name: 'involved',
      type: 'checkboxes',
      label: 'field.involved',
      description: 'field.involved.description',
      options: (_c, t) => options(INVOLVED_PARTIES, 'involved', t),
    },
    { name: 'figure', type: 'number', label: 'field.figure', unitField: 'figureUnit' },
    {
      name: 'figureUnit',
      type: 'text',
      label: 'field.figureUnit',
      description: 'field.figureUnit.description',
      hidden: true,
    },
  ],
  subproblem: [
    title('field.subproblem.title', 'field.subproblem.title.description'),
    description('field.description'),
    {
      name: 'signalIds',
      type: 'checkboxes',
      label: 'field.signalIds',
      options: (c) => titled(c.signals),
      empty: 'field.signalIds.empty',
      wide: true,
    },
  ],
  problem_statement: [
    title('field.problemStatement.title'),
    { name: 'description', type: 'textarea', label: 'field.problemStatement.text', required: true, wide: true },
  ],
  measure: [
    title('field.measure.title'),
    description('field.description'),
    {
      name: 'ownerOrganisationId',
      type: 'select',
      label: 'field.owner',
      required: true,
      placeholder: 'field.organisation.placeholder',
      options: (c) => orgOptions(c.contributors),
    },
    { name: 'since', type: 'date', label: 'field.since' },
    {
      name: 'yearlyCost',
      type: 'number',
      label: 'field.yearlyCost',
      description: 'field.cost.description',
      format: 'euro',
    },
    { name: 'hoursPerWeek', type: 'number', label: 'field.hoursPerWeek', format: 'hoursPerWeek' },
    { name: 'effect', type: 'radio', label: 'field.effect', options: (_c, t) => options(EFFECTS, 'effect', t) },
    {
      name: 'subproblemIds',
      type: 'checkboxes',
      label: 'field.subproblemIds',
      options: (c) => titled(c.subproblems),
      empty: 'field.subproblemIds.empty',
      wide: true,
    },
  ],
  goal: [
    title('field.goal.title', 'field.goal.title.description'),
    description('field.description'),
    {
      name: 'indicator',
      type: 'text',
      label: 'field.indicator',
      description: 'field.indicator.description',
      required: true,
    },
    { name: 'unit', type: 'text', label: 'field.unit', description: 'field.unit.description', required: true },
    {
      name: 'direction',
      type: 'radio',
      label: 'field.direction',
      required: true,
      options: (_c, t) => options(DIRECTIONS, 'direction', t),
    },
    { name: 'baseline', type: 'number', label: 'field.baseline', unitField: 'unit', dateField: 'baselineDate' },
    { name: 'baselineDate', type: 'date', label: 'field.baselineDate', hidden: true },
    { name: 'target', type: 'number', label: 'field.target', unitField: 'unit', dateField: 'targetDate' },
    { name: 'targetDate', type: 'date', label: 'field.targetDate', hidden: true },
    {
      name: 'subproblemIds',
      type: 'checkboxes',
      label: 'field.subproblemIds',
      options: (c) => titled(c.subproblems),
      empty: 'field.subproblemIds.empty',
      wide: true,
    },
  ],
  action: [
    title('field.action.title'),
    description('field.description'),
    {
      name: 'trekkerOrganisationId',
      type: 'select',
      label: 'field.trekker',
      description: 'field.trekker.description',
      required: true,
      placeholder: 'field.organisation.placeholder',
      options: (c) => orgOptions(c.contributors),
    },
    {
      name: 'trekkerUserId',
      type: 'select',
      label: 'field.trekkerPerson',
      placeholder: 'field.trekkerPerson.placeholder',
      options: (c, _t, values) =>
        c.members
          .filter((m) => m.organisation.id === values.trekkerOrganisationId && m.role !== 'waarnemer')
          .map((m) => ({ value: m.userId, label: m.name })),
    },
    {
      name: 'participants',
      type: 'participants',
      label: 'field.participants',
      description: 'field.participants.description',
      wide: true,
    },
    { name: 'startDate', type: 'date', label: 'field.startDate' },
    { name: 'dueDate', type: 'date', label: 'field.dueDate' },
    { name: 'cost', type: 'number', label: 'field.cost', description: 'field.cost.description', format: 'euro' },
    {
      name: 'payerOrganisationId',
      type: 'select',
      label: 'field.payer',
      placeholder: 'field.payer.placeholder',
      options: (c) => orgOptions(c.contributors),
    },
    {
      name: 'goalIds',
      type: 'checkboxes',
      label: 'field.goalIds',
      options: (c) => titled(c.goals),
      empty: 'field.goalIds.empty',
      wide: true,
    },
  ],
  action_update: [
    {
      name: 'actionId',
      type: 'select',
      label: 'field.actionId',
      required: true,
      placeholder: 'field.actionId.placeholder',
      options: (c) => titled(c.actions),
      wide: true,
    },
    {
      name: 'status',
      type: 'radio',
      label: 'field.actionStatus',
      required: true,
      options: (_c, t) => options(ACTION_STATUSES, 'actionStatus', t),
    },
    title('field.actionUpdate.title', 'field.actionUpdate.title.description'),
    description('field.actionUpdate.note'),
  ],
  measurement: [
    {
      name: 'goalId',
      type: 'select',
      label: 'field.goalId',
      required: true,
      placeholder: 'field.goalId.placeholder',
      options: (c) => titled(c.goals),
      wide: true,
    },
    { name: 'value', type: 'number', label: 'field.value', required: true },
    { name: 'measuredAt', type: 'date', label: 'field.measuredAt', required: true },
    {
      name: 'source',
      type: 'text',
      label: 'field.measurementSource',
      description: 'field.measurementSource.description',
    },
    title('field.measurement.title', 'field.measurement.title.description'),
    description('field.description'),
  ],
  evaluation: [
    {
      name: 'conclusion',
      type: 'radio',
      label: 'field.conclusion',
      required: true,
      options: (_c, t) =>
        CONCLUSIONS.map((v) => ({
          value: v,
          label: t(`conclusion.${v}`),
          description: t(`conclusion.${v}.description`),
        })),
    },
    {
      name: 'reopenStep',
      type: 'select',
      label: 'field.reopenStep',
      required: true,
      placeholder: 'field.reopenStep.placeholder',
      visible: (v) => v.conclusion === 'bijstellen',
      options: (_c, t) =>
        [1, 2, 3, 4, 5].map((n) => ({
          value: String(n),
          label: t('step.heading', { n, name: t(`step.${n as 1 | 2 | 3 | 4 | 5}`) }),
        })),
      format: 'step',
    },
    title('field.evaluation.title'),
    { name: 'description', type: 'textarea', label: 'field.evaluation.text', required: true, wide: true },
  ],
}

/** The measurement's title is optional in the form: without one, goal and date name it. */
export const OPTIONAL_TITLE_KINDS = new Set<ItemKind>(['measurement'])

export const isRequired = (spec: FieldSpec, values: FormValues) =>
  typeof spec.required === 'function' ? spec.required(values) : Boolean(spec.required)
export const isVisible = (spec: FieldSpec, values: FormValues) => !spec.visible || spec.visible(values)

export function isItem(view: ItemView | undefined): view is Item {
  return view !== undefined && !view.restricted
}

/** A number as a person types it in this language, without thousands separators: 3,5 in Dutch. */
export function numberToInput(value: number, locale: string) {
  const text = String(value)
  return locale === 'nl' ? text.replace('.', ',') : text
}

/**
 * A typed number back to a number; null when empty, NaN when it is not one. Accepts "18.400",
 * "18400", "3,5" in Dutch and "18,400", "3.5" in English.
 */
export function inputToNumber(input: string, locale: string): number | null {
  const text = input.trim().replace(/\s|€/g, '')
  if (!text) return null
  let normal: string
  if (locale === 'nl') {
    normal = /^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(text) ? text.replace(/\./g, '') : text
    normal = normal.replace(',', '.')
  } else {
    normal = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) ? text.replace(/,/g, '') : text
  }
  return /^-?\d+(\.\d+)?$/.test(normal) ? Number(normal) : Number.NaN
}

/** An item's value of one field, as the form holds it. */
export function toFormValue(spec: FieldSpec, item: Item, locale: string): FormValue {
  const value = spec.name === 'title' || spec.name === 'description' ? item[spec.name] : item.fields[spec.name]
  switch (spec.type) {
    case 'checkboxes':
      return Array.isArray(value) ? (value as string[]) : []
    case 'participants':
      return Object.fromEntries(
        ((value as { organisationId: string; hours: number }[] | undefined) ?? []).map((p) => [
          p.organisationId,
          numberToInput(p.hours, locale),
        ]),
      )
    case 'number':
      return typeof value === 'number' ? numberToInput(value, locale) : ''
    case 'date':
      // The API's YYYY-MM-DD as the date field shows it: 29-06-2027 (29/06/2027 in English).
      return typeof value === 'string' ? formatDateInput(value, locale === 'en' ? 'en' : 'nl') : ''
    default:
      return value === null || value === undefined ? '' : String(value)
  }
}

/** The form's values for an item (edit), or empty ones with a few sensible defaults (create). */
export function formValuesOf(kind: ItemKind, item: Item | null, locale: string, defaults: FormValues = {}): FormValues {
  const values: FormValues = {}
  for (const spec of KIND_FIELDS[kind]) {
    if (item) values[spec.name] = toFormValue(spec, item, locale)
    else values[spec.name] = spec.type === 'checkboxes' ? [] : spec.type === 'participants' ? {} : ''
  }
  return item ? values : { ...values, ...defaults }
}

/** One field of the form as the API wants it; NaN marks a number that could not be read. */
export function toApiValue(spec: FieldSpec, value: FormValue | undefined, locale: string): unknown {
  switch (spec.type) {
    case 'checkboxes':
      return Array.isArray(value) ? value : []
    case 'participants': {
      const hours = (value ?? {}) as Record<string, string>
      return Object.entries(hours).map(([organisationId, h]) => ({
        organisationId,
        hours: inputToNumber(h, locale) ?? 0,
      }))
    }
    case 'number':
      return inputToNumber(typeof value === 'string' ? value : '', locale)
    case 'date': {
      // dd-mm-jjjj as typed, to the API's YYYY-MM-DD; text that is no date goes as typed, so the
      // shared schema refuses it at this field.
      const text = typeof value === 'string' ? value.trim() : ''
      return text === '' ? null : (parseDateInput(text) ?? text)
    }
    default: {
      const text = typeof value === 'string' ? value.trim() : ''
      if (spec.name === 'reopenStep') return text ? Number(text) : null
      return text === '' ? null : text
    }
  }
}
