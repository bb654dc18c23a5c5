import { Heading3, Paragraph, StatusBadge } from '@utrecht/component-library-react'
import type { ActionStatus, Case, Dashboard } from '@vp/shared'
import { ACTION_STATUSES } from '@vp/shared/constants'
import { type ReactNode, useId } from 'react'
import { useIntl } from 'react-intl'
import { useDashboard, useFollowUp } from '../../../api/dashboard.ts'
import { STEP_NUMBERS } from '../../../api/steps.ts'
import { DataTable } from '../../../components/data-table.tsx'
import { useDates } from '../../../components/dates.ts'
import { Disclosure } from '../../../components/disclosure.tsx'
import { LoadError } from '../../../components/errors.tsx'
import { FollowUpList } from '../../../components/follow-up-list.tsx'
import { Loading } from '../../../components/loading.tsx'
import { TextLink } from '../../../components/router-links.tsx'
import { SectionHeading } from '../../../components/section-heading.tsx'
import { useT } from '../../../components/use-t.ts'
import { useCaseContext } from '../case-layout.tsx'
import { IndicatorChart } from '../charts/indicator-chart.tsx'
import { RatingStrip } from '../charts/rating-strip.tsx'
import {
  ACTION_STATUS_BADGE,
  AGREEMENT_BADGE,
  INDICATOR_STATUS_BADGE,
  POSITION_BADGE,
  STEP_STATUS_BADGE,
} from '../status-badges.ts'
import { CostOverview } from './cost-overview.tsx'
import { NextSteps } from './next-steps.tsx'

/** `/dossiers/:caseId`: how far the case is and who still owes what, in one look. */
export function CaseDashboardPage() {
  const t = useT()
  const theCase = useCaseContext()
  const dashboard = useDashboard(theCase.id)
  return (
    <section aria-labelledby="overzicht" className="vp-section vp-dashboard">
      <SectionHeading id="overzicht">{t('overview.title')}</SectionHeading>
      <Paragraph className="vp-step__intro">{t('overview.intro')}</Paragraph>
      {dashboard.isPending ? (
        <Loading />
      ) : dashboard.isError ? (
        <LoadError onRetry={() => void dashboard.refetch()} />
      ) : (
        <Overview theCase={theCase} data={dashboard.data} />
      )}
    </section>
  )
}

function Overview({ theCase, data }: { theCase: Case; data: Dashboard }) {
  const t = useT()
  const intl = useIntl()
  // Whom to chase is shown where the server's policy grants it (the projectleider).
  const leads = theCase.abilities.followUp
  const followUp = useFollowUp(theCase.id, leads)
  const hasActions = data.commitments.actions.length > 0
  const hasConsensus =
    data.consensus.subproblems.length > 0 || data.consensus.problemStatement !== null || data.consensus.goals.length > 0
  // Sections with nothing in them yet collapse into one line: no "nog geen …" ten times, and no
  // claim (such as "every sub-problem has a measure") about data that is not there.
  const empty = (
    [
      [!hasActions, 'actions'],
      [data.indicators.length === 0, 'goals'],
      [!hasConsensus, 'consensus'],
      [!hasActions, 'commitments'],
      [!hasActions, 'cost'],
      [!data.measures.assessed, 'gaps'],
    ] as const
  )
    .filter(([isEmpty]) => isEmpty)
    .map(([, key]) => key)
  return (
    <>
      {leads && <NextSteps theCase={theCase} data={data} followUp={followUp.data} />}
      {leads && (
        <Section title={t('followUp.title')}>
          {followUp.isPending ? (
            <Loading />
          ) : followUp.isError ? (
            <LoadError onRetry={() => void followUp.refetch()} />
          ) : (
            <FollowUpList caseId={theCase.id} followUp={followUp.data} level={4} />
          )}
        </Section>
      )}
      <StepsOverview theCase={theCase} data={data} />
      <DoneMatrix theCase={theCase} data={data} />
      {hasActions && <ActionStatusOverview data={data} caseId={theCase.id} />}
      {data.indicators.length > 0 && <Indicators data={data} caseId={theCase.id} />}
      {hasConsensus && <ConsensusMap data={data} caseId={theCase.id} />}
      {hasActions && <CommitmentMatrix data={data} caseId={theCase.id} />}
      {hasActions && <CostOverview dashboard={data} level={3} />}
      {data.measures.assessed && <GapsAndOverlaps data={data} caseId={theCase.id} />}
      {empty.length > 0 && (
        <Paragraph className="vp-muted vp-empty-sections">
          {t('overview.emptySections', {
            sections: intl.formatList(empty.map((k) => t(`overview.empty.${k}`))),
          })}
        </Paragraph>
      )}
    </>
  )
}

