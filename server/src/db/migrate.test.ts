import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestDatabase, testDriver } from '../../test/db.ts'
import { openDatabase } from './client.ts'
import { migrateDatabase } from './migrate.ts'
import { organisations } from './schema.ts'

const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const c of cleanups) await c()
})

async function tables(db: Awaited<ReturnType<typeof createTestDatabase>>['database']['db']) {
  // Both drivers answer with `{ rows }`; the shared database type does not say so.
  const res = (await db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  )) as unknown as { rows: { table_name: string }[] }
  return res.rows.map((r) => r.table_name)
}

describe(`migrations on ${testDriver()}`, () => {
  it('create every table on an empty database, and a second run changes nothing', async () => {
    const t = await createTestDatabase({ migrate: false })
    cleanups.push(t.close)
    expect(await tables(t.database.db)).toEqual([])
    await migrateDatabase(t.database)
    const after = await tables(t.database.db)
    expect(after).toEqual(
      expect.arrayContaining(['organisations', 'users', 'sessions', 'settings', 'single_use_tokens']),
    )
    await t.database.db.insert(organisations).values({ name: 'Blijft staan', type: 'overig' })
    await migrateDatabase(t.database)
    expect(await tables(t.database.db)).toEqual(after)
    expect(await t.database.db.select().from(organisations)).toHaveLength(1)
  })

  it.runIf(testDriver() === 'postgres')('are safe when several instances migrate at the same time', async () => {
    const t = await createTestDatabase({ migrate: false })
    cleanups.push(t.close)
    const others = await Promise.all([1, 2, 3].map(() => openDatabase({ url: t.url!, poolSize: 2 })))
    try {
      await Promise.all([t.database, ...others].map((d) => migrateDatabase(d)))
      expect(await tables(t.database.db)).toContain('users')
    } finally {
      await Promise.all(others.map((d) => d.close()))
    }
  })

  it.runIf(testDriver() === 'pglite')('keep embedded data on disk across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vp-pglite-'))
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
    const first = await openDatabase({ dataDir: dir })
    await migrateDatabase(first)
    await first.db.insert(organisations).values({ name: 'Gemeente Rivierstede', type: 'gemeente' })
    await first.close()
    const second = await openDatabase({ dataDir: dir })
    await migrateDatabase(second)
    expect((await second.db.select().from(organisations)).map((o) => o.name)).toEqual(['Gemeente Rivierstede'])
    await second.close()
  })
})
