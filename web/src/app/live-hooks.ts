import type { PresencePerson } from '@vp/shared'
import { createContext, useContext, useEffect, useRef, useSyncExternalStore } from 'react'
import type { LiveClient, LiveStatus } from '../api/live.ts'
import type { Announcement } from './live-announcer.ts'

// The live connection's public hooks, for features: follow a case, report and read presence, hear
// of a lost connection or an ended access. <LiveProvider> (live-provider.tsx) fills the store.

/** The connection as the user should hear of it: lost, then restored once caught up again. */
export type ConnectionNotice = 'lost' | 'restored' | null

export interface AccessEnded {
  caseTitle: string | null
  reason: 'removed' | 'case_deleted'
}

export interface LiveState {
  status: LiveStatus
  notice: ConnectionNotice
  presence: Readonly<Record<string, PresencePerson[]>>
  accessEnded: AccessEnded | null
  /** The latest live change by someone else worth telling me about (live-announcer.ts). */
  announcement: Announcement | null
}

// The store and its context are filled by <LiveProvider> only; features use the hooks below.
export const INITIAL: LiveState = {
  status: 'connecting',
  notice: null,
  presence: {},
  accessEnded: null,
  announcement: null,
}
const NO_PEOPLE: PresencePerson[] = []

/** A tiny external store: components read slices of it without re-rendering on every change. */
export class LiveStore {
  state: LiveState = INITIAL
  /** Cases followed now (mounted case pages). */
  readonly followed = new Set<string>()
  /** Followed cases whose replay is over since they were last subscribed: only what comes after is news. */
  readonly caughtUp = new Set<string>()
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

export interface LiveContextValue {
  store: LiveStore
  client: LiveClient | null
  dismissAccessEnded: () => void
  dismissAnnouncement: () => void
}

export const LiveContext = createContext<LiveContextValue | null>(null)

function useLiveContext(): LiveContextValue {
  const value = useContext(LiveContext)
  if (!value) throw new Error('useLive… must be used inside <LiveProvider>')
  return value
}

function useLiveState<T>(select: (state: LiveState) => T): T {
  const { store } = useLiveContext()
  return useSyncExternalStore(store.subscribe, () => select(store.state))
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
      store.caughtUp.delete(caseId)
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

/** The latest announced live change (a polite notice with a link), and its dismissal. */
export function useLiveAnnouncement(): [Announcement | null, () => void] {
  const { dismissAnnouncement } = useLiveContext()
  return [useLiveState((s) => s.announcement), dismissAnnouncement]
}