function Section({ title, children, link }: { title: string; children: ReactNode; link?: ReactNode }) {
  const id = useId()
  return (
    <section aria-labelledby={id} className="vp-section vp-dashboard__section">
      <div className="vp-section__header">
        <Heading3 id={id}>{title}</Heading3>
        {link}
      </div>
      {children}
    </section>
  )
}

function useNames(data: Dashboard) {
  const t = useT()
  return (id: string) => data.organisations.find((o) => o.id === id)?.name ?? t('activity.unknownOrganisation')
}

/** The six steps as cards: status, deadline, verlopen, and how many organisations are done. */
function StepsOverview({ theCase, data }: { theCase: Case; data: Dashboard }) {
  const t = useT()
  const dates = useDates()
  const acuut = theCase.problemType === 'acuut'
  return (
    <Section title={t('overview.steps')}>
      <ol className="vp-step-cards">
        {STEP_NUMBERS.map((n) => {
          const step = data.steps.find((s) => s.step === n)
          if (!step) return null
          const done = step.done.filter((d) => d.done).length
          const count = data.counts.find((c) => c.step === n)
          return (
            <li key={n} className={`vp-step-card vp-step-card--${step.overdue ? 'overdue' : step.status}`}>
              <p className="vp-step-card__number" aria-hidden="true">
                {n}
              </p>
              <h4 className="utrecht-heading-4 vp-step-card__name">
                <TextLink to={`/dossiers/${theCase.id}/stap/${n}`}>
                  <span className="vp-visually-hidden">{t('step.number', { n })}: </span>
                  {t(`step.${n}`)}
                </TextLink>
              </h4>
              <p className="vp-badges">
                <StatusBadge status={STEP_STATUS_BADGE[step.status]}>{t(`stepStatus.${step.status}`)}</StatusBadge>
                {step.overdue && <StatusBadge status="danger">{t('stepStatus.overdue')}</StatusBadge>}
              </p>
              <p className="vp-step-card__fact">
                {step.deadline
                  ? t('overview.deadline', { date: dates.deadline(step.deadline, acuut) })
                  : t('stepPanel.noDeadline')}
              </p>
              <p className="vp-step-card__fact">{t('stepPanel.doneCount', { done, total: step.done.length })}</p>
              <p className="vp-step-card__meter" aria-hidden="true">
                <span className="vp-bar">
                  <span className="vp-bar__fill" style={{ inlineSize: `${(100 * done) / (step.done.length || 1)}%` }} />
                </span>
              </p>
              {count && count.items > 0 && (
                <p className="vp-step-card__fact vp-muted">
                  {t('overview.itemCount', { count: count.items, restricted: count.restricted })}
                </p>
              )}
            </li>
          )
        })}
      </ol>
    </Section>
  )
}

