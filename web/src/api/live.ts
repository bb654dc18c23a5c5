import type { ActivityEvent, Notification, PresencePerson, RevokeReason, ServerMessage } from '@vp/shared'
import { LIVE_CLOSE } from '@vp/shared/constants'

/** The part of the WebSocket API the client uses; the browser's WebSocket and `ws` both fit. */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((ev: unknown) => void) | null
  onmessage: ((ev: { data: unknown }) => void) | null
  onclose: ((ev: { code: number; reason: string }) => void) | null
  onerror: ((ev: unknown) => void) | null
}

export type LiveStatus = 'connecting' | 'open' | 'reconnecting' | 'signed-out' | 'closed'

export interface LiveHandlers {
  onEvent?(caseId: string, seq: number, event: ActivityEvent): void
  onCaughtUp?(caseId: string, seq: number): void
  onPresence?(caseId: string, people: PresencePerson[]): void
  onRevoked?(caseId: string, reason: RevokeReason): void
  onStatus?(status: LiveStatus): void
  onError?(code: string, message: string, caseId?: string): void
  /** A new notification for me, composed for me by the server. */
  onNotification?(notification: Notification): void
}

export interface LiveClientOptions extends LiveHandlers {
  /** ws:// or wss:// URL of /api/live; by default derived from the page's location. */
  url?: string
  createSocket?: (url: string) => WebSocketLike
  /** Reconnect backoff: grows from min to max, with jitter. */
  minDelayMs?: number
  maxDelayMs?: number
  /** After the server closed the socket for going over a live limit: wait this long (default 60 s). */
  rateLimitedDelayMs?: number
}

const OPEN = 1

/** Revoke reasons that mean the session itself ended: the server closes the socket right after. */
export const SESSION_END_REASONS: readonly RevokeReason[] = ['session_ended', 'idle', 'expired']

/**
 * The browser's one live connection. Remembers the last seq per followed case and, after any
 * disconnect, reconnects with backoff and jitter and resubscribes from that seq: the server then
 * replays exactly what was missed. Events at or below the last seq are dropped, so a client never
 * applies one twice.
 */
export class LiveClient {
  private socket: WebSocketLike | null = null
  private readonly cases = new Map<
    string,
    {
      lastSeq: number
      presence: { step: number | null; itemId: string | null } | null
      /** Caught up since the last subscribe: the server accepts presence only then. */
      ready: boolean
    }
  >()
  private attempt = 0
  private timer: ReturnType<typeof setTimeout> | null = null
  private stopped = false
  private current: LiveStatus = 'connecting'

  constructor(private readonly opts: LiveClientOptions = {}) {
    this.connect()
  }

  get status(): LiveStatus {
    return this.current
  }

  /** Follows a case from `afterSeq` (what the caller already has); remembered across reconnects. */
  subscribe(caseId: string, afterSeq = 0) {
    const known = this.cases.get(caseId)
    const lastSeq = Math.max(afterSeq, known?.lastSeq ?? 0)
    this.cases.set(caseId, { lastSeq, presence: known?.presence ?? null, ready: false })
    this.send({ type: 'subscribe', caseId, afterSeq: lastSeq })
  }

  unsubscribe(caseId: string) {
    this.cases.delete(caseId)
    this.send({ type: 'unsubscribe', caseId })
  }

  /**
   * Where I am in the case: shown to everyone else in it. Remembered, and sent once the
   * subscription is caught up (the server refuses presence before that) and after every reconnect.
   */
  setPresence(caseId: string, step: number | null, itemId: string | null = null) {
    const c = this.cases.get(caseId)
    if (!c) return
    c.presence = { step, itemId }
    if (c.ready) this.send({ type: 'presence', caseId, step, itemId })
  }

  lastSeq(caseId: string) {
    return this.cases.get(caseId)?.lastSeq ?? 0
  }

  close() {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.socket?.close(1000, 'closed by client')
    this.setStatus('closed')
  }

  private connect() {
    if (this.stopped) return
    const url = this.opts.url ?? defaultUrl()
    const create = this.opts.createSocket ?? browserSocket
    const socket = create(url)
    this.socket = socket
    socket.onopen = () => {
      this.attempt = 0
      this.setStatus('open')
      for (const [caseId, c] of this.cases) {
        c.ready = false
        this.send({ type: 'subscribe', caseId, afterSeq: c.lastSeq })
      }
    }
    socket.onmessage = (ev) => this.receive(String(ev.data))
    socket.onerror = () => {}
    socket.onclose = (ev) => {
      if (this.socket !== socket) return
      this.socket = null
      for (const c of this.cases.values()) c.ready = false
      if (this.stopped) return
      // The session is over: coming back cannot help until the person signs in again.
      if (ev.code === LIVE_CLOSE.sessionEnded) return this.setStatus('signed-out')
      this.setStatus('reconnecting')
      // Over a live limit: a quick reconnect would hit it again; wait long, and back off from the top.
      if (ev.code === LIVE_CLOSE.rateLimited) {
        this.attempt = Math.max(this.attempt, 6)
        return this.scheduleReconnect(this.opts.rateLimitedDelayMs ?? 60_000)
      }
      this.scheduleReconnect()
    }
  }

  private scheduleReconnect(atLeastMs = 0) {
    const min = this.opts.minDelayMs ?? 250
    const max = this.opts.maxDelayMs ?? 15_000
    const delay = Math.max(atLeastMs, Math.min(max, min * 2 ** this.attempt++))
    // Jitter spreads a reconnect storm after a server restart over time.
    this.timer = setTimeout(
      () => {
        this.timer = null
        this.connect()
      },
      delay / 2 + Math.random() * (delay / 2),
    )
  }

  private receive(raw: string) {
    let msg: ServerMessage
    try {
      msg = JSON.parse(raw)
    } catch {
      return
    }
    switch (msg.type) {
      case 'event': {
        const c = this.cases.get(msg.caseId)
        if (!c || msg.seq <= c.lastSeq) return
        c.lastSeq = msg.seq
        this.opts.onEvent?.(msg.caseId, msg.seq, msg.event)
        return
      }
      case 'caught-up': {
        const c = this.cases.get(msg.caseId)
        if (c) {
          c.lastSeq = Math.max(c.lastSeq, msg.seq)
          c.ready = true
          if (c.presence) this.send({ type: 'presence', caseId: msg.caseId, ...c.presence })
        }
        this.opts.onCaughtUp?.(msg.caseId, msg.seq)
        return
      }
      case 'presence':
        this.opts.onPresence?.(msg.caseId, msg.people)
        return
      case 'revoked':
        this.cases.delete(msg.caseId)
        this.opts.onRevoked?.(msg.caseId, msg.reason)
        return
      case 'error':
        this.opts.onError?.(msg.code, msg.message, msg.caseId)
        return
      case 'notification':
        this.opts.onNotification?.(msg.notification)
        return
      case 'pong':
        return
    }
  }

  private send(msg: unknown) {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(msg))
  }

  private setStatus(s: LiveStatus) {
    if (this.current === s) return
    this.current = s
    this.opts.onStatus?.(s)
  }
}

// The browser globals, named without DOM types so the client also compiles (and is tested) in Node.
const browser = globalThis as unknown as {
  location: { protocol: string; host: string }
  WebSocket: new (url: string) => WebSocketLike
}

function browserSocket(url: string): WebSocketLike {
  return new browser.WebSocket(url)
}

function defaultUrl() {
  const { protocol, host } = browser.location
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/api/live`
}
