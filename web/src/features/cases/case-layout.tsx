import { Paragraph, StatusBadge } from '@utrecht/component-library-react'
import type { Case } from '@vp/shared'
import { NavLink, Outlet, useLocation, useOutletContext, useParams } from 'react-router'
import { useCase } from '../../api/cases.ts'
import { isNotFound, LoadError } from '../../components/errors.tsx'
import { Loading } from '../../components/loading.tsx'
import { PageHeading } from '../../components/page-heading.tsx'
import { TextLink } from '../../components/router-links.tsx'
import { useT } from '../../components/use-t.ts'
import type { MessageId } from '../../i18n/messages.ts'

/** The pages of a case, in the order of the in-case navigation. The six step pages go after Overzicht. */
const SECTIONS: { path: string; label: MessageId }[] = [
  { path: '', label: 'caseNav.overview' },
  { path: 'projectgroep', label: 'caseNav.projectGroup' },
  { path: 'activiteit', label: 'caseNav.activity' },
]

/** What a page inside a case gets from the case layout. */
export function useCaseContext(): Case {
  return useOutletContext<Case>()
}

/** Header, in-case navigation and the current page of one case (`/dossiers/:caseId/...`). */
export function CaseLayout() {
  const t = useT()
  const { caseId = '' } = useParams()
  const { pathname } = useLocation()
  const query = useCase(caseId)

  if (query.isPending) return <Loading />
  if (query.isError) {
    if (isNotFound(query.error)) {
      return (
        <>
          <PageHeading>{t('case.notFound.title')}</PageHeading>
          <Paragraph>{t('case.notFound.body')}</Paragraph>
          <Paragraph>
            <TextLink to="/">{t('notFound.home')}</TextLink>
          </Paragraph>
        </>
      )
    }
    return <LoadError onRetry={() => void query.refetch()} />
  }

  const theCase = query.data
  const base = `/dossiers/${theCase.id}`
  const current = SECTIONS.find((s) => s.path && pathname.startsWith(`${base}/${s.path}`)) ?? SECTIONS[0]!
  const lead = theCase.projectleider

  return (
    <div className="vp-case">
      <header className="vp-case-header">
        <p className="vp-case-header__kicker">{t('case.kicker', { gemeente: theCase.gemeente })}</p>
        <PageHeading documentTitle={current.path ? `${t(current.label)} – ${theCase.title}` : theCase.title}>
          {theCase.title}
        </PageHeading>
        <p className="vp-badges">
          <StatusBadge status={theCase.status === 'active' ? 'active' : 'inactive'}>
            {t(`caseStatus.${theCase.status}`)}
          </StatusBadge>
        </p>
        <dl className="vp-facts vp-facts--inline">
          <div>
            <dt>{t('case.gemeente')}</dt>
            <dd>{theCase.gemeente}</dd>
          </div>
          <div>
            <dt>{t('case.theme')}</dt>
            <dd>{t(`theme.${theCase.theme}`)}</dd>
          </div>
          <div>
            <dt>{t('case.problemType')}</dt>
            <dd>{t(`problemType.${theCase.problemType}`)}</dd>
          </div>
          <div>
            <dt>{t('role.projectleider.title')}</dt>
            <dd>
              {lead
                ? lead.organisation
                  ? t('person.withOrganisation', { name: lead.name, organisation: lead.organisation.name })
                  : lead.name
                : t('case.noProjectleider')}
            </dd>
          </div>
        </dl>
      </header>
      <nav className="vp-case-nav" aria-label={t('caseNav.label')}>
        <ol className="vp-case-nav__list">
          {SECTIONS.map((section) => (
            <li key={section.path} className="vp-case-nav__item">
              <NavLink to={section.path ? `${base}/${section.path}` : base} end className="vp-case-nav__link">
                {t(section.label)}
              </NavLink>
            </li>
          ))}
        </ol>
      </nav>
      <Outlet context={theCase} />
    </div>
  )
}
