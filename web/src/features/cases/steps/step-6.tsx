import { Heading3, Paragraph, StatusBadge } from '@utrecht/component-library-react'
import type { ActionStatus, Item } from '@vp/shared'
import { indicatorProgress } from '@vp/shared/constants'
import { useId } from 'react'
import { useDates } from '../../../components/dates.ts'
import { useT } from '../../../components/use-t.ts'
import { IndicatorChart } from '../charts/indicator-chart.tsx'
import { ACTION_STATUS_BADGE, INDICATOR_STATUS_BADGE } from '../status-badges.ts'
import { useItemContext } from './context.ts'
import { isItem } from './fields.ts'
import { ItemList } from './item-list.tsx'
import { canCreate } from './permissions.ts'
import type { StepContentProps } from './step-content.ts'

const newestFirst = (a: Item, b: Item) => b.createdAt.localeCompare(a.createdAt)

/** Step 6, Wat hebben we bereikt?: progress per action, measurements per goal with a chart, the evaluation. */
export function Step6({ theCase, step, writable }: StepContentProps) {
  const t = useT()
  const dates = useDates()
  const { ctx } = useItemContext(theCase, { step4: true, step5: true })
  const progressId = useId()
  const measuresId = useId()
  const items = step.items
  const updates = items.filter(isItem).filter((i) => i.kind === 'action_update')
  const measurements = items.filter(isItem).filter((i) => i.kind === 'measurement')
  const restricted = items.filter((i) => i.restricted && i.kind !== 'evaluation')
  const orgName = (id: unknown) => ctx.organisations.find((o) => o.id === id)?.name ?? t('activity.unknownOrganisation')

  return (
    <>
      <section aria-labelledby={progressId} className="vp-section">
        <Heading3 id={progressId}>{t('step6.progress')}</Heading3>
        <Paragraph className="vp-muted">{t('step6.progress.intro')}</Paragraph>
        {ctx.actions.length === 0 && <Paragraph className="vp-empty">{t('step6.noActions')}</Paragraph>}
        <div className="vp-groups">
          {ctx.actions.map((action) => {
            const mine = updates.filter((u) => u.fields.actionId === action.id).sort(newestFirst)
            const status = (mine[0]?.fields.status as ActionStatus | undefined) ?? 'gepland'
            const due = action.fields.dueDate as string | null
            return (
              <div key={action.id} className="vp-group">
                <ItemList
                  kind="action_update"
                  step={6}
                  level={4}
                  ctx={ctx}
                  items={mine}
                  heading={action.title}
                  intro={
                    <p className="vp-badges">
                      <StatusBadge status={ACTION_STATUS_BADGE[status]}>{t(`actionStatus.${status}`)}</StatusBadge>
                      <span className="vp-muted">
                        {t('step6.actionFacts', {
                          trekker: orgName(action.fields.trekkerOrganisationId),
                          due: due ? dates.date(due) : '—',
                        })}
                      </span>
                    </p>
                  }
                  writable={writable}
                  canCreate={canCreate(theCase, 'action_update')}
                  addLabel={t('add.action_update')}
                  empty={t('step6.noUpdates')}
                  defaults={{ actionId: action.id, status }}
                  omit={['actionId', 'status']}
                  showCount={false}
                  renderBadges={(u) => {
                    const s = u.fields.status as ActionStatus
                    return <StatusBadge status={ACTION_STATUS_BADGE[s]}>{t(`actionStatus.${s}`)}</StatusBadge>
                  }}
                />
              </div>
            )
          })}
        </div>
      </section>
      <section aria-labelledby={measuresId} className="vp-section">
        <Heading3 id={measuresId}>{t('step6.measurements')}</Heading3>
        <Paragraph className="vp-muted">{t('step6.measurements.intro')}</Paragraph>
        {ctx.goals.length === 0 && <Paragraph className="vp-empty">{t('step6.noGoals')}</Paragraph>}
        <div className="vp-groups">
          {ctx.goals.map((goal) => {
            const own = measurements.filter((m) => m.fields.goalId === goal.id)
            const series = {
              title: goal.title,
              unit: String(goal.fields.unit ?? ''),
              direction: goal.fields.direction === 'lager' ? ('lager' as const) : ('hoger' as const),
              baseline: (goal.fields.baseline as number | null) ?? null,
              baselineDate: (goal.fields.baselineDate as string | null) ?? null,
              target: (goal.fields.target as number | null) ?? null,
              targetDate: (goal.fields.targetDate as string | null) ?? null,
              measurements: own.map((m) => ({
                value: m.fields.value as number,
                measuredAt: m.fields.measuredAt as string,
              })),
            }
            const { status, trend } = indicatorProgress(series, series.measurements)
            return (
              <div key={goal.id} className="vp-group">
                <ItemList
                  kind="measurement"
                  step={6}
                  level={4}
                  ctx={ctx}
                  items={own}
                  heading={goal.title}
                  intro={
                    status !== 'onbekend' ? (
                      <p className="vp-badges">
                        <StatusBadge status={INDICATOR_STATUS_BADGE[status]}>
                          {t(`indicatorStatus.${status}`)}
                        </StatusBadge>
                        {trend && <StatusBadge status="neutral">{t(`trend.${trend}`)}</StatusBadge>}
                      </p>
                    ) : undefined
                  }
                  writable={writable}
                  canCreate={canCreate(theCase, 'measurement')}
                  addLabel={t('add.measurement')}
                  empty={t('step6.noMeasurements')}
                  defaults={{ goalId: goal.id }}
                  omit={['goalId']}
                  showCount={false}
                  collapsed={t('step6.allMeasurements', { count: own.length })}
                >
                  <IndicatorChart series={series} />
                </ItemList>
              </div>
            )
          })}
        </div>
      </section>
      {restricted.length > 0 && (
        <ItemList
          kind="action_update"
          step={6}
          ctx={ctx}
          items={restricted}
          heading={t('step6.restricted')}
          writable={false}
          canCreate={false}
          addLabel=""
          empty=""
        />
      )}
      <ItemList
        kind="evaluation"
        step={6}
        ctx={ctx}
        items={items.filter((i) => i.kind === 'evaluation')}
        heading={t('step6.evaluation')}
        intro={<p className="vp-muted">{t('step6.evaluation.intro')}</p>}
        writable={writable}
        canCreate={canCreate(theCase, 'evaluation')}
        addLabel={t('add.evaluation')}
        empty={t('step6.evaluation.empty')}
        showCount={false}
      />
    </>
  )
}
