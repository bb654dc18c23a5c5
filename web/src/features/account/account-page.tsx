import { Paragraph } from '@utrecht/component-library-react'
import { useEffect } from 'react'
import { Link, useLocation } from 'react-router'
import { useCurrentUser } from '../../api/auth.ts'
import { PageHeading } from '../../components/page-heading.tsx'
import { useT } from '../../components/use-t.ts'
import { NotificationSettingsSection, SETTINGS_ANCHOR } from './notification-settings-section.tsx'

/** `/account`: who I am, a way to change my password, and how I am told of things (`#meldingen`). */
export function AccountPage() {
  const t = useT()
  const user = useCurrentUser()
  const { hash } = useLocation()
  // An e-mail's "change your preferences" link lands on the section: bring it into view and focus.
  useEffect(() => {
    if (hash !== `#${SETTINGS_ANCHOR}`) return
    const timer = setTimeout(() => {
      const heading = document.querySelector<HTMLElement>(`#${SETTINGS_ANCHOR} h2`)
      heading?.scrollIntoView({ block: 'start' })
      heading?.focus({ preventScroll: true })
    }, 50)
    return () => clearTimeout(timer)
  }, [hash])
  return (
    <div className="vp-narrow">
      <PageHeading>{t('account.title')}</PageHeading>
      <Paragraph appearance="lead">
        {user.organisation
          ? t('person.withOrganisation', { name: user.name, organisation: user.organisation.name })
          : user.name}
      </Paragraph>
      <Paragraph>
        <Link to="/account/wachtwoord" className="utrecht-link utrecht-link--html-a">
          {t('userMenu.changePassword')}
        </Link>
      </Paragraph>
      <NotificationSettingsSection />
    </div>
  )
}
