#!/usr/bin/env node
// `npm test`: every vitest project (unit, pglite, postgres, e2e) in one run. Extra arguments go to
// vitest, e.g. `npm test -- --project pglite`. The JSON report feeds the CI summary line.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const report = process.env.VITEST_JSON_REPORT ?? join(root, '.vitest-results.json')
const args = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]
const r = spawnSync(join(root, 'node_modules/.bin/vitest'), args, { cwd: root, stdio: 'inherit' })
process.exit(r.status ?? 1)
