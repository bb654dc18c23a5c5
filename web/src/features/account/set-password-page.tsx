import { Button, Paragraph } from '@utrecht/component-library-react'
import { SetPasswordBodySchema } from '@vp/shared'
import { useId } from 'react'
import { useNavigate, useParams } from 'react-router'
import { usePasswordLink, useSetPassword } from '../../api/account.ts'
import { FormAlert, isNotFound, LoadError, useDescribeError } from '../../components/errors.tsx'
import { showServerErrors } from '../../components/form-fields.tsx'
import { Loading } from '../../components/loading.tsx'
import { NewPasswordFields, withRepeatedPassword } from '../../components/new-password-fields.tsx'
import { Notice } from '../../components/notice.tsx'
import { PageHeading } from '../../components/page-heading.tsx'
import { TextLink } from '../../components/router-links.tsx'
import { useT } from '../../components/use-t.ts'
import { useZodForm } from '../../components/use-zod-form.ts'

/** `/wachtwoord-instellen/:token`: a new account or a reset; the admin passed the link on. */
export function SetPasswordPage() {
  const t = useT()
  const { token = '' } = useParams()
  const link = usePasswordLink(token)

  if (link.isPending) return <Loading />
  if (link.isError) {
    if (isNotFound(link.error)) return <LinkProblem title={t('link.notFound.title')} body={t('link.notFound.body')} />
    return <LoadError onRetry={() => void link.refetch()} />
  }
  // A reset link was asked for by the person themselves: they can ask for a new one the same way.
  const isReset = link.data.purpose === 'password_reset'
  if (link.data.state === 'expired')
    return (
      <LinkProblem
        title={t('link.expired.title')}
        body={t(isReset ? 'link.expired.bodyReset' : 'link.expired.body')}
        requestNew={isReset}
      />
    )
  if (link.data.state === 'used')
    return (
      <LinkProblem
        title={t('link.used.title')}
        body={t(isReset ? 'link.used.bodyReset' : 'link.used.body')}
        requestNew={isReset}
      />
    )

  return (
    <div className="vp-narrow">
      <PageHeading>{t(isReset ? 'setPassword.resetTitle' : 'setPassword.title')}</PageHeading>
      <Paragraph appearance="lead">
        {isReset && link.data.email
          ? t('setPassword.resetIntro', { email: link.data.email })
          : link.data.name && link.data.email
            ? t('setPassword.intro', { name: link.data.name, email: link.data.email })
            : t('setPassword.introAnonymous')}
      </Paragraph>
      <SetPasswordForm token={token} email={link.data.email} />
    </div>
  )
}

export function LinkProblem({ title, body, requestNew }: { title: string; body: string; requestNew?: boolean }) {
  const t = useT()
  return (
    <div className="vp-narrow">
      <PageHeading>{title}</PageHeading>
      <Notice type="warning">
        <Paragraph>{body}</Paragraph>
      </Notice>
      {requestNew && (
        <Paragraph>
          <TextLink to="/wachtwoord-vergeten">{t('link.requestNew')}</TextLink>
        </Paragraph>
      )}
      <Paragraph>
        <TextLink to="/inloggen">{t('accept.toLogin')}</TextLink>
      </Paragraph>
    </div>
  )
}

const FormSchema = withRepeatedPassword(SetPasswordBodySchema, 'password')

function SetPasswordForm({ token, email }: { token: string; email: string | null }) {
  const t = useT()
  const navigate = useNavigate()
  const describeError = useDescribeError()
  const setPassword = useSetPassword(token)
  const form = useZodForm(FormSchema, { password: '', repeat: '' })
  const headingId = useId()
  const alertId = useId()

  const submit = form.handleSubmit(
    ({ password }) => {
      if (setPassword.isPending) return
      setPassword.mutate(
        { password },
        {
          onSuccess: () => navigate('/', { replace: true }),
          onError: (err) => showServerErrors(form, err, ['password']),
        },
      )
    },
    () => setPassword.reset(),
  )

  const formError = setPassword.error ? describeError(setPassword.error, ['password']) : null

  return (
    <form
      className="vp-form"
      noValidate
      onSubmit={submit}
      aria-labelledby={headingId}
      aria-describedby={formError ? alertId : undefined}
    >
      <p id={headingId} className="vp-visually-hidden">
        {t('setPassword.title')}
      </p>
      {formError && <FormAlert id={alertId}>{formError}</FormAlert>}
      {email && <input type="text" hidden readOnly name="username" autoComplete="username" value={email} />}
      <NewPasswordFields control={form.control} name="password" repeatName="repeat" />
      <div className="vp-form__actions">
        <Button type="submit" appearance="primary-action-button" busy={setPassword.isPending}>
          {t('setPassword.submit')}
        </Button>
      </div>
    </form>
  )
}
