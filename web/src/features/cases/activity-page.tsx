import { Button, Paragraph } from '@utrecht/component-library-react'
import type { ActivityEvent } from '@vp/shared'
import { useEffect, useRef, useState } from 'react'
import { useIntl } from 'react-intl'
import { useActivity } from '../../api/cases.ts'
import { useInvitableOrganisations } from '../../api/invitations.ts'
import { ClampedText } from '../../components/clamped-text.tsx'
import { useDates } from '../../components/dates.ts'
import { LoadError } from '../../components/errors.tsx'
import { SelectField } from '../../components/form.tsx'
import { Loading } from '../../components/loading.tsx'
import { SectionHeading } from '../../components/section-heading.tsx'
import { useT } from '../../components/use-t.ts'
import { useCaseContext } from './case-layout.tsx'
import { describeEvent, type EventNames } from './describe-event.ts'

/** Activiteit: the case's event log (also its audit trail), newest first, by organisation if wanted. */
export function ActivityPage() {
  const t = useT()
  const intl = useIntl()
  const dates = useDates()
  const theCase = useCaseContext()
  // With the case: organisations proposed in it are named too (an invitation for one, before it has a seat).
  const organisations = useInvitableOrganisations(theCase.id)
  const [organisationId, setOrganisationId] = useState('')
  const activity = useActivity(theCase.id, organisationId || null)
  const listRef = useRef<HTMLOListElement>(null)
  const firstNewIndex = useRef<number | null>(null)

  const events = activity.data?.pages.flatMap((p) => p.items) ?? []

  // After "Meer laden" the button may disappear: put focus on the first newly loaded line instead.
  useEffect(() => {
    const index = firstNewIndex.current
    if (index === null || activity.isFetchingNextPage) return
    firstNewIndex.current = null
    listRef.current?.querySelectorAll<HTMLElement>('.vp-event')[index]?.focus()
  }, [activity.isFetchingNextPage])

  const filterOptions = uniqueOrganisations(theCase.members.map((m) => m.organisation))
  const names = eventNames(theCase.members, organisations.data?.items ?? [], events)
  const filterName = filterOptions.find((o) => o.id === organisationId)?.name

  return (
    <section aria-labelledby="activiteit" className="vp-section">
      <SectionHeading id="activiteit">{t('activity.title')}</SectionHeading>
      <Paragraph>{t('activity.intro')}</Paragraph>
      <div className="vp-filter">
        <SelectField
          name="organisationId"
          label={t('activity.filter')}
          value={organisationId}
          placeholder={t('activity.filter.all')}
          options={filterOptions.map((o) => ({ value: o.id, label: o.name }))}
          onChange={setOrganisationId}
        />
      </div>
      <p role="status" className="vp-visually-hidden">
        {activity.isSuccess &&
          (filterName
            ? t('activity.shownFor', { count: events.length, organisation: filterName })
            : t('activity.shown', { count: events.length }))}
      </p>
      {activity.isPending ? (
        <Loading />
      ) : activity.isError ? (
        <LoadError onRetry={() => void activity.refetch()} />
      ) : events.length === 0 ? (
        <Paragraph className="vp-empty">{t('activity.none')}</Paragraph>
      ) : (
        <ol ref={listRef} className="vp-activity" aria-labelledby="activiteit">
          {events.map((event) => (
            <li key={event.seq} className="vp-event" tabIndex={-1}>
              {event.visible ? (
                <ClampedText className="vp-event__what" lines={4}>
                  <span className="vp-event__who">{who(t, event)}</span> {describeEvent(intl, event, names)}
                </ClampedText>
              ) : (
                <p className="vp-event__what vp-event__what--restricted">
                  {t(event.entityType === 'document' ? 'activity.restrictedDocument' : 'activity.restricted', {
                    organisation: event.actor?.organisation?.name ?? t('activity.unknownOrganisation'),
                  })}
                </p>
              )}
              <p className="vp-event__when">
                <time dateTime={event.createdAt}>{dates.dateTime(event.createdAt)}</time>
              </p>
            </li>
          ))}
        </ol>
      )}
      {activity.hasNextPage && (
        <Button
          appearance="secondary-action-button"
          busy={activity.isFetchingNextPage}
          onClick={() => {
            if (activity.isFetchingNextPage) return
            firstNewIndex.current = events.length
            void activity.fetchNextPage()
          }}
        >
          {t('app.loadMore')}
        </Button>
      )}
    </section>
  )
}

function who(t: ReturnType<typeof useT>, event: ActivityEvent): string {
  if (!event.actor) return t('activity.system')
  return event.actor.organisation
    ? t('person.withOrganisation', { name: event.actor.name, organisation: event.actor.organisation.name })
    : event.actor.name
}

function uniqueOrganisations<T extends { id: string; name: string }>(organisations: T[]): T[] {
  const seen = new Map<string, T>()
  for (const o of organisations) if (!seen.has(o.id)) seen.set(o.id, o)
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name, 'nl'))
}

/** Names for ids in payloads: current members, every organisation, and people named in loaded events. */
function eventNames(
  members: { userId: string; name: string }[],
  organisations: { id: string; name: string }[],
  events: ActivityEvent[],
): EventNames {
  const people = new Map<string, string>()
  const items = new Map<string, { kind: string; title: string }>()
  // Oldest first, so the latest title of an item wins.
  for (const e of [...events].reverse()) {
    const p = e.payload
    if (e.visible && p && e.entityId && typeof p.title === 'string') {
      if (typeof p.kind === 'string') items.set(e.entityId, { kind: p.kind, title: p.title })
      else if (e.entityType === 'document') items.set(e.entityId, { kind: 'document', title: p.title })
    }
  }
  for (const e of events) {
    const p = e.payload
    if (e.visible && p && typeof p.userId === 'string' && typeof p.name === 'string') people.set(p.userId, p.name)
    if (e.actor) people.set(e.actor.userId, e.actor.name)
  }
  for (const m of members) people.set(m.userId, m.name)
  const orgs = new Map(organisations.map((o) => [o.id, o.name]))
  return {
    person: (id) => (typeof id === 'string' ? people.get(id) : undefined),
    organisation: (id) => (typeof id === 'string' ? orgs.get(id) : undefined),
    item: (id) => (id ? items.get(id) : undefined),
  }
}
