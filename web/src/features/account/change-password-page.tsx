import { Button, Paragraph } from '@utrecht/component-library-react'
import { ChangePasswordBodySchema } from '@vp/shared'
import { useId, useState } from 'react'
import { useChangePassword } from '../../api/account.ts'
import { useCurrentUser } from '../../api/auth.ts'
import { FormAlert, useDescribeError } from '../../components/errors.tsx'
import { type FieldMessages, FormTextField, showServerErrors } from '../../components/form-fields.tsx'
import { NewPasswordFields, withRepeatedPassword } from '../../components/new-password-fields.tsx'
import { PageHeading } from '../../components/page-heading.tsx'
import { PasswordVisibility } from '../../components/password-field.tsx'
import { StatusRegion } from '../../components/status-region.tsx'
import { useT } from '../../components/use-t.ts'
import { useZodForm } from '../../components/use-zod-form.ts'

const FormSchema = withRepeatedPassword(ChangePasswordBodySchema, 'newPassword')
const EMPTY = { currentPassword: '', newPassword: '', repeat: '' }
const CURRENT_MESSAGES: FieldMessages = { required: 'password.currentRequired', invalid: 'password.currentRequired' }

/** `/account/wachtwoord`: change one's own password; other sessions end. */
export function ChangePasswordPage() {
  const t = useT()
  const user = useCurrentUser()
  const describeError = useDescribeError()
  const change = useChangePassword()
  const form = useZodForm(FormSchema, EMPTY)
  const [status, setStatus] = useState<string | null>(null)
  const headingId = useId()
  const alertId = useId()

  const submit = form.handleSubmit(
    ({ currentPassword, newPassword }) => {
      if (change.isPending) return
      setStatus(null)
      change.mutate(
        { currentPassword, newPassword },
        {
          onSuccess: () => {
            form.reset(EMPTY)
            setStatus(t('changePassword.done'))
          },
          onError: (err) => showServerErrors(form, err, ['currentPassword', 'newPassword']),
        },
      )
    },
    () => {
      change.reset()
      setStatus(null)
    },
  )

  const formError = change.error ? describeError(change.error, ['currentPassword', 'newPassword']) : null

  return (
    <div className="vp-narrow">
      <PageHeading id={headingId}>{t('changePassword.title')}</PageHeading>
      <Paragraph appearance="lead">{t('changePassword.intro')}</Paragraph>
      <StatusRegion>{status}</StatusRegion>
      <form
        className="vp-form"
        noValidate
        onSubmit={submit}
        aria-labelledby={headingId}
        aria-describedby={formError ? alertId : undefined}
      >
        {formError && <FormAlert id={alertId}>{formError}</FormAlert>}
        <input type="text" hidden readOnly name="username" autoComplete="username" value={user.email} />
        <PasswordVisibility>
          {(type) => (
            <FormTextField
              control={form.control}
              name="currentPassword"
              type={type}
              autoComplete="current-password"
              label={t('password.current')}
              required
              messages={CURRENT_MESSAGES}
            />
          )}
        </PasswordVisibility>
        <NewPasswordFields control={form.control} name="newPassword" repeatName="repeat" />
        <div className="vp-form__actions">
          <Button type="submit" appearance="primary-action-button" busy={change.isPending}>
            {t('changePassword.submit')}
          </Button>
        </div>
      </form>
    </div>
  )
}
