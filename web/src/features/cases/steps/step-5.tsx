import { Paragraph, StatusBadge } from '@utrecht/component-library-react'
import { useDashboard } from '../../../api/dashboard.ts'
import { Notice } from '../../../components/notice.tsx'
import { TextLink } from '../../../components/router-links.tsx'
import { useT } from '../../../components/use-t.ts'
import { CostOverview } from '../overview/cost-overview.tsx'
import { ACTION_STATUS_BADGE } from '../status-badges.ts'
import { useItemContext } from './context.ts'
import { ItemList } from './item-list.tsx'
import { canCreate } from './permissions.ts'
import { CommitmentsBlock } from './reactions.tsx'
import type { StepContentProps } from './step-content.ts'

/** Step 5, Wat gaan we doen?: actions with trekker, participants, dates, cost; toezeggingen; the cost overview. */
export function Step5({ theCase, step, writable, open }: StepContentProps) {
  const t = useT()
  const { ctx } = useItemContext(theCase, { step4: true })
  const dashboard = useDashboard(theCase.id)
  const actionFacts = (id: string) => dashboard.data?.commitments.actions.find((a) => a.id === id)
  // A trekker reports progress in step 6, not here: say so where the action is.
  const leading = step.items.filter(
    (i) => i.kind === 'action' && !i.restricted && i.fields.trekkerOrganisationId === theCase.me.organisation.id,
  ).length
  return (
    <>
      {leading > 0 && (
        <Notice>
          <Paragraph>{t('step5.trekkerHint', { count: leading })}</Paragraph>
          <Paragraph>
            <TextLink to={`/dossiers/${theCase.id}/stap/6`}>{t('step5.trekkerHint.link')}</TextLink>
          </Paragraph>
        </Notice>
      )}
      <ItemList
        kind="action"
        step={5}
        ctx={ctx}
        items={step.items.filter((i) => i.kind === 'action')}
        heading={t('step5.actions')}
        intro={<p className="vp-muted">{t('step5.actions.intro')}</p>}
        writable={writable}
        canCreate={canCreate(theCase, 'action')}
        addLabel={t('add.action')}
        empty={t('step5.actions.empty')}
        defaults={{ trekkerOrganisationId: theCase.me.organisation.id }}
        renderBadges={(item) => {
          const facts = actionFacts(item.id)
          if (!facts) return null
          return (
            <>
              <StatusBadge status={ACTION_STATUS_BADGE[facts.status]}>{t(`actionStatus.${facts.status}`)}</StatusBadge>
              {facts.overdue && <StatusBadge status="danger">{t('stepStatus.overdue')}</StatusBadge>}
            </>
          )
        }}
        renderExtras={(item) => <CommitmentsBlock ctx={ctx} item={item} open={open} />}
      />
      {dashboard.data && <CostOverview dashboard={dashboard.data} level={3} />}
    </>
  )
}
