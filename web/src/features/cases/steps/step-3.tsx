import { Heading3, Paragraph, StatusBadge } from '@utrecht/component-library-react'
import type { Item } from '@vp/shared'
import { useId } from 'react'
import { useIntl } from 'react-intl'
import { useDashboard } from '../../../api/dashboard.ts'
import { useT } from '../../../components/use-t.ts'
import { useItemContext } from './context.ts'
import { useMoney } from './display.tsx'
import { ItemList } from './item-list.tsx'
import { canCreate } from './permissions.ts'
import type { StepContentProps } from './step-content.ts'

/** Step 3, Wat doen we al?: current measures per partner, with gaps (witte vlekken) and overlaps. */
export function Step3({ theCase, step, writable }: StepContentProps) {
  const t = useT()
  const intl = useIntl()
  const money = useMoney()
  const { ctx } = useItemContext(theCase, { step2: true })
  const dashboard = useDashboard(theCase.id)
  const headingId = useId()
  const measures = step.items.filter((i) => i.kind === 'measure')
  const facts = dashboard.data?.measures
  const titleOf = (id: string) =>
    ctx.subproblems.find((s) => s.id === id)?.title ??
    measures.find((m): m is Item => m.id === id && !m.restricted)?.title ??
    t('item.unknown')
  const orgName = (id: string) => ctx.organisations.find((o) => o.id === id)?.name ?? t('activity.unknownOrganisation')
  const inOverlap = (id: string) => facts?.overlaps.some((o) => o.measureIds.includes(id)) ?? false

  return (
    <>
      {facts && (
        <section aria-labelledby={headingId} className="vp-section vp-card vp-gaps">
          <Heading3 id={headingId}>{t('step3.gapsTitle')}</Heading3>
          <Paragraph>
            {t('step3.totals', {
              count: measures.length,
              cost: money(facts.totalYearlyCost),
              hours: intl.formatNumber(facts.totalHoursPerWeek),
            })}
          </Paragraph>
          {!facts.assessed ? (
            <Paragraph className="vp-muted">{t('step3.notAssessed')}</Paragraph>
          ) : (
            <div className="vp-gaps__columns">
              <div>
                <h4 className="utrecht-heading-4">{t('step3.gaps')}</h4>
                {facts.gaps.length === 0 ? (
                  <Paragraph className="vp-muted">{t('step3.noGaps')}</Paragraph>
                ) : (
                  <ul className="vp-gaps__list">
                    {facts.gaps.map((id) => (
                      <li key={id} className="vp-gaps__gap">
                        <StatusBadge status="danger">{t('step3.gapBadge')}</StatusBadge> {titleOf(id)}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              <div>
                <h4 className="utrecht-heading-4">{t('step3.overlaps')}</h4>
                {facts.overlaps.length === 0 ? (
                  <Paragraph className="vp-muted">{t('step3.noOverlaps')}</Paragraph>
                ) : (
                  <ul className="vp-gaps__list">
                    {facts.overlaps.map((o) => (
                      <li key={o.subproblemId}>
                        <StatusBadge status="warning">{t('step3.overlapBadge')}</StatusBadge>{' '}
                        {t('step3.overlapLine', {
                          subproblem: titleOf(o.subproblemId),
                          count: o.measureIds.length,
                          organisations: intl.formatList(o.organisationIds.map(orgName)),
                        })}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </div>
          )}
        </section>
      )}
      <ItemList
        kind="measure"
        step={3}
        ctx={ctx}
        items={measures}
        heading={t('step3.measures')}
        intro={<p className="vp-muted">{t('step3.measures.intro')}</p>}
        writable={writable}
        canCreate={canCreate(theCase, 'measure')}
        addLabel={t('add.measure')}
        empty={t('step3.measures.empty')}
        defaults={{ ownerOrganisationId: theCase.me.organisation.id, effect: 'onbekend' }}
        renderBadges={(item) =>
          inOverlap(item.id) ? <StatusBadge status="warning">{t('step3.overlapBadge')}</StatusBadge> : null
        }
      />
    </>
  )
}
