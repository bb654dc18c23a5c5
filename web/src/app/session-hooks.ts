import { createContext, useContext, useSyncExternalStore } from 'react'

// The session's end while the app is open, and its resumption in the sign-in dialog. A 401 (or the
// live connection's "session ended") does not send the browser to /inloggen: the page stays mounted
// under <SessionEndedDialog>, so what was typed survives, and requests wait until the same person
// has signed in again (see providers.tsx).

export interface SessionEndState {
  /** The session ended and the person has not signed in again yet. */
  ended: boolean
  /** Counts sign-ins in the dialog: the live connection starts again on each. */
  resumedCount: number
}

export class SessionEndStore {
  state: SessionEndState = { ended: false, resumedCount: 0 }
  private waiting: ((resumed: boolean) => void)[] = []
  private readonly listeners = new Set<() => void>()

  subscribe = (listener: () => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private set(change: Partial<SessionEndState>) {
    this.state = { ...this.state, ...change }
    for (const listener of this.listeners) listener()
  }

  /** Set while this tab signs out itself: the server's "session ended" is then no surprise. */
  signingOut = false

  /** The server said the session is over: show the dialog. Idempotent. */
  end() {
    if (!this.state.ended && !this.signingOut) this.set({ ended: true })
  }

  /** Resolves true once the same person signed in again, false when they gave up (or someone else signed in). */
  waitForResume(): Promise<boolean> {
    if (!this.state.ended) return Promise.resolve(true)
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  /** Signed in again (`true`): waiting requests are sent again. `false`: they fail. */
  resume(resumed: boolean) {
    const waiting = this.waiting
    this.waiting = []
    this.set({ ended: false, resumedCount: this.state.resumedCount + (resumed ? 1 : 0) })
    for (const resolve of waiting) resolve(resumed)
  }
}

export const SessionEndContext = createContext<SessionEndStore | null>(null)

export function useSessionEndStore(): SessionEndStore {
  const store = useContext(SessionEndContext)
  if (!store) throw new Error('useSessionEnd… must be used inside <Providers>')
  return store
}

export function useSessionEnd(): SessionEndState {
  const store = useSessionEndStore()
  return useSyncExternalStore(store.subscribe, () => store.state)
}
