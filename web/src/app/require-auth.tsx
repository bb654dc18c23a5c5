import { Alert, Button, Paragraph } from '@utrecht/component-library-react'
import { Navigate, Outlet, useLocation } from 'react-router'
import { useMe } from '../api/auth.ts'
import { Loading } from '../components/loading.tsx'
import { useT } from '../components/use-t.ts'

/** Pages below this route need a session; without one the browser goes to /inloggen and comes back after. */
export function RequireAuth() {
  const t = useT()
  const me = useMe()
  const location = useLocation()

  if (me.isPending) return <Loading />
  if (me.isError) {
    return (
      <Alert type="error">
        <Paragraph>{t('app.loadFailed')}</Paragraph>
        <Button appearance="secondary-action-button" onClick={() => void me.refetch()}>
          {t('app.retry')}
        </Button>
      </Alert>
    )
  }
  if (!me.data) {
    return <Navigate to="/inloggen" replace state={{ from: location.pathname + location.search }} />
  }
  return <Outlet />
}
