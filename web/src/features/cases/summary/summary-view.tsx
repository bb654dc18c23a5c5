import { Heading2, Paragraph, StatusBadge } from '@utrecht/component-library-react'
import type {
  OrganisationRef,
  Summary,
  SummaryAction,
  SummaryDocument,
  SummaryEvaluation,
  SummaryGoal,
  SummaryMeasure,
  SummaryPlaceholder,
  SummarySubproblem,
  SummaryUpdate,
} from '@vp/shared'
import { ACTION_STATUSES } from '@vp/shared/constants'
import { type ReactNode, useId } from 'react'
import { useIntl } from 'react-intl'
import { STEP_NUMBERS, type StepNumber } from '../../../api/steps.ts'
import { DataTable } from '../../../components/data-table.tsx'
import { useDates } from '../../../components/dates.ts'
import { Heading } from '../../../components/heading.tsx'
import { Notice } from '../../../components/notice.tsx'
import { useT } from '../../../components/use-t.ts'
import type { MessageId } from '../../../i18n/messages.ts'
import { IndicatorChart } from '../charts/indicator-chart.tsx'
import { ACTION_STATUS_BADGE, AGREEMENT_BADGE, INDICATOR_STATUS_BADGE, STEP_STATUS_BADGE } from '../status-badges.ts'
import { useMoney } from '../steps/display.tsx'

type Entry<T> = T | SummaryPlaceholder
type PositionCounts = SummaryGoal['positionCounts']
type PositionList = SummaryGoal['positions']

const isVisible = <T extends { restricted: false }>(entry: Entry<T>): entry is T => !entry.restricted
const isPlaceholder = <T,>(entry: Entry<T>): entry is SummaryPlaceholder =>
  (entry as { restricted: boolean }).restricted === true

/** Splits a list into what the reader sees and the placeholders of what they may not see. */
function split<T extends { restricted: false }>(list: Entry<T>[]) {
  return { visible: list.filter(isVisible), hidden: list.filter(isPlaceholder) }
}

/** A table of the visible entries, unless there are none and only placeholders would follow. */
const hasTable = (entries: { visible: unknown[]; hidden: unknown[] }) =>
  entries.visible.length > 0 || entries.hidden.length === 0

const isStep = (n: number | null): n is StepNumber => n !== null && (STEP_NUMBERS as readonly number[]).includes(n)

/** Words and numbers of the summary in the reader's language. */
function useFormat() {
  const t = useT()
  const intl = useIntl()
  const dates = useDates()
  const money = useMoney()
  const number = (n: number) => intl.formatNumber(n, { maximumFractionDigits: 1 })
  return {
    t,
    intl,
    dates,
    money,
    number,
    list: (items: string[]) => intl.formatList(items, { type: 'conjunction' }),
    orgs: (orgs: OrganisationRef[]) =>
      orgs.length
        ? intl.formatList(
            orgs.map((o) => o.name),
            { type: 'conjunction' },
          )
        : '—',
    person: (p: { name: string | null; organisation: OrganisationRef }) =>
      p.name ? t('person.withOrganisation', { name: p.name, organisation: p.organisation.name }) : p.organisation.name,
    stepName: (n: StepNumber) => t('step.heading', { n, name: t(`step.${n}`) }),
    /** "31 meldingen", "12%". */
    measured: (value: number, unit: string) => (unit === '%' ? `${number(value)}%` : `${number(value)} ${unit}`),
  }
}

/** The summary as the server built it: the title block, then the ten sections in the exports' order. */
export function SummaryView({ summary }: { summary: Summary }) {
  const t = useT()
  return (
    <div className="vp-summary__body">
      {summary.variant === 'raad' && (
        <div className="vp-summary__note">
          <Notice>
            <Paragraph>{t('summary.raadNote')}</Paragraph>
          </Notice>
        </div>
      )}
      <TitleBlock summary={summary} />
      <StepsSection summary={summary} />
      <ProjectGroupSection summary={summary} />
      <ProblemSection summary={summary} />
      <MeasuresSection summary={summary} />
      <GoalsSection summary={summary} />
      <ActionsSection summary={summary} />
      <CostsSection summary={summary} />
      <MonitoringSection summary={summary} />
      <EvaluationSection summary={summary} />
      <DocumentsSection summary={summary} />
    </div>
  )
}

