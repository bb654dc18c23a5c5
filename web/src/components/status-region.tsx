import type { ReactNode } from 'react'

/**
 * A polite live region that is always in the page, so screen readers announce what is put in it
 * ("Opgeslagen"). Empty, it takes no room.
 */
export function StatusRegion({ children }: { children?: ReactNode }) {
  return (
    <div role="status" className="vp-status">
      {children ? (
        <div className="utrecht-alert utrecht-alert--ok">
          <div className="utrecht-alert__content">
            <div className="utrecht-alert__message">
              <p className="utrecht-paragraph">{children}</p>
            </div>
          </div>
        </div>
      ) : null}
    </div>
  )
}
