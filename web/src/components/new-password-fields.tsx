import { NewPasswordSchema } from '@vp/shared'
import type { Control, FieldPath, FieldValues } from 'react-hook-form'
import { z } from 'zod'
import { type FieldMessages, FormTextField } from './form-fields.tsx'
import { PasswordVisibility } from './password-field.tsx'
import { useT } from './use-t.ts'

/** The shared password rules in the interface's words. */
export const NEW_PASSWORD_MESSAGES: FieldMessages = {
  required: 'password.required',
  too_small: 'password.tooShort',
  too_big: 'password.tooLong',
}
const REPEAT_MESSAGES: FieldMessages = { invalid: 'password.mismatch' }

/**
 * A form schema with the new password repeated: `repeat` must equal `field`. The check runs even
 * while other fields are still wrong, so every error shows at once.
 */
export function withRepeatedPassword<S extends z.ZodObject, F extends keyof S['shape'] & string>(
  schema: S,
  field: F,
): z.ZodType<z.output<S> & { repeat: string }, z.input<S> & { repeat: string }> {
  const extended = schema
    .extend({ repeat: z.string() })
    .refine((v) => (v as Record<string, unknown>)[field] === v.repeat, {
      path: ['repeat'],
      // Only once the password itself is acceptable, as the repetition is compared with it.
      when: (payload) => {
        const value = payload.value as Record<string, unknown>
        return NewPasswordSchema.safeParse(value[field]).success
      },
    })
  // extend() on a generic object schema loses its field types; they are S's plus `repeat`.
  return extended as unknown as z.ZodType<z.output<S> & { repeat: string }, z.input<S> & { repeat: string }>
}

interface NewPasswordFieldsProps<T extends FieldValues, O extends FieldValues> {
  control: Control<T, unknown, O>
  /** The form field name of the new password, as the API names it (`password`, `newPassword`). */
  name: FieldPath<T>
  /** The repetition's field; `repeat` in every form built with withRepeatedPassword. */
  repeatName: FieldPath<T>
}

/** A new password and its repetition, with the rules stated up front and one "Toon wachtwoord" for both. */
export function NewPasswordFields<T extends FieldValues, O extends FieldValues>(props: NewPasswordFieldsProps<T, O>) {
  const t = useT()
  return (
    <PasswordVisibility>
      {(type) => (
        <>
          <FormTextField
            control={props.control}
            name={props.name}
            type={type}
            autoComplete="new-password"
            label={t('password.new')}
            description={t('password.rules')}
            required
            messages={NEW_PASSWORD_MESSAGES}
          />
          <FormTextField
            control={props.control}
            name={props.repeatName}
            type={type}
            autoComplete="new-password"
            label={t('password.repeat')}
            required
            messages={REPEAT_MESSAGES}
          />
        </>
      )}
    </PasswordVisibility>
  )
}
