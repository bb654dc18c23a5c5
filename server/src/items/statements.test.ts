import { ItemSchema } from '@vp/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.ts'
import { createItem as create, threePartiesInStep2 } from '../../test/items.ts'
import { items, signals } from '../db/schema.ts'

let t: TestApp
// Statements are counted: a session cache expiring between two measurements on a busy machine
// would add a session read to one of them, so it outlives the test.
beforeAll(async () => {
  t = await createTestApp({ SESSION_CACHE_SECONDS: '60' })
})
afterAll(() => t.close())

/** gemeente (projectleider), politie and woningcorporatie in one case, step 2 open. */
const partnership = () => threePartiesInStep2(t)

describe('a case with many items', () => {
  it('answers the step page and the dashboard with the same number of queries for 50 and for 500 items', async () => {
    const p = await partnership()
    const db = t.testDb.database.db
    const author = (await p.police.get('/api/auth/me')).json().user
    const addSignals = async (n: number) => {
      const rows = await db
        .insert(items)
        .values(
          Array.from({ length: n }, (_, i) => ({
            caseId: p.caseId,
            kind: 'signal' as const,
            step: 2,
            title: `Signaal ${i}`,
            authorOrganisationId: p.pol,
            authorUserId: author.id,
          })),
        )
        .returning({ id: items.id })
      await db
        .insert(signals)
        .values(rows.map((r) => ({ itemId: r.id, source: 'meldingen' as const, reliability: 'bevestigd' as const })))
    }
    const queriesFor = async (url: string) => {
      const before = t.testDb.database.queryCount()
      const res = await p.housing.get(url)
      expect(res.statusCode).toBe(200)
      return t.testDb.database.queryCount() - before
    }
    await addSignals(50)
    const small = {
      step: await queriesFor(`/api/cases/${p.caseId}/steps/2`),
      dash: await queriesFor(`/api/cases/${p.caseId}/dashboard`),
    }
    await addSignals(450)
    const large = {
      step: await queriesFor(`/api/cases/${p.caseId}/steps/2`),
      dash: await queriesFor(`/api/cases/${p.caseId}/dashboard`),
    }
    expect((await p.housing.get(`/api/cases/${p.caseId}/steps/2`)).json().items).toHaveLength(500)
    expect(large).toEqual(small)
    expect(large.step).toBeLessThan(30)
    expect(large.dash).toBeLessThan(30)
  })

  it('changes an item with a small, fixed number of statements, the session read once per burst', async () => {
    const p = await partnership()
    const signal = await create(p.police, p.caseId, { kind: 'signal', step: 2, title: 'Overlast', source: 'meldingen' })
    const url = `/api/cases/${p.caseId}/items/${signal.id}`
    let version = signal.version
    const statementsFor = async (body: Record<string, unknown>) => {
      const before = t.testDb.database.queryCount()
      const res = await p.police.patch(url, body, { 'if-match': `"${version}"` })
      expect(res.statusCode).toBe(200)
      version = ItemSchema.parse(res.json()).version
      return t.testDb.database.queryCount() - before
    }
    await statementsFor({ title: 'Eerste' })
    // Membership, the item with everything it shows (one statement), then the transaction: case
    // and step, the versioned update, the event (seq, row and notice in one statement). The answer
    // needs no second load. A change took 57 statements before this was measured.
    expect(await statementsFor({ title: 'Tweede' })).toBeLessThanOrEqual(7)
    expect(await statementsFor({ title: 'Derde', figure: 12 })).toBeLessThanOrEqual(8)
  })

  it('answers a change with exactly what a fresh read of the item shows, for every kind of change', async () => {
    const p = await partnership()
    for (const step of [2, 3, 4, 5]) {
      const etag = (await p.lead.get(`/api/cases/${p.caseId}/steps/${step}`)).headers.etag as string
      await p.lead.patch(`/api/cases/${p.caseId}/steps/${step}`, { status: 'open' }, { 'if-match': etag })
    }
    const sub = await create(p.lead, p.caseId, { kind: 'subproblem', step: 2, title: 'Jeugd' })
    const sub2 = await create(p.lead, p.caseId, { kind: 'subproblem', step: 2, title: 'Onderhoud' })
    const signal = await create(p.police, p.caseId, {
      kind: 'signal',
      step: 2,
      title: 'Meldingen',
      source: 'meldingen',
    })
    await p.police.put(`/api/cases/${p.caseId}/items/${signal.id}/rating`, { score: 4 }, { 'if-match': '"0"' })
    const measure = await create(p.lead, p.caseId, {
      kind: 'measure',
      step: 3,
      title: 'BOA-surveillance',
      ownerOrganisationId: p.gem,
      effect: 'deels',
      subproblemIds: [sub.id],
    })
    const goal = await create(p.lead, p.caseId, {
      kind: 'goal',
      step: 4,
      title: 'Minder overlast',
      indicator: 'Meldingen',
      unit: 'per maand',
      direction: 'lager',
      baseline: 14,
      target: 8,
      subproblemIds: [sub.id],
    })
    const action = await create(p.lead, p.caseId, {
      kind: 'action',
      step: 5,
      title: 'Straatcoaches',
      trekkerOrganisationId: p.gem,
      participants: [{ organisationId: p.gem, hours: 10 }],
      cost: 1000,
      goalIds: [goal.id],
    })
    const changes: [typeof signal, Record<string, unknown>][] = [
      [signal, { title: 'Meldingen 2026', figure: 42.5, figureUnit: 'per maand', audience: [p.pol, p.gem] }],
      [measure, { subproblemIds: [sub2.id, sub.id, sub2.id], yearlyCost: 18400, description: 'Vrijdag en zaterdag' }],
      [goal, { baseline: 15, baselineDate: '2026-01-01', targetDate: '2026-12-31' }],
      [action, { cost: 2500, dueDate: '2027-06-30' }],
      [
        action,
        {
          participants: [
            { organisationId: p.gem, hours: 10 },
            { organisationId: p.pol, hours: 4 },
          ],
        },
      ],
    ]
    const sortLinks = (x: Record<string, unknown>) => {
      const fields = { ...(x.fields as Record<string, unknown>) }
      for (const k of ['signalIds', 'subproblemIds', 'goalIds'])
        if (Array.isArray(fields[k])) fields[k] = [...(fields[k] as string[])].sort()
      return { ...x, fields }
    }
    for (const [item, body] of changes) {
      const url = `/api/cases/${p.caseId}/items/${item.id}`
      const etag = (await p.lead.get(url)).headers.etag as string
      const res = await (item.authorOrganisation.id === p.pol ? p.police : p.lead).patch(url, body, {
        'if-match': etag,
      })
      expect(res.statusCode, res.body).toBe(200)
      const read = await p.lead.get(url)
      expect(res.headers.etag).toBe(read.headers.etag)
      const answered = sortLinks(res.json())
      expect(answered).toEqual(sortLinks(read.json()))
    }
  })
})
