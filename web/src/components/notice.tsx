import type { ReactNode } from 'react'

/**
 * A box in Utrecht's alert style that is not a live region: for content that stays (a link to copy),
 * where Utrecht's <Alert> would make everything inside it a status or alert message.
 */
export function Notice({ type = 'info', children }: { type?: 'info' | 'ok' | 'warning'; children: ReactNode }) {
  return (
    <div className={`utrecht-alert utrecht-alert--${type}`}>
      <div className="utrecht-alert__content">
        <div className="utrecht-alert__message">{children}</div>
      </div>
    </div>
  )
}
