#!/usr/bin/env node
// `npm run audit:logs`: runs the server test suite with every test app logging at debug into one
// file, then searches that log for what must never be in it: invitation, set-password, set-up and
// session tokens, statement parameters and password hashes. Prints what it found; exits 1 if any.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const log = join(tmpdir(), `vp-audit-${process.pid}.log`)
rmSync(log, { force: true })
const args = ['run', '--project', process.env.AUDIT_PROJECT ?? 'pglite', ...process.argv.slice(2)]
const run = spawnSync(join(root, 'node_modules/.bin/vitest'), args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, VP_AUDIT_LOG: log },
})
if (!existsSync(log)) {
  console.log('audit: no log was written')
  process.exit(1)
}
const text = readFileSync(log, 'utf8')
// A token, not a UUID (ids in paths are fine).
const TOKEN = '(?![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b)[A-Za-z0-9_-]{24,}'
const forbidden = {
  'invitation link token': new RegExp(`/(?:uitnodiging|invitations)/${TOKEN}`),
  'set-password link token': new RegExp(`/(?:password-links|wachtwoord[a-z-]*)/${TOKEN}`),
  'set-up link token': new RegExp(`/(?:inrichten|setup)/${TOKEN}`),
  'session cookie': /vp_session=/,
  'session token (JWT)': /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./,
  'statement parameters': /"params"|params: \[|"parameters"/,
  'password hash': /\$argon2/,
}
let found = 0
for (const [what, re] of Object.entries(forbidden)) {
  const m = re.exec(text)
  if (m) {
    found++
    console.log(`audit: ${what} in the log: …${text.slice(Math.max(0, m.index - 80), m.index + 80)}…`)
  }
}
const lines = text.split('\n').length
console.log(
  `audit: ${lines} log lines at debug searched; ${found ? `${found} kinds of secret found` : 'no secrets found'}`,
)
rmSync(log, { force: true })
process.exit(found || run.status ? 1 : 0)
