import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { createPostgresDatabase, testDriver } from '../test/db.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
// As npm start runs it: one node process with tsx as an import hook.
const NODE_ARGS = ['--import', 'tsx', 'server/src/main.ts']

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

interface Running {
  proc: ChildProcess
  output: () => string
  stop: () => Promise<number | null>
}

/** Starts `main.ts` as a real process and waits until it prints its URL. */
async function start(env: Record<string, string>): Promise<Running> {
  const proc = spawn(process.execPath, NODE_ARGS, {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  proc.stdout!.on('data', (d) => {
    out += d
  })
  proc.stderr!.on('data', (d) => {
    out += d
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000)
    const check = setInterval(() => {
      if (out.includes('draait op')) {
        clearInterval(check)
        clearTimeout(timer)
        resolve()
      }
    }, 50)
    proc.once('exit', (code) => {
      clearInterval(check)
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${out}`))
    })
  })
  return {
    proc,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        proc.once('exit', (code) => resolve(code))
        proc.kill('SIGTERM')
      }),
  }
}

async function login(port: number, email: string, password: string) {
  return fetch(`http://localhost:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'veiligheidsplanner' },
    body: JSON.stringify({ email, password }),
  })
}

const cleanups: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

describe(`the server process on ${testDriver()}`, () => {
  it('prints the URL and demo logins, signs a demo user in, and keeps the data across a restart', async () => {
    const port = await freePort()
    const env: Record<string, string> = { PORT: String(port), DEMO_PASSWORD: 'demo-wachtwoord-voor-test' }
    if (testDriver() === 'postgres') {
      const pgdb = await createPostgresDatabase()
      cleanups.push(pgdb.drop)
      env.DATABASE_URL = pgdb.url
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'vp-main-'))
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
      env.DATA_DIR = dir
    }

    const first = await start(env)
    cleanups.push(() => void first.proc.kill('SIGKILL'))
    expect(first.output()).toContain(`http://localhost:${port}`)
    expect(first.output()).toContain('gemeente@rivierstede.example')
    expect(first.output()).toContain('/inrichten/')
    const res = await login(port, 'gemeente@rivierstede.example', 'demo-wachtwoord-voor-test')
    expect(res.status).toBe(200)
    expect(((await res.json()) as { user: { name: string } }).user.name).toBe('Iris Brinkhorst')
    expect(await first.stop()).toBe(0)

    const second = await start(env)
    cleanups.push(() => void second.proc.kill('SIGKILL'))
    // Not seeded twice, and the account from the first run still signs in.
    expect(second.output()).not.toContain('Demo-gegevens aangemaakt')
    expect((await login(port, 'politie@rivierstede.example', 'demo-wachtwoord-voor-test')).status).toBe(200)
    expect(await second.stop()).toBe(0)
    // Two real start-ups with migrations and a demo seed: seconds each on a busy 2-core machine.
  }, 90_000)

  it('refuses to start with a wrong setting, naming the variable', async () => {
    const proc = spawn(process.execPath, NODE_ARGS, {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, PORT: 'drieduizend' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let err = ''
    proc.stderr!.on('data', (d) => {
      err += d
    })
    const code = await new Promise((resolve) => proc.once('exit', resolve))
    expect(code).toBe(2)
    expect(err.trim()).toBe(
      'Configuration error: PORT Ongeldige invoer: verwacht getal, ontving NaN (got "drieduizend")',
    )
  })

  it('never seeds demo data when SEED_DEMO=false', async () => {
    const port = await freePort()
    const dir = mkdtempSync(join(tmpdir(), 'vp-noseed-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const env: Record<string, string> = { PORT: String(port), DATA_DIR: dir, SEED_DEMO: 'false' }
    if (testDriver() === 'postgres') {
      const pgdb = await createPostgresDatabase()
      cleanups.push(pgdb.drop)
      env.DATABASE_URL = pgdb.url
    }
    const s = await start(env)
    cleanups.push(() => void s.proc.kill('SIGKILL'))
    expect(s.output()).not.toContain('gemeente@rivierstede.example')
    expect((await login(port, 'gemeente@rivierstede.example', 'Rivierstede-demo-2026')).status).toBe(401)
    await s.stop()
    // A real start-up with migrations: up to the start helper's 60 s on a busy 2-core machine.
  }, 90_000)
})
