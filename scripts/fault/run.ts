// `npm run fault`: fault injection under a steady write load. Phases (all by default, or name some):
//   kill         kill -9 the server and start it again
//   postgres     restart PostgreSQL (pg_ctlcluster … restart -m immediate); skipped with --no-pg-restart
//   lost-update  50 clients × 1,000 conflicting PATCHes on 3 items; the event log must show no lost update
//   replay       kill -9 the server the moment a change sent with an Idempotency-Key has committed, start
//                it again, retry with the same key: the original status and body, the change once
// Afterwards: every write answered 2xx is in the database exactly once, no write is there twice,
// and every live client has reached the final seq of its case without a gap or a duplicate.
// `--quick` shortens everything (for CI). Exits 0 when every check holds, 1 otherwise.
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import pg from 'pg'
import { Fleet, type SocketSpec } from '../../bench/lib/live.ts'
import { ADMIN_URL, createBenchDatabase, dropAllBenchDatabases } from '../../bench/lib/pg.ts'
import { pinSelf, type Server, sleep, startServer, stopAll } from '../../bench/lib/proc.ts'
import {
  Cookies,
  itemOf,
  memberOf,
  migrate,
  type Shape,
  seed,
  seqAfterSeed,
  serverEnv,
  uid,
} from '../../bench/lib/seed.ts'
import { http } from '../../bench/lib/writer.ts'
import { type AcceptedWrite, checkLostUpdates } from '../../server/test/fuzz/lost-update.ts'

const PUBLIC_URL = 'http://127.0.0.1:8080'
const run = promisify(execFile)
const SHAPE: Shape = { organisations: 20, users: 100, cases: 10, membersPerCase: 5, itemsPerCase: 3 }

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const noPgRestart = args.includes('--no-pg-restart')
const named = args.filter((a) => !a.startsWith('--'))
const phases = named.length ? named : ['kill', 'postgres', 'lost-update', 'replay']
const log = (m: string) => console.log(m)
const problems: string[] = []
const summary: string[] = []

interface Outcome {
  kind: 'create' | 'update'
  key: string
  title: string
  caseId: string
  /** The last answer: a status, or the error of the last attempt. */
  final: number | string
  attempts: number
  replayed: boolean
}

/**
 * A client that sends one mutation at a time, each with its own Idempotency-Key, and retries the
 * same request on a connection error, a timeout, a 5xx or a 409 "in progress" until it gets a
 * definitive answer or a minute has passed.
 */
async function mutate(
  server: () => Server,
  req: { method: string; path: string; cookie: string; body: unknown; key: string; ifMatch?: number },
): Promise<{
  status: number | string
  body: string
  attempts: number
  replayed: boolean
  headers: Record<string, unknown>
}> {
  const end = performance.now() + 60_000
  let attempts = 0
  let last: { status: number | string; body: string; replayed: boolean; headers: Record<string, unknown> } = {
    status: 'none',
    body: '',
    replayed: false,
    headers: {},
  }
  while (performance.now() < end) {
    attempts++
    const body = JSON.stringify(req.body)
    try {
      const res = await http(
        `${server().url}${req.path}`,
        req.method,
        {
          cookie: req.cookie,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'x-requested-with': 'veiligheidsplanner',
          'idempotency-key': req.key,
          ...(req.ifMatch !== undefined ? { 'if-match': `"${req.ifMatch}"` } : {}),
        },
        body,
        5000,
      )
      last = {
        status: res.status,
        body: res.body,
        replayed: res.headers['idempotent-replay'] === 'true',
        headers: res.headers,
      }
      const inProgress = res.status === 409 && res.body.includes('wordt al verwerkt')
      if (res.status < 500 && !inProgress) return { ...last, attempts }
    } catch (err) {
      last = {
        status: (err as { code?: string }).code ?? (err as Error).message,
        body: '',
        replayed: false,
        headers: {},
      }
    }
    await sleep(100 + Math.random() * 200)
  }
  return { ...last, attempts }
}