/** Organisation × step: who has marked their contribution done. */
function DoneMatrix({ theCase, data }: { theCase: Case; data: Dashboard }) {
  const t = useT()
  const name = useNames(data)
  return (
    <Section title={t('overview.doneMatrix')}>
      <DataTable
        caption={t('overview.doneMatrix.caption')}
        layout="scroll"
        className="vp-matrix"
        rows={data.doneMatrix}
        rowKey={(row) => row.organisationId}
        rowClassName={(row) => (row.organisationId === theCase.me.organisation.id ? 'vp-matrix__mine' : undefined)}
        columns={[
          {
            key: 'organisation',
            header: t('invitations.organisation'),
            className: 'vp-table__wrap',
            cell: (row) => name(row.organisationId),
          },
          ...STEP_NUMBERS.map((n, i) => {
            const status = data.steps[i]?.status
            const state = (row: Dashboard['doneMatrix'][number]) =>
              row.steps[i] ? 'done' : status === 'open' ? 'owed' : 'none'
            return {
              key: `step-${n}`,
              header: (
                <>
                  <span aria-hidden="true">{n}</span>
                  <span className="vp-visually-hidden">{t('step.heading', { n, name: t(`step.${n}`) })}</span>
                </>
              ),
              headerClassName: 'vp-matrix__col',
              className: (row: Dashboard['doneMatrix'][number]) => `vp-matrix__cell vp-matrix__cell--${state(row)}`,
              cell: (row: Dashboard['doneMatrix'][number]) => (
                <>
                  <span aria-hidden="true">{{ done: '✓', owed: '…', none: '–' }[state(row)]}</span>
                  <span className="vp-visually-hidden">
                    {
                      { done: t('stepPanel.isDone'), owed: t('overview.owed'), none: t('overview.notApplicable') }[
                        state(row)
                      ]
                    }
                  </span>
                </>
              ),
            }
          }),
        ]}
      />
      <p className="vp-legend">
        <span>
          <span className="vp-matrix__cell--done vp-legend__mark">✓</span> {t('stepPanel.isDone')}
        </span>
        <span>
          <span className="vp-matrix__cell--owed vp-legend__mark">…</span> {t('overview.owed')}
        </span>
        <span>
          <span className="vp-legend__mark">–</span> {t('overview.notApplicable')}
        </span>
      </p>
    </Section>
  )
}

/** Actions by status: a stacked bar, and the counts as a list. */
function ActionStatusOverview({ data, caseId }: { data: Dashboard; caseId: string }) {
  const t = useT()
  const total = ACTION_STATUSES.reduce((s, k) => s + (data.actionStatus[k] ?? 0), 0)
  const overdue = data.commitments.actions.filter((a) => a.overdue)
  return (
    <Section
      title={t('overview.actionStatus')}
      link={<TextLink to={`/dossiers/${caseId}/stap/6`}>{t('overview.toStep', { n: 6 })}</TextLink>}
    >
      {total === 0 ? (
        <Paragraph className="vp-muted">{t('overview.noActions')}</Paragraph>
      ) : (
        <>
          <div className="vp-stack" aria-hidden="true">
            {ACTION_STATUSES.filter((s) => data.actionStatus[s]).map((s) => (
              <span
                key={s}
                className={`vp-stack__part vp-stack__part--${s}`}
                style={{ flexGrow: data.actionStatus[s] }}
              >
                {data.actionStatus[s]}
              </span>
            ))}
          </div>
          <ul className="vp-legend vp-legend--list">
            {ACTION_STATUSES.map((s) => (
              <li key={s}>
                <span className={`vp-legend__swatch vp-stack__part--${s}`} aria-hidden="true" />
                {t('overview.statusCount', { count: data.actionStatus[s] ?? 0, status: t(`actionStatus.${s}`) })}
              </li>
            ))}
          </ul>
          {overdue.length > 0 && (
            <Paragraph>
              <StatusBadge status="danger">{t('stepStatus.overdue')}</StatusBadge>{' '}
              {overdue.map((a) => a.title).join('; ')}
            </Paragraph>
          )}
        </>
      )}
    </Section>
  )
}

