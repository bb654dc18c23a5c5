import { Heading3, Paragraph, StatusBadge } from '@utrecht/component-library-react'
import { useId } from 'react'
import { useMembers } from '../../../api/cases.ts'
import { TextLink } from '../../../components/router-links.tsx'
import { ScrollTable } from '../../../components/scroll-table.tsx'
import { useT } from '../../../components/use-t.ts'
import { CaseStatusSection, ProfileSection } from '../profile-section.tsx'
import { COMMITMENT_BADGE } from '../status-badges.ts'
import type { StepContentProps } from './step-content.ts'

/** Step 1, Profiel: the case's area, context and aanleiding, and who takes part with which belang. */
export function Step1({ theCase }: StepContentProps) {
  return (
    <>
      <ProfileSection theCase={theCase} />
      <ProjectGroupSummary caseId={theCase.id} members={theCase.members} />
      {theCase.abilities.update && <CaseStatusSection theCase={theCase} />}
    </>
  )
}

function ProjectGroupSummary({
  caseId,
  members: embedded,
}: {
  caseId: string
  members: StepContentProps['theCase']['members']
}) {
  const t = useT()
  const members = useMembers(caseId).data?.items ?? embedded
  const headingId = useId()
  const captionId = useId()
  const organisations = [...new Map(members.map((m) => [m.organisation.id, m])).values()]
  return (
    <section aria-labelledby={headingId} className="vp-section">
      <div className="vp-section__header">
        <Heading3 id={headingId}>{t('projectGroup.title')}</Heading3>
        <TextLink to={`/dossiers/${caseId}/projectgroep`}>{t('step1.toProjectGroup')}</TextLink>
      </div>
      <Paragraph>{t('projectGroup.intro')}</Paragraph>
      <ScrollTable labelledBy={captionId}>
        <table className="utrecht-table utrecht-table--html-table vp-table">
          <caption id={captionId} className="utrecht-table__caption vp-visually-hidden">
            {t('step1.tableCaption')}
          </caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th scope="col" className="utrecht-table__header-cell">
                {t('invitations.organisation')}
              </th>
              <th scope="col" className="utrecht-table__header-cell">
                {t('seat.belang')}
              </th>
              <th scope="col" className="utrecht-table__header-cell">
                {t('seat.roleText')}
              </th>
              <th scope="col" className="utrecht-table__header-cell">
                {t('seat.commitment')}
              </th>
              <th scope="col" className="utrecht-table__header-cell">
                {t('step1.people')}
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {organisations.map((seat) => (
              <tr key={seat.organisation.id} className="utrecht-table__row">
                <th scope="row" className="utrecht-table__header-cell vp-table__row-header vp-table__wrap">
                  {seat.organisation.name}
                </th>
                <td className="utrecht-table__cell">{seat.belang ?? <span className="vp-muted">—</span>}</td>
                <td className="utrecht-table__cell">{seat.roleText ?? <span className="vp-muted">—</span>}</td>
                <td className="utrecht-table__cell">
                  <StatusBadge status={COMMITMENT_BADGE[seat.commitment]}>
                    {t(`commitment.${seat.commitment}`)}
                  </StatusBadge>
                  {seat.commitmentNote && <span className="vp-table__sub">{seat.commitmentNote}</span>}
                </td>
                <td className="utrecht-table__cell">
                  {members
                    .filter((m) => m.organisation.id === seat.organisation.id)
                    .map((m) => `${m.name} (${t(`role.${m.role}`)})`)
                    .join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </section>
  )
}
