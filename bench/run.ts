#!/usr/bin/env -S node --import tsx
// `npm run bench` runs every benchmark; `npm run bench -- p1 p3` runs some; `--quick` shortens the
// rounds (for a smoke run). Prints one table (target vs measured) and writes bench/results/<time>.json.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { dropAllBenchDatabases } from './lib/pg.ts'
import { hasTaskset, LOAD_CORE, pinSelf, ROOT, SERVER_CORE, stopAll } from './lib/proc.ts'
import { type Ctx, formatTable, type Row, type Scenario, type ScenarioResult } from './lib/report.ts'
import { p1 } from './scenarios/p1-health.ts'
import { p2 } from './scenarios/p2-read.ts'
import { p3 } from './scenarios/p3-writes.ts'
import { p4 } from './scenarios/p4-idle.ts'
import { p5 } from './scenarios/p5-delivery.ts'
import { p6 } from './scenarios/p6-fanout.ts'
import { p7 } from './scenarios/p7-cross.ts'
import { p8 } from './scenarios/p8-reconnect.ts'
import { p9 } from './scenarios/p9-web.ts'
import { p10 } from './scenarios/p10-documents.ts'
import { p11 } from './scenarios/p11-summary.ts'
import { p12 } from './scenarios/p12-reminders.ts'

const ALL: Scenario[] = [p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12]

async function main() {
  const args = process.argv.slice(2)
  const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1'
  const names = args.filter((a) => !a.startsWith('--')).map((a) => a.toUpperCase())
  const unknown = names.filter((n) => !ALL.some((s) => s.id === n))
  if (unknown.length) {
    console.error(`unknown benchmark ${unknown.join(', ')}; known: ${ALL.map((s) => s.id.toLowerCase()).join(', ')}`)
    process.exit(2)
  }
  const chosen = names.length ? ALL.filter((s) => names.includes(s.id)) : ALL
  const pinned = pinSelf()
  const started = new Date()
  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    pinning: pinned ? `load generator on core ${LOAD_CORE}, servers on core ${SERVER_CORE}` : 'none (no taskset)',
    taskset: hasTaskset,
  }
  console.log(`Benchmarks ${chosen.map((s) => s.id).join(', ')}${quick ? ' (quick)' : ''}; ${machine.pinning}`)
  const earlier = new Map<string, ScenarioResult>()
  const ctx: Ctx = { quick, earlier, log: (m) => console.log(m) }
  const rows: Row[] = []
  const results: Record<string, unknown> = {}
  for (const s of chosen) {
    const t0 = Date.now()
    console.log(`\n── ${s.id} ${s.name}`)
    try {
      const r = await s.run(ctx)
      earlier.set(s.id, r)
      rows.push(...r.rows)
      results[s.id] = { ...r, seconds: Math.round((Date.now() - t0) / 1000) }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      console.error(`${s.id} failed: ${message}`)
      rows.push({
        id: s.id,
        what: s.name,
        target: '',
        measured: '',
        pass: null,
        note: `error: ${message.split('\n')[0]}`,
      })
      results[s.id] = { error: message }
    } finally {
      await stopAll()
      await dropAllBenchDatabases()
    }
  }
  const table = formatTable(rows)
  console.log(`\n${table}\n`)
  const dir = join(ROOT, 'bench/results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${started.toISOString().replace(/[:.]/g, '-')}.json`)
  writeFileSync(file, JSON.stringify({ started: started.toISOString(), quick, machine, rows, results }, null, 2))
  console.log(`written ${file}`)
  process.exit(rows.some((r) => r.pass === false) ? 1 : 0)
}

main().catch(async (err) => {
  console.error(err)
  await stopAll()
  await dropAllBenchDatabases()
  process.exit(1)
})
