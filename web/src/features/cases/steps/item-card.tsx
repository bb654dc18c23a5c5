import { Button, Paragraph, StatusBadge } from '@utrecht/component-library-react'
import type { Item, RestrictedItem } from '@vp/shared'
import { type ReactNode, useId, useState } from 'react'
import { useIntl } from 'react-intl'
import { useCurrentUser } from '../../../api/auth.ts'
import { useDeleteItem } from '../../../api/items.ts'
import { usePresence } from '../../../app/live-hooks.ts'
import { ClampedText } from '../../../components/clamped-text.tsx'
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx'
import { useDates } from '../../../components/dates.ts'
import { useDescribeError } from '../../../components/errors.tsx'
import { Heading } from '../../../components/heading.tsx'
import { Notice } from '../../../components/notice.tsx'
import { useT } from '../../../components/use-t.ts'
import { DocumentsSection } from '../documents/documents-section.tsx'
import { describeAudience } from './audience.ts'
import { CommentThread } from './comments.tsx'
import { useFieldDisplay } from './display.tsx'
import { type ItemContext, KIND_FIELDS } from './fields.ts'
import { ItemHistory } from './history.tsx'

interface ItemCardProps {
  item: Item
  ctx: ItemContext
  /** The step is open (or being prepared by the projectleider) and the case active: changes are possible. */
  writable: boolean
  onEdit: () => void
  /** After a delete: say so, and move focus somewhere that still exists. */
  onDeleted: (title: string) => void
  /** Kind-specific parts: ratings, positions, commitments, progress. */
  children?: ReactNode
  /** Fields not to list among the facts (shown another way by the step). */
  omit?: string[]
  /** A short mark next to the title, e.g. "witte vlek" or a status. */
  badges?: ReactNode
  /** The title's heading level: 4 below a step's section, 5 below a group inside it. */
  level?: 4 | 5
}

/**
 * One item as a card: title, author organisation and date, its text and facts, who may see it, who
 * is editing it right now; and the actions the server's abilities allow: change, delete, comment,
 * history.
 */
