import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, openCase, type TestApp } from '../../test/app.ts'
import { testDriver } from '../../test/db.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent, EVENTS_CHANNEL } from './append.ts'

let t: TestApp
const received: string[] = []
let stop: () => Promise<void>

beforeAll(async () => {
  t = await createTestApp()
  if (testDriver() === 'postgres') {
    // A separate connection, as another server instance would have.
    const client = new pg.Client({ connectionString: t.testDb.url! })
    await client.connect()
    client.on('notification', (n) => received.push(n.payload ?? ''))
    await client.query(`listen ${EVENTS_CHANNEL}`)
    stop = () => client.end()
  } else {
    const unlisten = await t.testDb.database.pglite!.listen(EVENTS_CHANNEL, (payload) => received.push(payload))
    stop = unlisten
  }
})
afterAll(async () => {
  await stop()
  await t.close()
})

const waitFor = async (pred: () => boolean, ms = 3000) => {
  const end = Date.now() + ms
  while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
}

describe(`the wake-up on ${testDriver()}`, () => {
  it('announces each committed event as <caseId>:<seq>, in order', async () => {
    const lead = await t.as(await t.make.user())
    const caseId = await openCase(lead)
    await waitFor(() => received.filter((p) => p.startsWith(caseId)).length >= 2)
    expect(received.filter((p) => p.startsWith(caseId))).toEqual([`${caseId}:1`, `${caseId}:2`])
  })

  it('says nothing about a change that was rolled back', async () => {
    const lead = await t.as(await t.make.user())
    const caseId = await openCase(lead)
    await expect(
      inTransaction(t.testDb.database.db, async (tx) => {
        await appendEvent(tx, { caseId, type: 'test.rolled_back', actor: null, entityType: 'case', entityId: caseId })
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    // A later committed event gets the next seq: the rolled-back one left no gap.
    await inTransaction(t.testDb.database.db, (tx) =>
      appendEvent(tx, { caseId, type: 'test.committed', actor: null, entityType: 'case', entityId: caseId }),
    )
    await waitFor(() => received.includes(`${caseId}:3`))
    expect(received.filter((p) => p.startsWith(caseId))).toEqual([`${caseId}:1`, `${caseId}:2`, `${caseId}:3`])
  })
})
