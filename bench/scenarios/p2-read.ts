import type autocannon from 'autocannon'
import { createBenchDatabase, roundTripsPerSecond } from '../lib/pg.ts'
import { startServer } from '../lib/proc.ts'
import type { Scenario } from '../lib/report.ts'
import { Cookies, memberOf, migrate, type Shape, seed, serverEnv, uid } from '../lib/seed.ts'
import { type LoadResult, load, median, round } from '../lib/stats.ts'

const PUBLIC_URL = 'http://127.0.0.1:8080'

/**
 * P2 authenticated case read: GET /api/cases/:caseId (session cookie, membership and policy check,
 * queries) by random members of random cases, on PostgreSQL seeded with many cases and a pool of
 * users; the case dashboard in the same rounds, as a ratio to the case read.
 */
export const p2: Scenario = {
  id: 'P2',
  name: 'authenticated case read on a large PostgreSQL database',
  async run(ctx) {
    const cases = Number(process.env.BENCH_P2_CASES ?? (ctx.quick ? 10_000 : 70_000))
    const shape: Shape = { organisations: 20, users: 1000, cases, membersPerCase: 3, itemsPerCase: 3 }
    const rounds = ctx.quick ? 1 : 3
    const seconds = ctx.quick ? 5 : 10
    const connections = 32
    const db = await createBenchDatabase()
    try {
      await migrate(db.url)
      const seedMs = await seed(db.pool, shape)
      ctx.log(`P2: seeded ${cases} cases, ${shape.users} users, ${cases * 3} items in ${(seedMs / 1000).toFixed(1)} s`)
      const cookies = new Cookies(PUBLIC_URL)
      const cookieOf: string[] = []
      for (let u = 1; u <= shape.users; u++) cookieOf[u] = await cookies.of(u)
      // The reference, on the core the server will use, before it starts.
      const reference = await roundTripsPerSecond(db.url, seconds)
      ctx.log(`  reference: ${Math.round(reference)} plain round trips/s on the server's core`)
      const server = await startServer({ name: 'p2', entry: 'server/src/main.ts', env: serverEnv(db.url, PUBLIC_URL) })
      const reader = (suffix: string): autocannon.Request => ({
        method: 'GET',
        setupRequest: (req) => {
          const c = 1 + Math.floor(Math.random() * cases)
          const user = memberOf(shape, c, Math.floor(Math.random() * shape.membersPerCase))
          return { ...req, path: `/api/cases/${uid(3, c)}${suffix}`, headers: { cookie: cookieOf[user]! } }
        },
      })
      const run = (suffix: string, d: number) =>
        load({ url: server.url, connections, duration: d, requests: [reader(suffix)] })
      await run('', 3)
      await run('/dashboard', 3)
      const reads: LoadResult[] = []
      const dashboards: LoadResult[] = []
      for (let r = 0; r < rounds; r++) {
        reads.push(await run('', seconds))
        dashboards.push(await run('/dashboard', seconds))
        ctx.log(
          `  round ${r + 1}: case ${Math.round(reads[r]!.rps)}/s p99 ${reads[r]!.p99} ms ${JSON.stringify(reads[r]!.statusCodes)}; dashboard ${Math.round(dashboards[r]!.rps)}/s p99 ${dashboards[r]!.p99} ms ${JSON.stringify(dashboards[r]!.statusCodes)}`,
        )
      }
      await server.stop()
      const rps = median(reads.map((x) => x.rps))
      const p99 = median(reads.map((x) => x.p99))
      const dash = median(dashboards.map((x) => x.rps))
      const nonOk = [...reads, ...dashboards].reduce((n, x) => n + x.non2xx + x.errors, 0)
      const bare = ctx.earlier.get('P1')?.data.rps as { bare?: number[] } | undefined
      const bareRps = bare?.bare ? median(bare.bare) : null
      const scaled = cases < 70_000 ? `; ${cases} cases instead of 70,000` : ''
      return {
        rows: [
          {
            id: 'P2',
            what: `GET /api/cases/:id req/s (${cases} cases, ${connections} connections)`,
            target: '≥ 3000/s',
            measured: `${Math.round(rps)}/s`,
            pass: rps >= 3000,
            note: `non-2xx or errors ${nonOk}; seeding ${(seedMs / 1000).toFixed(1)} s${bareRps ? `; ${round(rps / bareRps)}× the bare node:http health of P1 in this run` : ''}${scaled}`,
          },
          { id: 'P2', what: 'GET /api/cases/:id p99', target: '≤ 25 ms', measured: `${p99} ms`, pass: p99 <= 25 },
          {
            id: 'P2',
            what: 'dashboard / case read, req/s',
            target: 'report',
            measured: `${round(dash / rps)}×`,
            pass: null,
            note: `dashboard ${Math.round(dash)}/s, p99 ${median(dashboards.map((x) => x.p99))} ms`,
          },
          {
            id: 'P2',
            what: 'case reads/s / plain pg round trips/s (same core, same run)',
            target: 'report',
            measured: `${round(rps / reference)}×`,
            pass: null,
            note: `reference ${Math.round(reference)} round trips/s (a one-row lookup through \`pg\`, 32 loops, on the server's core); a case read is 3 statements, 4 when the session is not cached`,
          },
        ],
        data: { shape, seedMs, rounds, seconds, connections, reads, dashboards, roundTripsPerSecond: reference },
      }
    } finally {
      await db.drop()
    }
  },
}
