import { Button } from '@utrecht/component-library-react'
import type { User } from '@vp/shared'
import { Link, useNavigate } from 'react-router'
import { useLogout } from '../api/auth.ts'
import { useT } from '../components/use-t.ts'
import { useSessionEndStore } from './session-hooks.ts'

/** Who is signed in, their account pages, and the way out. */
export function UserMenu({ user }: { user: User }) {
  const t = useT()
  const navigate = useNavigate()
  const logout = useLogout()
  const sessionEnd = useSessionEndStore()
  return (
    <div className="vp-user-menu">
      <p className="vp-user-menu__who">
        <span className="vp-user-menu__name">{user.name}</span>
        {user.organisation && <span className="vp-user-menu__organisation">{user.organisation.name}</span>}
      </p>
      <nav aria-label={t('userMenu.label')} className="vp-user-menu__nav">
        <ul className="vp-user-menu__links">
          {user.isAdmin && (
            <li>
              <Link to="/beheer" className="utrecht-link utrecht-link--html-a">
                {t('userMenu.admin')}
              </Link>
            </li>
          )}
          <li>
            <Link to="/account" className="utrecht-link utrecht-link--html-a">
              {t('userMenu.account')}
            </Link>
          </li>
          <li>
            <Link to="/account/wachtwoord" className="utrecht-link utrecht-link--html-a">
              {t('userMenu.changePassword')}
            </Link>
          </li>
        </ul>
      </nav>
      <Button
        appearance="secondary-action-button"
        busy={logout.isPending}
        onClick={() => {
          if (logout.isPending) return
          sessionEnd.signingOut = true
          logout.mutate(undefined, {
            onSuccess: () => navigate('/inloggen', { replace: true }),
            onSettled: () => {
              sessionEnd.signingOut = false
            },
          })
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
