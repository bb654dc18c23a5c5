import type { ServerMessage } from '@vp/shared'
import WebSocket from 'ws'

export interface LiveTestClient {
  socket: WebSocket
  messages: ServerMessage[]
  send(msg: unknown): void
  /** Resolves with the first message (not yet taken) that matches, or rejects after `ms`. */
  next(pred: (m: ServerMessage) => boolean, ms?: number): Promise<ServerMessage>
  /** Resolves when `count` messages matching `pred` have arrived in total. */
  collect(pred: (m: ServerMessage) => boolean, count: number, ms?: number): Promise<ServerMessage[]>
  closed: Promise<{ code: number; reason: string }>
  close(): void
}

/**
 * Opens a real WebSocket to a listening server, with the session cookie and an Origin (the server
 * refuses a socket without one; pass `origin: undefined` only to test that).
 */
export function connectLive(baseUrl: string, cookie: string | null, origin?: string): Promise<LiveTestClient> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/live`, {
    headers: { ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) },
  })
  const messages: ServerMessage[] = []
  const taken = new Set<ServerMessage>()
  const wake: (() => void)[] = []
  socket.on('message', (data) => {
    messages.push(JSON.parse(data.toString()))
    for (const w of wake.splice(0)) w()
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() })
      for (const w of wake.splice(0)) w()
    })
  })
  const waitUntil = async <T>(check: () => T | undefined, ms: number, what: string): Promise<T> => {
    const end = Date.now() + ms
    for (;;) {
      const found = check()
      if (found !== undefined) return found
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(messages.slice(-5))}`)
      await new Promise<void>((r) => {
        wake.push(r)
        setTimeout(r, 25)
      })
    }
  }
  const client: LiveTestClient = {
    socket,
    messages,
    closed,
    send: (msg) => socket.send(typeof msg === 'string' ? msg : JSON.stringify(msg)),
    next: (pred, ms = 3000) =>
      waitUntil(
        () => {
          const m = messages.find((x) => !taken.has(x) && pred(x))
          if (m) taken.add(m)
          return m
        },
        ms,
        'a message',
      ),
    collect: (pred, count, ms = 5000) =>
      waitUntil(
        () => {
          const all = messages.filter(pred)
          return all.length >= count ? all : undefined
        },
        ms,
        `${count} messages`,
      ),
    close: () => socket.close(),
  }
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client))
    // A refused upgrade answers with the one error shape; keep the body for the test to check.
    socket.once('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      res.on('end', () =>
        reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode, body })),
      )
    })
    socket.once('error', reject)
  })
}

export const isEvent = (caseId: string) => (m: ServerMessage) => m.type === 'event' && m.caseId === caseId

/**
 * Opens a socket as `connectLive` does and waits for the answer to a ping: the hub holds the socket
 * by then, so nothing written for this person afterwards can pass it by.
 */
export async function connectLiveReady(baseUrl: string, cookie: string | null, origin?: string) {
  const client = await connectLive(baseUrl, cookie, origin)
  client.send({ type: 'ping' })
  await client.next((m) => m.type === 'pong')
  return client
}
