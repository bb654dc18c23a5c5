import { openDatabase } from '../../server/src/db/client.ts'
import { scanReminders } from '../../server/src/notifications/reminders.ts'
import { createBenchDatabase } from '../lib/pg.ts'
import type { Scenario } from '../lib/report.ts'
import { migrate, type Shape, seed } from '../lib/seed.ts'
import { round } from '../lib/stats.ts'

/**
 * P12 reminder scan: 10,000 open cases whose open step has a deadline spread from ten days past to
 * ten days ahead (so most are due for some moment), five members each. One scan writes every
 * reminder due; a second scan finds them all written and adds nothing. Time and statements per
 * scan, against a plain count over the same steps measured in the same run.
 */
export const p12: Scenario = {
  id: 'P12',
  name: 'reminder scan, 10,000 open cases',
  async run(ctx) {
    const shape: Shape = { organisations: 50, users: 5000, cases: 10_000, membersPerCase: 5, itemsPerCase: 0 }
    const pgdb = await createBenchDatabase()
    try {
      await migrate(pgdb.url)
      const seedMs = await seed(pgdb.pool, shape)
      // Deadlines a few minutes apart over twenty days: every moment (7d, 1d, due, overdue) occurs.
      await pgdb.pool.query(
        `update case_steps set deadline = now() - interval '10 days' + (hashtext(case_id::text) & 1023) * interval '20 days' / 1024
         where status = 'open'`,
      )
      await pgdb.pool.query('analyze case_steps')
      ctx.log(`seeded ${shape.cases} cases in ${seedMs} ms`)

      const database = await openDatabase({ url: pgdb.url, poolSize: 4 })
      try {
        const referenceStarted = performance.now()
        const ref = await database.pool!.query(
          `select count(*)::int as n from case_steps cs join cases c on c.id = cs.case_id
           where c.status = 'active' and cs.status = 'open' and cs.deadline is not null`,
        )
        const referenceMs = performance.now() - referenceStarted
        const scans: { ms: number; statements: number; found: number; written: number }[] = []
        for (let i = 0; i < 2; i++) {
          const before = database.queryCount()
          const started = performance.now()
          const r = await scanReminders(database.db, new Date())
          scans.push({ ms: performance.now() - started, statements: database.queryCount() - before, ...r })
          ctx.log(`scan ${i + 1}: ${round(scans[i]!.ms)} ms, ${scans[i]!.statements} statements, ${r.written} written`)
        }
        const [first, second] = scans as [(typeof scans)[0], (typeof scans)[0]]
        return {
          rows: [
            {
              id: 'P12',
              what: 'reminder scan, 10,000 open cases (first scan)',
              target: 'one query per kind',
              measured: `${round(first.ms)} ms, ${first.statements} statements, ${first.written} reminders`,
              pass: null,
              note: `again: ${round(second.ms)} ms, ${second.statements} statements, ${second.written} written; reference count(*) over the same ${ref.rows[0].n} steps ${round(referenceMs)} ms`,
            },
          ],
          data: { shape, seedMs, referenceMs, openSteps: ref.rows[0].n, scans },
        }
      } finally {
        await database.close()
      }
    } finally {
      await pgdb.drop()
    }
  },
}
