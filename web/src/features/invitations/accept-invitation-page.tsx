import { Button, Heading2, Paragraph } from '@utrecht/component-library-react'
import { AcceptInvitationBodySchema, NewPasswordSchema, type PublicInvitation, type User } from '@vp/shared'
import { useEffect, useId, useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import { z } from 'zod'
import { useLogout, useMe } from '../../api/auth.ts'
import { ApiError } from '../../api/client.ts'
import { useAcceptInvitation, usePublicInvitation } from '../../api/invitations.ts'
import { useDates } from '../../components/dates.ts'
import { FormAlert, isNotFound, LoadError, ServerText, useDescribeError } from '../../components/errors.tsx'
import { type FieldMessages, FormTextField, showServerErrors } from '../../components/form-fields.tsx'
import { Loading } from '../../components/loading.tsx'
import { Notice } from '../../components/notice.tsx'
import { PageHeading } from '../../components/page-heading.tsx'
import { PasswordVisibility } from '../../components/password-field.tsx'
import { TextLink } from '../../components/router-links.tsx'
import { useT } from '../../components/use-t.ts'
import { useZodForm } from '../../components/use-zod-form.ts'
import type { MessageId } from '../../i18n/messages.ts'

const STATE_TITLES: Record<Exclude<PublicInvitation['state'], 'pending'>, MessageId> = {
  accepted: 'accept.accepted.title',
  expired: 'accept.expired.title',
  revoked: 'accept.revoked.title',
}

/** `/uitnodiging/:token`: what the invitation is for, and joining the case through it. */
export function AcceptInvitationPage() {
  const t = useT()
  const { token = '' } = useParams()
  const info = usePublicInvitation(token)
  const me = useMe()

  if (info.isPending || me.isPending) return <Loading />
  if (info.isError) {
    if (isNotFound(info.error)) {
      return (
        <div className="vp-narrow">
          <PageHeading>{t('accept.notFound.title')}</PageHeading>
          <Paragraph>
            {info.error instanceof ApiError && info.error.status === 404 ? (
              <ServerText>{info.error.message}</ServerText>
            ) : (
              t('accept.notFound.body')
            )}
          </Paragraph>
          <Paragraph>
            <TextLink to="/">{t('notFound.home')}</TextLink>
          </Paragraph>
        </div>
      )
    }
    return <LoadError onRetry={() => void info.refetch()} />
  }

  const invitation = info.data
  if (invitation.state !== 'pending' || invitation.caseClosed) {
    return (
      <div className="vp-narrow">
        <PageHeading>
          {t(invitation.state === 'pending' ? 'accept.closed.title' : STATE_TITLES[invitation.state])}
        </PageHeading>
        <InvitationFacts invitation={invitation} />
        <Notice type="warning">
          <Paragraph>
            <ServerText>{invitation.explanation}</ServerText>
          </Paragraph>
        </Notice>
        <Paragraph>
          {invitation.state === 'accepted' && invitation.caseId && me.data ? (
            <TextLink to={`/dossiers/${invitation.caseId}`}>{t('accept.openCase')}</TextLink>
          ) : me.data ? (
            <TextLink to="/">{t('notFound.home')}</TextLink>
          ) : (
            <TextLink to="/inloggen">{t('accept.toLogin')}</TextLink>
          )}
        </Paragraph>
      </div>
    )
  }

  return (
    <div className="vp-narrow">
      <PageHeading>{t('accept.title')}</PageHeading>
      <Paragraph appearance="lead">
        {t('accept.lead', { name: invitation.invitedBy.name, caseTitle: invitation.caseTitle })}
      </Paragraph>
      <InvitationFacts invitation={invitation} />
      <JoinForm token={token} invitation={invitation} user={me.data ?? null} />
    </div>
  )
}

function InvitationFacts({ invitation }: { invitation: PublicInvitation }) {
  const t = useT()
  const dates = useDates()
  return (
    <dl className="vp-profile">
      <div className="vp-profile__item">
        <dt>{t('accept.case')}</dt>
        <dd>{t('accept.caseIn', { caseTitle: invitation.caseTitle, gemeente: invitation.gemeente })}</dd>
      </div>
      <div className="vp-profile__item">
        <dt>{t('accept.organisation')}</dt>
        <dd>{invitation.organisation.name}</dd>
      </div>
      <div className="vp-profile__item">
        <dt>{t('accept.role')}</dt>
        <dd>
          {t(`role.${invitation.role}`)}
          <span className="vp-muted"> – {t(`role.${invitation.role}.description`)}</span>
        </dd>
      </div>
      <div className="vp-profile__item">
        <dt>{t('accept.invitedBy')}</dt>
        <dd>{t('accept.invitedByValue', { name: invitation.invitedBy.name, email: invitation.invitedBy.email })}</dd>
      </div>
      <div className="vp-profile__item">
        <dt>{t('accept.email')}</dt>
        <dd>{invitation.email}</dd>
      </div>
      {invitation.state === 'pending' && (
        <div className="vp-profile__item">
          <dt>{t('accept.validUntil')}</dt>
          <dd>{dates.dateTime(invitation.expiresAt)}</dd>
        </div>
      )}
    </dl>
  )
}

// One schema for the three ways to accept: a new account, signing in first, or already signed in.
const FormSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('create'),
    name: AcceptInvitationBodySchema.shape.name.unwrap(),
    password: NewPasswordSchema,
  }),
  z.object({ mode: z.literal('login'), password: AcceptInvitationBodySchema.shape.password.unwrap() }),
  z.object({ mode: z.literal('join') }),
])
const NAME_MESSAGES: FieldMessages = { invalid: 'accept.nameRequired' }
const NEW_PASSWORD_MESSAGES: FieldMessages = {
  required: 'login.passwordRequired',
  too_small: 'password.tooShort',
  too_big: 'password.tooLong',
}
const PASSWORD_MESSAGES: FieldMessages = { invalid: 'login.passwordRequired' }