export function ItemCard(props: ItemCardProps) {
  const { item, ctx, writable, onEdit, onDeleted, children, omit = [], badges, level = 4 } = props
  const t = useT()
  const intl = useIntl()
  const dates = useDates()
  const me = useCurrentUser()
  const display = useFieldDisplay(ctx)
  const describeError = useDescribeError()
  const remove = useDeleteItem(ctx.theCase.id)
  const people = usePresence(ctx.theCase.id)
  const [confirming, setConfirming] = useState(false)
  const [panel, setPanel] = useState<'comments' | 'history' | 'documents' | null>(null)
  const titleId = useId()
  const panelId = useId()

  const editors = people.filter((p) => p.itemId === item.id && p.userId !== me.id)
  const facts = KIND_FIELDS[item.kind].filter(
    (spec) => !spec.hidden && spec.name !== 'title' && spec.name !== 'description' && !omit.includes(spec.name),
  )
  const fields: Record<string, unknown> = { ...item.fields }
  const audience = item.audience ? describeAudience(item.audience, ctx.organisations) : null
  const who = item.author
    ? t('person.withOrganisation', { name: item.author.name, organisation: item.authorOrganisation.name })
    : item.authorOrganisation.name
  const canEdit = writable && item.abilities.update
  const canDelete = writable && item.abilities.delete
  const canSee = (name: 'comments' | 'history' | 'documents') => (panel === name ? null : name)

  return (
    <article className="vp-card vp-item" id={`item-${item.id}`} aria-labelledby={titleId}>
      <header className="vp-item__header">
        <Heading level={level} id={titleId} className="vp-item__title" tabIndex={-1}>
          {item.title}
        </Heading>
        <p className="vp-item__meta">
          {who} · <time dateTime={item.createdAt}>{dates.date(item.createdAt)}</time>
          {item.version > 1 && (
            <>
              {' · '}
              {t('item.changedOn', { date: dates.date(item.updatedAt) })}
            </>
          )}
        </p>
        {(audience || editors.length > 0 || badges) && (
          <p className="vp-badges">
            {badges}
            {audience && (
              <StatusBadge status="warning">
                {audience.isDriehoek
                  ? t('audience.badgeDriehoek')
                  : t('audience.badge', { names: intl.formatList(audience.names) })}
              </StatusBadge>
            )}
            {editors.map((p) => (
              <StatusBadge key={p.userId} status="active" className="vp-item__editing">
                {t('presence.editing', { who: p.name })}
              </StatusBadge>
            ))}
          </p>
        )}
      </header>
      {item.description && <ClampedText className="vp-item__text">{item.description}</ClampedText>}
      {item.warnings.length > 0 && item.abilities.update && (
        <Notice type="warning">
          <Paragraph>
            {t('personalData.onCard', {
              matches: intl.formatList(item.warnings.map((w) => `“${w.match}”`)),
            })}
          </Paragraph>
          <Paragraph>{t('personalData.advice')}</Paragraph>
        </Notice>
      )}
      {facts.some((spec) => display(spec, fields)) && (
        <dl className="vp-item__facts">
          {facts.map((spec) => {
            const text = display(spec, fields)
            if (!text) return null
            // A list of linked items reads better as a list, across the card.
            const list =
              spec.type === 'checkboxes' && spec.wide && Array.isArray(fields[spec.name])
                ? (fields[spec.name] as string[]).map(
                    (id) => spec.options?.(ctx, t, {}).find((o) => o.value === id)?.label ?? t('item.unknown'),
                  )
                : null
            return (
              <div key={spec.name} className={spec.wide ? 'vp-item__fact--wide' : undefined}>
                <dt>{t(spec.label)}</dt>
                <dd>
                  {list ? (
                    <ul className="vp-item__links">
                      {list.map((label, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: titles may repeat; the order is fixed.
                        <li key={i}>{label}</li>
                      ))}
                    </ul>
                  ) : (
                    text
                  )}
                </dd>
              </div>
            )
          })}
        </dl>
      )}
      {children}
      <div className="vp-item__actions">
        {canEdit && (
          <Button appearance="secondary-action-button" onClick={onEdit}>
            {t('app.edit')}
            <span className="vp-visually-hidden"> ({item.title})</span>
          </Button>
        )}
        {canDelete && (
          <Button
            appearance="subtle-button"
            className="vp-button--danger"
            onClick={() => {
              remove.reset()
              setConfirming(true)
            }}
          >
            {t('item.delete')}
            <span className="vp-visually-hidden"> ({item.title})</span>
          </Button>
        )}
        <Button
          appearance="subtle-button"
          aria-expanded={panel === 'comments'}
          aria-controls={panel === 'comments' ? panelId : undefined}
          onClick={() => setPanel(canSee('comments'))}
        >
          {t('comments.toggle', { count: item.commentCount })}
          <span className="vp-visually-hidden"> ({item.title})</span>
        </Button>
        <Button
          appearance="subtle-button"
          aria-expanded={panel === 'history'}
          aria-controls={panel === 'history' ? panelId : undefined}
          onClick={() => setPanel(canSee('history'))}
        >
          {t('history.toggle')}
          <span className="vp-visually-hidden"> ({item.title})</span>
        </Button>
        <Button
          appearance="subtle-button"
          aria-expanded={panel === 'documents'}
          aria-controls={panel === 'documents' ? panelId : undefined}
          onClick={() => setPanel(canSee('documents'))}
        >
          {t('documents.itemToggle')}
          <span className="vp-visually-hidden"> ({item.title})</span>
        </Button>
      </div>
      {panel && (
        <div id={panelId} className="vp-item__panel">
          {panel === 'comments' ? (
            <CommentThread ctx={ctx} item={item} />
          ) : panel === 'history' ? (
            <ItemHistory ctx={ctx} item={item} />
          ) : (
            <DocumentsSection
              theCase={ctx.theCase}
              filter={{ itemId: item.id }}
              target={{ step: item.step, itemId: item.id }}
              heading={{ text: t('documents.itemHeading', { title: item.title }), level: (level + 1) as 5 | 6 }}
              where={t('documents.where.itemHere')}
              empty={t('documents.itemNone')}
              compact
            />
          )}
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={t('item.deleteConfirm.title', { title: item.title })}
        confirmLabel={t('item.delete')}
        busy={remove.isPending}
        error={remove.error ? describeError(remove.error) : undefined}
        returnFocus={() => null}
        onConfirm={() =>
          // A promise, not mutate's callbacks: the card is gone (unmounted) by the time the delete succeeds.
          remove
            .mutateAsync({ item })
            .then(() => {
              setConfirming(false)
              onDeleted(item.title)
            })
            .catch(() => {})
        }
        onCancel={() => setConfirming(false)}
      >
        <Paragraph>{t('item.deleteConfirm.body')}</Paragraph>
      </ConfirmDialog>
    </article>
  )
}

/** What a member outside an item's audience sees: that it exists, from whom and when. */
export function RestrictedCard({ item }: { item: RestrictedItem }) {
  const t = useT()
  const dates = useDates()
  return (
    <article className="vp-card vp-item vp-item--restricted" id={`item-${item.id}`}>
      <p className="vp-item__restricted">
        <span aria-hidden="true" className="vp-item__lock">
          🔒
        </span>{' '}
        {t('item.restricted', { organisation: item.authorOrganisation.name, date: dates.date(item.createdAt) })}
      </p>
    </article>
  )
}
