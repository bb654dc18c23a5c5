import { Alert, Button, Paragraph } from '@utrecht/component-library-react'
import { Component, type ReactNode } from 'react'
import { useT } from '../components/use-t.ts'

interface Props {
  /** The current path: going elsewhere after a failure starts fresh. */
  pathname: string
  children: ReactNode
}

/**
 * Catches what a page throws while rendering, e.g. a lazily loaded page whose file is gone after an
 * update, so the rest of the app (header, navigation) keeps working.
 */
export class PageErrorBoundary extends Component<Props, { failedAt: string | null }> {
  override state: { failedAt: string | null } = { failedAt: null }

  static getDerivedStateFromError() {
    return { failedAt: window.location.pathname }
  }

  static getDerivedStateFromProps(props: Props, state: { failedAt: string | null }) {
    return state.failedAt !== null && state.failedAt !== props.pathname ? { failedAt: null } : null
  }

  override render() {
    return this.state.failedAt !== null ? <PageFailed /> : this.props.children
  }
}

function PageFailed() {
  const t = useT()
  return (
    <Alert type="error">
      <Paragraph>{t('app.pageFailed')}</Paragraph>
      <Button appearance="secondary-action-button" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </Button>
    </Alert>
  )
}
