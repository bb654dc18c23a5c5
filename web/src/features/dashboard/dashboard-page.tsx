import { Button, Heading2, Heading3, Paragraph, StatusBadge } from '@utrecht/component-library-react'
import type { Agenda, CaseSummary } from '@vp/shared'
import type { ReactNode } from 'react'
import { useCurrentUser } from '../../api/auth.ts'
import { useCases } from '../../api/cases.ts'
import { useAgenda } from '../../api/dashboard.ts'
import { useAccessEnded } from '../../app/live-hooks.ts'
import { useDates } from '../../components/dates.ts'
import { LoadError } from '../../components/errors.tsx'
import { FollowUpList } from '../../components/follow-up-list.tsx'
import { Loading } from '../../components/loading.tsx'
import { PageHeading } from '../../components/page-heading.tsx'
import { ButtonLink, TextLink } from '../../components/router-links.tsx'
import { useT } from '../../components/use-t.ts'

type StepNumber = 1 | 2 | 3 | 4 | 5 | 6
const STEPS: readonly StepNumber[] = [1, 2, 3, 4, 5, 6]
const asStep = (n: number): StepNumber => (n >= 1 && n <= 6 ? (n as StepNumber) : 1)

export function DashboardPage() {
  const t = useT()
  const user = useCurrentUser()
  const cases = useCases()
  // From the server's policy when it says so; an account without an organisation cannot open a case.
  const canCreate = user.abilities?.createCase ?? Boolean(user.organisation)
  return (
    <>
      <AccessEndedNotice />
      <PageHeading>{t('dashboard.title')}</PageHeading>
      <Paragraph appearance="lead">
        {user.organisation
          ? t('dashboard.signedInAs', { name: user.name, organisation: user.organisation.name })
          : t('dashboard.signedInAsWithoutOrganisation', { name: user.name })}
      </Paragraph>
      <AgendaSection />
      <section aria-labelledby="dossiers" className="vp-section">
        <div className="vp-section__header">
          <Heading2 id="dossiers">{t('dashboard.casesTitle')}</Heading2>
          {canCreate && (
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

/** After the projectleider removed me from a case I had open: say so, once. */
function AccessEndedNotice() {
  const t = useT()
  const [ended, dismiss] = useAccessEnded()
  if (!ended) return null
  const text =
    ended.reason === 'case_deleted'
      ? ended.caseTitle
        ? t('live.accessEnded.deleted', { title: ended.caseTitle })
        : t('live.accessEnded.deletedUntitled')
      : ended.caseTitle
        ? t('live.accessEnded.removed', { title: ended.caseTitle })
        : t('live.accessEnded.removedUntitled')
  return (
    <div role="alert" className="utrecht-alert utrecht-alert--warning vp-access-ended">
      <div className="utrecht-alert__content">
        <div className="utrecht-alert__message">
          <p className="utrecht-paragraph">{text}</p>
          <Button appearance="secondary-action-button" onClick={dismiss}>
            {t('live.accessEnded.dismiss')}
          </Button>
        </div>
      </div>
    </div>
  )
}

/**
 * "Wat vraagt mijn aandacht": open steps I owe, commitments to give, actions due, everything
 * overdue; whom to chase in each case I lead; and where I was mentioned.
 */
function AgendaSection() {
  const t = useT()
  const agenda = useAgenda()
  return (
    <section aria-labelledby="aandacht" className="vp-section">
      <Heading2 id="aandacht">{t('agenda.title')}</Heading2>
      {agenda.isPending ? (
        <Loading />
      ) : agenda.isError ? (
        <LoadError onRetry={() => void agenda.refetch()} />
      ) : isEmpty(agenda.data) ? (
        <Paragraph className="vp-empty">{t('agenda.empty')}</Paragraph>
      ) : (
        <>
          <AgendaGroups agenda={agenda.data} />
          <Mentions agenda={agenda.data} />
          {agenda.data.followUp.map((f) => (
            <section key={f.caseId} aria-labelledby={`nabellen-${f.caseId}`} className="vp-follow-up">
              <Heading3 id={`nabellen-${f.caseId}`}>{t('agenda.followUp', { title: f.caseTitle })}</Heading3>
              <FollowUpList caseId={f.caseId} followUp={f} level={4} />
            </section>
          ))}
        </>
      )}
    </section>
  )
}

// A case I lead always shows its follow-up (if only to say nobody needs chasing).
const isEmpty = (a: Agenda) =>
  a.openSteps.length +
    a.commitmentsOwed.length +
    a.actionsDue.length +
    a.overdue.length +
    a.followUp.length +
    a.mentions.length ===
  0

/** "U bent genoemd": comments of the last 30 days that mention me, each a link to the item. */
function Mentions({ agenda }: { agenda: Agenda }) {
  const t = useT()
  const dates = useDates()
  if (agenda.mentions.length === 0) return null
  return (
    <div className="vp-agenda vp-follow-up">
      <AgendaGroup title={t('agenda.mentions')}>
        {agenda.mentions.map((m) => (
          <li key={m.commentId} className="vp-agenda__item">
            <TextLink to={`/dossiers/${m.caseId}/stap/${m.step}#item-${m.itemId}`}>{m.itemTitle}</TextLink>
            <span className="vp-agenda__case">
              {t('agenda.mentionBy', {
                name: m.author.name,
                organisation: m.author.organisation.name,
                when: dates.relative(m.createdAt),
              })}{' '}
              · {m.caseTitle}
            </span>
            <span className="vp-agenda__quote">“{m.body}”</span>
          </li>
        ))}
      </AgendaGroup>
    </div>
  )
}

function AgendaGroups({ agenda }: { agenda: Agenda }) {
  const t = useT()
  const dates = useDates()
  const stepName = (n: number) => t('step.heading', { n, name: t(`step.${asStep(n)}`) })
  const stepLink = (caseId: string, n: number) => `/dossiers/${caseId}/stap/${n}`
  const itemLink = (caseId: string, n: number, itemId: string) => `${stepLink(caseId, n)}#item-${itemId}`
  return (
    <div className="vp-agenda">
      {agenda.overdue.length > 0 && (
        <AgendaGroup title={t('agenda.overdue')}>
          {agenda.overdue.map((o) => (
            <li
              key={`${o.caseId}-${o.kind}-${o.itemId ?? o.step}`}
              className="vp-agenda__item vp-agenda__item--overdue"
            >
              <TextLink to={o.itemId ? itemLink(o.caseId, o.step, o.itemId) : stepLink(o.caseId, o.step)}>
                {o.kind === 'step' ? stepName(o.step) : o.title}
              </TextLink>{' '}
              <StatusBadge status="danger">{t('stepStatus.overdue')}</StatusBadge>
              <span className="vp-agenda__case">
                {o.caseTitle} · {t('agenda.since', { date: dates.date(o.deadline) })}
              </span>
            </li>
          ))}
        </AgendaGroup>
      )}
      {agenda.openSteps.length > 0 && (
        <AgendaGroup title={t('agenda.openSteps')}>
          {agenda.openSteps.map((s) => (
            <li
              key={`${s.caseId}-${s.step}`}
              className={`vp-agenda__item${s.overdue ? ' vp-agenda__item--overdue' : ''}`}
            >
              <TextLink to={stepLink(s.caseId, s.step)}>{stepName(s.step)}</TextLink>
              {s.overdue && (
                <>
                  {' '}
                  <StatusBadge status="danger">{t('stepStatus.overdue')}</StatusBadge>
                </>
              )}
              <span className="vp-agenda__case">
                {s.caseTitle}
                {s.deadline && ` · ${t('step.deadlineShort', { date: dates.date(s.deadline) })}`}
              </span>
            </li>
          ))}
        </AgendaGroup>
      )}
      {agenda.commitmentsOwed.length > 0 && (
        <AgendaGroup title={t('agenda.commitments')}>
          {agenda.commitmentsOwed.map((c) => (
            <li key={c.itemId} className="vp-agenda__item">
              <TextLink to={itemLink(c.caseId, 5, c.itemId)}>{c.title}</TextLink>
              <span className="vp-agenda__case">
                {c.caseTitle}
                {c.dueDate && ` · ${t('overview.due', { date: dates.date(c.dueDate) })}`}
              </span>
            </li>
          ))}
        </AgendaGroup>
      )}
      {agenda.actionsDue.length > 0 && (
        <AgendaGroup title={t('agenda.actionsDue')}>
          {agenda.actionsDue.map((a) => (
            <li key={a.itemId} className={`vp-agenda__item${a.overdue ? ' vp-agenda__item--overdue' : ''}`}>
              <TextLink to={itemLink(a.caseId, 5, a.itemId)}>{a.title}</TextLink>{' '}
              <StatusBadge status="neutral">{t(`actionStatus.${a.status}`)}</StatusBadge>
              <span className="vp-agenda__case">
                {a.caseTitle} · {t('overview.due', { date: dates.date(a.dueDate) })}
              </span>
            </li>
          ))}
        </AgendaGroup>
      )}
    </div>
  )
}

function AgendaGroup({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="vp-agenda__group">
      <Heading3>{title}</Heading3>
      <ul className="vp-agenda__list">{children}</ul>
    </div>
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
        {c.steps?.some((s) => s.overdue) && <StatusBadge status="danger">{t('stepStatus.overdue')}</StatusBadge>}
      </p>
      {c.steps && c.steps.length > 0 && <StepProgress summary={c} />}
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

/** The six steps of a case as a row of blocks: closed, open, verlopen or not started; with the same in words. */
function StepProgress({ summary: c }: { summary: CaseSummary }) {
  const t = useT()
  const closed = c.steps.filter((s) => s.status === 'closed').length
  const open = c.steps.filter((s) => s.status === 'open').map((s) => s.step)
  return (
    <div className="vp-case-card__progress">
      <p className="vp-muted vp-case-card__progress-text">
        {t('dashboard.progress', {
          closed,
          open: open.length === 0 ? t('dashboard.progressNoneOpen') : open.join(', '),
          count: open.length,
        })}
      </p>
      <ol className="vp-progress" aria-label={t('dashboard.progressLabel', { title: c.title })}>
        {STEPS.map((n) => {
          const step = c.steps.find((s) => s.step === n)
          const status = step?.status ?? 'not_started'
          return (
            <li
              key={n}
              className={`vp-progress__step vp-progress__step--${step?.overdue ? 'overdue' : status}`}
              title={t(`step.${n}`)}
            >
              <span aria-hidden="true">{n}</span>
              <span className="vp-visually-hidden">
                {t('step.heading', { n, name: t(`step.${n}`) })}:{' '}
                {step?.overdue ? t('stepStatus.overdue') : t(`stepStatus.${status}`)}
              </span>
            </li>
          )
        })}
      </ol>
    </div>
  )
}
