import autocannon from 'autocannon'
import * as hdr from 'hdr-histogram-js'

export const median = (xs: number[]) => {
  if (xs.length === 0) return Number.NaN
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** A latency histogram in microseconds, 1 µs to 120 s, 3 significant digits. */
export function histogram() {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 })
}
export type Histogram = ReturnType<typeof histogram>

export const msAt = (h: Histogram, p: number) => Math.round(h.getValueAtPercentile(p) / 10) / 100

export interface LoadResult {
  rps: number
  p50: number
  p99: number
  requests: number
  non2xx: number
  errors: number
  timeouts: number
  statusCodes: Record<string, number>
}

/**
 * One autocannon run (in this process, which sits on the load core). Latencies in ms. Counts
 * responses by status so a benchmark can report 5xx and conflicts rather than hide them.
 */
export async function load(opts: autocannon.Options): Promise<LoadResult> {
  const statusCodes: Record<string, number> = {}
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ ...opts }, (err, result) => (err ? reject(err) : resolve(result)))
    instance.on('response', (_client: unknown, statusCode: number) => {
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1
    })
  })
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
  }
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits
export const kb = (bytes: number) => round(bytes / 1024, 1)
