import { Heading3, Paragraph, StatusBadge } from '@utrecht/component-library-react'
import { useId } from 'react'
import { useMembers } from '../../../api/cases.ts'
import { DataTable } from '../../../components/data-table.tsx'
import { TextLink } from '../../../components/router-links.tsx'
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
  const organisations = [...new Map(members.map((m) => [m.organisation.id, m])).values()]
  return (
    <section aria-labelledby={headingId} className="vp-section">
      <div className="vp-section__header">
        <Heading3 id={headingId}>{t('projectGroup.title')}</Heading3>
        <TextLink to={`/dossiers/${caseId}/projectgroep`}>{t('step1.toProjectGroup')}</TextLink>
      </div>
      <Paragraph>{t('projectGroup.intro')}</Paragraph>
      <DataTable
        caption={t('step1.tableCaption')}
        rows={organisations}
        rowKey={(seat) => seat.organisation.id}
        columns={[
          {
            key: 'organisation',
            header: t('invitations.organisation'),
            className: 'vp-table__wrap',
            cell: (seat) => seat.organisation.name,
          },
          {
            key: 'belang',
            header: t('seat.belang'),
            cell: (seat) => seat.belang ?? <span className="vp-muted">—</span>,
          },
          {
            key: 'roleText',
            header: t('seat.roleText'),
            cell: (seat) => seat.roleText ?? <span className="vp-muted">—</span>,
          },
          {
            key: 'commitment',
            header: t('seat.commitment'),
            cell: (seat) => (
              <>
                <StatusBadge status={COMMITMENT_BADGE[seat.commitment]}>
                  {t(`commitment.${seat.commitment}`)}
                </StatusBadge>
                {seat.commitmentNote && <span className="vp-table__sub">{seat.commitmentNote}</span>}
              </>
            ),
          },
          {
            key: 'people',
            header: t('step1.people'),
            cell: (seat) =>
              members
                .filter((m) => m.organisation.id === seat.organisation.id)
                .map((m) => `${m.name} (${t(`role.${m.role}`)})`)
                .join(', '),
          },
        ]}
      />
    </section>
  )
}
