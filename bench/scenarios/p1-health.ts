import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createBenchDatabase } from '../lib/pg.ts'
import { type Server, startServer } from '../lib/proc.ts'
import type { Scenario } from '../lib/report.ts'
import { serverEnv } from '../lib/seed.ts'
import { load, median, round } from '../lib/stats.ts'

const DROP = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'x-request-id'])

/**
 * P1 stack overhead: GET /api/health through the full plugin stack (embedded database, and
 * PostgreSQL for reference) against a bare node:http server that sends the same body and headers,
 * and a minimal Fastify server. Servers take turns in every round; the ratio is per round, then
 * the median over rounds.
 */
export const p1: Scenario = {
  id: 'P1',
  name: 'stack overhead (health vs bare node:http)',
  async run(ctx) {
    const rounds = ctx.quick ? 2 : 5
    const seconds = ctx.quick ? 3 : 6
    const connections = 32
    const dataDir = mkdtempSync(join(tmpdir(), 'vp-bench-p1-'))
    const pgdb = await createBenchDatabase()
    const servers: Server[] = []
    try {
      const full = await startServer({
        name: 'p1-full',
        entry: 'server/src/main.ts',
        env: serverEnv(undefined, 'http://127.0.0.1:8080', { DATA_DIR: dataDir }),
      })
      servers.push(full)
      const fullPg = await startServer({
        name: 'p1-full-pg',
        entry: 'server/src/main.ts',
        env: serverEnv(pgdb.url, 'http://127.0.0.1:8080'),
      })
      servers.push(fullPg)
      const sample = await fetch(`${full.url}/api/health`)
      const body = await sample.text()
      const headers: Record<string, string> = {}
      sample.headers.forEach((v, k) => {
        if (!DROP.has(k)) headers[k] = v
      })
      const refEnv = { BENCH_BODY: body, BENCH_HEADERS: JSON.stringify(headers) }
      const bare = await startServer({ name: 'p1-bare', entry: 'bench/servers/bare.mjs', tsx: false, env: refEnv })
      servers.push(bare)
      const minimal = await startServer({
        name: 'p1-fastify',
        entry: 'bench/servers/minimal-fastify.mjs',
        tsx: false,
        env: refEnv,
      })
      servers.push(minimal)

      const targets = { full, fullPg, bare, minimal, fullNoDb: full }
      const path = (k: string) => (k === 'fullNoDb' ? '/api/auth/me' : '/api/health')
      const run = (k: keyof typeof targets, d: number) =>
        load({ url: `${targets[k].url}${path(k)}`, connections, duration: d })
      const order = Object.keys(targets) as (keyof typeof targets)[]
      ctx.log(`P1: warm-up, then ${rounds} rounds × ${order.length} runs × ${seconds} s, ${connections} connections`)
      for (const k of order) await run(k, 2)
      const rps: Record<keyof typeof targets, number[]> = { full: [], fullPg: [], bare: [], minimal: [], fullNoDb: [] }
      const p99: Record<keyof typeof targets, number[]> = { full: [], fullPg: [], bare: [], minimal: [], fullNoDb: [] }
      const bad: Record<string, number> = {}
      for (let r = 0; r < rounds; r++) {
        // Rotate the order so no server always runs right after another one.
        const turn = [...order.slice(r % order.length), ...order.slice(0, r % order.length)]
        for (const k of turn) {
          const res = await run(k, seconds)
          rps[k].push(res.rps)
          p99[k].push(res.p99)
          // The anonymous /api/auth/me answers 401 on purpose.
          bad[k] = (bad[k] ?? 0) + (k === 'fullNoDb' ? 0 : res.non2xx) + res.errors
        }
        ctx.log(`  round ${r + 1}: ${order.map((k) => `${k} ${Math.round(rps[k][r]!)}/s`).join(', ')}`)
      }
      const ratio = (k: keyof typeof targets) => median(rps[k].map((x, i) => x / rps.bare[i]!))
      const full1 = ratio('full')
      const rows = [
        {
          id: 'P1',
          what: 'health, full stack (PGlite) / bare node:http, req/s',
          target: '≥ 0.90×',
          measured: `${round(full1)}×`,
          pass: full1 >= 0.9,
          note: `median req/s: full ${Math.round(median(rps.full))}, bare ${Math.round(median(rps.bare))}, minimal Fastify ${Math.round(median(rps.minimal))}; non-2xx/errors ${JSON.stringify(bad)}`,
        },
        {
          id: 'P1',
          what: 'health, minimal Fastify / bare node:http',
          target: 'reference',
          measured: `${round(ratio('minimal'))}×`,
          pass: null,
        },
        {
          id: 'P1',
          what: 'health, full stack (PostgreSQL) / bare node:http',
          target: 'reference',
          measured: `${round(ratio('fullPg'))}×`,
          pass: null,
          note: 'the health check pings the database: on PostgreSQL that is a round trip per request',
        },
        {
          id: 'P1',
          what: 'anonymous GET /api/auth/me (401, no database, logged) / bare',
          target: 'diagnostic',
          measured: `${round(ratio('fullNoDb'))}×`,
          pass: null,
          note: 'the full plugin stack without the database ping, but with the info request log lines',
        },
      ]
      return {
        rows,
        data: {
          rounds,
          seconds,
          connections,
          rps,
          p99,
          nonOk: bad,
          ratios: { full: full1, minimal: ratio('minimal'), fullPg: ratio('fullPg'), fullNoDb: ratio('fullNoDb') },
        },
      }
    } finally {
      for (const s of servers) await s.stop()
      await pgdb.drop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  },
}
