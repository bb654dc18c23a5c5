// Reference for P3: what one core of this machine can do in PostgreSQL round trips through the
// same driver (`pg`) and pool size the server uses, with nothing else in the way. Runs `BENCH_CONNS`
// loops of a one-row primary-key lookup for `BENCH_SECONDS` and prints {"perSecond": n} on stdout.
import pg from 'pg'

const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const loops = Number(process.env.BENCH_CONNS ?? 32)
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 })
const sql = 'select id, last_seq from cases where id = $1'
const { rows } = await pool.query('select id from cases limit 1')
const id = rows[0]?.id ?? '00000000-0000-0000-0000-000000000000'
let done = 0
let counting = false
async function loop(until) {
  while (performance.now() < until) {
    await pool.query(sql, [id])
    if (counting) done++
  }
}
// One second of warm-up, then the measured seconds.
await Promise.all(Array.from({ length: loops }, () => loop(performance.now() + 1000)))
counting = true
const start = performance.now()
await Promise.all(Array.from({ length: loops }, () => loop(start + seconds * 1000)))
const elapsed = (performance.now() - start) / 1000
await pool.end()
console.log(JSON.stringify({ perSecond: done / elapsed }))
