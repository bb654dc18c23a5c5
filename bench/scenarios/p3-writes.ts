import type autocannon from 'autocannon'
import pg from 'pg'
import { type BenchDatabase, createBenchDatabase, roundTripsPerSecond } from '../lib/pg.ts'
import { startServer } from '../lib/proc.ts'
import type { Scenario } from '../lib/report.ts'
import { Cookies, itemOf, memberOf, migrate, type Shape, seed, serverEnv, uid } from '../lib/seed.ts'
import { type LoadResult, load, median, round } from '../lib/stats.ts'

const PUBLIC_URL = 'http://127.0.0.1:8080'
/** Statements of one title change, as `items/integrity.test.ts` holds it. */
const STATEMENTS_PER_WRITE = 7

const SHAPE: Shape = { organisations: 20, users: 100, cases: 200, membersPerCase: 3, itemsPerCase: 5 }

/**
 * Makes `pg_notify` a no-op for new connections to this database, by a function of the same name
 * in a schema searched before pg_catalog. The server code stays as it is; only the cost goes.
 */
async function setNotify(db: BenchDatabase, on: boolean) {
  await db.pool.query('create schema if not exists bench_nonotify')
  await db.pool.query(
    `create or replace function bench_nonotify.pg_notify(channel text, payload text) returns void
     language plpgsql as $$ begin end $$`,
  )
  await db.pool.query(
    on
      ? `alter database ${db.name} reset search_path`
      : `alter database ${db.name} set search_path = bench_nonotify, pg_catalog, public`,
  )
}

/**
 * P3 versioned writes: PATCH of items with If-Match as the projectleider (each connection takes a
 * free item, so no write conflicts with another), the event row and, or not, the notify. Rounds
 * alternate with and without notify, each on a freshly started server.
 */
