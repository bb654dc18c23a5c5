import { FormFieldTextarea, FormFieldTextbox } from '@utrecht/component-library-react'
import type { Case, CreateCaseBody, ProblemType, Theme } from '@vp/shared'
import { PROBLEM_TYPES, THEMES } from '@vp/shared/constants'
import type { ReactNode } from 'react'
import { inputValue, RadioGroupField, SelectField } from '../../components/form.tsx'
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
export type ProfileErrors = Partial<Record<ProfileField, ReactNode>>

const REQUIRED: readonly ProfileField[] = ['title', 'gemeente', 'theme', 'problemType']
const SHORT: readonly ProfileField[] = ['title', 'gemeente', 'bestuurder']

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

/** Form values as the API wants them: trimmed, empty optional texts as null. */
export function toProfileBody(values: ProfileValues, fields: readonly ProfileField[] = PROFILE_FIELDS) {
  const body: Partial<CreateCaseBody> = {}
  for (const field of fields) {
    const value = values[field].trim()
    if (field === 'theme') body.theme = value as Theme
    else if (field === 'problemType') body.problemType = value as ProblemType
    else if (field === 'title' || field === 'gemeente') body[field] = value
    else body[field] = value === '' ? null : value
  }
  return body
}

/** The checks a person can fix before sending; everything else the server answers field by field. */
export function validateProfile(values: ProfileValues): Partial<Record<ProfileField, MessageId>> {
  const errors: Partial<Record<ProfileField, MessageId>> = {}
  for (const field of REQUIRED) if (!values[field].trim()) errors[field] = `profile.${field}.required`
  for (const field of SHORT) if (!errors[field] && values[field].trim().length > 200) errors[field] = 'profile.tooLong'
  return errors
}

interface ProfileFieldsProps {
  values: ProfileValues
  errors: ProfileErrors
  onChange: (field: ProfileField, value: string) => void
}

/** The step-1 profile of a case: for a new case and for changing it. */
export function ProfileFields({ values, errors, onChange }: ProfileFieldsProps) {
  const t = useT()
  const text = (field: 'title' | 'gemeente' | 'bestuurder', extra: { autoComplete?: string } = {}) => (
    <FormFieldTextbox
      name={field}
      label={t(`profile.${field}`)}
      description={field === 'bestuurder' ? t('profile.bestuurder.description') : undefined}
      required={field !== 'bestuurder'}
      value={values[field]}
      onChange={(e) => onChange(field, inputValue(e))}
      invalid={Boolean(errors[field])}
      errorMessage={errors[field]}
      {...extra}
    />
  )
  const area = (field: 'area' | 'context' | 'aanleiding') => (
    <FormFieldTextarea
      name={field}
      label={t(`profile.${field}`)}
      description={t(`profile.${field}.description`)}
      rows={field === 'area' ? 2 : 5}
      value={values[field]}
      onChange={(e) => onChange(field, (e.target as HTMLTextAreaElement).value)}
      invalid={Boolean(errors[field])}
      errorMessage={errors[field]}
    />
  )
  return (
    <>
      {text('title')}
      {text('gemeente', { autoComplete: 'address-level2' })}
      <SelectField
        name="theme"
        label={t('profile.theme')}
        required
        value={values.theme}
        placeholder={t('profile.theme.placeholder')}
        options={THEMES.map((theme) => ({ value: theme, label: t(`theme.${theme}`) }))}
        onChange={(value) => onChange('theme', value)}
        errorMessage={errors.theme}
      />
      <RadioGroupField
        name="problemType"
        legend={t('profile.problemType')}
        value={values.problemType}
        options={PROBLEM_TYPES.map((type) => ({
          value: type,
          label: t(`problemType.${type}`),
          description: t(`problemType.${type}.description`),
        }))}
        onChange={(value) => onChange('problemType', value)}
        errorMessage={errors.problemType}
      />
      {area('area')}
      {area('context')}
      {area('aanleiding')}
      {text('bestuurder')}
    </>
  )
}
