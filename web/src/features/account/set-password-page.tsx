import { Button, Paragraph } from '@utrecht/component-library-react'
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import { usePasswordLink, useSetPassword } from '../../api/account.ts'
import { FormAlert, isNotFound, LoadError, serverFieldError, useDescribeError } from '../../components/errors.tsx'
import { focusField } from '../../components/form.tsx'
import { Loading } from '../../components/loading.tsx'
import { Notice } from '../../components/notice.tsx'
import { PageHeading } from '../../components/page-heading.tsx'
import { TextLink } from '../../components/router-links.tsx'
import { useT } from '../../components/use-t.ts'
import { checkNewPassword, NewPasswordFields } from './password-fields.tsx'

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
  if (link.data.state === 'expired')
    return <LinkProblem title={t('link.expired.title')} body={t('link.expired.body')} />
  if (link.data.state === 'used') return <LinkProblem title={t('link.used.title')} body={t('link.used.body')} />

  return (
    <div className="vp-narrow">
      <PageHeading>{t('setPassword.title')}</PageHeading>
      <Paragraph appearance="lead">
        {link.data.name && link.data.email
          ? t('setPassword.intro', { name: link.data.name, email: link.data.email })
          : t('setPassword.introAnonymous')}
      </Paragraph>
      <SetPasswordForm token={token} email={link.data.email} />
    </div>
  )
}

export function LinkProblem({ title, body }: { title: string; body: string }) {
  const t = useT()
  return (
    <div className="vp-narrow">
      <PageHeading>{title}</PageHeading>
      <Notice type="warning">
        <Paragraph>{body}</Paragraph>
      </Notice>
      <Paragraph>
        <TextLink to="/inloggen">{t('accept.toLogin')}</TextLink>
      </Paragraph>
    </div>
  )
}

function SetPasswordForm({ token, email }: { token: string; email: string | null }) {
  const t = useT()
  const navigate = useNavigate()
  const describeError = useDescribeError()
  const setPassword = useSetPassword(token)
  const [values, setValues] = useState({ password: '', repeat: '' })
  const [errors, setErrors] = useState<{ password?: ReactNode; repeat?: ReactNode }>({})
  const formRef = useRef<HTMLFormElement>(null)
  const headingId = useId()
  const alertId = useId()

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (setPassword.isPending) return
    const local = checkNewPassword(values.password, values.repeat)
    const first = (['password', 'repeat'] as const).find((f) => local[f])
    if (first) {
      setPassword.reset()
      setErrors({ password: local.password && t(local.password), repeat: local.repeat && t(local.repeat) })
      focusField(formRef.current, first)
      return
    }
    setPassword.mutate(
      { password: values.password },
      {
        onSuccess: () => navigate('/', { replace: true }),
        onError: (err) => {
          const password = serverFieldError(err, 'password')
          setErrors({ password })
          if (password) focusField(formRef.current, 'password')
        },
      },
    )
  }

  const formError = setPassword.error ? describeError(setPassword.error, ['password']) : null

  return (
    <form
      ref={formRef}
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
      <NewPasswordFields
        password={values.password}
        repeat={values.repeat}
        errors={errors}
        onChange={(field, value) => {
          setValues((v) => ({ ...v, [field]: value }))
          if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }))
        }}
      />
      <div className="vp-form__actions">
        <Button type="submit" appearance="primary-action-button" busy={setPassword.isPending}>
          {t('setPassword.submit')}
        </Button>
      </div>
    </form>
  )
}
