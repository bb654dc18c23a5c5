import { useT } from '../../../components/use-t.ts'
import { useItemContext } from './context.ts'
import { ItemList } from './item-list.tsx'
import { canCreate } from './permissions.ts'
import { PositionsBlock } from './reactions.tsx'
import type { StepContentProps } from './step-content.ts'

/** Step 4, Wat willen we bereiken?: SMART goals with indicator, baseline and target; partners take a position. */
export function Step4({ theCase, step, writable, open }: StepContentProps) {
  const t = useT()
  const { ctx } = useItemContext(theCase, { step2: true })
  return (
    <ItemList
      kind="goal"
      step={4}
      ctx={ctx}
      items={step.items.filter((i) => i.kind === 'goal')}
      heading={t('step4.goals')}
      intro={<p className="vp-muted">{t('step4.goals.intro')}</p>}
      writable={writable}
      canCreate={canCreate(theCase, 'goal')}
      addLabel={t('add.goal')}
      empty={t('step4.goals.empty')}
      renderExtras={(item) => <PositionsBlock ctx={ctx} item={item} open={open} />}
    />
  )
}
