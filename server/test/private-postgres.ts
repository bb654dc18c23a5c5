import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A PostgreSQL server of this test's own (initdb in a temp folder, its own port), so that a test
 * may restart or stop it without disturbing the shared server other test files use.
 */
export interface PrivatePostgres {
  url: string
  restart(): void
  stop(): void
}

const BIN = (() => {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return null
  const version = readdirSync(base).sort().at(-1)
  return version ? join(base, version, 'bin') : null
})()

/** Whether this machine can run a private server (PostgreSQL binaries and a postgres user). */
export const canRunPrivatePostgres =
  BIN !== null && existsSync(join(BIN, 'initdb')) && spawnSync('id', ['postgres']).status === 0

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

/** As root the server must run as the postgres user; otherwise as ourselves. */
function asPostgres(cmd: string, args: string[]) {
  const isRoot = process.getuid?.() === 0
  const file = isRoot ? 'su' : cmd
  const argv = isRoot ? ['postgres', '-s', '/bin/sh', '-c', [cmd, ...args].map((a) => `'${a}'`).join(' ')] : args
  execFileSync(file, argv, { stdio: 'pipe' })
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'vp-pg-'))
  chmodSync(dir, 0o777)
  const data = join(dir, 'data')
  const port = await freePort()
  const ctl = join(BIN!, 'pg_ctl')
  asPostgres(join(BIN!, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'])
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`
  const start = () => asPostgres(ctl, ['-D', data, '-o', options, '-w', '-l', join(dir, 'log'), 'start'])
  start()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: () =>
      asPostgres(ctl, ['-D', data, '-o', options, '-m', 'immediate', '-w', '-l', join(dir, 'log'), 'restart']),
    stop: () => {
      try {
        asPostgres(ctl, ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
