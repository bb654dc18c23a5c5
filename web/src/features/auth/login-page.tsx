import { Alert, Button, Paragraph } from '@utrecht/component-library-react'
import { type FormEvent, useId, useRef, useState } from 'react'
import { Navigate, useLocation } from 'react-router'
import { useLogin, useMe } from '../../api/auth.ts'
import { ApiError } from '../../api/client.ts'
import { TextField } from '../../components/form.tsx'
import { PageHeading } from '../../components/page-heading.tsx'
import { PasswordVisibility } from '../../components/password-field.tsx'
import { TextLink } from '../../components/router-links.tsx'
import { useT } from '../../components/use-t.ts'
import type { MessageId } from '../../i18n/messages.ts'

type Field = 'email' | 'password'
type FieldErrors = Partial<Record<Field, MessageId>>

// Deliberately loose: the server decides; this only catches typos such as a missing @. The login
// page is the first route: react-hook-form and zod (~15 + 32 KB gzip) would break its 150 KB budget.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

function validate(field: Field, value: string): MessageId | undefined {
  if (field === 'email') {
    if (!value.trim()) return 'login.emailRequired'
    if (!EMAIL.test(value.trim())) return 'login.emailInvalid'
    return undefined
  }
  return value ? undefined : 'login.passwordRequired'
}

/** Where to go after signing in: back to the page that sent us here, never to another site. */
function useReturnPath(): string {
  const { state } = useLocation()
  const from: unknown = state && typeof state === 'object' && 'from' in state ? state.from : undefined
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : '/'
}

/** What TextField's inputRef points at: the textbox (a textarea when it has rows). */
type FieldElement = HTMLInputElement & HTMLTextAreaElement

export function LoginPage() {
  const t = useT()
  const me = useMe()
  const login = useLogin()
  const returnPath = useReturnPath()
  const [values, setValues] = useState<Record<Field, string>>({ email: '', password: '' })
  const [errors, setErrors] = useState<FieldErrors>({})
  const inputs = { email: useRef<FieldElement>(null), password: useRef<FieldElement>(null) }
  const headingId = useId()
  const alertId = useId()

  // Signed in (already, or just now): the login page has nothing more to offer.
  if (me.data) return <Navigate to={returnPath} replace />

  const change = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }))
    // Once a field shows an error, let it go away as soon as the input is right.
    if (errors[field]) setErrors((e) => ({ ...e, [field]: validate(field, value) }))
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (login.isPending) return
    const found: FieldErrors = {
      email: validate('email', values.email),
      password: validate('password', values.password),
    }
    setErrors(found)
    const firstInvalid = (['email', 'password'] as const).find((f) => found[f])
    if (firstInvalid) {
      login.reset()
      inputs[firstInvalid].current?.focus()
      return
    }
    login.mutate(
      { email: values.email.trim(), password: values.password },
      {
        onError: (err) => {
          if (!(err instanceof ApiError) || err.status !== 400) return
          const fromServer: FieldErrors = {
            email: err.fieldMessage('email') ? 'login.emailInvalid' : undefined,
            password: err.fieldMessage('password') ? 'login.passwordRequired' : undefined,
          }
          setErrors(fromServer)
          const first = (['email', 'password'] as const).find((f) => fromServer[f])
          if (first) inputs[first].current?.focus()
        },
      },
    )
  }

  const formError = login.error ? describeLoginError(login.error, errors) : null

  return (
    <div className="vp-narrow">
      <PageHeading id={headingId}>{t('login.title')}</PageHeading>
      <Paragraph appearance="lead">{t('login.intro')}</Paragraph>
      <form
        className="vp-form"
        noValidate
        onSubmit={submit}
        aria-labelledby={headingId}
        aria-describedby={formError ? alertId : undefined}
      >
        {formError && (
          <Alert id={alertId} type="error" role="alert" className="vp-form__alert">
            <Paragraph>{t(formError.id, formError.values)}</Paragraph>
          </Alert>
        )}
        <TextField
          name="email"
          type="email"
          autoComplete="username"
          label={t('login.email')}
          required
          inputRef={inputs.email}
          value={values.email}
          onChange={(value) => change('email', value)}
          errorMessage={errors.email && t(errors.email)}
        />
        <PasswordVisibility>
          {(type) => (
            <TextField
              name="password"
              type={type}
              autoComplete="current-password"
              label={t('login.password')}
              required
              inputRef={inputs.password}
              value={values.password}
              onChange={(value) => change('password', value)}
              errorMessage={errors.password && t(errors.password)}
            />
          )}
        </PasswordVisibility>
        <div className="vp-form__actions">
          <Button type="submit" appearance="primary-action-button" busy={login.isPending}>
            {t('login.submit')}
          </Button>
        </div>
      </form>
      <Paragraph>
        <TextLink to="/wachtwoord-vergeten">{t('login.forgotPassword')}</TextLink>
      </Paragraph>
      <Paragraph className="vp-muted">{t('login.noAccount')}</Paragraph>
    </div>
  )
}

/** The message for a failed sign-in that is about the whole form rather than one field. */
function describeLoginError(
  error: Error,
  fieldErrors: FieldErrors,
): { id: MessageId; values?: Record<string, number | string> } | null {
  if (!(error instanceof ApiError)) return { id: 'login.failed' }
  switch (error.code) {
    case 'csrf': {
      // The page was opened at an address the server does not accept; its answer names the right one.
      const address = /https?:\/\/[^\s]+/.exec(error.message)?.[0]
      return address ? { id: 'login.wrongAddress', values: { address } } : { id: 'login.failed' }
    }
    case 'unauthenticated':
      return { id: 'login.wrongCredentials' }
    case 'rate_limited':
      return error.retryAfterSeconds
        ? { id: 'login.rateLimited', values: { minutes: Math.ceil(error.retryAfterSeconds / 60) } }
        : { id: 'login.rateLimitedLater' }
    case 'network':
      return { id: 'login.offline' }
    case 'forbidden':
      // Only said after the right password: the account waits for (or was refused) approval.
      return { id: /goedkeuring/.test(error.message) ? 'login.pendingApproval' : 'login.notApproved' }
    case 'bad_request':
      // Shown at the fields when the server named them.
      return fieldErrors.email || fieldErrors.password ? null : { id: 'login.failed' }
    default:
      return { id: 'login.failed' }
  }
}
