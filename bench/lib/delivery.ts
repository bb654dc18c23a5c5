import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { Fleet, type LiveSocket, type SocketSpec } from './live.ts'
import { type BenchDatabase, createBenchDatabase } from './pg.ts'
import { type Server, startServer } from './proc.ts'
import { Cookies, itemOf, memberOf, migrate, type Shape, seed, seqAfterSeed, serverEnv, uid } from './seed.ts'
import { type Histogram, histogram, msAt } from './stats.ts'
import { type SentWrite, type Target, Writer, writeIdOf } from './writer.ts'

export const PUBLIC_URL = 'http://127.0.0.1:8080'

/** A seeded PostgreSQL database, its cookies, and helpers to build sockets and write targets. */
export interface LiveSetup {
  db: BenchDatabase
  shape: Shape
  cookies: Cookies
  seedMs: number
}

export async function liveSetup(shape: Shape): Promise<LiveSetup> {
  const db = await createBenchDatabase()
  await migrate(db.url)
  const seedMs = await seed(db.pool, shape)
  return { db, shape, cookies: new Cookies(PUBLIC_URL), seedMs }
}

export async function startInstance(setup: LiveSetup, name: string): Promise<Server> {
  return startServer({ name, entry: 'server/src/main.ts', env: serverEnv(setup.db.url, PUBLIC_URL) })
}

/** Socket j watches case (j mod cases) as one of its members, from 127.0.0.(2 + j mod 250). */
export async function socketSpecs(
  setup: LiveSetup,
  count: number,
  url: (j: number) => string,
  caseOf: (j: number) => number = (j) => (j % setup.shape.cases) + 1,
  group: (j: number) => string = () => 'a',
): Promise<SocketSpec[]> {
  const specs: SocketSpec[] = []
  for (let j = 0; j < count; j++) {
    const c = caseOf(j)
    const k = Math.floor(j / setup.shape.cases) % setup.shape.membersPerCase
    specs.push({
      url: url(j),
      cookie: await setup.cookies.of(memberOf(setup.shape, c, k)),
      caseId: uid(3, c),
      afterSeq: seqAfterSeed(setup.shape),
      localAddress: `127.0.0.${2 + (j % 250)}`,
      group: group(j),
    })
  }
  return specs
}

/** Every item of the given cases, written as the case's projectleider. */
export async function writeTargets(setup: LiveSetup, caseNumbers: number[]): Promise<Target[]> {
  const out: Target[] = []
  for (const c of caseNumbers) {
    const cookie = await setup.cookies.of(memberOf(setup.shape, c, 0))
    for (let i = 0; i < setup.shape.itemsPerCase; i++)
      out.push({ caseId: uid(3, c), itemId: uid(5, itemOf(setup.shape, c, i)), cookie, version: 1, busy: false })
  }
  return out
}

/**
 * Latency from a write to each live client's receipt of its event, per socket group, measured
 * three ways: from the moment the PATCH left ("sent", an upper bound), from the moment this process
 * heard the commit's NOTIFY on its own LISTEN connection ("commit", the estimate used for the
 * targets), and from the moment the PATCH's 200 arrived ("acked", a lower bound: the event may
 * even arrive first, then it counts as 0).
 */
export class DeliveryMeter {
  readonly sent = new Map<string, Histogram>()
  readonly commit = new Map<string, Histogram>()
  readonly acked = new Map<string, Histogram>()
  private readonly pending: { group: string; id: number | null; key: string; at: number }[] = []
  /** `<caseId>:<seq>` → when this process heard the NOTIFY of that commit. */
  readonly committedAt = new Map<string, number>()
  private listener: pg.Client | null = null
  deliveries = 0
  beforeAck = 0
  beforeNotify = 0
  unknown = 0
  /** Only receipts while `recording` count (warm-up and drain excluded). */
  recording = false

  constructor(
    private readonly writer: () => Writer,
    /** Group a delivery by its socket and its write (default: the socket's group). */
    private readonly classify?: (socketGroup: string, write: SentWrite) => string,
  ) {}

