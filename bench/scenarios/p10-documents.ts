import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream, mkdtempSync, openAsBlob, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type pg from 'pg'
import { openDatabase } from '../../server/src/db/client.ts'
import { migrateDatabase } from '../../server/src/db/migrate.ts'
import { createBenchDatabase } from '../lib/pg.ts'
import { type ProbeResult, type Server, sleep, startServer } from '../lib/proc.ts'
import type { Row, Scenario } from '../lib/report.ts'
import { Cookies, memberOf, migrate, type Shape, seed, serverEnv, uid } from '../lib/seed.ts'
import { median, round } from '../lib/stats.ts'

const PUBLIC_URL = 'http://127.0.0.1:8080'
const MB = 1024 * 1024
/** The file of the issue's promise: "a 50 MB upload must not add 50 MB of heap". */
const FILE_BYTES = 50 * MB
/** Heap and buffers together may grow this much during the upload (a fraction of the file). */
const HEAP_TARGET_BYTES = 20 * MB
const SHAPE: Shape = { organisations: 2, users: 2, cases: 1, membersPerCase: 2, itemsPerCase: 0 }
const CASE_ID = uid(3, 1)

/**
 * A valid PDF of `bytes` bytes: catalog, one empty page and a stream object of random bytes that
 * fills the rest (incompressible, as scans and photos are), with a correct cross-reference table.
 * The server takes the type from the bytes, so padding a text file with noise would be refused.
 */
async function writePaddedPdf(path: string, bytes: number) {
  const head = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'
  const objects = [
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
    '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n',
    '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n',
  ]
  const offsets: number[] = []
  let at = Buffer.byteLength(head, 'latin1')
  for (const o of objects) {
    offsets.push(at)
    at += Buffer.byteLength(o, 'latin1')
  }
  // The tail's length depends only on the offsets' fixed-width fields, so measure it with a dummy.
  const tail = (streamAt: number, xrefAt: number) =>
    '\nendstream\nendobj\n' +
    `xref\n0 5\n0000000000 65535 f \n${[...offsets, streamAt].map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}` +
    `trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`
  const streamAt = at
  const open = (length: number) => `4 0 obj\n<< /Length ${length} >>\nstream\n`
  // Solve for the stream length: everything else is fixed once the digits of the numbers are.
  let length = bytes - at - open(bytes).length - tail(streamAt, bytes).length
  length = bytes - at - open(length).length - tail(streamAt, bytes).length
  const xrefAt = streamAt + open(length).length + length + '\nendstream\nendobj\n'.length
  async function* parts() {
    yield Buffer.from(head + objects.join('') + open(length), 'latin1')
    for (let left = length; left > 0; left -= MB) yield randomBytes(Math.min(MB, left))
    yield Buffer.from(tail(streamAt, xrefAt), 'latin1')
  }
  await pipeline(Readable.from(parts()), createWriteStream(path))
  return statSync(path).size
}

/** The reference: the same bytes copied to disk by a stream pipe, as the server handles an upload. */
async function streamCopy(from: string, to: string) {
  const started = performance.now()
  await pipeline(createReadStream(from), createWriteStream(to))
  return performance.now() - started
}

async function sha256Of(path: string) {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}

interface Peaks {
  rss: number
  heapUsed: number
  /** Buffers and, on PGlite, the database's WebAssembly memory: outside the JS heap. */
  external: number
}

interface Sampled {
  peak: Peaks
  samples: number
}

/** Samples the server's memory through the probe until `done` settles; the peak of each figure. */
async function sampleWhile(server: Server, done: Promise<unknown>): Promise<Sampled> {
  let finished = false
  void done.finally(() => {
    finished = true
  })
  const peak: Peaks = { rss: 0, heapUsed: 0, external: 0 }
  let samples = 0
  while (!finished) {
    const p = await server.probe()
    if (p) {
      samples++
      peak.rss = Math.max(peak.rss, p.rss)
      peak.heapUsed = Math.max(peak.heapUsed, p.heapUsed)
      peak.external = Math.max(peak.external, p.external)
    }
    await sleep(25)
  }
  return { peak, samples }
}

