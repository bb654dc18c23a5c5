import { StatusBadge } from '@utrecht/component-library-react'
import type { FollowUp } from '@vp/shared'
import type { ReactNode } from 'react'
import { useIntl } from 'react-intl'
import { useDates } from './dates.ts'
import { Heading } from './heading.tsx'
import { TextLink } from './router-links.tsx'
import { useT } from './use-t.ts'
import './follow-up-list.css'

type StepNumber = 1 | 2 | 3 | 4 | 5 | 6
const asStep = (n: number): StepNumber => (n >= 1 && n <= 6 ? (n as StepNumber) : 1)

/** True when there is nobody to chase. */
export const isFollowUpEmpty = (f: FollowUp) =>
  f.openSteps.every((s) => s.notDone.length === 0) &&
  f.commitments.length + f.actions.length + f.invitations.length + f.quietMembers.length === 0

/**
 * Whom the projectleider should chase in one case, as short groups of links to the place to act:
 * the step page, the action on step 5, the project group. Presentational: the data comes from the
 * follow-up the server built under the read rule. Used on the home page and the case overview.
 */
export function FollowUpList({ caseId, followUp, level }: { caseId: string; followUp: FollowUp; level: 3 | 4 }) {
  const t = useT()
  const intl = useIntl()
  const dates = useDates()
  if (isFollowUpEmpty(followUp)) return <p className="utrecht-paragraph vp-muted">{t('followUp.empty')}</p>

  const base = `/dossiers/${caseId}`
  const stepLink = (n: number) => `${base}/stap/${n}`
  const actionLink = (id: string) => `${stepLink(5)}#item-${id}`
  const groupLink = `${base}/projectgroep`
  const names = (orgs: { name: string }[]) => intl.formatList(orgs.map((o) => o.name))
  const steps = followUp.openSteps.filter((s) => s.notDone.length > 0)

  return (
    <div className="vp-agenda vp-follow-up">
      {steps.length > 0 && (
        <Group level={level} title={t('followUp.steps')}>
          {steps.map((s) => {
            const late = s.daysLeft !== null && s.daysLeft < 0
            return (
              <li key={s.step} className={`vp-agenda__item${late ? ' vp-agenda__item--overdue' : ''}`}>
                <TextLink to={stepLink(s.step)}>
                  {t('step.heading', { n: s.step, name: t(`step.${asStep(s.step)}`) })}
                </TextLink>
                {late && (
                  <>
                    {' '}
                    <StatusBadge status="danger">{t('stepStatus.overdue')}</StatusBadge>
                  </>
                )}
                <span className="vp-agenda__case">
                  {s.daysLeft === null
                    ? t('followUp.noDeadline')
                    : late
                      ? t('followUp.daysLate', { days: -s.daysLeft })
                      : t('followUp.daysLeft', { days: s.daysLeft })}
                  {' · '}
                  {s.deadline === null && s.notDone.length > 3
                    ? t('followUp.notDoneCount', { count: s.notDone.length })
                    : t('followUp.notDone', { organisations: names(s.notDone) })}
                </span>
              </li>
            )
          })}
        </Group>
      )}
      {followUp.commitments.length > 0 && (
        <Group level={level} title={t('followUp.commitments')}>
          {followUp.commitments.map((c) => (
            <li
              key={`${c.actionId}-${c.organisation.id}`}
              className={`vp-agenda__item${c.overdue || c.status === 'declined' ? ' vp-agenda__item--overdue' : ''}`}
            >
              <strong>{c.organisation.name}</strong>: <TextLink to={actionLink(c.actionId)}>{c.actionTitle}</TextLink>{' '}
              <StatusBadge status={c.status === 'declined' ? 'danger' : 'warning'}>
                {t(`commitmentStatus.${c.status}`)}
              </StatusBadge>
              {c.overdue && (
                <>
                  {' '}
                  <StatusBadge status="danger">{t('stepStatus.overdue')}</StatusBadge>
                </>
              )}
              <span className="vp-agenda__case">
                {c.status === 'declined'
                  ? c.reason
                  : t(c.overdue ? 'followUp.answerWasDue' : 'followUp.answerDue', { date: dates.date(c.answerDue) })}
              </span>
            </li>
          ))}
        </Group>
      )}
      {followUp.actions.length > 0 && (
        <Group level={level} title={t('followUp.actions')}>
          {followUp.actions.map((a) => (
            <li key={a.id} className={`vp-agenda__item${a.overdue ? ' vp-agenda__item--overdue' : ''}`}>
              <TextLink to={actionLink(a.id)}>{a.title}</TextLink>{' '}
              <StatusBadge status={a.status === 'vertraagd' ? 'warning' : 'neutral'}>
                {t(`actionStatus.${a.status}`)}
              </StatusBadge>
              {a.overdue && (
                <>
                  {' '}
                  <StatusBadge status="danger">{t('stepStatus.overdue')}</StatusBadge>
                </>
              )}
              <span className="vp-agenda__case">
                {t('followUp.trekker', { organisation: a.trekker.name })}
                {a.dueDate && ` · ${t('overview.due', { date: dates.date(a.dueDate) })}`}
              </span>
            </li>
          ))}
        </Group>
      )}
      {followUp.invitations.length > 0 && (
        <Group level={level} title={t('followUp.invitations')}>
          {followUp.invitations.map((i) => (
            <li key={i.id} className={`vp-agenda__item${i.expired ? ' vp-agenda__item--overdue' : ''}`}>
              <TextLink to={groupLink}>{i.email}</TextLink>
              {i.expired && (
                <>
                  {' '}
                  <StatusBadge status="danger">{t('followUp.invitationExpired')}</StatusBadge>
                </>
              )}
              <span className="vp-agenda__case">
                {t('followUp.invitationFor', { organisation: i.organisation.name, role: t(`role.${i.role}`) })}
                {' · '}
                {t('followUp.sent', { date: dates.date(i.sentAt) })}
              </span>
            </li>
          ))}
        </Group>
      )}
      {followUp.quietMembers.length > 0 && (
        <Group level={level} title={t('followUp.quiet')}>
          {followUp.quietMembers.map((m) => (
            <li key={m.memberId} className="vp-agenda__item">
              <TextLink to={groupLink}>{m.name}</TextLink> <span>({m.organisation.name})</span>
              <span className="vp-agenda__case">
                {m.lastSeenAt
                  ? t('followUp.lastSeen', { when: dates.relative(m.lastSeenAt) })
                  : t('followUp.neverSeen', { date: dates.date(m.joinedAt) })}
              </span>
            </li>
          ))}
        </Group>
      )}
    </div>
  )
}

function Group({ level, title, children }: { level: 3 | 4; title: string; children: ReactNode }) {
  return (
    <div className="vp-agenda__group">
      <Heading level={level}>{title}</Heading>
      <ul className="vp-agenda__list">{children}</ul>
    </div>
  )
}
