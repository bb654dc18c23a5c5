import { Heading2, Paragraph } from '@utrecht/component-library-react'
import { useCurrentUser } from '../../api/auth.ts'
import { PageHeading } from '../../components/page-heading.tsx'
import { useT } from '../../components/use-t.ts'

export function DashboardPage() {
  const t = useT()
  const user = useCurrentUser()
  return (
    <>
      <PageHeading>{t('dashboard.title')}</PageHeading>
      <Paragraph appearance="lead">
        {user.organisation
          ? t('dashboard.signedInAs', { name: user.name, organisation: user.organisation.name })
          : t('dashboard.signedInAsWithoutOrganisation', { name: user.name })}
      </Paragraph>
      <section aria-labelledby="dossiers" className="vp-section">
        <Heading2 id="dossiers">{t('dashboard.casesTitle')}</Heading2>
        <Paragraph className="vp-empty">{t('dashboard.noCases')}</Paragraph>
      </section>
    </>
  )
}
