import { Button, Paragraph } from '@utrecht/component-library-react'
import type { Item, ItemKind, ItemView } from '@vp/shared'
import { type ReactNode, useEffect, useId, useRef, useState } from 'react'
import type { StepNumber } from '../../../api/steps.ts'
import { Disclosure } from '../../../components/disclosure.tsx'
import { Heading } from '../../../components/heading.tsx'
import { StatusRegion } from '../../../components/status-region.tsx'
import { useT } from '../../../components/use-t.ts'
import type { FormValues, ItemContext } from './fields.ts'
import { ItemCard, RestrictedCard } from './item-card.tsx'
import { ItemForm, type PersonalDataWarning } from './item-form.tsx'

export interface ItemListProps {
  kind: ItemKind
  step: StepNumber
  ctx: ItemContext
  /** The items of this list, restricted placeholders included. */
  items: ItemView[]
  heading: string
  /** 3: a section of the step; 4: a group inside a section (cards and forms one lower). */
  level?: 3 | 4
  intro?: ReactNode
  writable: boolean
  canCreate: boolean
  addLabel: string
  empty: string
  /** Starting values of the add form. */
  defaults?: FormValues
  /** Kind-specific parts of a card: ratings, positions, commitments. */
  renderExtras?: (item: Item) => ReactNode
  renderBadges?: (item: Item) => ReactNode
  omit?: string[]
  /** Shown between the heading and the cards, e.g. a chart or totals. */
  children?: ReactNode
  /** Count in the heading ("Signalen (8)"). */
  showCount?: boolean
  /** Show the cards folded away under this summary (e.g. "Alle metingen (5)"), for long lists next to a chart. */
  collapsed?: string
}

interface Editing {
  /** The item as it was when the user opened the form: the version the change builds on. */
  snapshot: Item
  warnings?: PersonalDataWarning[]
}

/**
 * A step's list of one kind of item: the cards, an add form, and edit forms in place of cards.
 * The forms keep their own state, so live refreshes of the list never reset what is being typed;
 * an item being edited that someone else deletes stays in its form.
 */
export function ItemList(props: ItemListProps) {
  const t = useT()
  const { items, ctx, kind } = props
  const level = props.level ?? 3
  const cardLevel = (level + 1) as 4 | 5
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<Record<string, Editing>>({})
  const [status, setStatus] = useState<string | null>(null)
  const [unfolded, setUnfolded] = useState(false)
  const headingId = useId()
  const headingRef = useRef<HTMLHeadingElement>(null)
  const addButton = useRef<HTMLButtonElement>(null)
  const focusNext = useRef<string | null>(null)

  // After a save, cancel or delete: focus the card (or the add button, or the heading) once it is rendered.
  useEffect(() => {
    const target = focusNext.current
    if (!target) return
    const element =
      target === 'add'
        ? addButton.current
        : target === 'heading'
          ? headingRef.current
          : document.querySelector<HTMLElement>(`#item-${CSS.escape(target)} .vp-item__title`)
    const hidden = element !== null && element.getClientRects().length === 0
    if (element && !hidden) {
      focusNext.current = null
      element.focus()
    } else if (props.collapsed && !unfolded && target !== 'add' && target !== 'heading') {
      // The card is folded away: unfold, and focus it on the next render.
      setUnfolded(true)
    }
  })

  const stopEditing = (id: string) =>
    setEditing((e) => {
      const { [id]: _done, ...rest } = e
      return rest
    })

  const canAdd = props.writable && props.canCreate
  const shown = items.map((i) => i.id)
  // Items being edited that are gone from the list (deleted by someone else) keep their form.
  const orphans = Object.entries(editing).filter(([id]) => !shown.includes(id))

  const form = (id: string, edit: Editing) => (
    <ItemForm
      key={id}
      kind={kind}
      step={props.step}
      ctx={ctx}
      item={edit.snapshot}
      current={items.find((i) => i.id === id) ?? null}
      warnings={edit.warnings}
      level={cardLevel}
      heading={t('item.editHeading', { title: edit.snapshot.title })}
      onSaved={(saved, how) => {
        stopEditing(id)
        setStatus(t(`item.saved.${how}`, { title: saved.title }))
        focusNext.current = saved.id
      }}
      onCancel={() => {
        stopEditing(id)
        focusNext.current = shown.includes(id) ? id : 'heading'
      }}
    />
  )

  const cards = (
    <ul className="vp-item-list__items">
      {items.map((item) => (
        <li key={item.id}>
          {item.restricted ? (
            <RestrictedCard item={item} />
          ) : editing[item.id] ? (
            form(item.id, editing[item.id]!)
          ) : (
            <ItemCard
              item={item}
              ctx={ctx}
              level={cardLevel}
              writable={props.writable}
              omit={props.omit}
              badges={props.renderBadges?.(item)}
              onEdit={() => {
                setStatus(null)
                setEditing((e) => ({ ...e, [item.id]: { snapshot: item } }))
              }}
              onDeleted={(title) => {
                setStatus(t('item.deleted', { title }))
                focusNext.current = canAdd ? 'add' : 'heading'
              }}
            >
              {props.renderExtras?.(item)}
            </ItemCard>
          )}
        </li>
      ))}
      {orphans.map(([id, edit]) => (
        <li key={id}>{form(id, edit)}</li>
      ))}
    </ul>
  )

  return (
    <section aria-labelledby={headingId} className="vp-section vp-item-list">
      <div className="vp-section__header">
        <Heading level={level} id={headingId} ref={headingRef} tabIndex={-1} className="vp-item-list__heading">
          {props.showCount === false
            ? props.heading
            : t('item.listHeading', { heading: props.heading, count: items.length })}
        </Heading>
        {canAdd && !creating && (
          <Button
            ref={addButton}
            appearance="secondary-action-button"
            onClick={() => {
              setStatus(null)
              setCreating(true)
            }}
          >
            {props.addLabel}
          </Button>
        )}
      </div>
      {props.intro}
      <StatusRegion>{status}</StatusRegion>
      {creating && (
        <ItemForm
          key="new"
          kind={kind}
          step={props.step}
          ctx={ctx}
          defaults={props.defaults}
          level={cardLevel}
          heading={props.addLabel}
          onSaved={(saved) => {
            setCreating(false)
            if (saved.warnings.length > 0) {
              // Saved, but it looks like personal data: open it for editing with the warnings at their fields.
              setEditing((e) => ({ ...e, [saved.id]: { snapshot: saved, warnings: saved.warnings } }))
              setStatus(t('item.saved.createdWithWarning', { title: saved.title }))
            } else {
              setStatus(t('item.saved.created', { title: saved.title }))
              focusNext.current = saved.id
            }
          }}
          onCancel={() => {
            setCreating(false)
            focusNext.current = 'add'
          }}
        />
      )}
      {props.children}
      {items.length === 0 && orphans.length === 0 ? (
        <Paragraph className="vp-empty">{props.empty}</Paragraph>
      ) : props.collapsed ? (
        <Disclosure
          className="vp-item-list__fold"
          summary={props.collapsed}
          open={unfolded || Object.keys(editing).length > 0}
          onToggle={setUnfolded}
        >
          {cards}
        </Disclosure>
      ) : (
        cards
      )}
    </section>
  )
}
