import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Paragraph } from '@utrecht/component-library-react'
import type { User, UserResponse } from '@vp/shared'
import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { forgetSession, meQueryKey, useMe } from '../api/auth.ts'
import { ApiError, api } from '../api/client.ts'
import { Dialog } from '../components/dialog.tsx'
import { TextField } from '../components/form.tsx'
import { StatusRegion } from '../components/status-region.tsx'
import { useT } from '../components/use-t.ts'
import type { MessageId } from '../i18n/messages.ts'
import { useSessionEnd, useSessionEndStore } from './session-hooks.ts'

type FieldElement = HTMLInputElement & HTMLTextAreaElement

const RESUMED_SHOWN_MS = 8000

/**
 * The session ended while the page was open: a modal sign-in over the page, which stays mounted
 * underneath with everything typed in it. The same person signing in again continues where they were
 * (waiting requests go again); someone else starts afresh. A plain form: no zod in the first route.
 */
export function SessionEndedDialog() {
  const t = useT()
  const queryClient = useQueryClient()
  const me = useMe()
  const store = useSessionEndStore()
  const { ended } = useSessionEnd()
  const user = me.data ?? null
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<MessageId | null>(null)
  const [busy, setBusy] = useState(false)
  const [resumed, setResumed] = useState(false)
  const passwordRef = useRef<FieldElement>(null)
  const bodyId = useId()

  // Signed out in this tab (or by the login page): nothing to resume.
  useEffect(() => {
    if (!user && store.state.ended) store.resume(false)
  }, [user, store])

  useEffect(() => {
    if (ended && user) {
      setEmail(user.email)
      setPassword('')
      setError(null)
      setResumed(false)
    }
  }, [ended, user])

  useEffect(() => {
    if (!resumed) return
    const timer = setTimeout(() => setResumed(false), RESUMED_SHOWN_MS)
    return () => clearTimeout(timer)
  }, [resumed])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy || !user) return
    if (!email.trim() || !password) {
      setError(!email.trim() ? 'login.emailRequired' : 'login.passwordRequired')
      return
    }
    setBusy(true)
    setError(null)
    try {
      const next = (await api.post<UserResponse>('/api/auth/login', { email: email.trim(), password })).user
      continueAs(next)
    } catch (err) {
      setError(describe(err))
      passwordRef.current?.focus()
    } finally {
      setBusy(false)
    }
  }

  const continueAs = (next: User) => {
    if (next.id !== user?.id) {
      // Someone else signed in: nothing on this page is theirs. Start afresh.
      store.resume(false)
      window.location.assign('/')
      return
    }
    queryClient.setQueryData(meQueryKey, next)
    setResumed(true)
    store.resume(true)
    // Whatever changed while signed out.
    void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] })
  }

  const toLoginPage = () => {
    store.resume(false)
    forgetSession(queryClient)
  }

  return (
    <>
      <StatusRegion>{resumed ? t('session.ended.resumed') : null}</StatusRegion>
      <Dialog
        open={ended && user !== null}
        title={t('session.ended.title')}
        describedBy={bodyId}
        initialFocus={passwordRef}
        // Escape cannot dismiss it: the page behind it cannot save anything until one signs in again.
        onCancel={() => {}}
        busy={busy}
      >
        <Paragraph id={bodyId}>{t('session.ended.body')}</Paragraph>
        <form className="vp-form vp-dialog__form" noValidate onSubmit={(e) => void submit(e)}>
          {error && (
            <Alert type="error" role="alert" className="vp-form__alert">
              <Paragraph>{t(error)}</Paragraph>
            </Alert>
          )}
          <TextField
            name="email"
            type="email"
            autoComplete="username"
            label={t('login.email')}
            required
            value={email}
            onChange={setEmail}
          />
          <TextField
            name="password"
            type="password"
            autoComplete="current-password"
            label={t('login.password')}
            required
            inputRef={passwordRef}
            value={password}
            onChange={setPassword}
          />
          <div className="vp-form__actions">
            <Button type="submit" appearance="primary-action-button" busy={busy}>
              {t('session.ended.submit')}
            </Button>
            <Button type="button" appearance="secondary-action-button" onClick={toLoginPage} disabled={busy}>
              {t('session.ended.toLogin')}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  )
}

function describe(err: unknown): MessageId {
  if (!(err instanceof ApiError)) return 'login.failed'
  switch (err.code) {
    case 'unauthenticated':
      return 'login.wrongCredentials'
    case 'rate_limited':
      return 'login.rateLimitedLater'
    case 'network':
      return 'login.offline'
    case 'bad_request':
      return err.fieldMessage('email') ? 'login.emailInvalid' : 'login.passwordRequired'
    default:
      return 'login.failed'
  }
}
