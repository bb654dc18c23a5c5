import { ItemSchema } from '@vp/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, type Client, createTestApp, openCase, type TestApp } from '../../test/app.ts'
import { items, signals } from '../db/schema.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

async function partnership() {
  const gem = await t.make.organisation({ type: 'gemeente' })
  const pol = await t.make.organisation({ type: 'politie' })
  const won = await t.make.organisation({ type: 'woningcorporatie' })
  const lead = await t.as(await t.make.user({ organisationId: gem.id }))
  const caseId = await openCase(lead)
  const police = await addMember(t, lead, caseId, await t.make.user({ organisationId: pol.id }))
  const housing = await addMember(t, lead, caseId, await t.make.user({ organisationId: won.id }))
  const etag = (await lead.get(`/api/cases/${caseId}/steps/1`)).headers.etag as string
  await lead.patch(`/api/cases/${caseId}/steps/1`, { status: 'closed' }, { 'if-match': etag })
  return { lead, police, housing, caseId, gem: gem.id, pol: pol.id, won: won.id }
}

async function create(c: Client, caseId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await c.post(`/api/cases/${caseId}/items`, body, headers)
  if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`)
  return ItemSchema.parse(res.json())
}

describe('an item limited to named organisations', () => {
  it('never reaches a member outside its audience, on any read path', async () => {
    const p = await partnership()
    const SECRET = 'Vermoedelijke drugshandel trappenhuis parkeergarage'
    const restricted = await create(p.police, p.caseId, {
      kind: 'subproblem',
      step: 2,
      title: SECRET,
      description: 'Alleen voor de driehoek',
      audience: [p.gem, p.pol],
    })
    await p.lead.post(`/api/cases/${p.caseId}/items/${restricted.id}/comments`, { body: `Reactie over ${SECRET}` })
    await p.police.put(`/api/cases/${p.caseId}/items/${restricted.id}/rating`, { score: 5 }, { 'if-match': '"0"' })
    await p.police.patch(
      `/api/cases/${p.caseId}/items/${restricted.id}`,
      { description: `Nieuw: ${SECRET}` },
      { 'if-match': '"1"' },
    )

    const outsider = p.housing
    const reads = [
      `/api/cases/${p.caseId}/steps/2`,
      `/api/cases/${p.caseId}/items/${restricted.id}`,
      `/api/cases/${p.caseId}/items/${restricted.id}/history`,
      `/api/cases/${p.caseId}/activity?limit=200`,
      `/api/cases/${p.caseId}/dashboard`,
      `/api/cases/${p.caseId}/items/${restricted.id}/comments`,
      `/api/cases/${p.caseId}`,
      '/api/me/agenda',
    ]
    for (const url of reads) {
      const res = await outsider.get(url)
      expect(res.body, url).not.toContain('drugshandel')
      expect(res.body, url).not.toContain('driehoek')
    }
    // What the outsider does see: that it exists, from whom and when.
    const placeholder = (await outsider.get(`/api/cases/${p.caseId}/items/${restricted.id}`)).json()
    expect(placeholder).toEqual({
      id: restricted.id,
      caseId: p.caseId,
      kind: 'subproblem',
      step: 2,
      restricted: true,
      authorOrganisation: expect.objectContaining({ id: p.pol }),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    const step = (await outsider.get(`/api/cases/${p.caseId}/steps/2`)).json()
    expect(step.items.find((i: { id: string }) => i.id === restricted.id).restricted).toBe(true)
    const activity = (await outsider.get(`/api/cases/${p.caseId}/activity?limit=200`)).json().items
    const about = activity.filter((e: { entityId: string }) => e.entityId === restricted.id)
    expect(about.length).toBe(4)
    expect(about.every((e: { visible: boolean; payload: unknown }) => !e.visible && e.payload === null)).toBe(true)
    expect((await outsider.get(`/api/cases/${p.caseId}/dashboard`)).json().counts[1]).toEqual({
      step: 2,
      items: 1,
      restricted: 1,
    })
    // And every thread and write answers as if the item did not exist.
    expect((await outsider.get(`/api/cases/${p.caseId}/items/${restricted.id}/comments`)).statusCode).toBe(404)
    expect(
      (await outsider.post(`/api/cases/${p.caseId}/items/${restricted.id}/comments`, { body: 'x' })).statusCode,
    ).toBe(404)
    // Also without If-Match: an outsider gets 404 before any version check (never a 428).
    expect((await outsider.put(`/api/cases/${p.caseId}/items/${restricted.id}/rating`, { score: 1 })).statusCode).toBe(
      404,
    )
    expect(
      (await outsider.put(`/api/cases/${p.caseId}/items/${restricted.id}/rating`, { score: 1 }, { 'if-match': '"0"' }))
        .statusCode,
    ).toBe(404)
    expect(
      (await outsider.patch(`/api/cases/${p.caseId}/items/${restricted.id}`, { title: 'x' }, { 'if-match': '"2"' }))
        .statusCode,
    ).toBe(404)

    // Inside the audience it is all there.
    const inside = (await p.lead.get(`/api/cases/${p.caseId}/items/${restricted.id}`)).json()
    expect(inside).toMatchObject({
      restricted: false,
      title: SECRET,
      commentCount: 1,
      ratings: [{ organisationId: p.pol, score: 5, version: 1 }],
    })
    const history = (await p.lead.get(`/api/cases/${p.caseId}/items/${restricted.id}/history`)).json()
    expect(history.items.map((h: { type: string }) => h.type)).toEqual([
      'item.created',
      'comment.added',
      'item.rated',
      'item.updated',
    ])
  })

  it('refuses to mention someone who cannot see the item', async () => {
    const p = await partnership()
    const item = await create(p.police, p.caseId, {
      kind: 'signal',
      step: 2,
      title: 'Beperkt',
      source: 'waarneming',
      audience: [p.gem, p.pol],
    })
    const housingUser = (await p.housing.get('/api/auth/me')).json().user.id
    const res = await p.police.post(`/api/cases/${p.caseId}/items/${item.id}/comments`, {
      body: 'Kijk mee',
      mentions: [housingUser],
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.fields[0].path).toBe('body.mentions')
  })
})

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
