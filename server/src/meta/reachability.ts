/**
 * Whether the database answers, asked at most once per `maxAgeMs`: load balancers and monitors
 * may call the health route many times a second, and each call pinging the database made the
 * route cost several times a plain response (P1). Callers arriving while a ping is under way share
 * it; a failed ping is not remembered, so recovery shows on the next call.
 */
export class Reachability {
  private checkedAt = Number.NEGATIVE_INFINITY
  private inFlight: Promise<boolean> | null = null

  constructor(
    private readonly ping: () => Promise<void>,
    private readonly maxAgeMs = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  reachable(): Promise<boolean> {
    if (this.now() - this.checkedAt < this.maxAgeMs) return Promise.resolve(true)
    this.inFlight ??= this.ping().then(
      () => {
        this.checkedAt = this.now()
        this.inFlight = null
        return true
      },
      () => {
        this.checkedAt = Number.NEGATIVE_INFINITY
        this.inFlight = null
        return false
      },
    )
    return this.inFlight
  }
}
