import { FormFieldCheckbox } from '@utrecht/component-library-react'
import type { ComponentProps, ReactNode } from 'react'
import {
  type Control,
  type FieldError,
  type FieldPath,
  type FieldValues,
  type UseControllerProps,
  type UseFormReturn,
  useController,
} from 'react-hook-form'
import { ApiError } from '../api/client.ts'
import type { MessageId } from '../i18n/messages.ts'
import { ServerText } from './errors.tsx'
import { CheckboxGroupField, RadioGroupField, SelectField, TextField } from './form.tsx'
import { useT } from './use-t.ts'

/**
 * Which message a field shows for a failed check, in the interface's language. The shared schemas
 * speak Dutch only, so a field names its own messages by zod issue code (`too_small`,
 * `invalid_format`, `custom`, …); `required` is shown whenever the field is empty.
 */
export type FieldMessages = Partial<Record<string, MessageId>> & { invalid?: MessageId; required?: MessageId }

/**
 * Puts the field errors of a server answer (400 with field names, 409) at their fields, and focuses
 * the first. Returns whether any field was named, so the caller can leave the form-level alert out.
 */
export function showServerErrors<T extends FieldValues, O extends FieldValues>(
  form: UseFormReturn<T, unknown, O>,
  error: unknown,
  fields: readonly FieldPath<T>[],
  /** Where the server's field name differs from the form's, e.g. `newPassword` → `newPassword`. */
  serverName: (field: FieldPath<T>) => string = (field) => field,
): boolean {
  if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 409)) return false
  let first: FieldPath<T> | undefined
  for (const field of fields) {
    const message = error.fieldMessage(serverName(field))
    if (!message) continue
    form.setError(field, { type: 'server', message })
    first ??= field
  }
  if (first) form.setFocus(first)
  return first !== undefined
}

/** The text for a field's error: the server's own words, or the field's message for the failed check. */
export function useFieldErrorText() {
  const t = useT()
  return (
    error: FieldError | undefined,
    value: unknown,
    messages: FieldMessages = {},
    values?: Record<string, string>,
  ): ReactNode => {
    if (!error) return undefined
    if (error.type === 'server' && error.message) return <ServerText>{error.message}</ServerText>
    const empty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
    const id = (empty && messages.required) || messages[error.type] || messages.invalid
    return id ? t(id, values) : error.message
  }
}

export interface ControlledProps<T extends FieldValues, O extends FieldValues> {
  control: Control<T, unknown, O>
  name: FieldPath<T>
  messages?: FieldMessages
  /** react-hook-form's own checks, for a form that cannot afford zod (the login page, first route). */
  rules?: UseControllerProps<T, FieldPath<T>, O>['rules']
}

/**
 * The binding every form field shares: the controller of `name` and the text of its error. `filled`
 * says whether the field counts as filled in for the "required" message (a checkbox always is).
 */
export function useFormField<T extends FieldValues, O extends FieldValues>(
  { control, name, rules, messages }: ControlledProps<T, O>,
  options: { filled?: boolean; values?: Record<string, string> } = {},
) {
  const { field, fieldState } = useController({ control, name, rules })
  const errorText = useFieldErrorText()
  const errorMessage = errorText(fieldState.error, options.filled ? true : field.value, messages, options.values)
  return { field, fieldState, errorMessage }
}

type TextProps = Omit<ComponentProps<typeof TextField>, 'name' | 'value' | 'onChange' | 'errorMessage' | 'inputRef'>

/** A TextField whose value, check and error come from the form. */
export function FormTextField<T extends FieldValues, O extends FieldValues>({
  control,
  name,
  messages,
  rules,
  ...props
}: ControlledProps<T, O> & TextProps) {
  const { field, errorMessage } = useFormField({ control, name, messages, rules })
  return (
    <TextField
      {...props}
      name={name}
      value={field.value ?? ''}
      onChange={field.onChange}
      inputRef={field.ref}
      errorMessage={errorMessage}
    />
  )
}

type SelectProps = Omit<ComponentProps<typeof SelectField>, 'name' | 'value' | 'onChange' | 'errorMessage' | 'inputRef'>

/** A SelectField whose value, check and error come from the form. */
export function FormSelectField<T extends FieldValues, O extends FieldValues>({
  control,
  name,
  messages,
  rules,
  ...props
}: ControlledProps<T, O> & SelectProps) {
  const { field, errorMessage } = useFormField({ control, name, messages, rules })
  return (
    <SelectField
      {...props}
      name={name}
      value={field.value ?? ''}
      onChange={field.onChange}
      inputRef={field.ref}
      errorMessage={errorMessage}
    />
  )
}

type CheckboxProps = Omit<
  ComponentProps<typeof FormFieldCheckbox>,
  'name' | 'checked' | 'onChange' | 'errorMessage' | 'invalid' | 'inputRef'
>

/** Utrecht's checkbox field (label, description, error) whose value and error come from the form. */
export function FormCheckboxField<T extends FieldValues, O extends FieldValues>({
  control,
  name,
  messages,
  rules,
  ...props
}: ControlledProps<T, O> & CheckboxProps) {
  const { field, errorMessage } = useFormField({ control, name, messages, rules }, { filled: true })
  return (
    <FormFieldCheckbox
      {...props}
      name={name}
      checked={Boolean(field.value)}
      onChange={(event) => field.onChange(event.target.checked)}
      inputRef={field.ref}
      invalid={Boolean(errorMessage)}
      errorMessage={errorMessage}
    />
  )
}

type RadioProps = Omit<
  ComponentProps<typeof RadioGroupField>,
  'name' | 'value' | 'onChange' | 'errorMessage' | 'inputRef'
>

/** A RadioGroupField whose value, check and error come from the form. */
export function FormRadioGroupField<T extends FieldValues, O extends FieldValues>({
  control,
  name,
  messages,
  rules,
  ...props
}: ControlledProps<T, O> & RadioProps) {
  const { field, errorMessage } = useFormField({ control, name, messages, rules })
  return (
    <RadioGroupField
      {...props}
      name={name}
      value={field.value ?? ''}
      onChange={field.onChange}
      inputRef={field.ref}
      errorMessage={errorMessage}
    />
  )
}

type CheckboxGroupProps = Omit<
  ComponentProps<typeof CheckboxGroupField>,
  'name' | 'values' | 'onChange' | 'errorMessage'
>

/** A group of checkboxes whose chosen values and error come from the form. */
export function FormCheckboxGroupField<T extends FieldValues, O extends FieldValues>({
  control,
  name,
  messages,
  rules,
  ...props
}: ControlledProps<T, O> & CheckboxGroupProps) {
  const { field, errorMessage } = useFormField({ control, name, messages, rules })
  return (
    <CheckboxGroupField
      {...props}
      name={name}
      values={Array.isArray(field.value) ? field.value : []}
      errorMessage={errorMessage}
      onChange={field.onChange}
    />
  )
}
