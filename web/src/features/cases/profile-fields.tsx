import { type Case, CreateCaseBodySchema } from '@vp/shared'
import { PROBLEM_TYPES, THEMES } from '@vp/shared/constants'
import type { UseFormReturn } from 'react-hook-form'
import { z } from 'zod'
import {
  type FieldMessages,
  FormRadioGroupField,
  FormSelectField,
  FormTextField,
} from '../../components/form-fields.tsx'
import { useT } from '../../components/use-t.ts'
import type { MessageId } from '../../i18n/messages.ts'

export const PROFILE_FIELDS = [
  'title',
  'gemeente',
  'theme',
  'problemType',
  'area',
  'context',
  'aanleiding',
  'bestuurder',
] as const
export type ProfileField = (typeof PROFILE_FIELDS)[number]
export type ProfileValues = Record<ProfileField, string>

const shape = CreateCaseBodySchema.shape
/** An optional text of the form: empty means "not filled in" (null), as the API has it. */
const optional = <O,>(schema: z.ZodType<O, string | null | undefined>) =>
  z
    .string()
    .trim()
    .transform((v): string | null => (v === '' ? null : v))
    // The schema also takes undefined (a field left out); the form always gives text or null.
    .pipe(schema as z.ZodType<O, string | null>)

/** The profile form on the shared CreateCaseBodySchema; every field is text in the form. */
export const ProfileFormSchema = z.object({
  title: shape.title,
  gemeente: shape.gemeente,
  // Nothing chosen yet is the empty string here.
  theme: z.string().pipe(shape.theme),
  problemType: z.string().pipe(shape.problemType),
  area: optional(shape.area),
  context: optional(shape.context),
  aanleiding: optional(shape.aanleiding),
  bestuurder: optional(shape.bestuurder),
})
export type ProfileFormApi = UseFormReturn<
  z.input<typeof ProfileFormSchema>,
  unknown,
  z.output<typeof ProfileFormSchema>
>

export const EMPTY_PROFILE: ProfileValues = {
  title: '',
  gemeente: '',
  theme: '',
  problemType: '',
  area: '',
  context: '',
  aanleiding: '',
  bestuurder: '',
}

export function profileOf(c: Case): ProfileValues {
  return {
    title: c.title,
    gemeente: c.gemeente,
    theme: c.theme,
    problemType: c.problemType,
    area: c.area ?? '',
    context: c.context ?? '',
    aanleiding: c.aanleiding ?? '',
    bestuurder: c.bestuurder ?? '',
  }
}

const messages = (field: ProfileField): FieldMessages => ({
  required: `profile.${field}.required` as MessageId,
  too_big: 'profile.tooLong',
  invalid: `profile.${field}.required` as MessageId,
})
const OPTIONAL_MESSAGES: FieldMessages = { too_big: 'profile.tooLong' }

/** The step-1 profile of a case: for a new case and for changing it. */
export function ProfileFields({ form }: { form: ProfileFormApi }) {
  const t = useT()
  const { control } = form
  const text = (field: 'title' | 'gemeente' | 'bestuurder', extra: { autoComplete?: string } = {}) => (
    <FormTextField
      control={control}
      name={field}
      label={t(`profile.${field}`)}
      description={field === 'bestuurder' ? t('profile.bestuurder.description') : undefined}
      required={field !== 'bestuurder'}
      messages={field === 'bestuurder' ? OPTIONAL_MESSAGES : messages(field)}
      {...extra}
    />
  )
  const area = (field: 'area' | 'context' | 'aanleiding') => (
    <FormTextField
      control={control}
      name={field}
      label={t(`profile.${field}`)}
      description={t(`profile.${field}.description`)}
      rows={field === 'area' ? 2 : 5}
      messages={OPTIONAL_MESSAGES}
    />
  )
  return (
    <>
      {text('title')}
      {text('gemeente', { autoComplete: 'address-level2' })}
      <FormSelectField
        control={control}
        name="theme"
        label={t('profile.theme')}
        required
        placeholder={t('profile.theme.placeholder')}
        options={THEMES.map((theme) => ({ value: theme, label: t(`theme.${theme}`) }))}
        messages={messages('theme')}
      />
      <FormRadioGroupField
        control={control}
        name="problemType"
        legend={t('profile.problemType')}
        options={PROBLEM_TYPES.map((type) => ({
          value: type,
          label: t(`problemType.${type}`),
          description: t(`problemType.${type}.description`),
        }))}
        messages={messages('problemType')}
      />
      {area('area')}
      {area('context')}
      {area('aanleiding')}
      {text('bestuurder')}
    </>
  )
}
