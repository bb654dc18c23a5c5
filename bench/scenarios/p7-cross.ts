import { Fleet, liveSetup, socketSpecs, startInstance, Writer, writeTargets } from '../lib/delivery.ts'
import type { Scenario } from '../lib/report.ts'
import { round } from '../lib/stats.ts'
import { LIVE_SHAPE, MeterSwitch, measurePhase } from './p5-delivery.ts'

/**
 * P7 cross-instance: P5 with the sockets split over two instances on one database, and the writes
 * split over them too. Each delivery is either "same" (the write went to the socket's instance) or
 * "cross" (it reached the socket's instance only through PostgreSQL LISTEN/NOTIFY); both happen in
 * the same phase under the same load, and the added p99 is cross minus same.
 */
export const p7: Scenario = {
  id: 'P7',
  name: 'cross-instance delivery (two instances, LISTEN/NOTIFY)',
  async run(ctx) {
    const clients = Number(process.env.BENCH_P7_CLIENTS ?? (ctx.quick ? 2000 : 10_000))
    const rate = Number(process.env.BENCH_P7_RATE ?? 20)
    const seconds = ctx.quick ? 10 : 30
    const setup = await liveSetup(LIVE_SHAPE)
    const meters = new MeterSwitch()
    const fleet = new Fleet({ concurrency: 100, onEvent: meters.onEvent })
    try {
      const a = await startInstance(setup, 'p7-a')
      const b = await startInstance(setup, 'p7-b')
      const caseNumbers = Array.from({ length: LIVE_SHAPE.cases }, (_, i) => i + 1)
      let turn = 0
      const writer = new Writer(() => (turn++ % 2 ? b.url : a.url), await writeTargets(setup, caseNumbers))
      const specs = await socketSpecs(
        setup,
        clients,
        (j) => (j % 2 ? b.url : a.url),
        undefined,
        (j) => (j % 2 ? 'b' : 'a'),
      )
      await fleet.connect(specs)
      const connected = fleet.caughtUpCount()
      ctx.log(`P7: ${connected}/${clients} sockets and the writes (${rate}/s) split over two instances`)
      const instanceOf = (url: string) => (url === a.url ? 'a' : 'b')
      const p = await measurePhase({
        setup,
        fleet,
        writer,
        meters,
        rate,
        seconds,
        caseIds: [...writer.byCase.keys()],
        classify: (socketGroup, w) => (instanceOf(w.via) === socketGroup ? 'same' : 'cross'),
      })
      const sa = p.meter.summary('same')
      const sb = p.meter.summary('cross')
      const added = round(sb.commitP99 - sa.commitP99)
      ctx.log(`  same ${JSON.stringify(sa)}\n  cross ${JSON.stringify(sb)}\n  ${JSON.stringify(p.convergence)}`)
      return {
        rows: [
          {
            id: 'P7',
            what: `added p99, sockets on the other instance (${connected} sockets, ${rate} writes/s)`,
            target: '≤ 10 ms',
            measured: `${added} ms`,
            pass: added <= 10,
            note: `commit → delivery p50/p99: write and socket on the same instance ${sa.commitP50}/${sa.commitP99} ms, on different instances ${sb.commitP50}/${sb.commitP99} ms; writes answered 200 ${p.achieved}/s; sockets behind ${p.convergence.behind}, gaps ${p.convergence.gaps}, duplicates ${p.convergence.duplicates}${connected < 10_000 ? `; ${connected} sockets instead of 10,000` : ''}`,
          },
        ],
        data: {
          clients,
          connected,
          rate,
          a: sa,
          b: sb,
          addedP99: added,
          statuses: p.statuses,
          convergence: p.convergence,
        },
      }
    } finally {
      await fleet.close()
      await setup.db.drop()
    }
  },
}