type SectionKey =
  | 'steps'
  | 'projectGroup'
  | 'problem'
  | 'measures'
  | 'goals'
  | 'actions'
  | 'costs'
  | 'monitoring'
  | 'evaluation'
  | 'documents'

/** One of the ten sections: an h2 with the exports' heading; print starts some of them on a new page. */
function Section({ name, children }: { name: SectionKey; children: (headingId: string) => ReactNode }) {
  const t = useT()
  const id = useId()
  return (
    <section aria-labelledby={id} className={`vp-summary__section vp-summary__section--${name}`}>
      <Heading2 id={id}>{t(`summary.section.${name}` as MessageId)}</Heading2>
      {children(id)}
    </section>
  )
}

/** A sub-heading inside a section, with the id a table below it is named by. */
function SubHeading({ id, children }: { id: string; children: ReactNode }) {
  return (
    <Heading level={3} id={id}>
      {children}
    </Heading>
  )
}

/** Text typed by people, shown as text with its line breaks (never as markup). */
function Prose({ text }: { text: string | null }) {
  return text?.trim() ? <Paragraph className="vp-summary__prose">{text}</Paragraph> : null
}

function Empty({ children }: { children: ReactNode }) {
  return <Paragraph className="vp-muted">{children}</Paragraph>
}

/** What a member outside an audience sees on every screen: whose contribution it is, and when. */
function Placeholders({ entries }: { entries: SummaryPlaceholder[] }) {
  const t = useT()
  const dates = useDates()
  if (entries.length === 0) return null
  return (
    <ul className="vp-summary__placeholders" aria-label={t('summary.restrictedList')}>
      {entries.map((p) => (
        <li key={p.id} className="vp-item__restricted">
          <span aria-hidden="true" className="vp-item__lock">
            🔒
          </span>{' '}
          {t(p.kind === 'document' ? 'documents.restricted' : 'item.restricted', {
            organisation: p.organisation.name,
            date: dates.date(p.createdAt),
          })}
        </li>
      ))}
    </ul>
  )
}

function TitleBlock({ summary }: { summary: Summary }) {
  const f = useFormat()
  const { t } = f
  const c = summary.case
  const facts: [string, ReactNode][] = [
    [t('summary.fact.case'), c.title.trim() || '—'],
    [t('profile.gemeente'), c.gemeente],
    [t('profile.area'), c.area?.trim() || t('case.notFilledIn')],
    [t('profile.theme'), t(`theme.${c.theme}`)],
    [t('profile.problemType'), t(`problemType.${c.problemType}`)],
    [t('summary.fact.status'), t(`caseStatus.${c.status}`)],
    [t('role.projectleider.title'), c.projectleider ? f.person(c.projectleider) : t('case.noProjectleider')],
    [t('profile.bestuurder'), c.bestuurder?.trim() || t('case.notFilledIn')],
    [t('summary.fact.generatedAt'), f.dates.dateTime(summary.generatedAt)],
    [t('summary.fact.version'), String(summary.seq)],
  ]
  return (
    <section aria-label={t('summary.facts')} className="vp-summary__title">
      <p className="vp-summary__case">{c.title.trim() || '—'}</p>
      <dl className="vp-facts vp-summary__facts">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {c.context?.trim() && (
        <>
          <Heading level={3}>{t('profile.context')}</Heading>
          <Prose text={c.context} />
        </>
      )}
      {c.aanleiding?.trim() && (
        <>
          <Heading level={3}>{t('profile.aanleiding')}</Heading>
          <Prose text={c.aanleiding} />
        </>
      )}
    </section>
  )
}

