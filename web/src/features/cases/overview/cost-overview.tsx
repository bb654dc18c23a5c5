import type { Dashboard } from '@vp/shared'
import { useId } from 'react'
import { useIntl } from 'react-intl'
import { Heading } from '../../../components/heading.tsx'
import { ScrollTable } from '../../../components/scroll-table.tsx'
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
      <ScrollTable labelledBy={orgCaption}>
        <table className="utrecht-table utrecht-table--html-table vp-table vp-cost-table">
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th scope="col" className="utrecht-table__header-cell">
                {t('invitations.organisation')}
              </th>
              <th scope="col" className="utrecht-table__header-cell utrecht-table__header-cell--numeric">
                {t('cost.cost')}
              </th>
              <th scope="col" className="utrecht-table__header-cell vp-cost-table__bar-col">
                <span className="vp-visually-hidden">{t('cost.share')}</span>
              </th>
              <th scope="col" className="utrecht-table__header-cell utrecht-table__header-cell--numeric">
                {t('cost.hours')}
              </th>
              <th scope="col" className="utrecht-table__header-cell utrecht-table__header-cell--numeric">
                {t('cost.actions')}
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {totals.byOrganisation.map((row) => (
              <tr key={row.organisationId} className="utrecht-table__row">
                <th scope="row" className="utrecht-table__header-cell vp-table__row-header vp-table__wrap">
                  {orgName(row.organisationId)}
                </th>
                <td className="utrecht-table__cell utrecht-table__cell--numeric">
                  {money(row.cost)}
                  {row.costPending > 0 && (
                    <span className="vp-table__sub">{t('cost.pending', { amount: money(row.costPending) })}</span>
                  )}
                </td>
                <td className="utrecht-table__cell vp-cost-table__bar-col" aria-hidden="true">
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
                </td>
                <td className="utrecht-table__cell utrecht-table__cell--numeric">
                  {hours(row.hours)}
                  {row.hoursPending > 0 && (
                    <span className="vp-table__sub">{t('cost.pendingHours', { hours: hours(row.hoursPending) })}</span>
                  )}
                </td>
                <td className="utrecht-table__cell utrecht-table__cell--numeric">{row.actionCount}</td>
              </tr>
            ))}
          </tbody>
          <tfoot className="utrecht-table__footer">
            <tr className="utrecht-table__row">
              <th scope="row" className="utrecht-table__header-cell vp-table__row-header">
                {t('cost.unassigned')}
              </th>
              <td className="utrecht-table__cell utrecht-table__cell--numeric">{money(totals.unassignedCost)}</td>
              <td className="utrecht-table__cell" />
              <td className="utrecht-table__cell" />
              <td className="utrecht-table__cell" />
            </tr>
            <tr className="utrecht-table__row vp-table__total">
              <th scope="row" className="utrecht-table__header-cell vp-table__row-header">
                {t('cost.total')}
              </th>
              <td className="utrecht-table__cell utrecht-table__cell--numeric">{money(totals.totalCost)}</td>
              <td className="utrecht-table__cell" />
              <td className="utrecht-table__cell utrecht-table__cell--numeric">{hours(totals.totalHours)}</td>
              <td className="utrecht-table__cell" />
            </tr>
          </tfoot>
        </table>
      </ScrollTable>
      {totals.byGoal.length > 0 && (
        <>
          <Heading level={sub} id={goalCaption}>
            {t('cost.byGoal')}
          </Heading>
          <ScrollTable labelledBy={goalCaption}>
            <table className="utrecht-table utrecht-table--html-table vp-table">
              <thead className="utrecht-table__header">
                <tr className="utrecht-table__row">
                  <th scope="col" className="utrecht-table__header-cell">
                    {t('cost.goal')}
                  </th>
                  <th scope="col" className="utrecht-table__header-cell utrecht-table__header-cell--numeric">
                    {t('cost.cost')}
                  </th>
                  <th scope="col" className="utrecht-table__header-cell utrecht-table__header-cell--numeric">
                    {t('cost.hours')}
                  </th>
                </tr>
              </thead>
              <tbody className="utrecht-table__body">
                {totals.byGoal.map((row) => (
                  <tr key={row.goalId} className="utrecht-table__row">
                    <th scope="row" className="utrecht-table__header-cell vp-table__row-header vp-table__wrap">
                      {goalTitle(row.goalId)}
                    </th>
                    <td className="utrecht-table__cell utrecht-table__cell--numeric">{money(row.cost)}</td>
                    <td className="utrecht-table__cell utrecht-table__cell--numeric">{hours(row.hours)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
          <p className="vp-muted">{t('cost.byGoalNote')}</p>
        </>
      )}
    </section>
  )
}
