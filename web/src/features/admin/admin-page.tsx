import { Paragraph } from '@utrecht/component-library-react'
import { PageHeading } from '../../components/page-heading.tsx'
import { useT } from '../../components/use-t.ts'
import { OrganisationsSection } from './organisations-section.tsx'
import { PendingAccountsSection } from './pending-accounts-section.tsx'
import { UsersSection } from './users-section.tsx'

/** `/beheer`: the instance's organisations and accounts (admins only; the route checks). */
export function AdminPage() {
  const t = useT()
  return (
    <>
      <PageHeading>{t('admin.title')}</PageHeading>
      <Paragraph appearance="lead">{t('admin.intro')}</Paragraph>
      <nav aria-label={t('admin.contents')} className="vp-toc">
        <ul>
          <li>
            <a href="#wachtende-accounts" className="utrecht-link utrecht-link--html-a">
              {t('admin.pending.title')}
            </a>
          </li>
          <li>
            <a href="#organisaties" className="utrecht-link utrecht-link--html-a">
              {t('admin.organisations.title')}
            </a>
          </li>
          <li>
            <a href="#accounts" className="utrecht-link utrecht-link--html-a">
              {t('admin.users.title')}
            </a>
          </li>
        </ul>
      </nav>
      <PendingAccountsSection />
      <OrganisationsSection />
      <UsersSection />
    </>
  )
}