/** Writers that create items and then edit them, until `stop()`. */
function startWriters(server: () => Server, cookies: Cookies, count: number) {
  const outcomes: Outcome[] = []
  let running = true
  const loops = Array.from({ length: count }, async (_, w) => {
    const c = (w % SHAPE.cases) + 1
    const caseId = uid(3, c)
    const cookie = await cookies.of(memberOf(SHAPE, c, 0))
    const mine: { id: string; version: number }[] = []
    for (let n = 0; running; n++) {
      const key = `fault-${process.pid}-${w}-${n}`
      const title = `f-${w}-${n}`
      const edit = mine.length > 0 && n % 3 === 2
      const target = edit ? mine[Math.floor(Math.random() * mine.length)]! : null
      const res = target
        ? await mutate(server, {
            method: 'PATCH',
            path: `/api/cases/${caseId}/items/${target.id}`,
            cookie,
            body: { title },
            key,
            ifMatch: target.version,
          })
        : await mutate(server, {
            method: 'POST',
            path: `/api/cases/${caseId}/items`,
            cookie,
            body: { kind: 'signal', step: 2, title, source: 'meldingen' },
            key,
          })
      outcomes.push({
        kind: target ? 'update' : 'create',
        key,
        title,
        caseId,
        final: res.status,
        attempts: res.attempts,
        replayed: res.replayed,
      })
      if (typeof res.status === 'number' && res.status < 300) {
        const item = JSON.parse(res.body) as { id: string; version: number }
        if (target) target.version = item.version
        else mine.push({ id: item.id, version: item.version })
      } else if (target && res.status === 412) {
        target.version = (JSON.parse(res.body) as { current: { version: number } }).current.version
      }
      await sleep(20)
    }
  })
  return {
    outcomes,
    async stop() {
      running = false
      await Promise.all(loops)
    },
  }
}

function postgresVersion(): string {
  const dirs = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : []
  return dirs.sort().pop() ?? '15'
}

/** Other clients of the shared PostgreSQL server, besides this script's own database. */
async function otherClients(ownDb: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: ADMIN_URL })
  await c.connect()
  try {
    const { rows } = await c.query<{ datname: string; n: number }>(
      `select datname, count(*)::int as n from pg_stat_activity
       where backend_type = 'client backend' and pid <> pg_backend_pid() and datname is not null and datname <> $1
       group by datname`,
      [ownDb],
    )
    return rows.map((r) => `${r.datname} (${r.n})`)
  } finally {
    await c.end()
  }
}

async function restartPostgres(ownDb: string) {
  // The cluster is shared: give other users' test runs a minute to finish before pulling it away.
  for (let i = 0; i < 12; i++) {
    const others = await otherClients(ownDb)
    if (others.length === 0) break
    log(`  other clients on PostgreSQL: ${others.join(', ')}; waiting 5 s before the restart`)
    await sleep(5000)
  }
  const version = postgresVersion()
  const started = performance.now()
  // Asynchronous: the writers and live clients in this process keep going through the restart.
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart', '-m', 'immediate'], {
    timeout: 120_000,
  })
  for (let i = 0; i < 100; i++) {
    try {
      await run('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q'])
      break
    } catch {
      await sleep(200)
    }
  }
  return (performance.now() - started) / 1000
}

