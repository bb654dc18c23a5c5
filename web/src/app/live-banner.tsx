import { useT } from '../components/use-t.ts'
import { useConnectionNotice } from './live-hooks.ts'

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
