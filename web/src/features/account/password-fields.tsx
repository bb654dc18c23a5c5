import { FormFieldTextbox } from '@utrecht/component-library-react'
import type { ReactNode } from 'react'
import { inputValue } from '../../components/form.tsx'
import { useT } from '../../components/use-t.ts'
import type { MessageId } from '../../i18n/messages.ts'

export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 128

/** Length checks before sending; the server also refuses common passwords and says so. */
export function checkNewPassword(password: string, repeat: string): { password?: MessageId; repeat?: MessageId } {
  if (!password) return { password: 'password.required' }
  if (password.length < PASSWORD_MIN_LENGTH) return { password: 'password.tooShort' }
  if (password.length > PASSWORD_MAX_LENGTH) return { password: 'password.tooLong' }
  if (repeat !== password) return { repeat: 'password.mismatch' }
  return {}
}

interface NewPasswordFieldsProps {
  password: string
  repeat: string
  onChange: (field: 'password' | 'repeat', value: string) => void
  errors: { password?: ReactNode; repeat?: ReactNode }
  /** The form field name of the new password, as the API names it (`password`, `newPassword`). */
  name?: string
}

/** A new password and its repetition, with the rules stated up front. */
export function NewPasswordFields({ password, repeat, onChange, errors, name = 'password' }: NewPasswordFieldsProps) {
  const t = useT()
  return (
    <>
      <FormFieldTextbox
        name={name}
        type="password"
        autoComplete="new-password"
        label={t('password.new')}
        description={t('password.rules')}
        required
        value={password}
        onChange={(e) => onChange('password', inputValue(e))}
        invalid={Boolean(errors.password)}
        errorMessage={errors.password}
      />
      <FormFieldTextbox
        name="repeat"
        type="password"
        autoComplete="new-password"
        label={t('password.repeat')}
        required
        value={repeat}
        onChange={(e) => onChange('repeat', inputValue(e))}
        invalid={Boolean(errors.repeat)}
        errorMessage={errors.repeat}
      />
    </>
  )
}