function StepsSection({ summary }: { summary: Summary }) {
  const f = useFormat()
  const { t } = f
  const acuut = summary.case.problemType === 'acuut'
  return (
    <Section name="steps">
      {(headingId) => (
        <DataTable
          labelledBy={headingId}
          rows={summary.steps.filter((s) => isStep(s.step))}
          rowKey={(s) => String(s.step)}
          empty={t('summary.empty')}
          columns={[
            {
              key: 'step',
              header: t('summary.col.step'),
              className: 'vp-table__wrap',
              cell: (s) => f.stepName(s.step as StepNumber),
            },
            {
              key: 'status',
              header: t('summary.col.status'),
              cell: (s) => (
                <span className="vp-badges">
                  <StatusBadge status={STEP_STATUS_BADGE[s.status]}>{t(`stepStatus.${s.status}`)}</StatusBadge>
                  {s.overdue && <StatusBadge status="danger">{t('stepStatus.overdue')}</StatusBadge>}
                </span>
              ),
            },
            {
              key: 'deadline',
              header: t('summary.col.deadline'),
              cell: (s) => (s.deadline ? f.dates.deadline(s.deadline, acuut) : '—'),
            },
            { key: 'done', header: t('summary.col.done'), className: 'vp-table__wrap', cell: (s) => f.orgs(s.done) },
            {
              key: 'notDone',
              header: t('summary.col.notDone'),
              className: 'vp-table__wrap',
              cell: (s) => f.orgs(s.notDone),
            },
          ]}
        />
      )}
    </Section>
  )
}

function ProjectGroupSection({ summary }: { summary: Summary }) {
  const f = useFormat()
  const { t } = f
  // The council's version names no one: the column would only say "—".
  const withPeople = summary.projectGroup.some((g) => g.people.length > 0)
  return (
    <Section name="projectGroup">
      {(headingId) => (
        <DataTable
          labelledBy={headingId}
          rows={summary.projectGroup}
          rowKey={(g) => g.organisation.id}
          empty={t('summary.empty')}
          columns={[
            {
              key: 'organisation',
              header: t('summary.col.organisation'),
              className: 'vp-table__wrap',
              cell: (g) => g.organisation.name,
            },
            {
              key: 'roles',
              header: t('summary.col.roles'),
              cell: (g) => f.list(g.roles.map((r) => t(`role.${r}`))),
            },
            ...(withPeople
              ? [
                  {
                    key: 'people',
                    header: t('summary.col.people'),
                    className: 'vp-table__wrap',
                    cell: (g: Summary['projectGroup'][number]) =>
                      g.people.length ? f.list(g.people.map((p) => `${p.name} (${t(`role.${p.role}`)})`)) : '—',
                  },
                ]
              : []),
            {
              key: 'belang',
              header: t('summary.col.belang'),
              className: 'vp-table__wrap',
              cell: (g) => g.belang?.trim() || '—',
            },
            {
              key: 'roleText',
              header: t('summary.col.roleText'),
              className: 'vp-table__wrap',
              cell: (g) => g.roleText?.trim() || '—',
            },
          ]}
        />
      )}
    </Section>
  )
}

