import { monitorEventLoopDelay } from 'node:perf_hooks'
import { Fleet, liveSetup, socketSpecs, startInstance, Writer, writeTargets } from '../lib/delivery.ts'
import type { Scenario } from '../lib/report.ts'
import type { Shape } from '../lib/seed.ts'
import { round } from '../lib/stats.ts'
import { MeterSwitch, measurePhase } from './p5-delivery.ts'

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
    const rates = [1, 2, 4, 8, 16, 32, 64, 128]
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
        ],
        data: { watchers, connected, steps, knee, ceiling, limit },
      }
    } finally {
      await fleet.close()
      await setup.db.drop()
    }
  },
}
