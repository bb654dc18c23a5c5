// Preloaded into a server process by the benchmarks (`node --import ./bench/lib/probe.mjs`), never in
// production. On SIGUSR2 it writes event-loop delay and memory to BENCH_PROBE_FILE and starts a new
// measuring window, so a benchmark can ask "how was the last window" without touching server code.
import { writeFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'

const file = process.env.BENCH_PROBE_FILE
if (file) {
  const h = monitorEventLoopDelay({ resolution: 10 })
  h.enable()
  process.on('SIGUSR2', () => {
    const mem = process.memoryUsage()
    const ms = (ns) => Math.round(ns / 1e4) / 100
    const out = {
      at: Date.now(),
      eventLoopDelayMs: { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) },
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      external: mem.external,
      arrayBuffers: mem.arrayBuffers,
    }
    writeFileSync(file, JSON.stringify(out))
    h.reset()
  })
}