async function faultPhases(db: { name: string; url: string; pool: pg.Pool }, cookies: Cookies) {
  // A server that exits when we did not stop it is a failure in itself (a crash on a lost connection).
  const meant = new Set<Server>()
  const watch = (s: Server) => {
    void s.exited.then((code) => {
      if (meant.has(s)) return
      const tail = readFileSync(s.logFile, 'utf8')
        .split('\n')
        .filter((l) => !l.startsWith('{"level":30'))
        .slice(-12)
        .join('\n')
      problems.push(`the server process exited by itself (code ${code}); the end of its output:\n${tail}`)
      log(`  !! the server process exited by itself (code ${code})`)
    })
    return s
  }
  let server = watch(
    await startServer({ name: 'fault', entry: 'server/src/main.ts', env: serverEnv(db.url, PUBLIC_URL) }),
  )
  const port = server.port
  // Live clients: every member of every case has a tab open.
  const fleet = new Fleet({ reconnect: true, concurrency: 50 })
  const specs: SocketSpec[] = []
  for (let c = 1; c <= SHAPE.cases; c++)
    for (let k = 0; k < SHAPE.membersPerCase; k++)
      specs.push({
        url: server.url,
        cookie: await cookies.of(memberOf(SHAPE, c, k)),
        caseId: uid(3, c),
        afterSeq: seqAfterSeed(SHAPE),
      })
  await fleet.connect(specs)
  log(`  ${fleet.caughtUpCount()}/${specs.length} live clients subscribed`)
  const writers = startWriters(() => server, cookies, quick ? 4 : 8)
  const steady = quick ? 2000 : 5000
  await sleep(steady)
  if (phases.includes('kill')) {
    log('  (a) kill -9 the server')
    meant.add(server)
    await server.kill9()
    await sleep(1000)
    server = watch(
      await startServer({
        name: 'fault-restarted',
        entry: 'server/src/main.ts',
        port,
        env: serverEnv(db.url, PUBLIC_URL),
      }),
    )
    log('      started again')
    await sleep(steady)
  }
  if (phases.includes('postgres')) {
    if (noPgRestart) log('  (b) PostgreSQL restart skipped (--no-pg-restart)')
    else {
      log('  (b) restart PostgreSQL -m immediate')
      const s = await restartPostgres(db.name)
      log(`      back after ${s.toFixed(1)} s`)
      await sleep(steady * 2)
    }
  }
  await writers.stop()
  const { outcomes } = writers

  // Exactly once: what the database holds for every title the writers ever sent.
  // Titles change when edited, so count creations in the log, and check the items exist.
  const created = await db.pool.query<{ title: string; n: number }>(
    `select e.payload->>'title' as title, count(*)::int as n from case_events e
     join items i on i.id = e.entity_id where e.type = 'item.created' group by 1`,
  )
  const createdCount = new Map(created.rows.map((r) => [r.title, r.n]))
  const updated = await db.pool.query<{ title: string; n: number }>(
    `select payload->>'title' as title, count(*)::int as n from case_events where type = 'item.updated' group by 1`,
  )
  const updatedCount = new Map(updated.rows.map((r) => [r.title, r.n]))
  const tally = {
    ok: 0,
    okButMissing: 0,
    doubled: 0,
    rejected: 0,
    unknownApplied: 0,
    unknownNotApplied: 0,
    retried: 0,
    replayed: 0,
  }
  const statuses: Record<string, number> = {}
  for (const o of outcomes) {
    statuses[String(o.final)] = (statuses[String(o.final)] ?? 0) + 1
    if (o.attempts > 1) tally.retried++
    if (o.replayed) tally.replayed++
    const n = (o.kind === 'create' ? createdCount : updatedCount).get(o.title) ?? 0
    if (n > 1) {
      tally.doubled++
      problems.push(`${o.kind} "${o.title}" (key ${o.key}) is in the database ${n} times`)
    }
    if (typeof o.final === 'number' && o.final < 300) {
      tally.ok++
      if (n !== 1) {
        tally.okButMissing++
        problems.push(`${o.kind} "${o.title}" answered ${o.final} but is in the database ${n} times`)
      }
    } else if (typeof o.final === 'number' && o.final < 500 && !(o.final === 409 && n === 1)) {
      tally.rejected++
    } else if (n === 1) tally.unknownApplied++
    else {
      tally.unknownNotApplied++
      problems.push(`${o.kind} "${o.title}" got no answer in 60 s of retries (last: ${o.final})`)
    }
  }
  summary.push(`writes: ${outcomes.length} sent, statuses ${JSON.stringify(statuses)}, ${JSON.stringify(tally)}`)

  // Convergence: every live client at its case's last seq, nothing missed or doubled.
  const end = performance.now() + 30_000
  let behind = 0
  for (;;) {
    const { rows } = await db.pool.query<{ id: string; last_seq: number }>('select id, last_seq from cases')
    const last = new Map(rows.map((r) => [r.id, r.last_seq]))
    behind = fleet.sockets.filter((s) => s.lastSeq !== last.get(s.spec.caseId)).length
    if (behind === 0 || performance.now() > end) break
    await sleep(250)
  }
  const gaps = fleet.sockets.reduce((n, s) => n + s.gaps, 0)
  const duplicates = fleet.sockets.reduce((n, s) => n + s.duplicates, 0)
  const reconnects = fleet.sockets.reduce((n, s) => n + s.reconnects, 0)
  summary.push(
    `live clients: ${fleet.sockets.length}, not at the final seq ${behind}, gaps ${gaps}, duplicates ${duplicates}, reconnects ${reconnects}`,
  )
  if (behind) problems.push(`${behind} live clients did not reach the final seq of their case within 30 s`)
  if (gaps || duplicates) problems.push(`live clients saw ${gaps} gaps and ${duplicates} duplicates`)
  if (tally.ok === 0) problems.push('no write succeeded at all')
  await fleet.close()
  meant.add(server)
  await server.stop()
}