/** Where the partners stand on a text: the overall word, the counts, and (full version) who and why. */
function Positions({ counts, positions }: { counts: PositionCounts; positions: PositionList }) {
  const f = useFormat()
  const { t } = f
  return (
    <>
      <Paragraph className="vp-summary__positions">
        {t('summary.positions', {
          overall: t(`summary.overall.${counts.overall}`),
          counts: t('summary.positionCounts', {
            akkoord: counts.akkoord,
            voorbehoud: counts.voorbehoud,
            nietAkkoord: counts.niet_akkoord,
          }),
        })}
      </Paragraph>
      {positions.length > 0 && (
        <ul className="vp-summary__list">
          {positions.map((p) => (
            <li key={p.organisation.id}>
              {p.reason?.trim()
                ? t('summary.positionReason', {
                    organisation: p.organisation.name,
                    position: t(`position.${p.position}`),
                    reason: p.reason,
                  })
                : t('summary.positionOf', { organisation: p.organisation.name, position: t(`position.${p.position}`) })}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}

function ProblemSection({ summary }: { summary: Summary }) {
  const f = useFormat()
  const { t } = f
  const statementId = useId()
  const subproblemsId = useId()
  const { statement } = summary.problem
  const subproblems = split<SummarySubproblem>(summary.problem.subproblems)
  return (
    <Section name="problem">
      {() => (
        <>
          <SubHeading id={statementId}>{t('summary.statement')}</SubHeading>
          {statement === null ? (
            <Empty>{t('summary.noStatement')}</Empty>
          ) : statement.restricted ? (
            <Placeholders entries={[statement]} />
          ) : (
            <div className="vp-summary__statement">
              <Paragraph className="vp-summary__statement-title">{statement.title}</Paragraph>
              <Prose text={statement.description} />
              <Positions counts={statement.positionCounts} positions={statement.positions} />
            </div>
          )}
          <SubHeading id={subproblemsId}>{t('summary.subproblems')}</SubHeading>
          {hasTable(subproblems) && (
            <DataTable
              labelledBy={subproblemsId}
              rows={subproblems.visible}
              rowKey={(s) => s.id}
              empty={t('summary.empty')}
              columns={[
                {
                  key: 'subproblem',
                  header: t('summary.col.subproblem'),
                  rowHeader: true,
                  className: 'vp-table__wrap',
                  cell: (s) => (
                    <>
                      {s.title.trim() || '—'}
                      {s.description?.trim() && <span className="vp-table__sub">{s.description}</span>}
                    </>
                  ),
                },
                { key: 'rank', header: t('summary.col.rank'), numeric: true, cell: (s) => s.rank ?? '—' },
                {
                  key: 'priority',
                  header: t('summary.col.priority'),
                  cell: (s) =>
                    s.mean === null
                      ? t('rating.none')
                      : t('summary.priority', {
                          mean: f.number(s.mean),
                          spread: f.number(s.spread ?? 0),
                          count: s.ratingCount,
                        }),
                },
                {
                  key: 'agreement',
                  header: t('summary.col.agreement'),
                  cell: (s) => (
                    <StatusBadge status={AGREEMENT_BADGE[s.agreement]}>{t(`agreement.${s.agreement}`)}</StatusBadge>
                  ),
                },
              ]}
            />
          )}
          <Placeholders entries={subproblems.hidden} />
        </>
      )}
    </Section>
  )
}

function MeasuresSection({ summary }: { summary: Summary }) {
  const f = useFormat()
  const { t } = f
  const measuresId = useId()
  const gapsId = useId()
  const { measures } = summary
  const items = split<SummaryMeasure>(measures.items)
  return (
    <Section name="measures">
      {() => (
        <>
          <SubHeading id={measuresId}>{t('summary.measures')}</SubHeading>
          {hasTable(items) && (
            <DataTable
              labelledBy={measuresId}
              rows={items.visible}
              rowKey={(m) => m.id}
              empty={t('summary.empty')}
              columns={[
                {
                  key: 'measure',
                  header: t('summary.col.measure'),
                  className: 'vp-table__wrap',
                  cell: (m) => (
                    <>
                      {m.title.trim() || '—'}
                      {m.description?.trim() && <span className="vp-table__sub">{m.description}</span>}
                    </>
                  ),
                },
                { key: 'owner', header: t('summary.col.owner'), cell: (m) => m.owner.name },
                { key: 'since', header: t('summary.col.since'), cell: (m) => (m.since ? f.dates.date(m.since) : '—') },
                {
                  key: 'cost',
                  header: t('summary.col.yearlyCost'),
                  numeric: true,
                  cell: (m) => (m.yearlyCost === null ? '—' : f.money(m.yearlyCost)),
                },
                {
                  key: 'hours',
                  header: t('summary.col.hoursPerWeek'),
                  numeric: true,
                  cell: (m) => (m.hoursPerWeek === null ? '—' : f.number(m.hoursPerWeek)),
                },
                { key: 'effect', header: t('summary.col.effect'), cell: (m) => t(`effect.${m.effect}`) },
                {
                  key: 'addresses',
                  header: t('summary.col.addresses'),
                  className: 'vp-table__wrap',
                  cell: (m) => (m.subproblems.length ? f.list(m.subproblems) : '—'),
                },
              ]}
              footer={[
                {
                  key: 'total',
                  header: t('summary.total'),
                  className: 'vp-table__total',
                  cells: { cost: f.money(measures.totalYearlyCost), hours: f.number(measures.totalHoursPerWeek) },
                },
              ]}
            />
          )}
          <Placeholders entries={items.hidden} />
          <SubHeading id={gapsId}>{t('summary.gapsAndOverlaps')}</SubHeading>
          {!measures.assessed ? (
            <Empty>{t('summary.notAssessed')}</Empty>
          ) : (
            <ul className="vp-summary__list">
              <li>{measures.gaps.length ? t('summary.gaps', { list: f.list(measures.gaps) }) : t('summary.noGaps')}</li>
              {measures.overlaps.map((o) => (
                <li key={o.subproblem}>
                  {t('summary.overlap', { subproblem: o.subproblem, organisations: f.orgs(o.organisations) })}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Section>
  )
}

function GoalsSection({ summary }: { summary: Summary }) {
  const f = useFormat()
  const { t } = f
  const goals = split<SummaryGoal>(summary.goals)
  const value = (v: number | null, date: string | null, unit: string) =>
    v === null
      ? '—'
      : date
        ? t('unit.onDate', { value: f.measured(v, unit), date: f.dates.date(date) })
        : f.measured(v, unit)
  return (
    <Section name="goals">
      {(headingId) => (
        <>
          {hasTable(goals) && (
            <DataTable
              labelledBy={headingId}
              rows={goals.visible}
              rowKey={(g) => g.id}
              empty={t('summary.empty')}
              columns={[
                {
                  key: 'goal',
                  header: t('summary.col.goal'),
                  className: 'vp-table__wrap',
                  cell: (g) => (
                    <>
                      {g.title.trim() || '—'}
                      {g.description?.trim() && <span className="vp-table__sub">{g.description}</span>}
                    </>
                  ),
                },
                {
                  key: 'indicator',
                  header: t('summary.col.indicator'),
                  className: 'vp-table__wrap',
                  cell: (g) => (
                    <>
                      {g.indicator}
                      <span className="vp-table__sub">{t(`chart.direction.${g.direction}`)}</span>
                    </>
                  ),
                },
                {
                  key: 'baseline',
                  header: t('summary.col.baseline'),
                  cell: (g) => value(g.baseline, g.baselineDate, g.unit),
                },
                { key: 'target', header: t('summary.col.target'), cell: (g) => value(g.target, g.targetDate, g.unit) },
                {
                  key: 'latest',
                  header: t('summary.col.latest'),
                  cell: (g) =>
                    g.latest ? value(g.latest.value, g.latest.measuredAt, g.unit) : t('chart.noMeasurements'),
                },
                {
                  key: 'progress',
                  header: t('summary.col.progress'),
                  cell: (g) => (
                    <span className="vp-badges">
                      <StatusBadge status={INDICATOR_STATUS_BADGE[g.status]}>
                        {t(`indicatorStatus.${g.status}`)}
                      </StatusBadge>
                      {g.progress !== null && g.status !== 'bereikt' && (
                        <span className="vp-table__sub">
                          {t('overview.progress', {
                            percent: f.intl.formatNumber(Math.max(0, g.progress), { style: 'percent' }),
                          })}
                        </span>
                      )}
                    </span>
                  ),
                },
              ]}
            />
          )}
          <Placeholders entries={goals.hidden} />
          {goals.visible
            .filter((g) => g.positions.length > 0 || g.positionCounts.overall !== 'geen')
            .map((g) => (
              <div key={g.id} className="vp-summary__goal-positions">
                <Heading level={3}>{g.title.trim() || '—'}</Heading>
                <Positions counts={g.positionCounts} positions={g.positions} />
              </div>
            ))}
        </>
      )}
    </Section>
  )
}

function ActionsSection({ summary }: { summary: Summary }) {
  const f = useFormat()
  const { t } = f
  const actions = split<SummaryAction>(summary.actions)
  const day = (d: string) => f.dates.date(d)
  return (
    <Section name="actions">
      {(headingId) => (
        <>
          {hasTable(actions) && (
            <DataTable
              labelledBy={headingId}
              rows={actions.visible}
              rowKey={(a) => a.id}
              empty={t('summary.empty')}
              columns={[
                {
                  key: 'action',
                  header: t('summary.col.action'),
                  className: 'vp-table__wrap',
                  cell: (a) => (
                    <>
                      {a.title.trim() || '—'}
                      {a.description?.trim() && <span className="vp-table__sub">{a.description}</span>}
                      {a.goals.length > 0 && (
                        <span className="vp-table__sub">
                          {t('summary.col.goal')}: {f.list(a.goals)}
                        </span>
                      )}
                    </>
                  ),
                },
                {
                  key: 'people',
                  header: t('summary.col.trekkerAndParticipants'),
                  cell: (a) => (
                    <>
                      {f.person(a.trekker)}
                      {a.participants.length > 0 && (
                        <span className="vp-table__sub">
                          {t('summary.participants', {
                            list: f.list(
                              a.participants.map((p) =>
                                t('unit.orgHours', { organisation: p.organisation.name, hours: f.number(p.hours) }),
                              ),
                            ),
                          })}
                        </span>
                      )}
                    </>
                  ),
                },
                {
                  key: 'status',
                  header: t('summary.col.statusAndPeriod'),
                  cell: (a) => (
                    <>
                      <span className="vp-badges">
                        <StatusBadge status={ACTION_STATUS_BADGE[a.status]}>
                          {t(`actionStatus.${a.status}`)}
                        </StatusBadge>
                        {a.overdue && <StatusBadge status="danger">{t('stepStatus.overdue')}</StatusBadge>}
                      </span>
                      <span className="vp-table__sub">
                        {a.startDate && a.dueDate
                          ? t('summary.period', { start: day(a.startDate), end: day(a.dueDate) })
                          : a.startDate
                            ? t('summary.periodFrom', { start: day(a.startDate) })
                            : a.dueDate
                              ? t('summary.periodUntil', { end: day(a.dueDate) })
                              : t('summary.noPeriod')}
                      </span>
                    </>
                  ),
                },
                {
                  key: 'cost',
                  header: t('summary.col.cost'),
                  numeric: true,
                  cell: (a) =>
                    a.cost === null ? (
                      '—'
                    ) : (
                      <>
                        {f.money(a.cost)}
                        {a.payer && (
                          <span className="vp-table__sub">{t('summary.paidBy', { organisation: a.payer.name })}</span>
                        )}
                      </>
                    ),
                },
                {
                  key: 'commitments',
                  header: t('summary.col.commitments'),
                  cell: (a) =>
                    a.commitments.length
                      ? f.list(
                          a.commitments.map((c) =>
                            t('summary.commitmentOf', {
                              organisation: c.organisation.name,
                              status: t(`commitmentStatus.${c.status}`),
                            }),
                          ),
                        )
                      : '—',
                },
              ]}
            />
          )}
          <Placeholders entries={actions.hidden} />
        </>
      )}
    </Section>
  )
}

function CostsSection({ summary }: { summary: Summary }) {
  const f = useFormat()
  const { t } = f
  const orgId = useId()
  const goalId = useId()
  const { costs } = summary
  return (
    <Section name="costs">
      {() => (
        <>
          <Paragraph className="vp-cost-totals">
            {t('cost.summary', {
              cost: f.money(costs.totalCost),
              hours: f.number(costs.totalHours),
              unassigned: f.money(costs.unassignedCost),
            })}
          </Paragraph>
          <SubHeading id={orgId}>{t('cost.byOrganisation')}</SubHeading>
          <DataTable
            labelledBy={orgId}
            rows={costs.byOrganisation}
            rowKey={(r) => r.organisation.id}
            empty={t('summary.empty')}
            columns={[
              {
                key: 'organisation',
                header: t('summary.col.organisation'),
                className: 'vp-table__wrap',
                cell: (r) => r.organisation.name,
              },
              {
                key: 'cost',
                header: t('cost.cost'),
                numeric: true,
                cell: (r) => (
                  <>
                    {f.money(r.cost)}
                    {r.costPending > 0 && (
                      <span className="vp-table__sub">{t('cost.pending', { amount: f.money(r.costPending) })}</span>
                    )}
                  </>
                ),
              },
              {
                key: 'hours',
                header: t('cost.hours'),
                numeric: true,
                cell: (r) => (
                  <>
                    {f.number(r.hours)}
                    {r.hoursPending > 0 && (
                      <span className="vp-table__sub">
                        {t('cost.pendingHours', { hours: f.number(r.hoursPending) })}
                      </span>
                    )}
                  </>
                ),
              },
              { key: 'actions', header: t('cost.actions'), numeric: true, cell: (r) => r.actionCount },
            ]}
            footer={[
              { key: 'unassigned', header: t('cost.unassigned'), cells: { cost: f.money(costs.unassignedCost) } },
              {
                key: 'total',
                header: t('cost.total'),
                className: 'vp-table__total',
                cells: { cost: f.money(costs.totalCost), hours: f.number(costs.totalHours) },
              },
            ]}
          />
          {costs.byGoal.length > 0 && (
            <>
              <SubHeading id={goalId}>{t('cost.byGoal')}</SubHeading>
              <DataTable
                labelledBy={goalId}
                rows={costs.byGoal}
                rowKey={(r) => r.goal}
                columns={[
                  { key: 'goal', header: t('cost.goal'), className: 'vp-table__wrap', cell: (r) => r.goal },
                  { key: 'cost', header: t('cost.cost'), numeric: true, cell: (r) => f.money(r.cost) },
                  { key: 'hours', header: t('cost.hours'), numeric: true, cell: (r) => f.number(r.hours) },
                ]}
              />
              <Paragraph className="vp-muted">{t('cost.byGoalNote')}</Paragraph>
            </>
          )}
        </>
      )}
    </Section>
  )
}

function MonitoringSection({ summary }: { summary: Summary }) {
  const f = useFormat()
  const { t } = f
  const indicatorsId = useId()
  const statusId = useId()
  const updatesId = useId()
  const goals = summary.goals.filter(isVisible)
  const updates = split<SummaryUpdate>(summary.monitoring.updates)
  const { actionStatus } = summary.monitoring
  return (
    <Section name="monitoring">
      {() => (
        <>
          <SubHeading id={indicatorsId}>{t('summary.indicators')}</SubHeading>
          {goals.length === 0 ? (
            <Empty>{t('summary.noIndicators')}</Empty>
          ) : (
            <ul className="vp-summary__charts">
              {goals.map((g) => (
                <li key={g.id} className="vp-summary__chart">
                  <Heading level={4}>{g.title.trim() || g.indicator}</Heading>
                  <Paragraph className="vp-muted">{g.indicator}</Paragraph>
                  <IndicatorChart
                    tableShown
                    series={{
                      title: g.title.trim() || g.indicator,
                      unit: g.unit,
                      direction: g.direction,
                      baseline: g.baseline,
                      baselineDate: g.baselineDate,
                      target: g.target,
                      targetDate: g.targetDate,
                      measurements: g.measurements,
                    }}
                  />
                </li>
              ))}
            </ul>
          )}
          <SubHeading id={statusId}>{t('summary.actionStatus')}</SubHeading>
          <ul className="vp-summary__list" aria-labelledby={statusId}>
            {ACTION_STATUSES.map((s) => (
              <li key={s}>
                {t('overview.statusCount', { count: actionStatus[s] ?? 0, status: t(`actionStatus.${s}`) })}
              </li>
            ))}
          </ul>
          <SubHeading id={updatesId}>{t('summary.updates')}</SubHeading>
          {updates.visible.length === 0 && updates.hidden.length === 0 ? (
            <Empty>{t('summary.noUpdates')}</Empty>
          ) : (
            <ul className="vp-summary__entries" aria-labelledby={updatesId}>
              {updates.visible.map((u) => (
                <li key={u.id} className="vp-summary__entry">
                  <p className="vp-summary__entry-title">{u.title.trim() || '—'}</p>
                  <p className="vp-muted">
                    {u.action
                      ? t('summary.updateMeta', {
                          action: u.action,
                          status: t(`actionStatus.${u.status}`),
                          author: f.person(u.author),
                          date: f.dates.date(u.createdAt),
                        })
                      : t('summary.updateMetaNoAction', {
                          status: t(`actionStatus.${u.status}`),
                          author: f.person(u.author),
                          date: f.dates.date(u.createdAt),
                        })}
                  </p>
                  <Prose text={u.description} />
                </li>
              ))}
            </ul>
          )}
          <Placeholders entries={updates.hidden} />
        </>
      )}
    </Section>
  )
}

function EvaluationSection({ summary }: { summary: Summary }) {
  const f = useFormat()
  const { t } = f
  const evaluations = split<SummaryEvaluation>(summary.evaluations)
  return (
    <Section name="evaluation">
      {() => (
        <>
          {evaluations.visible.length === 0 && evaluations.hidden.length === 0 && (
            <Empty>{t('summary.noEvaluations')}</Empty>
          )}
          {evaluations.visible.length > 0 && (
            <ul className="vp-summary__entries">
              {evaluations.visible.map((e) => (
                <li key={e.id} className="vp-summary__entry">
                  <Heading level={3}>{e.title.trim() || '—'}</Heading>
                  <p>
                    <strong>{t('summary.conclusion', { conclusion: t(`conclusion.${e.conclusion}`) })}</strong>
                    {isStep(e.reopenStep) && (
                      <>
                        {' · '}
                        {t('summary.reopenStep', { n: e.reopenStep, name: t(`step.${e.reopenStep}`) })}
                      </>
                    )}
                  </p>
                  <p className="vp-muted">
                    {t('summary.byAuthor', { author: f.person(e.author), date: f.dates.date(e.createdAt) })}
                  </p>
                  <Prose text={e.description} />
                </li>
              ))}
            </ul>
          )}
          <Placeholders entries={evaluations.hidden} />
        </>
      )}
    </Section>
  )
}

function DocumentsSection({ summary }: { summary: Summary }) {
  const f = useFormat()
  const { t } = f
  const documents = split<SummaryDocument>(summary.documents)
  return (
    <Section name="documents">
      {(headingId) => (
        <>
          {hasTable(documents) && (
            <DataTable
              labelledBy={headingId}
              rows={documents.visible}
              rowKey={(d) => d.id}
              empty={t('summary.noDocuments')}
              columns={[
                { key: 'title', header: t('summary.col.title'), className: 'vp-table__wrap', cell: (d) => d.title },
                {
                  key: 'step',
                  header: t('summary.col.step'),
                  cell: (d) => (isStep(d.step) ? f.stepName(d.step) : t('summary.noStep')),
                },
                { key: 'organisation', header: t('summary.col.organisation'), cell: (d) => d.organisation.name },
                { key: 'date', header: t('summary.col.date'), cell: (d) => f.dates.date(d.createdAt) },
              ]}
            />
          )}
          <Placeholders entries={documents.hidden} />
        </>
      )}
    </Section>
  )
}
