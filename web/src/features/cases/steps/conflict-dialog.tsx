import { Button, Paragraph } from '@utrecht/component-library-react'
import type { Item, ItemKind } from '@vp/shared'
import { type ReactNode, useRef } from 'react'
import { DataTable } from '../../../components/data-table.tsx'
import { useDates } from '../../../components/dates.ts'
import { Dialog } from '../../../components/dialog.tsx'
import { useT } from '../../../components/use-t.ts'
import type { MessageId } from '../../../i18n/messages.ts'
import { describeAudience } from './audience.ts'
import { useFieldDisplay } from './display.tsx'
import { type ItemContext, KIND_FIELDS } from './fields.ts'

interface ConflictDialogProps {
  kind: ItemKind
  ctx: ItemContext
  /** The item as someone else saved it. */
  theirs: Item
  /** My values and the values I started from, as the API names them. */
  mine: Record<string, unknown>
  base: Record<string, unknown>
  busy: boolean
  error: ReactNode | null
  onKeepTheirs: () => void
  onSaveMine: () => void
  /** Escape: back to the form, now on top of their version. */
  onBack: () => void
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/**
 * Someone else saved the item while I was editing it: their version and mine side by side, per
 * field that either of us changed. I keep theirs, or save mine on top of theirs. Never silent.
 */
export function ConflictDialog(props: ConflictDialogProps) {
  const t = useT()
  const dates = useDates()
  const display = useFieldDisplay(props.ctx)
  const saveMine = useRef<HTMLButtonElement>(null)
  const { theirs, mine, base } = props

  const theirValue = (name: string): unknown =>
    name === 'title' || name === 'description'
      ? theirs[name]
      : name === 'audience'
        ? theirs.audience
        : theirs.fields[name]
  const theirFields: Record<string, unknown> = {
    ...theirs.fields,
    title: theirs.title,
    description: theirs.description,
  }

  const audienceText = (audience: unknown) => {
    if (!Array.isArray(audience)) return t('audience.all')
    const { isDriehoek, names } = describeAudience(audience as string[], props.ctx.organisations)
    return isDriehoek ? t('audience.driehoek') : names.join(', ')
  }

  const rows = [...KIND_FIELDS[props.kind].map((s) => s.name), 'audience'].filter(
    (name) => !same(theirValue(name), base[name]) || !same(mine[name], base[name]),
  )

  const show = (name: string, fields: Record<string, unknown>): ReactNode => {
    if (name === 'audience') return audienceText(fields.audience)
    const spec = KIND_FIELDS[props.kind].find((s) => s.name === name)
    const text = spec ? display(spec, fields) : null
    return text ?? <span className="vp-muted">{t('case.notFilledIn')}</span>
  }
  const label = (name: string): string => {
    if (name === 'audience') return t('audience.legend')
    const spec = KIND_FIELDS[props.kind].find((s) => s.name === name)
    return spec ? t(spec.label as MessageId) : name
  }

  return (
    <Dialog
      open
      wide
      title={t('conflict.item.title')}
      onCancel={props.onBack}
      busy={props.busy}
      initialFocus={saveMine}
    >
      <Paragraph>{t('conflict.item.body', { time: dates.dateTime(theirs.updatedAt) })}</Paragraph>
      <div className="vp-conflict-table">
        <DataTable
          caption={t('conflict.item.caption')}
          rows={rows}
          rowKey={(name) => name}
          columns={[
            { key: 'field', header: t('conflict.item.field'), cell: (name) => label(name) },
            {
              key: 'theirs',
              header: t('conflict.item.theirs'),
              className: 'vp-conflict-table__value',
              cell: (name) => show(name, { ...theirFields, audience: theirs.audience }),
            },
            {
              key: 'mine',
              header: t('conflict.item.mine'),
              className: 'vp-conflict-table__value',
              cell: (name) => show(name, { ...theirFields, ...mine }),
            },
          ]}
        />
      </div>
      {props.error && (
        <div role="alert" className="vp-dialog__error">
          <Paragraph>{props.error}</Paragraph>
        </div>
      )}
      <div className="vp-form__actions">
        <Button ref={saveMine} appearance="primary-action-button" busy={props.busy} onClick={props.onSaveMine}>
          {t('conflict.item.saveMine')}
        </Button>
        <Button appearance="secondary-action-button" disabled={props.busy} onClick={props.onKeepTheirs}>
          {t('conflict.item.keepTheirs')}
        </Button>
        <Button appearance="subtle-button" disabled={props.busy} onClick={props.onBack}>
          {t('conflict.item.back')}
        </Button>
      </div>
    </Dialog>
  )
}