/** 50 clients × N conflicting PATCHes on 3 items against a server process; checked from the log. */
async function lostUpdatePhase(db: { url: string; pool: pg.Pool }, cookies: Cookies) {
  const clients = 50
  const attempts = Number(process.env.LOST_UPDATE_ATTEMPTS ?? (quick ? 20 : 1000))
  const server = await startServer({
    name: 'lost-update',
    entry: 'server/src/main.ts',
    env: serverEnv(db.url, PUBLIC_URL),
  })
  const c = SHAPE.cases // a case the fault phases did not write to… or did; versions are read first
  const caseId = uid(3, c)
  const cookie = await cookies.of(memberOf(SHAPE, c, 0))
  const itemIds = Array.from({ length: SHAPE.itemsPerCase }, (_, i) => uid(5, itemOf(SHAPE, c, i)))
  const initial = new Map<string, number>()
  const { rows: before } = await db.pool.query<{ id: string; version: number }>(
    'select id::text, version from items where id = any($1::uuid[])',
    [itemIds],
  )
  for (const r of before) initial.set(r.id, r.version)
  const { rows: seqRow } = await db.pool.query<{ last_seq: number }>('select last_seq from cases where id = $1', [
    caseId,
  ])
  const fromSeq = seqRow[0]!.last_seq
  const accepted: AcceptedWrite[] = []
  const codes: Record<string, number> = {}
  const deadline = performance.now() + (quick ? 120_000 : 1_800_000)
  const t0 = performance.now()
  log(`  lost update: ${clients} clients × ${attempts} PATCHes on ${itemIds.length} items`)
  const progress = setInterval(() => {
    const done = Object.values(codes).reduce((a, b) => a + b, 0)
    log(`    ${done}/${clients * attempts} after ${Math.round((performance.now() - t0) / 1000)} s`)
  }, 30_000)
  await Promise.all(
    Array.from({ length: clients }, async (_, w) => {
      const seen = new Map(initial)
      for (let n = 0; n < attempts && performance.now() < deadline; n++) {
        const itemId = itemIds[(w + n) % itemIds.length]!
        const basedOn = seen.get(itemId)!
        const title = `lu-${w}-${n}`
        const body = JSON.stringify({ title })
        let res: Awaited<ReturnType<typeof http>>
        try {
          res = await http(
            `${server.url}/api/cases/${caseId}/items/${itemId}`,
            'PATCH',
            {
              cookie,
              'content-type': 'application/json',
              'content-length': String(Buffer.byteLength(body)),
              'x-requested-with': 'veiligheidsplanner',
              'if-match': `"${basedOn}"`,
            },
            body,
            30_000,
          )
        } catch (err) {
          codes[(err as Error).message] = (codes[(err as Error).message] ?? 0) + 1
          continue
        }
        codes[res.status] = (codes[res.status] ?? 0) + 1
        if (res.status === 200) {
          const v = (JSON.parse(res.body) as { version: number }).version
          accepted.push({ itemId, basedOn, version: v, title })
          seen.set(itemId, v)
        } else if (res.status === 412) {
          seen.set(itemId, (JSON.parse(res.body) as { current: { version: number } }).current.version)
        }
      }
    }),
  )
  clearInterval(progress)
  const seconds = (performance.now() - t0) / 1000
  const { rows: log_ } = await db.pool.query<{ item_id: string; seq: number; version: number; title: unknown }>(
    `select entity_id::text as item_id, seq, (payload->>'version')::int as version, payload->'title' as title
     from case_events where case_id = $1 and type = 'item.updated' and seq > $2 order by seq`,
    [caseId, fromSeq],
  )
  const report = checkLostUpdates(
    initial,
    accepted,
    log_.map((l) => ({ itemId: l.item_id, seq: l.seq, version: l.version, title: l.title })),
  )
  summary.push(
    `lost update: ${clients} clients × ${attempts} PATCHes in ${seconds.toFixed(0)} s, statuses ${JSON.stringify(codes)}; ${report.accepted} accepted, ${report.logged} logged, ${report.problems.length} problems`,
  )
  problems.push(...report.problems)
  const total = Object.values(codes).reduce((a, b) => a + b, 0)
  if (total < clients * attempts)
    problems.push(`lost update: only ${total} of ${clients * attempts} PATCHes finished in time`)
  if (Object.keys(codes).some((k) => !['200', '412'].includes(k)))
    problems.push(`lost update: unexpected answers ${JSON.stringify(codes)}`)
  await server.stop()
}

