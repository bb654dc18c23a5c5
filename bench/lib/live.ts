import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import { sleep } from './proc.ts'

export interface SocketSpec {
  /** Base URL of the instance (http://127.0.0.1:port). */
  url: string
  cookie: string
  caseId: string
  /** Seq to subscribe after (the client's last known seq). */
  afterSeq: number
  /** Source address, to spread connections over 127.0.0.x past the ephemeral-port limit. */
  localAddress?: string
  /** Free-form tag for grouping results (e.g. the instance). */
  group?: string
  /** Origin header (the server refuses a socket without an allowed one); default BENCH_ORIGIN. */
  origin?: string
}

/** The PUBLIC_URL every benchmark and fault-run server gets (serverEnv in seed.ts), so its origin is allowed. */
export const BENCH_ORIGIN = 'http://127.0.0.1:8080'

export interface LiveSocket {
  spec: SocketSpec
  ws: WebSocket | null
  lastSeq: number
  caughtUp: boolean
  /** Events that arrived with a seq other than lastSeq + 1 (a gap) or ≤ lastSeq (a duplicate). */
  gaps: number
  duplicates: number
  received: number
  reconnects: number
  reconnecting: boolean
  lastError: string
  closedCodes: number[]
  /** When the last caught-up arrived (performance.now()). */
  caughtUpAt: number
}

export interface FleetOptions {
  /** Called for each event with the socket, its seq and the raw message text. */
  onEvent?: (s: LiveSocket, seq: number, raw: string, at: number) => void
  /** Reconnect (with backoff) and resubscribe with the last seq when a socket closes. */
  reconnect?: boolean
  /** Connections opened at once while connecting. */
  concurrency?: number
  /**
   * Hand `onEvent` only the first bytes of an event (type, caseId, seq): enough for commit-based
   * latency, and far cheaper when one process receives a hundred thousand events a second.
   */
  headBytes?: number
}

const EVENT_SEQ = /^\{"type":"event","caseId":"[^"]+","seq":(\d+)/

/**
 * Many live clients in this process. Each checks what the protocol promises: events in seq order,
 * no gap, no duplicate, also across reconnects (it resubscribes with its last seq).
 */
export class Fleet {
  sockets: LiveSocket[] = []
  errors = 0
  private closing = false

  constructor(private readonly opts: FleetOptions = {}) {}

  /** Opens every socket and waits for each one's caught-up. Returns the time it took in ms. */
  async connect(specs: SocketSpec[], timeoutMs = 300_000): Promise<number> {
    const started = performance.now()
    const queue = specs.map((spec) => this.add(spec))
    const concurrency = this.opts.concurrency ?? 200
    let next = 0
    const deadline = Date.now() + timeoutMs
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < queue.length && Date.now() < deadline) {
          const s = queue[next++]!
          await this.open(s).catch(() => {
            this.errors++
          })
        }
      }),
    )
    return performance.now() - started
  }

  private add(spec: SocketSpec): LiveSocket {
    const s: LiveSocket = {
      spec,
      ws: null,
      lastSeq: spec.afterSeq,
      caughtUp: false,
      gaps: 0,
      duplicates: 0,
      received: 0,
      reconnects: 0,
      reconnecting: false,
      lastError: '',
      closedCodes: [],
      caughtUpAt: 0,
    }
    this.sockets.push(s)
    return s
  }

  /** Opens (or reopens) one socket and resolves at its caught-up; rejects on failure. */
  open(s: LiveSocket): Promise<void> {
    return new Promise((resolve, reject) => {
      s.caughtUp = false
      const ws = new WebSocket(`${s.spec.url.replace(/^http/, 'ws')}/api/live`, {
        headers: { cookie: s.spec.cookie, origin: s.spec.origin ?? BENCH_ORIGIN },
        perMessageDeflate: false,
        // A browser gives up on a handshake that hangs (a SYN lost in a full accept queue) and retries.
        handshakeTimeout: 15_000,
        ...(s.spec.localAddress ? { localAddress: s.spec.localAddress } : {}),
      })
      s.ws = ws
      let settled = false
      // No caught-up within 60 s of asking: give this connection up, as a client would.
      const giveUp = setTimeout(() => {
        s.lastError = 'no caught-up within 60 s'
        ws.terminate()
      }, 60_000)
      const settle = (err?: Error) => {
        if (settled) return
        settled = true
        clearTimeout(giveUp)
        if (err) {
          s.lastError = err.message
          reject(err)
        } else resolve()
      }
      ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', caseId: s.spec.caseId, afterSeq: s.lastSeq })))
      ws.on('message', (data: Buffer) => {
        const at = performance.now()
        const head = this.opts.headBytes ? data.toString('latin1', 0, this.opts.headBytes) : data.toString()
        const m = EVENT_SEQ.exec(head)
        if (m) {
          const seq = Number(m[1])
          s.received++
          if (seq <= s.lastSeq) s.duplicates++
          else {
            if (seq !== s.lastSeq + 1) s.gaps++
            s.lastSeq = seq
          }
          this.opts.onEvent?.(s, seq, head, at)
          return
        }
        const msg = JSON.parse(this.opts.headBytes ? data.toString() : head) as {
          type: string
          seq?: number
          code?: string
        }
        if (msg.type === 'caught-up') {
          s.caughtUp = true
          s.caughtUpAt = at
          settle()
        } else if (msg.type === 'error') {
          // A failed subscribe: close and come back, as the web app's live client does.
          settle(new Error(`live error ${msg.code}`))
          ws.close()
        }
      })
      ws.on('error', (err) => {
        settle(err)
      })
      ws.on('close', (code) => {
        s.closedCodes.push(code)
        s.caughtUp = false
        settle(new Error(`closed ${code}`))
        if (this.opts.reconnect && !this.closing && !s.reconnecting) void this.reopen(s)
      })
    })
  }

  /** Reconnects with jittered backoff until it is caught up again. */
  private async reopen(s: LiveSocket) {
    s.reconnecting = true
    let delay = 100
    try {
      for (let attempt = 0; !this.closing && attempt < 200; attempt++) {
        await sleep(delay * (0.5 + Math.random()))
        if (this.closing) return
        s.reconnects++
        try {
          await this.open(s)
          return
        } catch {
          // this loop retries; the failed attempt's close handler sees `reconnecting` and stays out
          delay = Math.min(delay * 2, 2000)
        }
      }
    } finally {
      s.reconnecting = false
    }
  }

  /** Why the sockets that are not caught up are not: their last error, counted. */
  stragglers() {
    const out: Record<string, number> = {}
    for (const s of this.sockets.filter((x) => !x.caughtUp)) {
      const k = `${s.lastError || 'no error'} (readyState ${s.ws?.readyState ?? '-'})`
      out[k] = (out[k] ?? 0) + 1
    }
    return out
  }

  caughtUpCount() {
    return this.sockets.filter((s) => s.caughtUp).length
  }

  async close() {
    this.closing = true
    for (const s of this.sockets) s.ws?.terminate()
    await sleep(50)
  }
}
