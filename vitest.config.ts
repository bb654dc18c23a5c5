import { Socket } from 'node:net'
import { defineConfig } from 'vitest/config'

/**
 * Test projects:
 * - unit: pure code (shared/, *.unit.test.ts), no database;
 * - pglite / postgres: every database test, once on embedded PGlite and once on PostgreSQL
 *   (TEST_DATABASE_URL, default the local server); the postgres run is skipped, and says so,
 *   when no server answers;
 * - e2e: real browser journeys against a real server (tests/e2e).
 */
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

function reachable(url: string, timeoutMs = 1500): Promise<boolean> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = new Socket()
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('error', () => done(false))
    socket.connect(Number(port || 5432), hostname, () => done(true))
  })
}

export default defineConfig(async () => {
  const hasPostgres = process.env.SKIP_POSTGRES !== '1' && (await reachable(TEST_DATABASE_URL))
  if (!hasPostgres) {
    console.warn(`\n*** PostgreSQL not reachable at ${TEST_DATABASE_URL}: the PostgreSQL run is SKIPPED ***\n`)
  }
  const dbTests = ['server/**/*.test.ts']
  const notDb = ['server/**/*.unit.test.ts', '**/node_modules/**']
  const common = { testTimeout: 30_000, hookTimeout: 60_000, setupFiles: ['server/test/setup.ts'] }
  return {
    test: {
      maxWorkers: 2,
      projects: [
        {
          test: {
            ...common,
            name: 'unit',
            include: ['shared/**/*.test.ts', 'server/**/*.unit.test.ts', 'web/**/*.unit.test.ts'],
          },
        },
        { test: { ...common, name: 'pglite', include: dbTests, exclude: notDb, env: { TEST_DB: 'pglite' } } },
        ...(hasPostgres
          ? [
              {
                test: {
                  ...common,
                  name: 'postgres',
                  include: dbTests,
                  exclude: notDb,
                  env: { TEST_DB: 'postgres', TEST_DATABASE_URL },
                },
              },
            ]
          : []),
        {
          test: {
            ...common,
            name: 'e2e',
            include: ['tests/e2e/**/*.test.ts'],
            testTimeout: 90_000,
            hookTimeout: 180_000,
            fileParallelism: false,
          },
        },
      ],
    },
  }
})
