import type { Item } from '@vp/shared'
import { useDashboard } from '../../../api/dashboard.ts'
import { useT } from '../../../components/use-t.ts'
import { useItemContext } from './context.ts'
import { ItemList } from './item-list.tsx'
import { canCreate } from './permissions.ts'
import { PositionsBlock, RatingBlock } from './reactions.tsx'
import type { StepContentProps } from './step-content.ts'

/** Step 2, Wat is het probleem?: signals, sub-problems with priorities and positions, the problem statement. */
export function Step2({ theCase, step, writable, open }: StepContentProps) {
  const t = useT()
  const { ctx } = useItemContext(theCase, { step2: true })
  const dashboard = useDashboard(theCase.id)
  const ofKind = (kind: Item['kind']) => step.items.filter((i) => i.kind === kind)
  const agreementOf = (id: string) => dashboard.data?.consensus.subproblems.find((s) => s.id === id)?.agreement
  const statements = ofKind('problem_statement')

  return (
    <>
      <ItemList
        kind="signal"
        step={2}
        ctx={ctx}
        items={ofKind('signal')}
        heading={t('step2.signals')}
        intro={<p className="vp-muted">{t('step2.signals.intro')}</p>}
        writable={writable}
        canCreate={canCreate(theCase, 'signal')}
        addLabel={t('add.signal')}
        empty={t('step2.signals.empty')}
      />
      <ItemList
        kind="subproblem"
        step={2}
        ctx={ctx}
        items={ofKind('subproblem')}
        heading={t('step2.subproblems')}
        intro={<p className="vp-muted">{t('step2.subproblems.intro')}</p>}
        writable={writable}
        canCreate={canCreate(theCase, 'subproblem')}
        addLabel={t('add.subproblem')}
        empty={t('step2.subproblems.empty')}
        renderExtras={(item) => (
          <>
            <RatingBlock ctx={ctx} item={item} open={open} agreement={agreementOf(item.id)} />
            <PositionsBlock ctx={ctx} item={item} open={open} />
          </>
        )}
      />
      <ItemList
        kind="problem_statement"
        step={2}
        ctx={ctx}
        items={statements}
        heading={t('step2.statement')}
        showCount={false}
        intro={<p className="vp-muted">{t('step2.statement.intro')}</p>}
        writable={writable}
        canCreate={canCreate(theCase, 'problem_statement') && statements.length === 0}
        addLabel={t('add.problem_statement')}
        empty={t('step2.statement.empty')}
        renderExtras={(item) => <PositionsBlock ctx={ctx} item={item} open={open} />}
      />
    </>
  )
}
