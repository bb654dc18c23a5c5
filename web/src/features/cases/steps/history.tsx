import { Paragraph } from '@utrecht/component-library-react'
import type { Item } from '@vp/shared'
import { POSITIONS } from '@vp/shared/constants'
import { useId } from 'react'
import { useIntl } from 'react-intl'
import { type HistoryEntry, useHistory } from '../../../api/items.ts'
import { useDates } from '../../../components/dates.ts'
import { LoadError } from '../../../components/errors.tsx'
import { Loading } from '../../../components/loading.tsx'
import { useT } from '../../../components/use-t.ts'
import { type ItemContext, KIND_FIELDS } from './fields.ts'

/** Every version of an item with who and when, from the case's event log. */
export function ItemHistory({ ctx, item }: { ctx: ItemContext; item: Item }) {
  const t = useT()
  const intl = useIntl()
  const dates = useDates()
  const history = useHistory(ctx.theCase.id, item.id, true)
  const headingId = useId()

  const fieldLabel = (name: string) => {
    if (name === 'audience') return t('audience.legend')
    const spec = KIND_FIELDS[item.kind].find((s) => s.name === name)
    return spec ? t(spec.label) : null
  }
  const orgName = (id: unknown) => ctx.organisations.find((o) => o.id === id)?.name ?? t('activity.unknownOrganisation')

  const describe = (entry: HistoryEntry): string => {
    const c = entry.changes
    switch (entry.type) {
      case 'item.created':
        return t('history.created', { version: entry.version ?? 1 })
      case 'item.updated': {
        if (!c) return t('history.updatedHidden')
        const labels = Object.keys(c)
          .map(fieldLabel)
          .filter((l): l is string => !!l)
        const title = typeof c.title === 'string' ? t('history.newTitle', { title: c.title }) : ''
        return t('history.updated', { fields: intl.formatList(labels), version: entry.version ?? 0 }) + title
      }
      case 'item.deleted':
        return t('history.deleted')
      case 'item.rated':
        return c
          ? t('history.rated', { score: Number(c.score), organisation: orgName(c.organisationId) })
          : t('history.hidden')
      case 'item.position_set': {
        const position = c && POSITIONS.includes(c.position as never) ? t(`position.${c.position as 'akkoord'}`) : null
        return position
          ? t('history.position', { position, organisation: orgName(c?.organisationId) })
          : t('history.hidden')
      }
      case 'item.commitment_set':
        return c?.status === 'declined'
          ? t('history.declined', { organisation: orgName(c.organisationId) })
          : t('history.accepted', { organisation: orgName(c?.organisationId) })
      case 'comment.added':
        return t('history.commented')
      default:
        return t('event.unknown', { type: entry.type })
    }
  }

  return (
    <section aria-labelledby={headingId} className="vp-history">
      <h5 id={headingId} className="utrecht-heading-5">
        {t('history.title', { title: item.title })}
      </h5>
      {history.isPending ? (
        <Loading />
      ) : history.isError ? (
        <LoadError onRetry={() => void history.refetch()} />
      ) : history.data.items.length === 0 ? (
        <Paragraph className="vp-muted">{t('history.none')}</Paragraph>
      ) : (
        <ol className="vp-history__list">
          {history.data.items.map((entry) => (
            <li key={entry.seq} className="vp-history__entry">
              <time className="vp-muted" dateTime={entry.createdAt}>
                {dates.dateTime(entry.createdAt)}
              </time>{' '}
              <span className="vp-history__who">
                {entry.actor
                  ? entry.actor.organisation
                    ? t('person.withOrganisation', {
                        name: entry.actor.name,
                        organisation: entry.actor.organisation.name,
                      })
                    : entry.actor.name
                  : t('activity.system')}
              </span>{' '}
              {describe(entry)}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
