#!/usr/bin/env node
// Prints one line, `N passed, N failed`, from one or more vitest JSON reports (the full run on the
// machine's Node, the second run on Node 24) plus extra checks given as name=passed|failed (lint,
// typecheck). A missing or unreadable report counts as one failure.
import { readFileSync } from 'node:fs'

const args = process.argv.slice(2)
const checks = args.filter((a) => /^[\w-]+=/.test(a))
const reports = args.filter((a) => !checks.includes(a))
let passed = 0
let failed = 0
let skipped = 0
for (const reportPath of reports) {
  try {
    const r = JSON.parse(readFileSync(reportPath, 'utf8'))
    passed += r.numPassedTests
    failed += r.numFailedTests
    skipped += r.numPendingTests + (r.numTodoTests ?? 0)
    // A file that fails to load has no tests but is a failure all the same.
    failed += r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length
  } catch {
    failed += 1
  }
}
for (const c of checks) {
  if (c.endsWith('=passed')) passed += 1
  else failed += 1
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
