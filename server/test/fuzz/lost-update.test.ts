import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, type Client, createTestApp, openCase, type TestApp } from '../app.ts'
import { type AcceptedWrite, checkLostUpdates, type LoggedUpdate } from './lost-update.ts'
import { rows } from './world.ts'

/**
 * Many clients PATCH the same few items at once, each with the version it last saw, and follow a
 * 412 with the version in its body. Afterwards the event log must show that no accepted write was
 * lost: versions go up by one per accepted write, each based on the version right before it.
 * `npm run fault -- lost-update` runs the full 50 × 1,000 against a server process.
 */
const CLIENTS = Number(process.env.LOST_UPDATE_CLIENTS ?? 50)
const ATTEMPTS = Number(process.env.LOST_UPDATE_ATTEMPTS ?? 4)
const ITEMS = 3

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('conflicting writers', () => {
  it(`of ${CLIENTS} clients × ${ATTEMPTS} PATCHes on ${ITEMS} items, every accepted write follows the version before it`, async () => {
    const gem = await t.make.organisation({ type: 'gemeente' })
    const pol = await t.make.organisation({ type: 'politie' })
    const lead = await t.as(await t.make.user({ organisationId: gem.id }))
    const caseId = await openCase(lead)
    const etag = (await lead.get(`/api/cases/${caseId}/steps/1`)).headers.etag as string
    await lead.patch(`/api/cases/${caseId}/steps/1`, { status: 'closed' }, { 'if-match': etag })
    // Partners of the politie may edit politie items, and the projectleider may edit every item.
    const sessions: Client[] = [lead]
    for (let i = 0; i < 4; i++)
      sessions.push(await addMember(t, lead, caseId, await t.make.user({ organisationId: pol.id })))
    const itemIds: string[] = []
    for (let i = 0; i < ITEMS; i++) {
      const res = await sessions[1]!.post(`/api/cases/${caseId}/items`, {
        kind: 'signal',
        step: 2,
        title: `Begin ${i}`,
        source: 'meldingen',
      })
      expect(res.statusCode, res.body).toBe(201)
      itemIds.push(res.json().id)
    }

    const accepted: AcceptedWrite[] = []
    const codes = new Map<number, number>()
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const client = sessions[c % sessions.length]!
        const seen = new Map<string, number>()
        for (let n = 0; n < ATTEMPTS; n++) {
          const itemId = itemIds[(c + n) % ITEMS]!
          if (!seen.has(itemId)) {
            const got = await client.get(`/api/cases/${caseId}/items/${itemId}`)
            seen.set(itemId, Number(JSON.parse(got.headers.etag as string)))
          }
          const basedOn = seen.get(itemId)!
          const title = `client ${c} attempt ${n}`
          const res = await client.patch(
            `/api/cases/${caseId}/items/${itemId}`,
            { title },
            { 'if-match': `"${basedOn}"` },
          )
          codes.set(res.statusCode, (codes.get(res.statusCode) ?? 0) + 1)
          if (res.statusCode === 200) {
            accepted.push({ itemId, basedOn, version: res.json().version, title })
            seen.set(itemId, res.json().version)
          } else if (res.statusCode === 412) {
            seen.set(itemId, res.json().current.version)
          } else {
            throw new Error(`unexpected ${res.statusCode}: ${res.body}`)
          }
        }
      }),
    )

    const log = await rows<{ item_id: string; seq: number; version: number; title: unknown }>(
      t.testDb.database.db,
      sql`select entity_id as item_id, seq, (payload->>'version')::int as version, payload->'title' as title
          from case_events where case_id = ${caseId} and type = 'item.updated' order by seq`,
    )
    const report = checkLostUpdates(
      new Map(itemIds.map((id) => [id, 1])),
      accepted,
      log.map((l): LoggedUpdate => ({ itemId: l.item_id, seq: l.seq, version: l.version, title: l.title })),
    )
    expect(report.problems).toEqual([])
    expect(codes.get(200)).toBeGreaterThan(ITEMS)
    expect((codes.get(200) ?? 0) + (codes.get(412) ?? 0)).toBe(CLIENTS * ATTEMPTS)
    // And the items end where the log ends.
    for (const id of itemIds) {
      const final = (await lead.get(`/api/cases/${caseId}/items/${id}`)).json()
      expect(final.version).toBe(1 + accepted.filter((a) => a.itemId === id).length)
    }
    // 5–20 s on the shared 2-core machine; the margin is for a busy `npm test`.
  }, 90_000)
})