export const p3: Scenario = {
  id: 'P3',
  name: 'versioned writes (PATCH with If-Match, event row, notify)',
  async run(ctx) {
    const rounds = ctx.quick ? 1 : 3
    const seconds = ctx.quick ? 5 : 10
    const connections = 32
    const db = await createBenchDatabase()
    try {
      await migrate(db.url)
      const seedMs = await seed(db.pool, SHAPE)
      ctx.log(`P3: seeded ${SHAPE.cases} cases, ${SHAPE.cases * SHAPE.itemsPerCase} items in ${seedMs} ms`)
      const cookies = new Cookies(PUBLIC_URL)
      const items: { path: string; cookie: string; version: number }[] = []
      for (let c = 1; c <= SHAPE.cases; c++) {
        const cookie = await cookies.of(memberOf(SHAPE, c, 0))
        for (let i = 0; i < SHAPE.itemsPerCase; i++)
          items.push({ path: `/api/cases/${uid(3, c)}/items/${uid(5, itemOf(SHAPE, c, i))}`, cookie, version: 1 })
      }
      // Writes spread over the cases as in real use (70,000 cases, a few writers each): the free
      // list runs across the cases (item 0 of every case, then item 1, ...) and is used first in,
      // first out, so the 32 writes in flight are on 32 different cases.
      const spread = items.map((_, i) => i).sort((a, b) => (a % SHAPE.itemsPerCase) - (b % SHAPE.itemsPerCase) || a - b)
      const free = [...spread]
      let n = 0
      const request: autocannon.Request = {
        method: 'PATCH',
        setupRequest: (req, context) => {
          const idx = free.shift() ?? Math.floor(Math.random() * items.length)
          const it = items[idx]!
          ;(context as { idx?: number }).idx = idx
          return {
            ...req,
            path: it.path,
            headers: {
              cookie: it.cookie,
              'content-type': 'application/json',
              'x-requested-with': 'veiligheidsplanner',
              'if-match': `"${it.version}"`,
            },
            body: JSON.stringify({ title: `schrijven ${n++}` }),
          }
        },
        onResponse: (status, body, context, headers) => {
          const idx = (context as { idx?: number }).idx
          if (idx === undefined) return
          const it = items[idx]!
          if (status === 200) it.version = Number(JSON.parse(String(headers?.etag)))
          else if (status === 412) it.version = (JSON.parse(body) as { current: { version: number } }).current.version
          free.push(idx)
        },
      }
      // A LISTEN of our own proves the variant: notifications arrive with, and none without.
      const listener = new pg.Client({ connectionString: db.url })
      await listener.connect()
      let notified = 0
      listener.on('notification', () => {
        notified++
      })
      await listener.query('listen case_events')

      const runs: Record<'with' | 'without', LoadResult[]> = { with: [], without: [] }
      const notifications: Record<'with' | 'without', number> = { with: 0, without: 0 }
      for (let r = 0; r < rounds; r++) {
        for (const variant of r % 2 ? (['without', 'with'] as const) : (['with', 'without'] as const)) {
          await setNotify(db, variant === 'with')
          const server = await startServer({
            name: `p3-${variant}`,
            entry: 'server/src/main.ts',
            env: serverEnv(db.url, PUBLIC_URL),
          })
          try {
            const opts = { url: server.url, connections, requests: [request] }
            await load({ ...opts, duration: 3 })
            const before = notified
            free.splice(0, free.length, ...spread)
            const res = await load({ ...opts, duration: seconds })
            await new Promise((r) => setTimeout(r, 200))
            notifications[variant] += notified - before
            runs[variant].push(res)
            ctx.log(
              `  round ${r + 1} ${variant} notify: ${Math.round(res.rps)} writes/s, p99 ${res.p99} ms, statuses ${JSON.stringify(res.statusCodes)}`,
            )
          } finally {
            await server.stop()
            free.splice(0, free.length, ...spread)
          }
        }
      }
      await listener.end()
      await setNotify(db, true)
      const reference = await roundTripsPerSecond(db.url, seconds)
      ctx.log(`  reference: ${Math.round(reference)} plain round trips/s on the server's core`)
      const rps = (v: 'with' | 'without') => median(runs[v].map((x) => x.rps))
      const p99 = (v: 'with' | 'without') => median(runs[v].map((x) => x.p99))
      const statuses = (v: 'with' | 'without') =>
        runs[v].reduce<Record<string, number>>((acc, x) => {
          for (const [k, c] of Object.entries(x.statusCodes)) acc[k] = (acc[k] ?? 0) + c
          return acc
        }, {})
      const fiveXx = Object.entries({ ...statuses('with') })
        .filter(([k]) => k.startsWith('5'))
        .reduce((a, [, c]) => a + c, 0)
      const cost = rps('with') / rps('without')
      return {
        rows: [
          {
            id: 'P3',
            what: `PATCH item writes/s (PostgreSQL, ${connections} connections)`,
            target: '≥ 1000/s',
            measured: `${Math.round(rps('with'))}/s`,
            pass: rps('with') >= 1000,
            note: `statuses ${JSON.stringify(statuses('with'))}; 5xx ${fiveXx}`,
          },
          {
            id: 'P3',
            what: 'PATCH item p99',
            target: '≤ 40 ms',
            measured: `${p99('with')} ms`,
            pass: p99('with') <= 40,
          },
          {
            id: 'P3',
            what: 'writes/s with notify / without notify',
            target: 'report',
            measured: `${round(cost)}×`,
            pass: null,
            note: `without notify ${Math.round(rps('without'))}/s, p99 ${p99('without')} ms; notifications seen: with ${notifications.with}, without ${notifications.without}`,
          },
          {
            id: 'P3',
            what: `writes/s × ${STATEMENTS_PER_WRITE} statements / plain pg round trips/s (same core, same run)`,
            target: 'report',
            measured: `${round((rps('with') * STATEMENTS_PER_WRITE) / reference)}×`,
            pass: null,
            note: `reference ${Math.round(reference)} round trips/s: a one-row lookup through \`pg\` from a process on the server's core, 32 loops; the ceiling for ${STATEMENTS_PER_WRITE}-statement writes with nothing else is ${Math.round(reference / STATEMENTS_PER_WRITE)}/s`,
          },
        ],
        data: {
          rounds,
          seconds,
          connections,
          shape: SHAPE,
          runs,
          notifications,
          ratioWithToWithout: cost,
          roundTripsPerSecond: reference,
          statementsPerWrite: STATEMENTS_PER_WRITE,
        },
      }
    } finally {
      await db.drop()
    }
  },
}
