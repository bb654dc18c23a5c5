import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import { Fleet, liveSetup, socketSpecs, startInstance, Writer, writeTargets } from '../lib/delivery.ts'
import { sleep, startServer } from '../lib/proc.ts'
import type { Scenario } from '../lib/report.ts'
import type { Shape } from '../lib/seed.ts'
import { histogram, msAt, round } from '../lib/stats.ts'
import { MeterSwitch, measurePhase } from './p5-delivery.ts'

const RATES = [1, 2, 4, 8, 16, 32, 64, 128]
const HEAD_AT = /^\{"type":"event","at":([\d.]+)/

/**
 * The reference in the same run: a bare `ws` server broadcasting a message of the same size to the
 * same number of sockets in this process, at the same rising rates. Its knee is what this machine
 * and `ws` allow before anything of ours.
 */
async function bareBroadcastKnee(watchers: number, seconds: number, bytes: number, log: (m: string) => void) {
  const ref = await startServer({
    name: 'p6-bare-ws',
    entry: 'bench/servers/ws-broadcast.mjs',
    tsx: false,
    readyPath: '/ready',
    env: { BENCH_BYTES: String(bytes) },
  })
  const sockets: WebSocket[] = []
  let latencies = histogram()
  let deliveries = 0
  try {
    for (let i = 0; i < watchers; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, watchers - i) }, () => {
          const ws = new WebSocket(ref.url.replace('http', 'ws'), { perMessageDeflate: false })
          sockets.push(ws)
          ws.on('message', (data: Buffer) => {
            const at = Number(HEAD_AT.exec(data.toString('latin1', 0, 60))?.[1])
            latencies.recordValue(Math.max(1, Math.round((performance.timeOrigin + performance.now() - at) * 1000)))
            deliveries++
          })
          return new Promise((resolve, reject) => {
            ws.once('open', resolve)
            ws.once('error', reject)
          })
        }),
      )
    }
    const steps: { rate: number; deliveriesPerSecond: number; p50: number; p99: number }[] = []
    for (const rate of RATES) {
      latencies = histogram()
      deliveries = 0
      const start = performance.now()
      for (let n = 0; n < rate * seconds; n++) {
        const due = start + (n * 1000) / rate
        const wait = due - performance.now()
        if (wait > 0) await sleep(wait)
        await (await fetch(`${ref.url}/emit`)).arrayBuffer()
      }
      await sleep(1000)
      const elapsed = (performance.now() - start - 1000) / 1000
      const step = {
        rate,
        deliveriesPerSecond: Math.round(deliveries / Math.max(elapsed, seconds)),
        p50: msAt(latencies, 50),
        p99: msAt(latencies, 99),
      }
      steps.push(step)
      log(`  bare ws: ${JSON.stringify(step)}`)
      if (
        step.p99 > 1000 ||
        (steps.length > 1 && step.deliveriesPerSecond < 1.1 * steps[steps.length - 2]!.deliveriesPerSecond)
      )
        break
    }
    const under = steps.filter((x) => x.p99 <= 100)
    return { steps, knee: under.length ? under[under.length - 1]! : null }
  } finally {
    for (const ws of sockets) ws.terminate()
    await ref.stop()
  }
}

const SHAPE: Shape = { organisations: 20, users: 20, cases: 1, membersPerCase: 10, itemsPerCase: 16 }

/**
 * P6 fan-out: one case watched by many sockets; the event rate rises step by step until the p99
 * from commit to receipt passes 100 ms. The knee is the last step under it, in deliveries per
 * second. The receiving sockets share one core with the writer; the load generator's own event
 * loop delay says whether it, rather than the server, was the limit.
 */
