import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'
import { sleep } from './proc.ts'

export interface Target {
  caseId: string
  itemId: string
  cookie: string
  version: number
  busy: boolean
}

export interface SentWrite {
  id: number
  caseId: string
  /** The base URL (instance) the write went to. */
  via: string
  sentAt: number
  ackAt: number
  status: number
}

export interface HttpResult {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 })

/** One HTTP request over a keep-alive agent; rejects on connection errors and after `timeoutMs`. */
export function http(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
  timeoutMs = 10_000,
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      )
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    if (body !== undefined) req.end(body)
    else req.end()
  })
}

/**
 * Versioned PATCHes of items at a steady rate, one in flight per item, If-Match from the last
 * answer. Each write's title carries its id, so a live client can tell which write it received.
 */
export class Writer {
  readonly byCase = new Map<string, Target[]>()
  readonly writes = new Map<number, SentWrite>()
  readonly status = new Map<string, number>()
  skipped = 0
  private nextId = 1

  constructor(
    private readonly baseUrl: () => string,
    targets: Target[],
  ) {
    for (const t of targets) this.byCase.set(t.caseId, [...(this.byCase.get(t.caseId) ?? []), t])
  }

  /** Forgets the counts so far (after a warm-up); the writes stay known for late events. */
  resetCounts() {
    this.status.clear()
    this.skipped = 0
  }

  private count(key: string) {
    this.status.set(key, (this.status.get(key) ?? 0) + 1)
  }

  /** One write to a free item of the case; false when every item of the case is busy. */
  write(caseId: string): boolean {
    const target = this.byCase.get(caseId)?.find((t) => !t.busy)
    if (!target) {
      this.skipped++
      return false
    }
    target.busy = true
    const id = this.nextId++
    const via = this.baseUrl()
    const w: SentWrite = { id, caseId, via, sentAt: performance.now(), ackAt: 0, status: 0 }
    this.writes.set(id, w)
    const body = JSON.stringify({ title: `w${id}` })
    http(
      `${via}/api/cases/${caseId}/items/${target.itemId}`,
      'PATCH',
      {
        cookie: target.cookie,
        'content-type': 'application/json',
        'x-requested-with': 'veiligheidsplanner',
        'if-match': `"${target.version}"`,
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
      // A write may wait long behind a backlog; giving up early would only turn it into a 412 later.
      120_000,
    )
      .then((res) => {
        w.status = res.status
        w.ackAt = performance.now()
        this.count(String(res.status))
        if (res.status === 200) target.version = Number(JSON.parse(String(res.headers.etag)))
        else if (res.status === 412)
          target.version = (JSON.parse(res.body) as { current: { version: number } }).current.version
      })
      .catch((err: Error & { code?: string }) => {
        this.count(err.code ?? err.message)
      })
      .finally(() => {
        target.busy = false
      })
    return true
  }

  /** Writes at `perSecond` for `ms`, spread over cases by `pick`; open loop, bounded in time; does not wait for answers. */
  async run(perSecond: number, ms: number, pick: (n: number) => string) {
    const start = performance.now()
    let issued = 0
    while (performance.now() - start < ms) {
      const due = Math.floor(((performance.now() - start) / 1000) * perSecond)
      while (issued < due) this.write(pick(issued++))
      await sleep(5)
    }
  }

  /** Waits (at most `ms`) until no write is in flight; returns how many still are. */
  async drain(ms: number) {
    const busy = () => [...this.byCase.values()].reduce((n, ts) => n + ts.filter((t) => t.busy).length, 0)
    const deadline = performance.now() + ms
    while (busy() > 0 && performance.now() < deadline) await sleep(20)
    return busy()
  }
}

/** The id of the write an event is about, from the title in its payload. */
export function writeIdOf(raw: string): number | null {
  const m = /"title":"w(\d+)"/.exec(raw)
  return m ? Number(m[1]) : null
}