async function upload(server: Server, cookie: string, file: string, fileName: string) {
  const form = new FormData()
  form.set('title', fileName)
  form.set('file', await openAsBlob(file, { type: 'application/pdf' }), fileName)
  const res = await fetch(`${server.url}/api/cases/${CASE_ID}/documents`, {
    method: 'POST',
    headers: { cookie, 'x-requested-with': 'veiligheidsplanner' },
    body: form,
  })
  const text = await res.text()
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${text.slice(0, 300)}`)
  return JSON.parse(text) as { id: string; sha256: string; size: number }
}

async function download(server: Server, cookie: string, documentId: string, to: string) {
  const res = await fetch(`${server.url}/api/cases/${CASE_ID}/documents/${documentId}/content`, { headers: { cookie } })
  if (res.status !== 200 || !res.body) throw new Error(`download answered ${res.status}`)
  await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), createWriteStream(to))
}

/** Settles the heap after start-up and the warm-up, then reads the idle figures. */
async function idle(server: Server) {
  await sleep(1000)
  await server.probe()
  const p = await server.probe()
  if (!p) throw new Error('the probe did not answer')
  return p
}

interface Variant {
  name: 'PostgreSQL' | 'PGlite'
  start(): Promise<Server>
  cleanup(): Promise<void>
}

/** A fresh PostgreSQL database with one case of two members, seeded by SQL (bench/lib/seed.ts). */
async function postgresVariant(): Promise<Variant> {
  const db = await createBenchDatabase()
  await migrate(db.url)
  await seed(db.pool, SHAPE)
  return {
    name: 'PostgreSQL',
    start: () => startServer({ name: 'p10-pg', entry: 'server/src/main.ts', env: serverEnv(db.url, PUBLIC_URL) }),
    cleanup: () => db.drop(),
  }
}

/** The same case in an embedded database, seeded before the server opens it (PGlite has one user). */
async function pgliteVariant(): Promise<Variant> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vp-bench-p10-'))
  const database = await openDatabase({ dataDir })
  try {
    await migrateDatabase(database)
    const pglite = database.pglite!
    // seed() needs only `query(text, values)`, which PGlite answers the same way.
    const pool = { query: (text: string, values: unknown[]) => pglite.query(text, values) }
    await seed(pool as unknown as pg.Pool, SHAPE)
  } finally {
    await database.close()
  }
  return {
    name: 'PGlite',
    start: () =>
      startServer({
        name: 'p10-pglite',
        entry: 'server/src/main.ts',
        env: serverEnv(undefined, PUBLIC_URL, { DATA_DIR: dataDir }),
      }),
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  }
}

const mbps = (bytes: number, ms: number) => bytes / MB / (ms / 1000)

/**
 * P10 documents: a 50 MB PDF uploaded through `POST /api/cases/:caseId/documents` and downloaded
 * again, on PostgreSQL and on PGlite, against a stream copy of the same file on the same disk in
 * the same round; and the server's memory while it takes the upload, sampled through the probe,
 * against its idle figures after a warm-up upload.
 */
export const p10: Scenario = {
  id: 'P10',
  name: 'documents: 50 MB upload and download, server memory',
  async run(ctx) {
    const rounds = ctx.quick ? 1 : 3
    const dir = mkdtempSync(join(tmpdir(), 'vp-bench-p10-files-'))
    const rows: Row[] = []
    const data: Record<string, unknown> = {}
    try {
      const file = join(dir, 'groot-rapport.pdf')
      const size = await writePaddedPdf(file, FILE_BYTES)
      const small = join(dir, 'klein.pdf')
      await writePaddedPdf(small, 64 * 1024)
      const sha256 = await sha256Of(file)
      const cookie = await new Cookies(PUBLIC_URL).of(memberOf(SHAPE, 1, 0))

      for (const make of [postgresVariant, pgliteVariant]) {
        const variant = await make()
        const server = await variant.start()
        const runs: { up: number; down: number; copyUp: number; copyDown: number }[] = []
        const memory: { idle: ProbeResult; peak: Sampled['peak']; samples: number }[] = []
        try {
          await upload(server, cookie, small, 'opwarmen.pdf')
          for (let r = 0; r < rounds; r++) {
            const idleNow = await idle(server)
            const copyUp = await streamCopy(file, join(dir, `kopie-${r}.pdf`))
            const started = performance.now()
            const uploading = upload(server, cookie, file, `rapport-${r + 1}.pdf`)
            const sampled = await sampleWhile(server, uploading)
            const created = await uploading
            const up = performance.now() - started
            if (created.size !== size || created.sha256 !== sha256) throw new Error('the server stored other bytes')

            const copyDown = await streamCopy(file, join(dir, `kopie-${r}b.pdf`))
            const back = join(dir, `terug-${r}.pdf`)
            const downStarted = performance.now()
            await download(server, cookie, created.id, back)
            const down = performance.now() - downStarted
            if ((await sha256Of(back)) !== sha256) throw new Error('the download differs from the upload')
            for (const f of [`kopie-${r}.pdf`, `kopie-${r}b.pdf`, `terug-${r}.pdf`]) rmSync(join(dir, f))

            runs.push({ up, down, copyUp, copyDown })
            memory.push({ idle: idleNow, peak: sampled.peak, samples: sampled.samples })
            ctx.log(
              `  ${variant.name} round ${r + 1}: upload ${round(mbps(size, up), 1)} MB/s, download ${round(mbps(size, down), 1)} MB/s, ` +
                `copy ${round(mbps(size, copyUp), 1)}/${round(mbps(size, copyDown), 1)} MB/s; heap ${round(idleNow.heapUsed / MB, 1)} → ${round(sampled.peak.heapUsed / MB, 1)} MB, ` +
                `external ${round(idleNow.external / MB, 1)} → ${round(sampled.peak.external / MB, 1)} MB, RSS ${round(idleNow.rss / MB, 1)} → ${round(sampled.peak.rss / MB, 1)} MB (${sampled.samples} samples)`,
            )
          }
        } finally {
          await server.stop()
          await variant.cleanup()
        }
        const upRatio = median(runs.map((x) => x.copyUp / x.up))
        const downRatio = median(runs.map((x) => x.copyDown / x.down))
        const upMbps = median(runs.map((x) => mbps(size, x.up)))
        const downMbps = median(runs.map((x) => mbps(size, x.down)))
        const copyMbps = median(runs.flatMap((x) => [mbps(size, x.copyUp), mbps(size, x.copyDown)]))
        const growth = (of: keyof Peaks) => Math.max(...memory.map((m) => m.peak[of] - m.idle[of]))
        const idleOf = (of: keyof Peaks) => round(median(memory.map((m) => m.idle[of])) / MB, 1)
        const heapGrowth = growth('heapUsed')
        const externalGrowth = growth('external')
        const rssGrowth = growth('rss')
        rows.push(
          {
            id: 'P10',
            what: `50 MB upload (${variant.name}) / stream copy on disk`,
            target: 'report',
            measured: `${round(upMbps, 1)} MB/s (${round(upRatio)}× copy)`,
            pass: null,
            note: `copy ${round(copyMbps, 1)} MB/s; median of ${rounds}`,
          },
          {
            id: 'P10',
            what: `50 MB download (${variant.name}) / stream copy on disk`,
            target: 'report',
            measured: `${round(downMbps, 1)} MB/s (${round(downRatio)}× copy)`,
            pass: null,
          },
          {
            id: 'P10',
            what: `peak heap growth during a 50 MB upload (${variant.name})`,
            target: `< ${HEAP_TARGET_BYTES / MB} MB`,
            measured: `+${round(heapGrowth / MB, 1)} MB`,
            pass: heapGrowth < HEAP_TARGET_BYTES,
            note: `heapUsed, idle ${idleOf('heapUsed')} MB after a warm-up upload; highest of ${rounds} uploads`,
          },
          {
            id: 'P10',
            what: `peak RSS growth during a 50 MB upload (${variant.name})`,
            target: 'report',
            measured: `+${round(rssGrowth / MB, 1)} MB`,
            pass: null,
            note: `idle ${idleOf('rss')} MB; outside the heap (Buffers${variant.name === 'PGlite' ? ', the database’s WebAssembly memory' : ''}) +${round(externalGrowth / MB, 1)} MB from ${idleOf('external')} MB`,
          },
        )
        data[variant.name] = { runs, memory, upRatio, downRatio, heapGrowth, externalGrowth, rssGrowth }
      }
      return { rows, data: { fileBytes: size, ...data } }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
