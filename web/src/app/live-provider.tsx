import { useQueryClient } from '@tanstack/react-query'
import type { Case } from '@vp/shared'
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useLocation, useNavigate } from 'react-router'
import { meQueryKey, useMe } from '../api/auth.ts'
import { caseKeys } from '../api/cases.ts'
import { LiveClient, SESSION_END_REASONS } from '../api/live.ts'
import { createInvalidator, keysForEvent } from '../api/live-cache.ts'
import { applyLiveNotification } from '../api/notifications.ts'
import { classifyEvent, createAnnouncer } from './live-announcer.ts'
import { type AccessEnded, INITIAL, LiveContext, LiveStore } from './live-hooks.ts'
import { useSessionEnd, useSessionEndStore } from './session-hooks.ts'

const RESTORED_SHOWN_MS = 6000

/**
 * One live connection per signed-in session. Every event of a followed case invalidates the
 * queries it can change (see live-cache.ts); presence, the connection state and a revoked access
 * are kept here for the header, the banner and Mijn overzicht.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const [store] = useState(() => new LiveStore())
  const [client, setClient] = useState<LiveClient | null>(null)
  // The connection stopped at the session's end; signing in again in the dialog starts a new
  // session, so a new connection: keyed by the session, beside the page, which stays mounted.
  const { resumedCount } = useSessionEnd()

  const dismissAccessEnded = useCallback(() => store.update({ accessEnded: null }), [store])
  const dismissAnnouncement = useCallback(() => store.update({ announcement: null }), [store])
  const value = useMemo(
    () => ({ store, client, dismissAccessEnded, dismissAnnouncement }),
    [store, client, dismissAccessEnded, dismissAnnouncement],
  )
  return (
    <LiveContext.Provider value={value}>
      {children}
      <LiveConnection key={resumedCount} store={store} onClient={setClient} />
    </LiveContext.Provider>
  )
}

/** The connection of one session: opened for the signed-in user, closed on unmount or sign-out. */
function LiveConnection({ store, onClient }: { store: LiveStore; onClient: (client: LiveClient | null) => void }) {
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const me = useMe()
  const userId = me.data?.id ?? null
  const navigateRef = useRef(navigate)
  navigateRef.current = navigate
  const { pathname } = useLocation()
  const pathnameRef = useRef(pathname)
  pathnameRef.current = pathname
  const sessionEnd = useSessionEndStore()

  useEffect(() => {
    if (!userId) return
    const invalidator = createInvalidator(queryClient)
    const announcer = createAnnouncer((announcement) => store.update({ announcement }))
    const caughtUp = store.caughtUp
    caughtUp.clear()
    const announce = (caseId: string, event: Parameters<typeof classifyEvent>[1]) => {
      if (!caughtUp.has(caseId)) return
      const theCase = queryClient.getQueryData<Case>(caseKeys.detail(caseId))
      const onStep = new RegExp(`^/dossiers/${caseId}/stap/([1-6])`).exec(pathnameRef.current)
      const classified = classifyEvent(caseId, event, {
        userId,
        organisation: theCase ? theCase.me.organisation : null,
        step: onStep ? Number(onStep[1]) : null,
      })
      if (classified) announcer.add(caseId, classified)
    }
    /** Cases to hear "caught-up" from before the connection counts as restored. */
    let waitingFor: Set<string> | null = null
    let restoredTimer: ReturnType<typeof setTimeout> | null = null

    const restored = () => {
      waitingFor = null
      store.update({ notice: 'restored' })
      if (restoredTimer) clearTimeout(restoredTimer)
      restoredTimer = setTimeout(() => {
        if (store.state.notice === 'restored') store.update({ notice: null })
      }, RESTORED_SHOWN_MS)
    }

    const live = new LiveClient({
      onStatus: (status) => {
        const previous = store.state.status
        store.update({ status })
        if (status !== 'open') caughtUp.clear()
        if (status === 'reconnecting') {
          if (restoredTimer) clearTimeout(restoredTimer)
          store.update({ notice: 'lost' })
        } else if (status === 'open' && previous === 'reconnecting') {
          waitingFor = new Set(store.followed)
          if (waitingFor.size === 0) restored()
        } else if (status === 'signed-out') {
          // The session ended (logout elsewhere, password change, idle or maximum age): the sign-in
          // dialog opens over the page, unless this tab signed out itself (then no one is signed in).
          if (queryClient.getQueryData(meQueryKey)) sessionEnd.end()
        }
      },
      onEvent: (caseId, _seq, event) => {
        invalidator.add(keysForEvent(caseId, event))
        announce(caseId, event)
      },
      onCaughtUp: (caseId) => {
        caughtUp.add(caseId)
        if (!waitingFor) return
        // Back after a drop: refetch what is on screen for this case, in case anything slipped past.
        void queryClient.invalidateQueries({ queryKey: caseKeys.all(caseId) })
        waitingFor.delete(caseId)
        if (waitingFor.size === 0) restored()
      },
      onNotification: (notification) => {
        // The bell and the list follow at once; the polite live region says what it is about.
        if (!applyLiveNotification(queryClient, notification)) return
        announcer.add(notification.caseId, {
          part: { kind: 'notifications', count: 1, title: notification.title },
          link: notification.link,
        })
      },
      onPresence: (caseId, people) => {
        store.update({ presence: { ...store.state.presence, [caseId]: people } })
      },
      onRevoked: (caseId, reason) => {
        // The session ended (sign-out, password, disabled, idle or maximum age): the socket closes
        // with 4001 next; the sign-in dialog opens over the page, which keeps what was typed.
        if (SESSION_END_REASONS.includes(reason)) {
          if (queryClient.getQueryData(meQueryKey)) sessionEnd.end()
          return
        }
        const theCase = queryClient.getQueryData<Case>(caseKeys.detail(caseId))
        const { [caseId]: _gone, ...presence } = store.state.presence
        store.update({
          presence,
          accessEnded: { caseTitle: theCase?.title ?? null, reason: reason as AccessEnded['reason'] },
        })
        navigateRef.current('/', { replace: true })
        // After the navigation, so the case page does not reload and show "not found" first.
        setTimeout(() => {
          queryClient.removeQueries({ queryKey: caseKeys.all(caseId) })
          void queryClient.invalidateQueries({ queryKey: caseKeys.list })
          void queryClient.invalidateQueries({ queryKey: ['agenda'] })
        }, 0)
      },
    })
    onClient(live)
    return () => {
      invalidator.cancel()
      announcer.cancel()
      if (restoredTimer) clearTimeout(restoredTimer)
      live.close()
      onClient(null)
      store.update(INITIAL)
    }
  }, [userId, queryClient, store, sessionEnd, onClient])

  return null
}
