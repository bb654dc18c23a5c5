import { Button, FormFieldTextbox, Paragraph } from '@utrecht/component-library-react'
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react'
import { useChangePassword } from '../../api/account.ts'
import { useCurrentUser } from '../../api/auth.ts'
import { FormAlert, serverFieldError, useDescribeError } from '../../components/errors.tsx'
import { focusField, inputValue } from '../../components/form.tsx'
import { PageHeading } from '../../components/page-heading.tsx'
import { StatusRegion } from '../../components/status-region.tsx'
import { useT } from '../../components/use-t.ts'
import { checkNewPassword, NewPasswordFields } from './password-fields.tsx'

const FIELDS = ['currentPassword', 'newPassword', 'repeat'] as const
type Field = (typeof FIELDS)[number]
const EMPTY: Record<Field, string> = { currentPassword: '', newPassword: '', repeat: '' }

/** `/account/wachtwoord`: change one's own password; other sessions end. */
export function ChangePasswordPage() {
  const t = useT()
  const user = useCurrentUser()
  const describeError = useDescribeError()
  const change = useChangePassword()
  const [values, setValues] = useState(EMPTY)
  const [errors, setErrors] = useState<Partial<Record<Field, ReactNode>>>({})
  const [status, setStatus] = useState<string | null>(null)
  const formRef = useRef<HTMLFormElement>(null)
  const headingId = useId()
  const alertId = useId()

  const update = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }))
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }))
  }
  const showErrors = (found: Partial<Record<Field, ReactNode>>) => {
    setErrors(found)
    const first = FIELDS.find((f) => found[f])
    if (first) focusField(formRef.current, first)
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (change.isPending) return
    setStatus(null)
    const local: Partial<Record<Field, ReactNode>> = {}
    if (!values.currentPassword) local.currentPassword = t('password.currentRequired')
    const fresh = checkNewPassword(values.newPassword, values.repeat)
    if (fresh.password) local.newPassword = t(fresh.password)
    if (fresh.repeat) local.repeat = t(fresh.repeat)
    if (Object.keys(local).length > 0) {
      change.reset()
      showErrors(local)
      return
    }
    change.mutate(
      { currentPassword: values.currentPassword, newPassword: values.newPassword },
      {
        onSuccess: () => {
          setValues(EMPTY)
          setErrors({})
          setStatus(t('changePassword.done'))
        },
        onError: (err) =>
          showErrors({
            currentPassword: serverFieldError(err, 'currentPassword'),
            newPassword: serverFieldError(err, 'newPassword'),
          }),
      },
    )
  }

  const formError = change.error ? describeError(change.error, ['currentPassword', 'newPassword']) : null

  return (
    <div className="vp-narrow">
      <PageHeading id={headingId}>{t('changePassword.title')}</PageHeading>
      <Paragraph appearance="lead">{t('changePassword.intro')}</Paragraph>
      <StatusRegion>{status}</StatusRegion>
      <form
        ref={formRef}
        className="vp-form"
        noValidate
        onSubmit={submit}
        aria-labelledby={headingId}
        aria-describedby={formError ? alertId : undefined}
      >
        {formError && <FormAlert id={alertId}>{formError}</FormAlert>}
        <input type="text" hidden readOnly name="username" autoComplete="username" value={user.email} />
        <FormFieldTextbox
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          label={t('password.current')}
          required
          value={values.currentPassword}
          onChange={(e) => update('currentPassword', inputValue(e))}
          invalid={Boolean(errors.currentPassword)}
          errorMessage={errors.currentPassword}
        />
        <NewPasswordFields
          name="newPassword"
          password={values.newPassword}
          repeat={values.repeat}
          errors={{ password: errors.newPassword, repeat: errors.repeat }}
          onChange={(field, value) => update(field === 'password' ? 'newPassword' : 'repeat', value)}
        />
        <div className="vp-form__actions">
          <Button type="submit" appearance="primary-action-button" busy={change.isPending}>
            {t('changePassword.submit')}
          </Button>
        </div>
      </form>
    </div>
  )
}
