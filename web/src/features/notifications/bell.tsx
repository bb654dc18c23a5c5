import { Link } from 'react-router'
import { useUnreadCount } from '../../api/notifications.ts'
import { useT } from '../../components/use-t.ts'
import './bell.css'

/**
 * "Meldingen" in the header with the unread count, on every signed-in page. The count is text, not
 * only a coloured dot, and the link's name is its visible text with words around the number for
 * screen readers: "Meldingen, 3 ongelezen".
 */
export function NotificationBell() {
  const t = useT()
  const unread = useUnreadCount(true)
  const count = unread.data ?? 0
  return (
    <Link to="/meldingen" className="utrecht-link utrecht-link--html-a vp-bell">
      <svg className="vp-bell__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6zm-2 15a2 2 0 0 0 4 0z" />
      </svg>
      {count > 0 ? (
        <>
          {/* Read as "Meldingen, 3 ongelezen"; seen as "Meldingen" and the number in a pill. */}
          <span aria-hidden="true">{t('notifications.bell')}</span>
          <span className="vp-visually-hidden">{t('notifications.bell')},</span>
          <span className="vp-bell__count">{count}</span>
          <span className="vp-visually-hidden">{t('notifications.bellUnread')}</span>
        </>
      ) : (
        <span>{t('notifications.bell')}</span>
      )}
    </Link>
  )
}
