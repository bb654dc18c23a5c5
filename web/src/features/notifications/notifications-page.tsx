import { Button, Heading2, Paragraph, StatusBadge } from '@utrecht/component-library-react'
import type { Notification } from '@vp/shared'
import { useRef, useState } from 'react'
import { Link } from 'react-router'
import { useCases } from '../../api/cases.ts'
import { useMarkRead, useNotifications } from '../../api/notifications.ts'
import { useDates } from '../../components/dates.ts'
import { LoadError, useDescribeError } from '../../components/errors.tsx'
import { Loading } from '../../components/loading.tsx'
import { PageHeading } from '../../components/page-heading.tsx'
import { StatusRegion } from '../../components/status-region.tsx'
import { useT } from '../../components/use-t.ts'
import './notifications.css'

/** `/meldingen`: what happened in my cases that concerns me, newest first; unread ones marked in words. */
export function NotificationsPage() {
  const t = useT()
  const list = useNotifications()
  const cases = useCases()
  const markRead = useMarkRead()
  const describeError = useDescribeError()
  const [status, setStatus] = useState<string | null>(null)
  const listRef = useRef<HTMLOListElement>(null)

  const caseTitle = (caseId: string) => cases.data?.items.find((c) => c.id === caseId)?.title ?? null
  const items = list.data?.pages.flatMap((page) => page.items) ?? []
  const unreadCount = list.data?.pages[0]?.unreadCount ?? 0

  // The button that was pressed goes away with the unread state: focus moves to the item's heading.
  const markOne = (notification: Notification) => {
    setStatus(null)
    markRead.mutate(
      { ids: [notification.id] },
      {
        onSuccess: () => {
          setStatus(t('notifications.markedOne'))
          document.getElementById(headingId(notification.id))?.focus()
        },
      },
    )
  }
  const markAll = () => {
    setStatus(null)
    markRead.mutate(
      { all: true },
      {
        onSuccess: () => {
          setStatus(t('notifications.markedAll'))
          document.querySelector<HTMLElement>('.vp-page-heading')?.focus()
        },
      },
    )
  }

  return (
    <div className="vp-notifications">
      <PageHeading>{t('notifications.title')}</PageHeading>
      <Paragraph appearance="lead">{t('notifications.intro')}</Paragraph>
      <Paragraph>
        <Link to="/account#meldingen" className="utrecht-link utrecht-link--html-a">
          {t('notifications.settingsLink')}
        </Link>
      </Paragraph>
      <StatusRegion>{status}</StatusRegion>
      {markRead.isError && (
        <p role="alert" className="vp-notifications__error">
          {describeError(markRead.error)}
        </p>
      )}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Paragraph className="vp-notifications__empty">{t('notifications.empty')}</Paragraph>
      ) : (
        <>
          <div className="vp-notifications__tools">
            <Paragraph>{t('notifications.unreadSummary', { count: unreadCount })}</Paragraph>
            {unreadCount > 0 && (
              <Button appearance="secondary-action-button" busy={markRead.isPending} onClick={markAll}>
                {t('notifications.markAll')}
              </Button>
            )}
          </div>
          <ol className="vp-notifications__list" ref={listRef}>
            {items.map((n) => (
              <NotificationEntry
                key={n.id}
                notification={n}
                caseTitle={caseTitle(n.caseId)}
                busy={markRead.isPending}
                onMarkRead={() => markOne(n)}
              />
            ))}
          </ol>
          {list.hasNextPage && (
            <div className="vp-form__actions">
              <Button
                appearance="secondary-action-button"
                busy={list.isFetchingNextPage}
                onClick={() => {
                  if (!list.isFetchingNextPage) void list.fetchNextPage()
                }}
              >
                {t('notifications.more')}
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  )
}

const headingId = (id: string) => `melding-${id}`

interface EntryProps {
  notification: Notification
  caseTitle: string | null
  busy: boolean
  onMarkRead: () => void
}

function NotificationEntry({ notification: n, caseTitle, busy, onMarkRead }: EntryProps) {
  const t = useT()
  const dates = useDates()
  const unread = !n.readAt
  return (
    <li className={`vp-notification${unread ? ' vp-notification--unread' : ''}`} aria-labelledby={headingId(n.id)}>
      <div className="vp-notification__head">
        {unread && <StatusBadge status="warning">{t('notifications.unread')}</StatusBadge>}
        <Heading2 id={headingId(n.id)} tabIndex={-1} className="vp-notification__title">
          {n.title}
        </Heading2>
      </div>
      {n.body && <Paragraph className="vp-notification__body">{n.body}</Paragraph>}
      <p className="utrecht-paragraph vp-notification__meta">
        {caseTitle && <span>{t('notifications.inCase', { case: caseTitle })} · </span>}
        <time dateTime={n.createdAt} title={dates.dateTime(n.createdAt)}>
          {dates.relative(n.createdAt)}
        </time>
      </p>
      <div className="vp-notification__actions">
        <Link to={n.link} className="utrecht-link utrecht-link--html-a" aria-describedby={headingId(n.id)}>
          {t('notifications.view')}
        </Link>
        {unread && (
          <Button
            appearance="subtle-button"
            busy={busy}
            aria-describedby={headingId(n.id)}
            onClick={() => {
              if (!busy) onMarkRead()
            }}
          >
            {t('notifications.markRead')}
          </Button>
        )}
      </div>
    </li>
  )
}