export const p6: Scenario = {
  id: 'P6',
  name: 'fan-out knee (one case, many watchers)',
  async run(ctx) {
    const watchers = Number(process.env.BENCH_P6_WATCHERS ?? (ctx.quick ? 1000 : 5000))
    const seconds = ctx.quick ? 3 : 6
    const rates = RATES
    const setup = await liveSetup(SHAPE)
    const meters = new MeterSwitch()
    const fleet = new Fleet({ concurrency: 100, onEvent: meters.onEvent, headBytes: 120 })
    const own = monitorEventLoopDelay({ resolution: 10 })
    try {
      const server = await startInstance(setup, 'p6')
      const writer = new Writer(() => server.url, await writeTargets(setup, [1]))
      await fleet.connect(await socketSpecs(setup, watchers, () => server.url))
      const connected = fleet.caughtUpCount()
      ctx.log(`P6: ${connected}/${watchers} sockets on one case`)
      const steps = []
      let knee: { rate: number; deliveriesPerSecond: number; p99: number } | null = null
      let limit = 'not reached'
      for (const rate of rates) {
        await server.probe()
        own.reset()
        own.enable()
        const p = await measurePhase({
          setup,
          fleet,
          writer,
          meters,
          rate,
          seconds,
          caseIds: [...writer.byCase.keys()],
          warmupMs: 1000,
        })
        own.disable()
        const probe = await server.probe()
        const dps = p.meter.deliveries / seconds
        const step = {
          rate,
          achieved: p.achieved,
          deliveriesPerSecond: Math.round(dps),
          p50: p.all.commitP50,
          p99: p.all.commitP99,
          serverEventLoopP99: probe?.eventLoopDelayMs.p99,
          loadEventLoopP99: round(own.percentile(99) / 1e6),
          convergence: p.convergence,
          skipped: p.skipped,
        }
        steps.push(step)
        ctx.log(`  ${JSON.stringify(step)}`)
        if (p.all.commitP99 <= 100) knee = { rate, deliveriesPerSecond: Math.round(dps), p99: p.all.commitP99 }
        const previous = steps[steps.length - 2]
        // Past the knee, keep going only while deliveries still grow: that finds the ceiling.
        if (previous && dps < 1.1 * previous.deliveriesPerSecond) {
          limit = 'deliveries/s stopped growing (the ceiling)'
          break
        }
        if (p.achieved * seconds < rate * seconds * 0.9 - 2) {
          limit = `the server answered only ${p.achieved} of ${rate} writes/s to one case`
          break
        }
        if (p.all.commitP99 > 1000) {
          limit = 'p99 over 1 s'
          break
        }
      }
      const ceiling = Math.max(...steps.map((x) => x.deliveriesPerSecond))
      await fleet.close()
      await server.stop()
      const bare = await bareBroadcastKnee(connected, seconds, 600, ctx.log)
      const bareKnee = bare.knee?.deliveriesPerSecond ?? null
      const last = steps[steps.length - 1]
      const clientBound = last && last.loadEventLoopP99 > 50
      return {
        rows: [
          {
            id: 'P6',
            what: `fan-out knee, deliveries/s (${connected} watchers of one case)`,
            target: '≥ 60000/s',
            measured: knee ? `${knee.deliveriesPerSecond}/s` : 'none',
            pass: knee ? knee.deliveriesPerSecond >= 60_000 : false,
            note: `${knee ? `knee at ${knee.rate} events/s (p99 ${knee.p99} ms)` : `no step kept p99 ≤ 100 ms; at ${steps[0]?.rate} event/s p50 ${steps[0]?.p50} ms, p99 ${steps[0]?.p99} ms`}; ceiling ${ceiling} deliveries/s; stopped: ${limit}${clientBound ? '; the load generator was saturated too (its event-loop p99 > 50 ms)' : ''}${connected < 5000 ? `; ${connected} watchers instead of 5,000` : ''}`,
          },
          {
            id: 'P6',
            what:
              knee && bareKnee
                ? 'fan-out knee / bare `ws` broadcast knee (same sockets, same run)'
                : 'fan-out ceiling / bare `ws` broadcast ceiling (same sockets, same run)',
            target: 'report',
            measured:
              knee && bareKnee
                ? `${round(knee.deliveriesPerSecond / bareKnee)}×`
                : `${round(ceiling / Math.max(1, ...bare.steps.map((x) => x.deliveriesPerSecond)))}×`,
            pass: null,
            note: bare.knee
              ? `bare ws server, 600-byte message to ${connected} sockets: knee ${bareKnee}/s at ${bare.knee.rate} events/s (p50 ${bare.knee.p50} ms, p99 ${bare.knee.p99} ms)`
              : `the bare ws server kept p99 ≤ 100 ms at no rate either (at ${bare.steps[0]?.rate} event/s p50 ${bare.steps[0]?.p50} ms, p99 ${bare.steps[0]?.p99} ms); its ceiling ${Math.max(...bare.steps.map((x) => x.deliveriesPerSecond))} deliveries/s`,
          },
        ],
        data: { watchers, connected, steps, knee, ceiling, limit, bare },
      }
    } finally {
      await fleet.close()
      await setup.db.drop()
    }
  },
}
