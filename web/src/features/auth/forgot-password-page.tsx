import { Button, Paragraph } from '@utrecht/component-library-react'
import { PasswordResetBodySchema, type PasswordResetResult } from '@vp/shared'
import { useId, useState } from 'react'
import { useRequestPasswordReset } from '../../api/account.ts'
import { FormAlert, useDescribeError } from '../../components/errors.tsx'
import { type FieldMessages, FormTextField, showServerErrors } from '../../components/form-fields.tsx'
import { Heading } from '../../components/heading.tsx'
import { Notice } from '../../components/notice.tsx'
import { PageHeading } from '../../components/page-heading.tsx'
import { TextLink } from '../../components/router-links.tsx'
import { useFocusAfter } from '../../components/use-focus-after.ts'
import { useT } from '../../components/use-t.ts'
import { useZodForm } from '../../components/use-zod-form.ts'

const EMAIL_MESSAGES: FieldMessages = { required: 'login.emailRequired', invalid: 'login.emailInvalid' }

/**
 * `/wachtwoord-vergeten`: asks for a reset link. The answer is the same whether or not the address
 * has an account; only whether this instance sends mail at all changes what it says.
 */
export function ForgotPasswordPage() {
  const t = useT()
  const describeError = useDescribeError()
  const reset = useRequestPasswordReset()
  const form = useZodForm(PasswordResetBodySchema, { email: '' })
  const [done, setDone] = useState<(PasswordResetResult & { email: string }) | null>(null)
  const result = useFocusAfter<HTMLHeadingElement>()
  const headingId = useId()
  const alertId = useId()

  const submit = form.handleSubmit(
    ({ email }) => {
      if (reset.isPending) return
      reset.mutate(
        { email },
        {
          onSuccess: (answer) => {
            result.request()
            setDone({ ...answer, email })
          },
          onError: (err) => showServerErrors(form, err, ['email']),
        },
      )
    },
    () => reset.reset(),
  )

  const formError = reset.error ? describeError(reset.error, ['email']) : null

  return (
    <div className="vp-narrow">
      <PageHeading id={headingId}>{t('forgotPassword.title')}</PageHeading>
      {done ? (
        <Notice type={done.mailConfigured ? 'ok' : 'warning'}>
          <Heading level={2} ref={result.ref} tabIndex={-1}>
            {t(done.mailConfigured ? 'forgotPassword.sentTitle' : 'forgotPassword.noMailTitle')}
          </Heading>
          <Paragraph>
            {done.mailConfigured ? t('forgotPassword.sent', { email: done.email }) : t('forgotPassword.noMail')}
          </Paragraph>
        </Notice>
      ) : (
        <>
          <Paragraph appearance="lead">{t('forgotPassword.intro')}</Paragraph>
          <form
            className="vp-form"
            noValidate
            onSubmit={submit}
            aria-labelledby={headingId}
            aria-describedby={formError ? alertId : undefined}
          >
            {formError && <FormAlert id={alertId}>{formError}</FormAlert>}
            <FormTextField
              control={form.control}
              name="email"
              type="email"
              autoComplete="username"
              label={t('login.email')}
              required
              messages={EMAIL_MESSAGES}
            />
            <div className="vp-form__actions">
              <Button type="submit" appearance="primary-action-button" busy={reset.isPending}>
                {t('forgotPassword.submit')}
              </Button>
            </div>
          </form>
        </>
      )}
      <Paragraph>
        <TextLink to="/inloggen">{t('forgotPassword.toLogin')}</TextLink>
      </Paragraph>
    </div>
  )
}
