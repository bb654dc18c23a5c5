import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const PROBE = join(ROOT, 'bench/lib/probe.mjs')

/** Cores: the server gets one, the load generator (this process) the other, where taskset exists. */
export const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
export const SERVER_CORE = process.env.BENCH_SERVER_CORE ?? '1'
export const LOAD_CORE = process.env.BENCH_LOAD_CORE ?? '0'

/** Pins this process (the load generator) to its core. */
export function pinSelf() {
  if (!hasTaskset) return false
  try {
    execFileSync('taskset', ['-cp', LOAD_CORE, String(process.pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** A port nobody listens on right now (the machine is shared: fixed ports collide). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export interface Server {
  name: string
  port: number
  url: string
  proc: ChildProcess
  pid: number
  logFile: string
  /** Event-loop delay and memory of the window since the last call (needs the probe). */
  probe(): Promise<ProbeResult | null>
  /** RSS of the server process from /proc, in bytes. */
  rss(): number
  /** SIGTERM, then SIGKILL after 10 s; resolves when it is gone. */
  stop(): Promise<void>
  /** kill -9. */
  kill9(): Promise<void>
  exited: Promise<number | null>
}

export interface ProbeResult {
  eventLoopDelayMs: { p50: number; p99: number; max: number }
  rss: number
  heapUsed: number
  external: number
  arrayBuffers: number
}

/**
 * Starts a Node server process pinned to the server core: `node --import tsx <entry>` for our own
 * server (tsx's own bin would put a wrapper process between us and the server, and kill -9 must hit
 * the server), or plain node for the reference servers. Waits until `readyPath` answers 200.
 */
export async function startServer(opts: {
  name: string
  entry: string
  env?: Record<string, string>
  port?: number
  tsx?: boolean
  readyPath?: string
  core?: string
  timeoutMs?: number
}): Promise<Server> {
  const port = opts.port ?? (await freePort())
  const logFile = join(tmpdir(), `vp-bench-${opts.name}-${process.pid}-${port}.log`)
  const probeFile = join(tmpdir(), `vp-bench-probe-${process.pid}-${port}.json`)
  const out = openSync(logFile, 'a')
  // BENCH_PROFILE=1: a CPU profile of every server, summarised when it stops.
  const profileDir = process.env.BENCH_PROFILE ? mkdtempSync(join(tmpdir(), `vp-bench-prof-${opts.name}-`)) : null
  const nodeArgs = [
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ...(opts.tsx === false ? [] : ['--import', 'tsx']),
    '--import',
    PROBE,
    opts.entry,
  ]
  const cmd = hasTaskset ? 'taskset' : process.execPath
  const args = hasTaskset ? ['-c', opts.core ?? SERVER_CORE, process.execPath, ...nodeArgs] : nodeArgs
  const proc = spawn(cmd, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      BENCH_PROBE_FILE: probeFile,
      ...opts.env,
    },
    stdio: ['ignore', out, out],
  })
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000)
  let up = false
  while (Date.now() < deadline && proc.exitCode === null) {
    try {
      const res = await fetch(url + (opts.readyPath ?? '/api/health'), { signal: AbortSignal.timeout(1000) })
      await res.arrayBuffer()
      if (res.status === 200) {
        up = true
        break
      }
    } catch {
      // not yet listening
    }
    await sleep(100)
  }
  if (!up) {
    proc.kill('SIGKILL')
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-3000) : ''
    throw new Error(`${opts.name} did not start on ${url}\n${log}`)
  }
  const pid = proc.pid!
  const server: Server = {
    name: opts.name,
    port,
    url,
    proc,
    pid,
    logFile,
    exited,
    async probe() {
      rmSync(probeFile, { force: true })
      try {
        process.kill(pid, 'SIGUSR2')
      } catch {
        return null
      }
      for (let i = 0; i < 50; i++) {
        await sleep(20)
        if (existsSync(probeFile)) {
          try {
            return JSON.parse(readFileSync(probeFile, 'utf8')) as ProbeResult
          } catch {
            // half written
          }
        }
      }
      return null
    },
    rss() {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8')
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
        return kb * 1024
      } catch {
        return 0
      }
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      proc.kill('SIGTERM')
      const t = setTimeout(() => proc.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(t)
      rmSync(probeFile, { force: true })
      if (profileDir) {
        console.log(`  CPU profile of ${opts.name} (self time, top 20):\n${summariseProfiles(profileDir)}`)
        // BENCH_PROFILE=keep leaves the .cpuprofile files for a closer look (Chrome DevTools).
        if (process.env.BENCH_PROFILE === 'keep') console.log(`  profile kept in ${profileDir}`)
        else rmSync(profileDir, { recursive: true, force: true })
      }
    },
    async kill9() {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      proc.kill('SIGKILL')
      await exited
    },
  }
  running.add(server)
  void exited.then(() => running.delete(server))
  return server
}

const running = new Set<Server>()

/** Stops every server this process started (on exit, error or Ctrl-C). */
export async function stopAll() {
  await Promise.all([...running].map((s) => s.stop().catch(() => {})))
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    void stopAll().finally(() => process.exit(130))
  })
}
process.on('exit', () => {
  for (const s of running) s.proc.kill('SIGKILL')
})

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples: number[]
}

/** The functions with the most self time in the profiles in `dir`, with their package or file. */
export function summariseProfiles(dir: string, top = 20): string {
  const self = new Map<string, number>()
  let total = 0
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile
    const byId = new Map(p.nodes.map((n) => [n.id, n.callFrame]))
    for (const id of p.samples) {
      const cf = byId.get(id)!
      if (cf.functionName === '(idle)') continue
      const where = cf.url.includes('/node_modules/')
        ? cf.url
            .split('/node_modules/')
            .pop()!
            .split('/')
            .slice(0, cf.url.includes('/@') ? 2 : 1)
            .join('/')
        : cf.url.replace(`file://${ROOT}`, '')
      const key = `${cf.functionName || '(anonymous)'} ${where}`
      self.set(key, (self.get(key) ?? 0) + 1)
      total++
    }
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, n]) => `    ${((100 * n) / Math.max(1, total)).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n')
}