/**
 * ADR 009: a retry after the server died between committing a change and answering it gets the
 * original answer. Another connection watches for the change's key to become visible (that is, the
 * commit) and the server is killed at once, while it is still answering or before. A fresh server
 * must then replay the original status and body for the same key, and the change exists once.
 */
async function replayPhase(db: { url: string; pool: pg.Pool }, cookies: Cookies) {
  const rounds = quick ? 3 : 10
  let server = await startServer({ name: 'replay', entry: 'server/src/main.ts', env: serverEnv(db.url, PUBLIC_URL) })
  const port = server.port
  const caseId = uid(3, 1)
  const cookie = await cookies.of(memberOf(SHAPE, 1, 0))
  const tally = { rounds, answeredBeforeKill: 0, noAnswerBeforeKill: 0, replayedOriginal: 0 }
  for (let r = 0; r < rounds; r++) {
    const key = `replay-${process.pid}-${r}`
    const title = `replay-${process.pid}-${r}`
    const body = JSON.stringify({ kind: 'signal', step: 2, title, source: 'meldingen' })
    const send = () =>
      http(
        `${server.url}/api/cases/${caseId}/items`,
        'POST',
        {
          cookie,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'x-requested-with': 'veiligheidsplanner',
          'idempotency-key': key,
        },
        body,
        30_000,
      )
    const watcher = await db.pool.connect()
    let committed = false
    const first = send().catch(() => null)
    try {
      const deadline = performance.now() + 20_000
      while (!committed && performance.now() < deadline) {
        const { rows } = await watcher.query('select 1 from idempotency_keys where key = $1', [key])
        committed = rows.length > 0
      }
    } finally {
      watcher.release()
    }
    await server.kill9()
    const original = await first
    if (!committed) {
      problems.push(`replay round ${r}: the change never committed`)
      continue
    }
    if (original) tally.answeredBeforeKill++
    else tally.noAnswerBeforeKill++
    server = await startServer({
      name: `replay-${r}`,
      entry: 'server/src/main.ts',
      port,
      env: serverEnv(db.url, PUBLIC_URL),
    })
    const retry = await send()
    const { rows } = await db.pool.query<{ id: string }>(
      'select id::text from items where case_id = $1 and title = $2 and deleted_at is null',
      [caseId, title],
    )
    const id = retry.status === 201 ? (JSON.parse(retry.body) as { id: string }).id : null
    const sameAsOriginal = !original || (original.status === retry.status && original.body === retry.body)
    if (
      retry.status !== 201 ||
      retry.headers['idempotent-replay'] !== 'true' ||
      !sameAsOriginal ||
      rows.length !== 1 ||
      rows[0]!.id !== id
    ) {
      problems.push(
        `replay round ${r}: the retry answered ${retry.status} (${retry.body.slice(0, 120)}), replay header ` +
          `${retry.headers['idempotent-replay']}, original ${original ? `${original.status}, same body: ${sameAsOriginal}` : 'never received'}; ` +
          `the item is there ${rows.length} time(s)`,
      )
    } else tally.replayedOriginal++
  }
  summary.push(`replay after kill -9 at commit: ${JSON.stringify(tally)}`)
  await server.stop()
}

async function main() {
  pinSelf()
  log(`Fault injection: ${phases.join(', ')}${quick ? ' (quick)' : ''}`)
  const db = await createBenchDatabase()
  try {
    await migrate(db.url)
    await seed(db.pool, SHAPE)
    const cookies = new Cookies(PUBLIC_URL)
    if (phases.some((p) => p === 'kill' || p === 'postgres')) await faultPhases(db, cookies)
    if (phases.includes('lost-update')) await lostUpdatePhase(db, cookies)
    if (phases.includes('replay')) await replayPhase(db, cookies)
  } finally {
    await stopAll()
    await dropAllBenchDatabases()
  }
  log('')
  for (const s of summary) log(s)
  if (problems.length) {
    log(`FAILED: ${problems.length} problem(s)`)
    for (const p of problems.slice(0, 30)) log(`  - ${p}`)
    process.exit(1)
  }
  log('PASSED: every 2xx write is in the database exactly once; every live client converged')
  process.exit(0)
}

main().catch(async (err) => {
  console.error(err)
  await stopAll()
  await dropAllBenchDatabases()
  process.exit(1)
})
