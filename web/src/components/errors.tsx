import { Alert, Button, Paragraph } from '@utrecht/component-library-react'
import type { ReactNode } from 'react'
import { ApiError } from '../api/client.ts'
import { useT } from './use-t.ts'

/**
 * Text written by the server (its validation and conflict messages are Dutch only). Marked as Dutch
 * so a screen reader in the English interface pronounces it right (WCAG 3.1.2).
 */
export function ServerText({ children }: { children: string }) {
  return <span lang="nl">{children}</span>
}

/** The server's message for a field of a 400 answer, ready to show at that field. */
export function serverFieldError(error: unknown, field: string): ReactNode | undefined {
  if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 409)) return undefined
  const message = error.fieldMessage(field)
  return message ? <ServerText>{message}</ServerText> : undefined
}

/**
 * What to say about a failed request as a whole. Field errors are shown at their fields, so a 400
 * that names a known field gives null here.
 */
export function useDescribeError() {
  const t = useT()
  return (error: unknown, knownFields: readonly string[] = []): ReactNode | null => {
    if (!(error instanceof ApiError)) return t('error.generic')
    if (error.status === 400 && knownFields.some((f) => error.fieldMessage(f))) return null
    switch (error.code) {
      case 'network':
        return t('error.offline')
      case 'unauthenticated':
        return t('error.signedOut')
      case 'forbidden':
        return t('error.forbidden')
      case 'not_found':
        return t('error.notFound')
      case 'precondition_failed':
        return t('error.stale')
      case 'rate_limited':
        return error.retryAfterSeconds
          ? t('error.rateLimited', { minutes: Math.ceil(error.retryAfterSeconds / 60) })
          : t('error.rateLimitedLater')
      case 'bad_request':
      case 'conflict':
      case 'case_closed':
        return <ServerText>{error.message}</ServerText>
      default:
        return t('error.generic')
    }
  }
}

/** A form-level error, announced when it appears. */
export function FormAlert({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <Alert id={id} type="error" role="alert" className="vp-form__alert">
      <Paragraph>{children}</Paragraph>
    </Alert>
  )
}

/** A failed load, with a way to try again. */
export function LoadError({ onRetry }: { onRetry: () => void }) {
  const t = useT()
  return (
    <Alert type="error" className="vp-form__alert">
      <Paragraph>{t('app.loadFailed')}</Paragraph>
      <Button appearance="secondary-action-button" onClick={onRetry}>
        {t('app.retry')}
      </Button>
    </Alert>
  )
}

export const isNotFound = (error: unknown) =>
  error instanceof ApiError && (error.status === 404 || error.status === 400)
