import { execFileSync } from 'node:child_process'
import { Fleet, liveSetup, socketSpecs, startInstance } from '../lib/delivery.ts'
import { sleep } from '../lib/proc.ts'
import type { Scenario } from '../lib/report.ts'
import { kb } from '../lib/stats.ts'
import { LIVE_SHAPE } from './p5-delivery.ts'

/** The open-file limit a child process gets (the hard limit is the ceiling: it cannot be raised here). */
function fileLimit(): number {
  try {
    return Number(execFileSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim()) || 1024
  } catch {
    return 1024
  }
}

/**
 * P4 idle sockets: authenticated, subscribed sockets held by one server process, from source
 * addresses spread over 127.0.0.x. Memory per socket from the server's RSS before and after; the
 * event-loop delay while it holds them idle (heartbeats included).
 */
export const p4: Scenario = {
  id: 'P4',
  name: 'idle sockets held by one process',
  async run(ctx) {
    const limit = fileLimit()
    const wanted = Number(process.env.BENCH_P4_SOCKETS ?? (ctx.quick ? 5000 : 50_000))
    // Both this process and the server need one descriptor per socket, plus their own.
    const sockets = Math.min(wanted, limit - 1500)
    const hold = ctx.quick ? 10 : 35
    const setup = await liveSetup(LIVE_SHAPE)
    const fleet = new Fleet({ concurrency: 200 })
    try {
      const server = await startInstance(setup, 'p4')
      await sleep(2000)
      const before = server.rss()
      const connectMs = await fleet.connect(await socketSpecs(setup, sockets, () => server.url), 600_000)
      const held = fleet.caughtUpCount()
      ctx.log(
        `P4: ${held}/${sockets} sockets subscribed in ${(connectMs / 1000).toFixed(1)} s (${fleet.errors} failed)`,
      )
      await server.probe()
      await sleep(hold * 1000)
      const probe = await server.probe()
      const after = server.rss()
      const still = fleet.sockets.filter((s) => s.ws?.readyState === 1).length
      const perSocket = (after - before) / Math.max(1, held)
      const scaled =
        held < 50_000
          ? `; ${held} sockets instead of 50,000: the hard open-file limit is ${limit} per process and cannot be raised here`
          : ''
      return {
        rows: [
          {
            id: 'P4',
            what: `server memory per idle subscribed socket (${held} sockets)`,
            target: '≤ 30 KB',
            measured: `${kb(perSocket)} KB`,
            pass: perSocket <= 30 * 1024,
            note: `RSS ${Math.round(before / 2 ** 20)} → ${Math.round(after / 2 ** 20)} MB; still open after ${hold} s idle: ${still}${scaled}`,
          },
          {
            id: 'P4',
            what: 'event-loop delay p99 while holding them',
            target: 'report',
            measured: `${probe?.eventLoopDelayMs.p99 ?? '?'} ms`,
            pass: null,
            note: `max ${probe?.eventLoopDelayMs.max ?? '?'} ms over ${hold} s, heartbeats included`,
          },
          {
            id: 'P4',
            what: 'sockets held by one process',
            target: '50000',
            measured: `${held}`,
            pass: held >= 50_000 ? true : null,
            note: held < 50_000 ? 'not measurable at 50,000 on this machine (open-file limit)' : undefined,
          },
        ],
        data: { sockets, held, connectMs, before, after, perSocket, probe, fileLimit: limit, stillOpen: still },
      }
    } finally {
      await fleet.close()
      await setup.db.drop()
    }
  },
}
