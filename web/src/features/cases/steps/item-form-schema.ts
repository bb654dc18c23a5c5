import { CreateItemBodySchema, type ItemKind, UpdateItemBodySchema } from '@vp/shared'
import { z } from 'zod'
import type { FieldMessages } from '../../../components/form-fields.tsx'
import type { MessageId } from '../../../i18n/messages.ts'
import nl from '../../../i18n/nl.json'
import { audienceFromForm } from './audience.ts'
import {
  type FieldSpec,
  type FormValue,
  type FormValues,
  type ItemContext,
  isRequired,
  isVisible,
  KIND_FIELDS,
  OPTIONAL_TITLE_KINDS,
  toApiValue,
} from './fields.ts'

/** The fields the form shows for a kind, then who may see the item: the names its errors are put at. */
export const formFieldNames = (kind: ItemKind) => [...KIND_FIELDS[kind].map((s) => s.name), 'audience']

/** Every value the form sends, by API field name (title, description, the kind's fields, audience). */
export function apiValuesOf(
  kind: ItemKind,
  values: FormValues,
  ctx: ItemContext,
  myOrganisationId: string,
  locale: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const spec of KIND_FIELDS[kind]) {
    out[spec.name] = isVisible(spec, values) ? toApiValue(spec, values[spec.name], locale) : null
  }
  out.audience = audienceFromForm(values, ctx.organisations, myOrganisationId)
  return out
}

type Shape = Record<string, z.ZodType | undefined>

/** The shared schema of one field: the create body's for this kind, or the update body's. */
function sharedFieldSchema(kind: ItemKind, name: string, isEdit: boolean): z.ZodType | undefined {
  if (isEdit) return (UpdateItemBodySchema.shape as Shape)[name]
  const body = CreateItemBodySchema.options.find((o) => o.shape.kind.value === kind)
  return (body?.shape as Shape | undefined)?.[name]
}

const isEmpty = (value: FormValue | undefined) =>
  value === undefined ||
  (Array.isArray(value) ? value.length === 0 : typeof value === 'string' ? value.trim() === '' : false)

/**
 * The item form's check: each visible field turned into what the API takes, then checked by the
 * shared create or update schema of the kind, with its issues put at that field. What only the form
 * asks (a problem statement's text, the step to go back to) is required by the field list. The
 * output is the API values of {@link apiValuesOf}.
 */
export function itemFormSchema(
  kind: ItemKind,
  isEdit: boolean,
  ctx: ItemContext,
  myOrganisationId: string,
  locale: string,
) {
  return z
    .custom<FormValues>((v) => typeof v === 'object' && v !== null)
    .transform((values, check) => {
      const validate = (name: string, value: unknown) => {
        // An empty field is left out of the body (create) or cleared (update): its default or null applies.
        const result = sharedFieldSchema(kind, name, isEdit)?.safeParse(value === null ? undefined : value)
        if (result && !result.success) {
          for (const issue of result.error.issues) check.addIssue({ ...issue, path: [name] })
        }
      }
      for (const spec of KIND_FIELDS[kind]) {
        if (!isVisible(spec, values)) continue
        const optionalTitle = spec.name === 'title' && OPTIONAL_TITLE_KINDS.has(kind)
        if (isEmpty(values[spec.name])) {
          if (optionalTitle) continue
          if (isRequired(spec, values)) {
            check.addIssue({ code: 'custom', path: [spec.name], message: 'required' })
            continue
          }
        }
        validate(spec.name, toApiValue(spec, values[spec.name], locale))
      }
      const out = apiValuesOf(kind, values, ctx, myOrganisationId, locale)
      validate('audience', out.audience)
      return out
    })
}

/** "Vul het signaal in": the required message that names the field, where the field has one. */
function requiredMessage(spec: FieldSpec): MessageId {
  const id = `${spec.label}.required`
  return id in nl ? (id as MessageId) : 'form.required'
}

/** Which message a field of the item form shows for a failed check. */
export function fieldMessages(spec: FieldSpec): FieldMessages {
  const required = requiredMessage(spec)
  if (spec.type === 'number' || spec.type === 'participants') return { required, invalid_type: 'form.notANumber' }
  // A date that is no date: the date field's own message, naming the field.
  if (spec.type === 'date') return { required, invalid: 'date.invalid' }
  return { required }
}
