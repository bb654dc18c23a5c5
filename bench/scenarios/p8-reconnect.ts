import {
  convergence,
  Fleet,
  liveSetup,
  socketSpecs,
  startInstance,
  Writer,
  waitConverged,
  writeTargets,
} from '../lib/delivery.ts'
import { sleep, startServer } from '../lib/proc.ts'
import type { Scenario } from '../lib/report.ts'
import { serverEnv } from '../lib/seed.ts'
import { LIVE_SHAPE } from './p5-delivery.ts'

const PUBLIC_URL = 'http://127.0.0.1:8080'

/**
 * P8 reconnect storm: under a steady write load, kill -9 the server and start it again on the same
 * port. Every client reconnects with backoff and resubscribes with its last seq. Measured: the time
 * from the new server answering until every client is subscribed and caught up again; then, once
 * the writes stop, that no client misses or doubles an event.
 */
export const p8: Scenario = {
  id: 'P8',
  name: 'reconnect storm after kill -9',
  async run(ctx) {
    const clients = Number(process.env.BENCH_P8_CLIENTS ?? (ctx.quick ? 2000 : 10_000))
    const rate = Number(process.env.BENCH_P8_RATE ?? 20)
    const setup = await liveSetup(LIVE_SHAPE)
    const fleet = new Fleet({ concurrency: 100, reconnect: true })
    try {
      let server = await startInstance(setup, 'p8')
      const port = server.port
      const caseNumbers = Array.from({ length: LIVE_SHAPE.cases }, (_, i) => i + 1)
      const writer = new Writer(() => server.url, await writeTargets(setup, caseNumbers))
      await fleet.connect(await socketSpecs(setup, clients, () => server.url))
      const connected = fleet.caughtUpCount()
      ctx.log(`P8: ${connected}/${clients} sockets; writing at ${rate}/s`)
      const caseIds = [...writer.byCase.keys()]
      const pick = () => caseIds[Math.floor(Math.random() * caseIds.length)]!
      let writing = true
      const writes = (async () => {
        while (writing) await writer.run(rate, 1000, pick)
      })()
      await sleep(5000)
      const killedAt = performance.now()
      await server.kill9()
      ctx.log('  killed the server (kill -9); starting it again')
      // The clock starts when the new process is started: under the reconnect storm its health
      // check may answer later than the first clients get back in.
      const upAt = performance.now()
      server = await startServer({
        name: 'p8-restarted',
        entry: 'server/src/main.ts',
        port,
        env: serverEnv(setup.db.url, PUBLIC_URL),
        timeoutMs: 120_000,
      })
      const healthyAt = performance.now()
      let allBackAt = 0
      const deadline = upAt + 120_000
      while (performance.now() < deadline) {
        const back = fleet.sockets.filter((s) => s.caughtUp && s.caughtUpAt > killedAt).length
        if (back === fleet.sockets.length) {
          allBackAt = Math.max(...fleet.sockets.map((s) => s.caughtUpAt))
          break
        }
        await sleep(100)
      }
      const backCount = fleet.sockets.filter((s) => s.caughtUp && s.caughtUpAt > killedAt).length
      ctx.log(
        `  ${backCount}/${fleet.sockets.length} clients back and caught up; not yet: ${JSON.stringify(fleet.stragglers())}`,
      )
      await sleep(3000)
      writing = false
      await writes
      await writer.drain(120_000)
      const conv = await waitConverged(setup, fleet, 30_000)
      const after = await convergence(setup, fleet)
      const seconds = allBackAt ? (allBackAt - upAt) / 1000 : Number.NaN
      const reconnects = fleet.sockets.reduce((n, s) => n + s.reconnects, 0)
      const healthySeconds = (healthyAt - upAt) / 1000
      const backTimes = fleet.sockets
        .filter((x) => x.caughtUp && x.caughtUpAt > killedAt)
        .map((x) => (x.caughtUpAt - upAt) / 1000)
        .sort((x, y) => x - y)
      const at = (q: number) => backTimes[Math.min(backTimes.length - 1, Math.floor(q * backTimes.length))]?.toFixed(1)
      const spread = `50% back after ${at(0.5)} s, 90% after ${at(0.9)} s, 99% after ${at(0.99)} s`
      ctx.log(`  ${JSON.stringify({ seconds, healthySeconds, conv, statuses: Object.fromEntries(writer.status) })}`)
      return {
        rows: [
          {
            id: 'P8',
            what: `all clients resubscribed and caught up after restart (${connected} clients)`,
            target: '≤ 30 s',
            measured: allBackAt ? `${seconds.toFixed(1)} s` : `not all (${backCount}/${fleet.sockets.length})`,
            pass: allBackAt > 0 && seconds <= 30,
            note: `${spread}; clients retry with jittered backoff from 0.1 to 2 s and give up a handshake after 15 s; measured from starting the new process (${((upAt - killedAt) / 1000).toFixed(1)} s after the kill; its health check answered after ${healthySeconds.toFixed(1)} s); ${reconnects} reconnect attempts; after the writes stopped: behind ${conv.behind}, gaps ${after.gaps}, duplicates ${after.duplicates}; writes ${JSON.stringify(Object.fromEntries(writer.status))}${connected < 10_000 ? `; ${connected} clients instead of 10,000` : ''}`,
          },
          {
            id: 'P8',
            what: 'events missing or doubled across the restart',
            target: '0',
            measured: `${conv.behind + after.gaps + after.duplicates}`,
            pass: conv.behind + after.gaps + after.duplicates === 0,
          },
        ],
        data: {
          clients,
          connected,
          rate,
          secondsUntilAllBack: seconds,
          healthySeconds,
          spread,
          reconnects,
          convergence: conv,
          after,
          statuses: Object.fromEntries(writer.status),
          stragglers: fleet.stragglers(),
        },
      }
    } finally {
      await fleet.close()
      await setup.db.drop()
    }
  },
}
