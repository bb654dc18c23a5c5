import { eq, inArray } from 'drizzle-orm'
import type { FastifyBaseLogger } from 'fastify'
import { readEventsAfter } from '../activity/service.ts'
import type { Db } from '../db/client.ts'
import { cases } from '../db/schema.ts'
import { loadEventFacts } from '../events/visibility.ts'
import type { Connection, Fetched, Subscription } from './connection.ts'

/** Events read from the log at once, in a replay and in a feed's catch-up. */
export const REPLAY_PAGE = 500

/** What the feeds need from the hub that owns the sockets. */
export interface FeedHost {
  readonly db: Db
  readonly log: FastifyBaseLogger
  /** Live events a subscription may hold while its replay runs. */
  readonly maxBufferedEvents: number
  /** Sends one event to one socket; false when that socket takes no more from this batch. */
  deliver(conn: Connection, sub: Subscription, fetched: Fetched, wire: Wire): boolean
}

interface CaseFeed {
  conns: Set<Connection>
  /** Every event up to here has been read and handed to the subscriptions. */
  fetchedSeq: number
  fetching: boolean
  again: boolean
}

/**
 * One feed per followed case: new events are read from the log once for all the sockets that
 * follow the case here, when NOTIFY wakes the feed or the sweep finds it behind.
 */
export class CaseFeeds {
  private readonly feeds = new Map<string, CaseFeed>()
  private sweeping = false

  constructor(private readonly host: FeedHost) {}

  get size() {
    return this.feeds.size
  }

  has(caseId: string) {
    return this.feeds.has(caseId)
  }

  followers(caseId: string): ReadonlySet<Connection> | undefined {
    return this.feeds.get(caseId)?.conns
  }

  /** Reads every followed case again (after missed NOTIFYs). */
  pumpAll() {
    for (const caseId of this.feeds.keys()) void this.pump(caseId)
  }

  /**
   * Adds the socket to the case's feed. `stillWanted` is asked once the feed is there: the socket
   * may have gone, or the request been superseded, while the last seq was read.
   */
  async join(conn: Connection, caseId: string, stillWanted: () => boolean) {
    let feed = this.feeds.get(caseId)
    if (!feed) {
      // Everything up to the committed last_seq is covered by the replay; the feed takes it from there.
      const [row] = await this.host.db.select({ lastSeq: cases.lastSeq }).from(cases).where(eq(cases.id, caseId))
      feed = this.feeds.get(caseId) ?? {
        conns: new Set(),
        fetchedSeq: row?.lastSeq ?? 0,
        fetching: false,
        again: false,
      }
      this.feeds.set(caseId, feed)
    }
    feed.conns.add(conn)
    if (!stillWanted()) this.leave(conn, caseId)
  }

  leave(conn: Connection, caseId: string) {
    const feed = this.feeds.get(caseId)
    if (!feed) return
    feed.conns.delete(conn)
    if (feed.conns.size === 0 && !feed.fetching) this.feeds.delete(caseId)
  }

  /** Reads new events of a case once for all its sockets; repeats while more notifications came in. */
  async pump(caseId: string) {
    const feed = this.feeds.get(caseId)
    if (!feed) return
    if (feed.fetching) {
      feed.again = true
      return
    }
    feed.fetching = true
    try {
      do {
        feed.again = false
        for (;;) {
          const rows = await this.fetch(caseId, feed.fetchedSeq)
          if (rows.length === 0) break
          feed.fetchedSeq = rows[rows.length - 1]!.row.e.seq
          // An event reads the same for every member the read rule lets in, and for every member it
          // keeps out: render it at most twice, not once per socket (P6).
          const wires = rows.map(() => new Wire())
          for (const conn of [...feed.conns]) {
            const sub = conn.subs.get(caseId)
            if (!sub) continue
            for (let i = 0; i < rows.length; i++) {
              const r = rows[i]!
              if (!sub.live) {
                if (sub.buffer.length < this.host.maxBufferedEvents) sub.buffer.push(r)
                else sub.overflowed = true
              } else if (!this.host.deliver(conn, sub, r, wires[i]!)) break
            }
          }
          if (rows.length < REPLAY_PAGE) break
        }
      } while (feed.again)
    } catch (err) {
      this.host.log.warn({ err, caseId }, 'live fetch failed; retrying')
      setTimeout(() => void this.pump(caseId), 500).unref()
    } finally {
      feed.fetching = false
      if (feed.conns.size === 0) this.feeds.delete(caseId)
    }
  }

  /**
   * A page of events after `afterSeq` with the current facts of the items they are about, read
   * together: the read rule decides on the audience as it is when the events are read.
   */
  async fetch(caseId: string, afterSeq: number): Promise<Fetched[]> {
    const rows = await readEventsAfter(this.host.db, caseId, afterSeq, REPLAY_PAGE)
    const factsOf = await loadEventFacts(
      this.host.db,
      caseId,
      rows.map((r) => r.e),
    )
    return rows.map((row) => ({ row, facts: factsOf(row.e) }))
  }

  /**
   * NOTIFY only wakes the hub; the log is the truth. A wake-up can be lost (a LISTEN connection
   * that dropped unnoticed, a notice queue under pressure), so every few seconds one statement
   * compares each followed case's last seq with what was fetched, and reads what is missing.
   */
  async sweep() {
    if (this.sweeping || this.feeds.size === 0) return
    this.sweeping = true
    try {
      const ids = [...this.feeds.keys()]
      for (let i = 0; i < ids.length; i += 1000) {
        const rows = await this.host.db
          .select({ id: cases.id, lastSeq: cases.lastSeq })
          .from(cases)
          .where(inArray(cases.id, ids.slice(i, i + 1000)))
        for (const r of rows) {
          const feed = this.feeds.get(r.id)
          if (feed && r.lastSeq > feed.fetchedSeq) {
            // Usually a NOTIFY still on its way; when it keeps happening, wake-ups are being lost.
            this.host.log.debug(
              { caseId: r.id, lastSeq: r.lastSeq, fetchedSeq: feed.fetchedSeq },
              'live sweep reads ahead',
            )
            void this.pump(r.id)
          }
        }
      }
    } catch (err) {
      this.host.log.warn({ err }, 'live sweep failed')
    } finally {
      this.sweeping = false
    }
  }
}

/** One event as sent: rendered once for members the read rule lets in and once for those it keeps out. */
export class Wire {
  private inside: string | undefined
  private outside: string | undefined

  text(visible: boolean, render: () => string): string {
    if (visible) {
      this.inside ??= render()
      return this.inside
    }
    this.outside ??= render()
    return this.outside
  }
}
