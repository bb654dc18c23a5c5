import type { Dashboard } from '@vp/shared'
import { useId } from 'react'
import { useIntl } from 'react-intl'
import { DataTable } from '../../../components/data-table.tsx'
import { Heading } from '../../../components/heading.tsx'
import { useT } from '../../../components/use-t.ts'
import { useMoney } from '../steps/display.tsx'

/**
 * Cost and capacity of the actions (kostenoverzicht): per organisation, with what is still
 * openstaand, per goal, what no organisation pays yet, and the totals. A bar per organisation shows
 * the shares at a glance; the numbers are in the same table.
 */
export function CostOverview({ dashboard, level }: { dashboard: Dashboard; level: 3 }) {
  const t = useT()
  const intl = useIntl()
  const money = useMoney()
  const headingId = useId()
  const orgCaption = useId()
  const goalCaption = useId()
  const { totals } = dashboard
  const orgName = (id: string) =>
    dashboard.organisations.find((o) => o.id === id)?.name ?? t('activity.unknownOrganisation')
  const goalTitle = (id: string) => dashboard.indicators.find((g) => g.goalId === id)?.title ?? t('item.unknown')
  const maxCost = Math.max(1, ...totals.byOrganisation.map((r) => r.cost))
  const hours = (n: number) => intl.formatNumber(n, { maximumFractionDigits: 1 })
  const sub = 4

  return (
    <section aria-labelledby={headingId} className="vp-section">
      <Heading level={level} id={headingId}>
        {t('cost.title')}
      </Heading>
      <p className="vp-cost-totals">
        {t('cost.summary', {
          cost: money(totals.totalCost),
          hours: hours(totals.totalHours),
          unassigned: money(totals.unassignedCost),
        })}
      </p>
      <Heading level={sub} id={orgCaption}>
        {t('cost.byOrganisation')}
      </Heading>
      <DataTable
        labelledBy={orgCaption}
        className="vp-cost-table"
        rows={totals.byOrganisation}
        rowKey={(row) => row.organisationId}
        columns={[
          {
            key: 'organisation',
            header: t('invitations.organisation'),
            className: 'vp-table__wrap',
            cell: (row) => orgName(row.organisationId),
          },
          {
            key: 'cost',
            header: t('cost.cost'),
            numeric: true,
            cell: (row) => (
              <>
                {money(row.cost)}
                {row.costPending > 0 && (
                  <span className="vp-table__sub">{t('cost.pending', { amount: money(row.costPending) })}</span>
                )}
              </>
            ),
          },
          {
            key: 'share',
            header: <span className="vp-visually-hidden">{t('cost.share')}</span>,
            label: '',
            className: 'vp-cost-table__bar-col',
            headerClassName: 'vp-cost-table__bar-col',
            decorative: true,
            cell: (row) => (
              <span className="vp-bar">
                <span
                  className="vp-bar__fill"
                  style={{ inlineSize: `${(100 * (row.cost - row.costPending)) / maxCost}%` }}
                />
                <span
                  className="vp-bar__fill vp-bar__fill--pending"
                  style={{ inlineSize: `${(100 * row.costPending) / maxCost}%` }}
                />
              </span>
            ),
          },
          {
            key: 'hours',
            header: t('cost.hours'),
            numeric: true,
            cell: (row) => (
              <>
                {hours(row.hours)}
                {row.hoursPending > 0 && (
                  <span className="vp-table__sub">{t('cost.pendingHours', { hours: hours(row.hoursPending) })}</span>
                )}
              </>
            ),
          },
          { key: 'actions', header: t('cost.actions'), numeric: true, cell: (row) => row.actionCount },
        ]}
        footer={[
          { key: 'unassigned', header: t('cost.unassigned'), cells: { cost: money(totals.unassignedCost) } },
          {
            key: 'total',
            header: t('cost.total'),
            className: 'vp-table__total',
            cells: { cost: money(totals.totalCost), hours: hours(totals.totalHours) },
          },
        ]}
      />
      {totals.byGoal.length > 0 && (
        <>
          <Heading level={sub} id={goalCaption}>
            {t('cost.byGoal')}
          </Heading>
          <DataTable
            labelledBy={goalCaption}
            rows={totals.byGoal}
            rowKey={(row) => row.goalId}
            columns={[
              {
                key: 'goal',
                header: t('cost.goal'),
                className: 'vp-table__wrap',
                cell: (row) => goalTitle(row.goalId),
              },
              { key: 'cost', header: t('cost.cost'), numeric: true, cell: (row) => money(row.cost) },
              { key: 'hours', header: t('cost.hours'), numeric: true, cell: (row) => hours(row.hours) },
            ]}
          />
          <p className="vp-muted">{t('cost.byGoalNote')}</p>
        </>
      )}
    </section>
  )
}
