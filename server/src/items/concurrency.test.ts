import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.ts'
import { createItem as create, threePartiesInStep2 } from '../../test/items.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

/** gemeente (projectleider), politie and woningcorporatie in one case, step 2 open. */
const partnership = () => threePartiesInStep2(t)

describe('concurrent writers', () => {
  it('of many writers with the same version, exactly one wins and every other gets 412', async () => {
    const p = await partnership()
    const item = await create(p.police, p.caseId, { kind: 'signal', step: 2, title: 'Start', source: 'meldingen' })
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? p.police : p.lead).patch(
          `/api/cases/${p.caseId}/items/${item.id}`,
          { title: `Versie ${i}` },
          { 'if-match': '"1"' },
        ),
      ),
    )
    const codes = results.map((r) => r.statusCode).sort()
    expect(codes).toEqual([200, ...Array(9).fill(412)])
    const winner = results.find((r) => r.statusCode === 200)!.json().title
    const losers = results.filter((r) => r.statusCode === 412)
    // Every loser sees the winner's text, so nothing is overwritten silently.
    for (const l of losers) expect(l.json().current).toMatchObject({ title: winner, version: 2 })
  })

  it('loses no accepted write when writers retry on 412: every accepted version follows the one before', async () => {
    const p = await partnership()
    const item = await create(p.police, p.caseId, { kind: 'signal', step: 2, title: 'Start', source: 'meldingen' })
    const writers = 8
    const perWriter = 4
    const accepted: { version: number; title: string }[] = []
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const c = w % 2 ? p.police : p.lead
        for (let n = 0; n < perWriter; n++) {
          for (;;) {
            const current = await c.get(`/api/cases/${p.caseId}/items/${item.id}`)
            const title = `schrijver ${w} wijziging ${n}`
            const res = await c.patch(
              `/api/cases/${p.caseId}/items/${item.id}`,
              { title },
              { 'if-match': current.headers.etag as string },
            )
            if (res.statusCode === 200) {
              accepted.push({ version: res.json().version, title })
              break
            }
            expect(res.statusCode).toBe(412)
          }
        }
      }),
    )
    expect(accepted).toHaveLength(writers * perWriter)
    expect(accepted.map((a) => a.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: writers * perWriter }, (_, i) => i + 2),
    )
    const history = (await p.lead.get(`/api/cases/${p.caseId}/items/${item.id}/history`)).json().items
    const updates = history.filter((h: { type: string }) => h.type === 'item.updated')
    expect(updates.map((h: { version: number }) => h.version)).toEqual(
      Array.from({ length: writers * perWriter }, (_, i) => i + 2),
    )
    // The log holds each accepted text exactly once, in version order.
    const byVersion = new Map(accepted.map((a) => [a.version, a.title]))
    for (const u of updates) expect(u.changes.title).toBe(byVersion.get(u.version))
    const final = (await p.lead.get(`/api/cases/${p.caseId}/items/${item.id}`)).json()
    expect(final.version).toBe(writers * perWriter + 1)
  })
})

describe('Idempotency-Key', () => {
  it('returns the first outcome to a retry and applies nothing twice', async () => {
    const p = await partnership()
    const body = { kind: 'signal', step: 2, title: 'Eén keer', source: 'meldingen' }
    const key = { 'idempotency-key': 'retry-test-0001' }
    const first = await p.police.post(`/api/cases/${p.caseId}/items`, body, key)
    const again = await p.police.post(`/api/cases/${p.caseId}/items`, body, key)
    expect(first.statusCode).toBe(201)
    expect(again.statusCode).toBe(201)
    expect(again.json().id).toBe(first.json().id)
    expect(again.headers['idempotent-replay']).toBe('true')
    const step = (await p.police.get(`/api/cases/${p.caseId}/steps/2`)).json()
    expect(step.items.filter((i: { title: string }) => i.title === 'Eén keer')).toHaveLength(1)
    // The same key on another request is refused; another user may use the same key.
    expect(
      (await p.police.post(`/api/cases/${p.caseId}/items/${first.json().id}/comments`, { body: 'x' }, key)).statusCode,
    ).toBe(409)
    expect((await p.lead.post(`/api/cases/${p.caseId}/items`, { ...body, title: 'Ander' }, key)).statusCode).toBe(201)
  })

  it('a PATCH retried with its key does not bump the version again', async () => {
    const p = await partnership()
    const item = await create(p.police, p.caseId, { kind: 'signal', step: 2, title: 'A', source: 'meldingen' })
    const key = { 'idempotency-key': 'patch-retry-0001', 'if-match': '"1"' }
    const a = await p.police.patch(`/api/cases/${p.caseId}/items/${item.id}`, { title: 'B' }, key)
    const b = await p.police.patch(`/api/cases/${p.caseId}/items/${item.id}`, { title: 'B' }, key)
    expect([a.statusCode, b.statusCode]).toEqual([200, 200])
    expect(b.json().version).toBe(2)
    expect((await p.police.get(`/api/cases/${p.caseId}/items/${item.id}`)).json().version).toBe(2)
  })

  it('a failed first attempt is not remembered: the retry applies', async () => {
    const p = await partnership()
    const key = { 'idempotency-key': 'after-failure-01' }
    const bad = await p.police.post(
      `/api/cases/${p.caseId}/items`,
      { kind: 'measure', step: 3, title: 'x', ownerOrganisationId: p.pol },
      key,
    )
    expect(bad.statusCode).toBe(409)
    const etag = (await p.lead.get(`/api/cases/${p.caseId}/steps/3`)).headers.etag as string
    await p.lead.patch(`/api/cases/${p.caseId}/steps/3`, { status: 'open' }, { 'if-match': etag })
    const ok = await p.police.post(
      `/api/cases/${p.caseId}/items`,
      { kind: 'measure', step: 3, title: 'x', ownerOrganisationId: p.pol },
      key,
    )
    expect(ok.statusCode).toBe(201)
  })
})
