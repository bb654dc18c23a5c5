import { LRUCache } from 'lru-cache'

/**
 * Whether the database answers, asked at most once per `maxAgeMs`: load balancers and monitors
 * may call the health route many times a second, and each call pinging the database made the
 * route cost several times a plain response (P1). Callers arriving while a ping is under way share
 * it (lru-cache's `fetch`); a failed ping is not remembered, so recovery shows on the next call.
 */
export class Reachability {
  private readonly answers: LRUCache<'db', true>

  constructor(ping: () => Promise<void>, maxAgeMs = 1000, now: () => number = () => performance.now()) {
    this.answers = new LRUCache<'db', true>({
      max: 1,
      ttl: maxAgeMs,
      // Read the clock on every call: the default caches it for a millisecond.
      ttlResolution: 0,
      perf: { now },
      fetchMethod: async (): Promise<true> => {
        await ping()
        return true
      },
    })
  }

  async reachable(): Promise<boolean> {
    try {
      return (await this.answers.fetch('db')) === true
    } catch {
      return false
    }
  }
}
