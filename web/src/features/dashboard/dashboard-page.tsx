import { Heading2, Heading3, Paragraph, StatusBadge } from '@utrecht/component-library-react'
import type { CaseSummary } from '@vp/shared'
import { useCurrentUser } from '../../api/auth.ts'
import { useCases } from '../../api/cases.ts'
import { useDates } from '../../components/dates.ts'
import { LoadError } from '../../components/errors.tsx'
import { Loading } from '../../components/loading.tsx'
import { PageHeading } from '../../components/page-heading.tsx'
import { ButtonLink, TextLink } from '../../components/router-links.tsx'
import { useT } from '../../components/use-t.ts'

export function DashboardPage() {
  const t = useT()
  const user = useCurrentUser()
  const cases = useCases()
  return (
    <>
      <PageHeading>{t('dashboard.title')}</PageHeading>
      <Paragraph appearance="lead">
        {user.organisation
          ? t('dashboard.signedInAs', { name: user.name, organisation: user.organisation.name })
          : t('dashboard.signedInAsWithoutOrganisation', { name: user.name })}
      </Paragraph>
      <section aria-labelledby="dossiers" className="vp-section">
        <div className="vp-section__header">
          <Heading2 id="dossiers">{t('dashboard.casesTitle')}</Heading2>
          {user.organisation && (
            <ButtonLink appearance="primary-action" to="/dossiers/nieuw">
              {t('dashboard.newCase')}
            </ButtonLink>
          )}
        </div>
        {cases.isPending ? (
          <Loading />
        ) : cases.isError ? (
          <LoadError onRetry={() => void cases.refetch()} />
        ) : cases.data.items.length === 0 ? (
          <Paragraph className="vp-empty">{t('dashboard.noCases')}</Paragraph>
        ) : (
          <ul className="vp-case-list">
            {cases.data.items.map((c) => (
              <CaseCard key={c.id} summary={c} />
            ))}
          </ul>
        )}
      </section>
    </>
  )
}

function CaseCard({ summary: c }: { summary: CaseSummary }) {
  const t = useT()
  const dates = useDates()
  return (
    <li className="vp-card vp-case-card">
      <Heading3 className="vp-case-card__title">
        <TextLink to={`/dossiers/${c.id}`} className="vp-case-card__link">
          {c.title}
        </TextLink>
      </Heading3>
      <p className="vp-badges">
        <StatusBadge status={c.status === 'active' ? 'active' : 'inactive'}>{t(`caseStatus.${c.status}`)}</StatusBadge>
        <StatusBadge status="neutral">{t(`problemType.${c.problemType}`)}</StatusBadge>
      </p>
      <dl className="vp-facts">
        <div>
          <dt>{t('case.gemeente')}</dt>
          <dd>{c.gemeente}</dd>
        </div>
        <div>
          <dt>{t('case.theme')}</dt>
          <dd>{t(`theme.${c.theme}`)}</dd>
        </div>
        <div>
          <dt>{t('dashboard.myRole')}</dt>
          <dd>{t('dashboard.roleFor', { role: t(`role.${c.myRole}`), organisation: c.myOrganisation.name })}</dd>
        </div>
        <div>
          <dt>{t('dashboard.members')}</dt>
          <dd>{t('dashboard.memberCount', { count: c.memberCount })}</dd>
        </div>
        <div>
          <dt>{t('dashboard.lastActivity')}</dt>
          <dd>
            <time dateTime={c.lastActivityAt} title={dates.dateTime(c.lastActivityAt)}>
              {dates.relative(c.lastActivityAt)}
            </time>
          </dd>
        </div>
      </dl>
    </li>
  )
}