  /** LISTENs on the events channel of the benchmark database (a connection of our own). */
  async listen(url: string) {
    const c = new pg.Client({ connectionString: url })
    c.on('error', () => {})
    c.on('notification', (n) => {
      if (n.channel === 'case_events' && n.payload) this.committedAt.set(n.payload, performance.now())
    })
    await c.connect()
    await c.query('listen case_events')
    this.listener = c
  }

  async close() {
    await this.listener?.end().catch(() => {})
  }

  onEvent = (s: LiveSocket, seq: number, raw: string, at: number) => {
    if (!this.recording) return
    this.deliveries++
    const id = writeIdOf(raw)
    this.pending.push({ group: s.spec.group ?? 'a', id, key: `${s.spec.caseId}:${seq}`, at })
  }

  private hist(m: Map<string, Histogram>, group: string) {
    let h = m.get(group)
    if (!h) {
      h = histogram()
      m.set(group, h)
    }
    return h
  }

  /** Fills the commit- and ack-based histograms once every answer and NOTIFY is in. */
  settle() {
    for (const p of this.pending.splice(0)) {
      // Without the write id (only the head of the event was read) there is no sent/acked time.
      const w = p.id === null ? undefined : this.writer().writes.get(p.id)
      const group = w && this.classify ? this.classify(p.group, w) : p.group
      const c = this.committedAt.get(p.key)
      if (c === undefined || p.at < c) this.beforeNotify++
      this.hist(this.commit, group).recordValue(Math.max(1, Math.round((p.at - (c ?? p.at)) * 1000)))
      if (!w) {
        this.unknown++
        continue
      }
      p.group = group
      this.hist(this.sent, p.group).recordValue(Math.max(1, Math.round((p.at - w.sentAt) * 1000)))
      if (!w.ackAt || p.at < w.ackAt) this.beforeAck++
      this.hist(this.acked, p.group).recordValue(Math.max(1, Math.round((p.at - (w.ackAt || p.at)) * 1000)))
    }
  }

  summary(group?: string) {
    const pick = (m: Map<string, Histogram>) => {
      if (group) return m.get(group) ?? histogram()
      const all = histogram()
      for (const h of m.values()) all.add(h)
      return all
    }
    const sent = pick(this.sent)
    const commit = pick(this.commit)
    const acked = pick(this.acked)
    return {
      count: commit.totalCount,
      commitP50: msAt(commit, 50),
      commitP99: msAt(commit, 99),
      commitMax: msAt(commit, 100),
      sentP50: msAt(sent, 50),
      sentP99: msAt(sent, 99),
      ackedP50: msAt(acked, 50),
      ackedP99: msAt(acked, 99),
    }
  }
}

/**
 * After the writes: every socket must have every event of its case exactly once, in order, and end
 * at the case's last seq in the database. Counts what is missing, doubled or out of order.
 */
export async function convergence(setup: LiveSetup, fleet: Fleet) {
  const { rows } = await setup.db.pool.query<{ id: string; last_seq: number }>('select id, last_seq from cases')
  const last = new Map(rows.map((r) => [r.id, r.last_seq]))
  let behind = 0
  let gaps = 0
  let duplicates = 0
  let notConnected = 0
  for (const s of fleet.sockets) {
    gaps += s.gaps
    duplicates += s.duplicates
    if (!s.caughtUp) notConnected++
    if (s.lastSeq !== last.get(s.spec.caseId)) behind++
  }
  return { sockets: fleet.sockets.length, notConnected, behind, gaps, duplicates }
}

/** Waits until every socket has reached its case's last seq, or `ms` passed. */
export async function waitConverged(setup: LiveSetup, fleet: Fleet, ms: number) {
  const end = performance.now() + ms
  for (;;) {
    const c = await convergence(setup, fleet)
    if (c.behind === 0 || performance.now() > end) return c
    await new Promise((r) => setTimeout(r, 250))
  }
}

export { Fleet, Writer }
