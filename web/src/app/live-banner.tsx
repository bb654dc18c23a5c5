import { Link } from 'react-router'
import { useT } from '../components/use-t.ts'
import type { AnnouncementPart } from './live-announcer.ts'
import { useConnectionNotice, useLiveAnnouncement } from './live-hooks.ts'

/**
 * Says when the live connection dropped, and again when it is back and caught up. Always in the
 * page as a polite live region, so screen readers announce both.
 */
export function ConnectionBanner() {
  const t = useT()
  const notice = useConnectionNotice()
  return (
    <div role="status" className="vp-status vp-connection">
      {notice && (
        <div className={`utrecht-alert utrecht-alert--${notice === 'lost' ? 'warning' : 'ok'}`}>
          <div className="utrecht-alert__content">
            <div className="utrecht-alert__message">
              <p className="utrecht-paragraph">
                {notice === 'lost' ? t('live.connectionLost') : t('live.connectionRestored')}
              </p>
            </div>
          </div>
        </div>
      )}
    </div>
  )
}

function describePart(t: ReturnType<typeof useT>, part: AnnouncementPart): string {
  switch (part.kind) {
    case 'items':
      return t('liveNotice.items', { count: part.count })
    case 'comments':
      return t('liveNotice.comments', { count: part.count })
    case 'documents':
      return t('liveNotice.documents', { count: part.count })
    case 'actions':
      return t('liveNotice.actions', { count: part.count, organisation: part.organisation })
    case 'notifications':
      return part.count === 1
        ? t('notifications.live.one', { title: part.title })
        : t('notifications.live.many', { count: part.count })
    default: {
      const n = part.step as 1 | 2 | 3 | 4 | 5 | 6
      return t('liveNotice.step', { n, name: t(`step.${n}`), status: part.status })
    }
  }
}

/** Where a "Bekijk" link went: focus the item's heading once it is on the page (it may load first). */
function focusTarget(link: string) {
  const hash = link.split('#')[1]
  if (!hash) return
  let tries = 0
  const look = () => {
    const target = document.getElementById(hash)
    if (target) {
      const heading = target.querySelector<HTMLElement>('[tabindex="-1"]') ?? target
      heading.scrollIntoView({ block: 'start' })
      heading.focus({ preventScroll: true })
      return
    }
    if (tries++ < 40) setTimeout(look, 100)
  }
  setTimeout(look, 0)
}

/**
 * A change by someone else that arrived live and concerns me (an action for my organisation, new
 * contributions on the step I am looking at, a step that opened or closed): a small notice that stays
 * in view with a link to it, in a polite live region that is always in the page. A burst is one notice.
 */
export function LiveAnnouncement() {
  const t = useT()
  const [announcement, dismiss] = useLiveAnnouncement()
  const text = announcement ? `${announcement.parts.map((part) => describePart(t, part)).join('. ')}.` : null
  return (
    <div role="status" className="vp-live-notice-region">
      {announcement && (
        <div className="vp-live-notice" key={announcement.id}>
          <p className="utrecht-paragraph vp-live-notice__text">
            {text}{' '}
            <Link
              to={announcement.link}
              className="utrecht-link utrecht-link--html-a vp-live-notice__link"
              onClick={() => {
                dismiss()
                focusTarget(announcement.link)
              }}
            >
              {t('liveNotice.view')}
            </Link>
          </p>
          <button
            type="button"
            className="vp-live-notice__close"
            onClick={dismiss}
            aria-label={t('liveNotice.dismiss')}
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
      )}
    </div>
  )
}
