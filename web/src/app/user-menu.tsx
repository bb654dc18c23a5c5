import { Button } from '@utrecht/component-library-react'
import type { User } from '@vp/shared'
import { useNavigate } from 'react-router'
import { useLogout } from '../api/auth.ts'
import { useT } from '../components/use-t.ts'

/** Who is signed in, and the way out. */
export function UserMenu({ user }: { user: User }) {
  const t = useT()
  const navigate = useNavigate()
  const logout = useLogout()
  return (
    <div className="vp-user-menu">
      <p className="vp-user-menu__who">
        <span className="vp-user-menu__name">{user.name}</span>
        {user.organisation && <span className="vp-user-menu__organisation">{user.organisation.name}</span>}
      </p>
      <Button
        appearance="secondary-action-button"
        busy={logout.isPending}
        onClick={() => {
          if (logout.isPending) return
          logout.mutate(undefined, { onSuccess: () => navigate('/inloggen', { replace: true }) })
        }}
      >
        {t('auth.logout')}
      </Button>
      {logout.isError && (
        <p role="alert" className="vp-user-menu__error">
          {t('auth.logoutFailed')}
        </p>
      )}
    </div>
  )
}
