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
