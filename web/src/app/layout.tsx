import { PageFooter, PageHeader, Paragraph } from '@utrecht/component-library-react'
import { type RefObject, Suspense, useEffect, useRef } from 'react'
import { Link, Outlet, useLocation } from 'react-router'
import { useMe } from '../api/auth.ts'
import { Loading } from '../components/loading.tsx'
import { useT } from '../components/use-t.ts'
import { NotificationBell } from '../features/notifications/bell.tsx'
import { PageErrorBoundary } from './error-boundary.tsx'
import { LanguageSwitch } from './language-switch.tsx'
import { ConnectionBanner, LiveAnnouncement } from './live-banner.tsx'
import { SessionEndedDialog } from './session-dialog.tsx'
import { UserMenu } from './user-menu.tsx'

const MAIN_ID = 'inhoud'

export function Layout() {
  const t = useT()
  const me = useMe()
  const mainRef = useRef<HTMLElement>(null)
  const { pathname } = useLocation()
  useFocusOnNavigation(mainRef)

  return (
    <div className="vp-app">
      {/* Utrecht's <SkipLink> wraps the link in a <p> whose margins push the page down. */}
      <a href={`#${MAIN_ID}`} className="utrecht-skip-link utrecht-skip-link--visible-on-focus">
        {t('app.skipLink')}
      </a>
      <PageHeader className="vp-header">
        <div className="utrecht-page-header__content vp-header__content">
          <Link to="/" className="vp-brand">
            <svg className="vp-brand__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
              <rect width="32" height="32" rx="6" />
              <path className="vp-brand__shield" d="M16 5 7 9v6c0 6 3.8 10.6 9 12 5.2-1.4 9-6 9-12V9z" />
              <path className="vp-brand__check" d="m12 16 3 3 5-6" />
            </svg>
            <span className="vp-brand__text">
              <span className="vp-brand__name">{t('app.name')}</span>
              <span className="vp-brand__tagline">{t('app.tagline')}</span>
            </span>
          </Link>
          <div className="vp-header__tools">
            <LanguageSwitch />
            {me.data && <NotificationBell />}
            {me.data && <UserMenu user={me.data} />}
          </div>
        </div>
      </PageHeader>
      <main id={MAIN_ID} ref={mainRef} tabIndex={-1} className="utrecht-page-content vp-main">
        <div className="vp-main__content">
          <ConnectionBanner />
          <SessionEndedDialog />
          <LiveAnnouncement />
          <PageErrorBoundary pathname={pathname}>
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          </PageErrorBoundary>
        </div>
      </main>
      <PageFooter className="vp-footer">
        <div className="utrecht-page-footer__content">
          <Paragraph>{t('app.footer')}</Paragraph>
        </div>
      </PageFooter>
    </div>
  )
}

/** Where focus goes on a new page: a sub-page's own heading (SectionHeading), else the h1. */
function findFocusTarget(main: HTMLElement): HTMLElement | null {
  return main.querySelector<HTMLElement>('[data-vp-focus]') ?? main.querySelector<HTMLElement>('h1')
}

/**
 * After a client-side navigation, put focus on the new page's heading (or main), so screen reader and
 * keyboard users start at the new content instead of wherever the old page left them. Pages load
 * lazily and fetch their data, so the heading may come later: until it does, focus waits on main.
 */
function useFocusOnNavigation(mainRef: RefObject<HTMLElement | null>) {
  const { pathname } = useLocation()
  const previous = useRef(pathname)
  useEffect(() => {
    if (previous.current === pathname) return
    previous.current = pathname
    const main = mainRef.current
    if (!main) return
    const target = findFocusTarget(main)
    if (target) {
      target.focus()
      return
    }
    main.focus()
    const observer = new MutationObserver(() => {
      const found = findFocusTarget(main)
      if (!found) return
      observer.disconnect()
      // Only if the user has not gone somewhere else in the meantime.
      const active = document.activeElement
      if (active === main || active === document.body || active === null) found.focus()
    })
    observer.observe(main, { childList: true, subtree: true })
    const stop = setTimeout(() => observer.disconnect(), 15_000)
    return () => {
      observer.disconnect()
      clearTimeout(stop)
    }
  }, [pathname, mainRef])
}
