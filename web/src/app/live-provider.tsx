import { useQueryClient } from '@tanstack/react-query'
import type { Case, PresencePerson } from '@vp/shared'
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react'
import { useNavigate } from 'react-router'
import { meQueryKey, useMe } from '../api/auth.ts'
import { caseKeys } from '../api/cases.ts'
import { LiveClient, type LiveStatus, SESSION_END_REASONS } from '../api/live.ts'
import { createInvalidator, keysForEvent } from '../api/live-cache.ts'

/** The connection as the user should hear of it: lost, then restored once caught up again. */
export type ConnectionNotice = 'lost' | 'restored' | null

export interface AccessEnded {
  caseTitle: string | null
  reason: 'removed' | 'case_deleted'
}

interface LiveState {
  status: LiveStatus
  notice: ConnectionNotice
  presence: Readonly<Record<string, PresencePerson[]>>
  accessEnded: AccessEnded | null
}

const INITIAL: LiveState = { status: 'connecting', notice: null, presence: {}, accessEnded: null }
const NO_PEOPLE: PresencePerson[] = []
const RESTORED_SHOWN_MS = 6000

/** A tiny external store: components read slices of it without re-rendering on every change. */
class LiveStore {
  state: LiveState = INITIAL
  /** Cases followed now (mounted case pages). */
  readonly followed = new Set<string>()
  private readonly listeners = new Set<() => void>()
  subscribe = (listener: () => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  update(change: Partial<LiveState>) {
    this.state = { ...this.state, ...change }
    for (const listener of this.listeners) listener()
  }
}

interface LiveContextValue {
  store: LiveStore
  client: LiveClient | null
  dismissAccessEnded: () => void
}

const LiveContext = createContext<LiveContextValue | null>(null)

function useLiveContext(): LiveContextValue {
  const value = useContext(LiveContext)
  if (!value) throw new Error('useLive… must be used inside <LiveProvider>')
  return value
}

function useLiveState<T>(select: (state: LiveState) => T): T {
  const { store } = useLiveContext()
  return useSyncExternalStore(store.subscribe, () => select(store.state))
}

/**
 * One live connection per signed-in session. Every event of a followed case invalidates the
 * queries it can change (see live-cache.ts); presence, the connection state and a revoked access
 * are kept here for the header, the banner and Mijn overzicht.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const me = useMe()
  const userId = me.data?.id ?? null
  const [store] = useState(() => new LiveStore())
  const [client, setClient] = useState<LiveClient | null>(null)
  const navigateRef = useRef(navigate)
  navigateRef.current = navigate

  useEffect(() => {
    if (!userId) return
    const invalidator = createInvalidator(queryClient)
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
        if (status === 'reconnecting') {
          if (restoredTimer) clearTimeout(restoredTimer)
          store.update({ notice: 'lost' })
        } else if (status === 'open' && previous === 'reconnecting') {
          waitingFor = new Set(store.followed)
          if (waitingFor.size === 0) restored()
        } else if (status === 'signed-out') {
          // The session ended (logout, password change, idle or maximum age): ask who we are, which sends us to /inloggen.
          void queryClient.invalidateQueries({ queryKey: meQueryKey })
        }
      },
      onEvent: (caseId, _seq, event) => invalidator.add(keysForEvent(caseId, event)),
      onCaughtUp: (caseId) => {
        if (!waitingFor) return
        // Back after a drop: refetch what is on screen for this case, in case anything slipped past.
        void queryClient.invalidateQueries({ queryKey: caseKeys.all(caseId) })
        waitingFor.delete(caseId)
        if (waitingFor.size === 0) restored()
      },
      onPresence: (caseId, people) => {
        store.update({ presence: { ...store.state.presence, [caseId]: people } })
      },
      onRevoked: (caseId, reason) => {
        // The session ended (sign-out, password, disabled, idle or maximum age): the socket closes
        // with 4001 next; asking who we are sends us to /inloggen.
        if (SESSION_END_REASONS.includes(reason)) {
          void queryClient.invalidateQueries({ queryKey: meQueryKey })
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
    setClient(live)
    return () => {
      invalidator.cancel()
      if (restoredTimer) clearTimeout(restoredTimer)
      live.close()
      setClient(null)
      store.update(INITIAL)
    }
  }, [userId, queryClient, store])

  const dismissAccessEnded = useCallback(() => store.update({ accessEnded: null }), [store])
  const value = useMemo(() => ({ store, client, dismissAccessEnded }), [store, client, dismissAccessEnded])
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>
}

/** Follows a case while the component is mounted, from the seq its data was loaded at. */
export function useFollowCase(caseId: string, lastSeq: number) {
  const { client, store } = useLiveContext()
  const seq = useRef(lastSeq)
  useEffect(() => {
    if (!client) return
    store.followed.add(caseId)
    client.subscribe(caseId, seq.current)
    return () => {
      store.followed.delete(caseId)
      client.unsubscribe(caseId)
      const { [caseId]: _left, ...presence } = store.state.presence
      store.update({ presence })
    }
  }, [client, caseId, store])
}

/** Tells the others where I am in the case: which step, and which item I am editing. */
export function useReportPresence(caseId: string, step: number | null, itemId: string | null) {
  const { client } = useLiveContext()
  useEffect(() => {
    client?.setPresence(caseId, step, itemId)
  }, [client, caseId, step, itemId])
}

/** Who is in the case now (me included), as the server last told us. */
export function usePresence(caseId: string): PresencePerson[] {
  return useLiveState((s) => s.presence[caseId] ?? NO_PEOPLE)
}

export function useConnectionNotice(): ConnectionNotice {
  return useLiveState((s) => s.notice)
}

/** Set when the projectleider removed me from a case (or it was deleted) while I was in it. */
export function useAccessEnded(): [AccessEnded | null, () => void] {
  const { dismissAccessEnded } = useLiveContext()
  return [useLiveState((s) => s.accessEnded), dismissAccessEnded]
}