function JoinForm({ token, invitation, user }: { token: string; invitation: PublicInvitation; user: User | null }) {
  const t = useT()
  const navigate = useNavigate()
  const describeError = useDescribeError()
  const accept = useAcceptInvitation(token)
  const logout = useLogout()
  const info = usePublicInvitation(token)
  // Whether the address has an account is not told to whoever holds the link: the person says so.
  const [hasAccount, setHasAccount] = useState(false)
  const [waiting, setWaiting] = useState(false)
  const headingId = useId()
  const alertId = useId()

  const signedInAsInvitee = user !== null && user.email.toLowerCase() === invitation.email.toLowerCase()
  const mode = user ? (signedInAsInvitee ? 'join' : 'other') : hasAccount ? 'login' : 'create'
  const form = useZodForm(FormSchema, { mode: mode === 'other' ? 'create' : mode, name: '', password: '' })
  useEffect(() => {
    if (mode !== 'other') form.setValue('mode', mode)
  }, [mode, form.setValue])

  if (waiting) {
    return (
      <div role="status">
        <Notice type="warning">
          <Heading2>{t('accept.pending.title')}</Heading2>
          <Paragraph>{t('accept.pending.body', { organisation: invitation.organisation.name })}</Paragraph>
        </Notice>
      </div>
    )
  }

  if (mode === 'other') {
    return (
      <Notice type="warning">
        <Paragraph>{t('accept.otherAccount', { current: user!.email, email: invitation.email })}</Paragraph>
        <Button appearance="secondary-action-button" busy={logout.isPending} onClick={() => logout.mutate()}>
          {t('auth.logout')}
        </Button>
      </Notice>
    )
  }

  const submit = form.handleSubmit(
    ({ mode: _, ...body }) => {
      if (accept.isPending) return
      accept.mutate(body, {
        onSuccess: ({ caseId, approval }) => {
          if (approval === 'pending') setWaiting(true)
          else navigate(`/dossiers/${caseId}`)
        },
        onError: (err) => {
          // The invitation may have changed meanwhile (used, revoked): show its new state.
          if (err instanceof ApiError && err.status === 409) void info.refetch()
          showServerErrors(form, err, ['name', 'password'])
        },
      })
    },
    () => accept.reset(),
  )

  // A wrong password is a 401 like a lost session; here it can only mean the password.
  const wrongPassword = accept.error instanceof ApiError && accept.error.status === 401 && !accept.error.fields.length
  // 403 after the right password: the account waits for (or was refused) approval.
  const refused = accept.error instanceof ApiError && accept.error.status === 403 && mode === 'login'
  const formError = wrongPassword ? (
    t('login.wrongCredentials')
  ) : refused ? (
    <ServerText>{(accept.error as ApiError).message}</ServerText>
  ) : accept.error ? (
    describeError(accept.error, ['name', 'password'])
  ) : null

  return (
    <form
      className="vp-form"
      noValidate
      onSubmit={submit}
      aria-labelledby={headingId}
      aria-describedby={formError ? alertId : undefined}
    >
      <Heading2 id={headingId}>{t(`accept.${mode}.title`)}</Heading2>
      <Paragraph>{t(`accept.${mode}.intro`, { email: invitation.email })}</Paragraph>
      {(mode === 'create' || mode === 'login') && (
        <Paragraph>
          <Button
            appearance="subtle-button"
            onClick={() => {
              accept.reset()
              form.clearErrors()
              setHasAccount(mode === 'create')
            }}
          >
            {t(mode === 'create' ? 'accept.haveAccount' : 'accept.noAccount')}
          </Button>
        </Paragraph>
      )}
      {formError && <FormAlert id={alertId}>{formError}</FormAlert>}
      {mode !== 'join' && (
        // Lets password managers store the new password under the right account.
        <input type="text" hidden readOnly name="username" autoComplete="username" value={invitation.email} />
      )}
      {mode === 'create' && (
        <FormTextField
          control={form.control}
          name="name"
          autoComplete="name"
          label={t('accept.name')}
          required
          messages={NAME_MESSAGES}
        />
      )}
      {mode !== 'join' && (
        <PasswordVisibility>
          {(type) => (
            <FormTextField
              control={form.control}
              name="password"
              type={type}
              autoComplete={mode === 'create' ? 'new-password' : 'current-password'}
              label={t(mode === 'create' ? 'password.new' : 'login.password')}
              description={mode === 'create' ? t('password.rules') : undefined}
              required
              messages={mode === 'create' ? NEW_PASSWORD_MESSAGES : PASSWORD_MESSAGES}
            />
          )}
        </PasswordVisibility>
      )}
      <div className="vp-form__actions">
        <Button type="submit" appearance="primary-action-button" busy={accept.isPending}>
          {t(`accept.${mode}.submit`)}
        </Button>
      </div>
    </form>
  )
}
