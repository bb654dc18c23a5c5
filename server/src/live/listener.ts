import pg from 'pg'
import type { Database } from '../db/client.ts'

export interface Listener {
  /** Calls `onMessage(channel, payload)` for every NOTIFY on the channels. */
  start(): Promise<void>
  close(): Promise<void>
}

export interface ListenerOptions {
  channels: string[]
  onMessage: (channel: string, payload: string) => void
  /** Called after a lost connection is back: NOTIFYs sent meanwhile are gone, so catch up by seq. */
  onReconnect: () => void
  onError?: (err: unknown) => void
  /** For tests: where the dedicated connection goes (defaults to the database's URL). */
  connectionString?: string
}

/**
 * LISTEN on PostgreSQL through one dedicated connection per instance, re-established with backoff
 * when it drops; or PGlite's own listen in embedded mode (one process, nothing to lose).
 */
export function createListener(database: Database, opts: ListenerOptions): Listener {
  if (database.pglite) {
    const pglite = database.pglite
    const unlisten: (() => Promise<void>)[] = []
    return {
      async start() {
        for (const ch of opts.channels) unlisten.push(await pglite.listen(ch, (payload) => opts.onMessage(ch, payload)))
      },
      async close() {
        for (const u of unlisten) await u().catch(() => {})
      },
    }
  }
  const connectionString =
    opts.connectionString ?? (database.pool!.options as { connectionString: string }).connectionString
  let client: pg.Client | null = null
  let closed = false
  let attempt = 0
  let timer: NodeJS.Timeout | null = null

  const connect = async (isReconnect: boolean): Promise<void> => {
    const c = new pg.Client({ connectionString, keepAlive: true })
    c.on('notification', (n) => opts.onMessage(n.channel, n.payload ?? ''))
    c.on('error', (err) => {
      opts.onError?.(err)
      drop(c)
    })
    c.on('end', () => drop(c))
    await c.connect()
    for (const ch of opts.channels) await c.query(`listen ${pg.escapeIdentifier(ch)}`)
    if (closed) {
      await c.end().catch(() => {})
      return
    }
    client = c
    attempt = 0
    if (isReconnect) opts.onReconnect()
  }

  const drop = (c: pg.Client) => {
    if (client !== c) return
    client = null
    c.end().catch(() => {})
    schedule()
  }

  const schedule = () => {
    if (closed || timer) return
    const delay = Math.min(5_000, 100 * 2 ** attempt++) * (0.5 + Math.random() / 2)
    timer = setTimeout(() => {
      timer = null
      connect(true).catch((err) => {
        opts.onError?.(err)
        schedule()
      })
    }, delay)
  }

  return {
    start: () => connect(false),
    async close() {
      closed = true
      if (timer) clearTimeout(timer)
      const c = client
      client = null
      await c?.end().catch(() => {})
    },
  }
}
