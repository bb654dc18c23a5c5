#!/usr/bin/env node
// `npm test`: every vitest project (unit, pglite, postgres, e2e) in one run. Extra arguments go to
// vitest, e.g. `npm test -- --project pglite`. The JSON report feeds the CI summary line.
// vitest runs on the Node that runs this script (process.execPath), not on whichever `node` comes
// first on PATH, so `.ci/run` can run the suites once more on Node 24.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const report = process.env.VITEST_JSON_REPORT ?? join(root, '.vitest-results.json')
const vitest = join(root, 'node_modules/vitest/vitest.mjs')
const args = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]
const r = spawnSync(process.execPath, [vitest, ...args], { cwd: root, stdio: 'inherit' })
process.exit(r.status ?? 1)