/** Every goal's indicator against its baseline and target. */
function Indicators({ data, caseId }: { data: Dashboard; caseId: string }) {
  const t = useT()
  const intl = useIntl()
  return (
    <Section
      title={t('overview.indicators')}
      link={<TextLink to={`/dossiers/${caseId}/stap/6`}>{t('overview.toStep', { n: 6 })}</TextLink>}
    >
      {data.indicators.length === 0 ? (
        <Paragraph className="vp-muted">{t('overview.noGoals')}</Paragraph>
      ) : (
        <ul className="vp-indicators">
          {data.indicators.map((g) => (
            <li key={g.goalId} className="vp-card vp-indicator">
              <h4 className="utrecht-heading-4">{g.title}</h4>
              <p className="vp-muted">{g.indicator}</p>
              <p className="vp-badges">
                {g.status !== 'onbekend' && (
                  <StatusBadge status={INDICATOR_STATUS_BADGE[g.status]}>
                    {t(`indicatorStatus.${g.status}`)}
                  </StatusBadge>
                )}
                {!g.achieved && g.progress !== null && (
                  <StatusBadge status="neutral">
                    {t('overview.progress', {
                      percent: intl.formatNumber(Math.max(0, g.progress), { style: 'percent' }),
                    })}
                  </StatusBadge>
                )}
                {g.trend && <StatusBadge status="neutral">{t(`trend.${g.trend}`)}</StatusBadge>}
              </p>
              <IndicatorChart
                series={{
                  title: g.title,
                  unit: g.unit,
                  direction: g.direction,
                  baseline: g.baseline,
                  baselineDate: null,
                  target: g.target,
                  targetDate: g.targetDate,
                  measurements: g.measurements,
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </Section>
  )
}

/** Where partners agree and where they differ: priorities of sub-problems, positions on texts and goals. */
function ConsensusMap({ data, caseId }: { data: Dashboard; caseId: string }) {
  const t = useT()
  const intl = useIntl()
  const name = useNames(data)
  const positionsCaption = useId()
  const { subproblems, problemStatement, goals } = data.consensus
  const ranked = [...subproblems].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99))
  const positionRows = [
    ...(problemStatement ? [{ ...problemStatement, what: t('overview.statement') }] : []),
    ...subproblems.filter((s) => s.positions.length > 0).map((s) => ({ ...s, what: t('overview.subproblem') })),
    ...goals.map((g) => ({ ...g, what: t('overview.goal') })),
  ]
  return (
    <Section
      title={t('overview.consensus')}
      link={<TextLink to={`/dossiers/${caseId}/stap/2`}>{t('overview.toStep', { n: 2 })}</TextLink>}
    >
      <Paragraph className="vp-muted">{t('overview.consensus.intro')}</Paragraph>
      {ranked.length === 0 ? (
        <Paragraph className="vp-muted">{t('overview.noSubproblems')}</Paragraph>
      ) : (
        <ol className="vp-consensus">
          {ranked.map((s) => (
            <li key={s.id} className="vp-consensus__row">
              <span className="vp-consensus__rank" aria-hidden="true">
                {s.rank ?? '–'}
              </span>
              <span className="vp-consensus__what">
                <span className="vp-consensus__title">{s.title}</span>
                <span className="vp-muted">
                  {s.mean === null
                    ? t('rating.none')
                    : t('overview.meanSpread', {
                        mean: intl.formatNumber(s.mean, { maximumFractionDigits: 1 }),
                        spread: s.spread ?? 0,
                      })}
                </span>
              </span>
              <span className="vp-consensus__picture">
                <RatingStrip ratings={s.ratings} />
              </span>
              <span className="vp-consensus__badge">
                <StatusBadge status={AGREEMENT_BADGE[s.agreement]}>{t(`agreement.${s.agreement}`)}</StatusBadge>
              </span>
            </li>
          ))}
        </ol>
      )}
      {ranked.length > 0 && (
        <Disclosure summary={t('overview.ratingsTable')}>
          <DataTable
            caption={t('overview.ratingsTable')}
            layout="scroll"
            className="vp-matrix"
            rows={ranked}
            rowKey={(s) => s.id}
            columns={[
              {
                key: 'subproblem',
                header: t('overview.subproblem'),
                className: 'vp-table__wrap',
                cell: (s) => s.title,
              },
              ...data.organisations.map((o) => ({
                key: o.id,
                header: o.name,
                headerClassName: 'vp-matrix__org',
                numeric: true,
                cell: (s: (typeof ranked)[number]) => s.ratings.find((r) => r.organisationId === o.id)?.score ?? '–',
              })),
              {
                key: 'mean',
                header: t('overview.mean'),
                numeric: true,
                cell: (s) => (s.mean === null ? '–' : intl.formatNumber(s.mean, { maximumFractionDigits: 1 })),
              },
            ]}
          />
        </Disclosure>
      )}
      {positionRows.length > 0 && (
        <>
          <h4 className="utrecht-heading-4" id={positionsCaption}>
            {t('overview.positions')}
          </h4>
          <DataTable
            labelledBy={positionsCaption}
            layout="scroll"
            className="vp-matrix"
            rows={positionRows}
            rowKey={(row) => row.id}
            columns={[
              {
                key: 'what',
                header: t('overview.positionOn'),
                className: 'vp-table__wrap',
                cell: (row) => (
                  <>
                    <span className="vp-table__sub vp-table__kicker">{row.what}</span>
                    {row.title}
                  </>
                ),
              },
              ...data.organisations.map((o) => ({
                key: o.id,
                header: o.name,
                headerClassName: 'vp-matrix__org',
                className: 'vp-matrix__cell',
                cell: (row: (typeof positionRows)[number]) => {
                  const p = row.positions.find((x) => x.organisationId === o.id)
                  return p ? (
                    <span title={p.reason ?? undefined}>
                      <StatusBadge status={POSITION_BADGE[p.position]}>{t(`positionShort.${p.position}`)}</StatusBadge>
                      {p.reason && <span className="vp-visually-hidden">: {p.reason}</span>}
                    </span>
                  ) : (
                    <span className="vp-muted">
                      <span aria-hidden="true">–</span>
                      <span className="vp-visually-hidden">{t('position.noneShort')}</span>
                    </span>
                  )
                },
              })),
              {
                key: 'overall',
                header: t('overview.overall'),
                cell: (row) =>
                  row.positionSummary.overall === 'geen' ? (
                    <span className="vp-muted">{t('position.noneShort')}</span>
                  ) : (
                    <StatusBadge status={POSITION_BADGE[row.positionSummary.overall]}>
                      {t(`positionShort.${row.positionSummary.overall}`)}
                    </StatusBadge>
                  ),
              },
            ]}
          />
          <ReasonsList rows={positionRows} name={name} />
        </>
      )}
    </Section>
  )
}

/** The reasons given with voorbehoud and niet akkoord, readable without hovering. */
function ReasonsList({
  rows,
  name,
}: {
  rows: {
    id: string
    title: string
    positions: { organisationId: string; position: string; reason: string | null }[]
  }[]
  name: (id: string) => string
}) {
  const t = useT()
  const reasons = rows.flatMap((r) =>
    r.positions.filter((p) => p.reason).map((p) => ({ key: `${r.id}-${p.organisationId}`, row: r, p })),
  )
  if (reasons.length === 0) return null
  return (
    <Disclosure summary={t('overview.reasons', { count: reasons.length })}>
      <ul className="vp-plain-list vp-reasons">
        {reasons.map(({ key, row, p }) => (
          <li key={key}>
            <strong>{name(p.organisationId)}</strong> {t('overview.reasonOn', { title: row.title })}{' '}
            <span>“{p.reason}”</span>
          </li>
        ))}
      </ul>
    </Disclosure>
  )
}

/** Organisation × action: toegezegd, afgewezen, openstaand; the actions numbered, with a legend. */
function CommitmentMatrix({ data, caseId }: { data: Dashboard; caseId: string }) {
  const t = useT()
  const dates = useDates()
  const { actions, rows } = data.commitments
  return (
    <Section
      title={t('overview.commitments')}
      link={<TextLink to={`/dossiers/${caseId}/stap/5`}>{t('overview.toStep', { n: 5 })}</TextLink>}
    >
      {actions.length === 0 ? (
        <Paragraph className="vp-muted">{t('overview.noActions')}</Paragraph>
      ) : (
        <>
          <DataTable
            caption={t('overview.commitments.caption')}
            layout="scroll"
            className="vp-matrix"
            rows={rows}
            rowKey={(row) => row.organisationId}
            columns={[
              {
                key: 'organisation',
                header: t('invitations.organisation'),
                className: 'vp-table__wrap',
                cell: (row) => row.name,
              },
              ...actions.map((a, i) => ({
                key: a.id,
                header: (
                  <>
                    <span aria-hidden="true">{i + 1}</span>
                    <span className="vp-visually-hidden">{a.title}</span>
                  </>
                ),
                headerClassName: 'vp-matrix__col',
                className: (row: (typeof rows)[number]) =>
                  `vp-matrix__cell vp-matrix__cell--${row.cells.find((c) => c.actionId === a.id)?.status ?? 'none'}`,
                cell: (row: (typeof rows)[number]) => {
                  const status = row.cells.find((c) => c.actionId === a.id)?.status
                  return (
                    <>
                      <span aria-hidden="true">
                        {status === 'accepted' ? '✓' : status === 'declined' ? '✗' : status ? '?' : ''}
                      </span>
                      <span className="vp-visually-hidden">
                        {status ? t(`commitmentStatus.${status}`) : t('overview.notInvolved')}
                      </span>
                    </>
                  )
                },
              })),
              {
                key: 'totals',
                header: t('overview.commitmentTotals'),
                className: 'vp-matrix__totals',
                cell: (row) =>
                  t('overview.commitmentCounts', {
                    accepted: row.accepted,
                    pending: row.pending,
                    declined: row.declined,
                  }),
              },
            ]}
          />
          <p className="vp-legend">
            {(['accepted', 'declined', 'pending'] as const).map((s) => (
              <span key={s}>
                <span className={`vp-legend__mark vp-matrix__cell--${s}`}>
                  {s === 'accepted' ? '✓' : s === 'declined' ? '✗' : '?'}
                </span>{' '}
                {t(`commitmentStatus.${s}`)}
              </span>
            ))}
          </p>
          <ol className="vp-action-legend">
            {actions.map((a) => (
              <li key={a.id}>
                <span className="vp-action-legend__title">{a.title}</span>{' '}
                <StatusBadge status={ACTION_STATUS_BADGE[a.status as ActionStatus]}>
                  {t(`actionStatus.${a.status}`)}
                </StatusBadge>{' '}
                {a.dueDate && <span className="vp-muted">{t('overview.due', { date: dates.date(a.dueDate) })}</span>}
                {a.overdue && (
                  <>
                    {' '}
                    <StatusBadge status="danger">{t('stepStatus.overdue')}</StatusBadge>
                  </>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </Section>
  )
}

/** Sub-problems no current measure addresses, and where several organisations work on the same. */
function GapsAndOverlaps({ data, caseId }: { data: Dashboard; caseId: string }) {
  const t = useT()
  const intl = useIntl()
  const name = useNames(data)
  const titleOf = (id: string) => data.consensus.subproblems.find((s) => s.id === id)?.title ?? t('item.unknown')
  const { gaps, overlaps } = data.measures
  return (
    <Section
      title={t('step3.gapsTitle')}
      link={<TextLink to={`/dossiers/${caseId}/stap/3`}>{t('overview.toStep', { n: 3 })}</TextLink>}
    >
      <div className="vp-gaps__columns">
        <div>
          <h4 className="utrecht-heading-4">{t('step3.gaps')}</h4>
          {gaps.length === 0 ? (
            <Paragraph className="vp-muted">{t('step3.noGaps')}</Paragraph>
          ) : (
            <ul className="vp-gaps__list">
              {gaps.map((id) => (
                <li key={id}>
                  <StatusBadge status="danger">{t('step3.gapBadge')}</StatusBadge> {titleOf(id)}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h4 className="utrecht-heading-4">{t('step3.overlaps')}</h4>
          {overlaps.length === 0 ? (
            <Paragraph className="vp-muted">{t('step3.noOverlaps')}</Paragraph>
          ) : (
            <ul className="vp-gaps__list">
              {overlaps.map((o) => (
                <li key={o.subproblemId}>
                  <StatusBadge status="warning">{t('step3.overlapBadge')}</StatusBadge>{' '}
                  {t('step3.overlapLine', {
                    subproblem: titleOf(o.subproblemId),
                    count: o.measureIds.length,
                    organisations: intl.formatList(o.organisationIds.map(name)),
                  })}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </Section>
  )
}
