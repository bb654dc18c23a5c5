import {
  DeliveryMeter,
  Fleet,
  type LiveSetup,
  liveSetup,
  socketSpecs,
  startInstance,
  Writer,
  waitConverged,
  writeTargets,
} from '../lib/delivery.ts'
import type { Row, Scenario } from '../lib/report.ts'
import type { Shape } from '../lib/seed.ts'
import { round } from '../lib/stats.ts'

export const LIVE_SHAPE: Shape = { organisations: 20, users: 1000, cases: 1000, membersPerCase: 10, itemsPerCase: 4 }

/** Routes a fleet's events to whichever meter is current, so one fleet serves several phases. */
export class MeterSwitch {
  current: DeliveryMeter | null = null
  onEvent: DeliveryMeter['onEvent'] = (...a) => this.current?.onEvent(...a)
}

/**
 * One measuring phase: a warm-up, then `seconds` of writes at `rate` spread over `caseIds`; waits
 * until every socket has converged, then summarises latency (per socket group) and counts.
 */
export async function measurePhase(opts: {
  setup: LiveSetup
  fleet: Fleet
  writer: Writer
  meters: MeterSwitch
  rate: number
  seconds: number
  caseIds: string[]
  warmupMs?: number
  classify?: ConstructorParameters<typeof DeliveryMeter>[1]
}) {
  const { setup, fleet, writer, rate, seconds, caseIds } = opts
  const meter = new DeliveryMeter(() => writer, opts.classify)
  await meter.listen(setup.db.url)
  opts.meters.current = meter
  try {
    const pick = () => caseIds[Math.floor(Math.random() * caseIds.length)]!
    await writer.run(rate, opts.warmupMs ?? 3000, pick)
    writer.resetCounts()
    meter.recording = true
    const t0 = performance.now()
    await writer.run(rate, seconds * 1000, pick)
    const tEnd = performance.now()
    const elapsed = (tEnd - t0) / 1000
    // Every answer in (a backlog must not spill into the next phase), then every socket converged.
    const stillBusy = await writer.drain(180_000)
    const conv = await waitConverged(setup, fleet, 30_000)
    meter.recording = false
    meter.settle()
    const statuses = Object.fromEntries(writer.status)
    return {
      rate,
      // Writes of this phase answered 200 within its window: what the server kept up with.
      achieved: round(
        [...writer.writes.values()].filter((w) => w.sentAt >= t0 && w.status === 200 && w.ackAt <= tEnd).length /
          elapsed,
        1,
      ),
      statuses,
      skipped: writer.skipped,
      stillBusy,
      convergence: conv,
      meter,
      all: meter.summary(),
    }
  } finally {
    opts.meters.current = null
    await meter.close()
  }
}

/**
 * P5 commit → delivery: many sockets over many cases on one server and a steady rate of PATCHes
 * spread over the cases; latency from the commit to each socket's receipt, and a count of what
 * went missing. First at the target's write rate; when the server cannot keep that rate, once more
 * at half the rate it did reach, to see the delivery path without a write backlog.
 */
export const p5: Scenario = {
  id: 'P5',
  name: 'commit → delivery (many sockets, many cases)',
  async run(ctx) {
    const clients = Number(process.env.BENCH_P5_CLIENTS ?? (ctx.quick ? 2000 : 10_000))
    const rate = Number(process.env.BENCH_P5_RATE ?? 200)
    const seconds = ctx.quick ? 10 : 30
    const setup = await liveSetup(LIVE_SHAPE)
    const meters = new MeterSwitch()
    const fleet = new Fleet({ concurrency: 100, onEvent: meters.onEvent })
    try {
      ctx.log(`P5: seeded ${LIVE_SHAPE.cases} cases in ${setup.seedMs} ms`)
      const server = await startInstance(setup, 'p5')
      const caseNumbers = Array.from({ length: LIVE_SHAPE.cases }, (_, i) => i + 1)
      const writer = new Writer(() => server.url, await writeTargets(setup, caseNumbers))
      const rssBefore = server.rss()
      const connectMs = await fleet.connect(await socketSpecs(setup, clients, () => server.url))
      const connected = fleet.caughtUpCount()
      ctx.log(`  ${connected}/${clients} sockets subscribed in ${Math.round(connectMs)} ms (${fleet.errors} failed)`)
      const rssPerSocket = (server.rss() - rssBefore) / Math.max(1, connected)
      const caseIds = [...writer.byCase.keys()]
      const phases = []
      let phaseRate = rate
      for (let i = 0; i < 2; i++) {
        await server.probe()
        const p = await measurePhase({ setup, fleet, writer, meters, rate: phaseRate, seconds, caseIds })
        const probe = await server.probe()
        ctx.log(
          `  at ${phaseRate} writes/s asked: ${p.achieved}/s answered 200; ${JSON.stringify(p.all)}; statuses ${JSON.stringify(p.statuses)}; ${JSON.stringify(p.convergence)}; event loop p99 ${probe?.eventLoopDelayMs.p99} ms`,
        )
        phases.push({ ...p, meter: undefined, probe })
        if (p.achieved >= 0.9 * phaseRate) break
        phaseRate = Math.max(5, Math.floor(p.achieved / 2))
      }
      const rows: Row[] = []
      for (const [i, p] of phases.entries()) {
        const label = i === 0 ? `${p.rate} writes/s asked` : `${p.rate} writes/s, a rate the server sustains`
        const counts = `writes answered 200: ${p.achieved}/s; statuses ${JSON.stringify(p.statuses)}; deliveries ${p.all.count}; sockets behind ${p.convergence.behind}, gaps ${p.convergence.gaps}, duplicates ${p.convergence.duplicates}; server event-loop p99 ${p.probe?.eventLoopDelayMs.p99 ?? '?'} ms`
        rows.push(
          {
            id: 'P5',
            what: `commit → delivery p50 (${connected} sockets, ${LIVE_SHAPE.cases} cases, ${label})`,
            target: '≤ 10 ms',
            measured: `${p.all.commitP50} ms`,
            pass: p.all.commitP50 <= 10,
            note: `from the commit's NOTIFY as heard by the benchmark. From sending the PATCH: p50 ${p.all.sentP50} ms, p99 ${p.all.sentP99} ms; from its 200: p50 ${p.all.ackedP50} ms, p99 ${p.all.ackedP99} ms`,
          },
          {
            id: 'P5',
            what: `commit → delivery p99 (${label})`,
            target: '≤ 50 ms',
            measured: `${p.all.commitP99} ms`,
            pass: p.all.commitP99 <= 50,
            note: counts,
          },
        )
      }
      if (connected < 10_000) rows[0]!.note += `; ${connected} sockets instead of 10,000 (BENCH_P5_CLIENTS or --quick)`
      return { rows, data: { clients, connected, connectMs, rssPerSocketBytes: Math.round(rssPerSocket), phases } }
    } finally {
      await fleet.close()
      await setup.db.drop()
    }
  },
}
