import { ItemSchema } from '@vp/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.ts'
import { closeStep, createItem as create, threeParties } from '../../test/items.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

/** gemeente (projectleider), politie and woningcorporatie in one case. */
const partnership = () => threeParties(t)

describe('rights and phasing', () => {
  it('a partner cannot edit or delete another organisation’s item; the projectleider can', async () => {
    const { lead, police, housing, caseId } = await partnership()
    await closeStep(lead, caseId, 1)
    const signal = await create(police, caseId, {
      kind: 'signal',
      step: 2,
      title: 'Drugshandel trappenhuis',
      source: 'waarneming',
    })
    const etag = { 'if-match': `"${signal.version}"` }
    expect((await housing.patch(`/api/cases/${caseId}/items/${signal.id}`, { title: 'x' }, etag)).statusCode).toBe(403)
    expect((await housing.delete(`/api/cases/${caseId}/items/${signal.id}`, etag)).statusCode).toBe(403)
    const edited = await lead.patch(
      `/api/cases/${caseId}/items/${signal.id}`,
      { title: 'Vermoedelijke drugshandel' },
      etag,
    )
    expect(edited.statusCode).toBe(200)
    expect(edited.json()).toMatchObject({
      title: 'Vermoedelijke drugshandel',
      version: 2,
      author: { name: 'Ruud Kalkman' },
    })
  })

  it('refuses fields of another kind and links to items of the wrong kind, naming them', async () => {
    const { lead, police, caseId } = await partnership()
    await closeStep(lead, caseId, 1)
    const signal = await create(police, caseId, { kind: 'signal', step: 2, title: 'Signaal', source: 'meldingen' })
    const wrong = await police.patch(
      `/api/cases/${caseId}/items/${signal.id}`,
      { indicator: 'x', cost: 3 },
      { 'if-match': '"1"' },
    )
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['body.indicator', 'body.cost'])
    const badLink = await police.post(`/api/cases/${caseId}/items`, {
      kind: 'subproblem',
      step: 2,
      title: 'x',
      signalIds: [signal.id, '00000000-0000-4000-8000-000000000000'],
    })
    expect(badLink.statusCode).toBe(400)
    expect(badLink.json().error.fields[0].path).toBe('body.signalIds')
    const wrongStep = await police.post(`/api/cases/${caseId}/items`, {
      kind: 'signal',
      step: 3,
      title: 'x',
      source: 'meldingen',
    })
    expect(wrongStep.json().error.fields[0].path).toBe('body.step')
    const missing = await police.post(`/api/cases/${caseId}/items`, { kind: 'measure', step: 3, title: 'x' })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().error.fields.map((f: { path: string }) => f.path)).toContain('body.ownerOrganisationId')
  })

  it('checks a field two kinds share as the item’s own kind defines it, and changes nothing when it does not fit', async () => {
    const { lead, police, caseId } = await partnership()
    await closeStep(lead, caseId, 1)
    const signal = await create(police, caseId, {
      kind: 'signal',
      step: 2,
      title: 'Signaal',
      source: 'meldingen',
      reliability: 'bevestigd',
      location: 'Winkelcentrum De Hoven',
    })
    const url = `/api/cases/${caseId}/items/${signal.id}`
    // A measurement's source is free text; a signal's is one of its sources.
    const wrong = await police.patch(url, { source: 'telefoontje van de wijkagent' }, { 'if-match': '"1"' })
    expect(wrong.statusCode, wrong.body).toBe(400)
    expect(wrong.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['body.source'])
    expect(ItemSchema.parse((await police.get(url)).json())).toMatchObject({
      version: 1,
      fields: { source: 'meldingen' },
    })
    const right = await police.patch(url, { source: 'waarneming' }, { 'if-match': '"1"' })
    expect(right.statusCode, right.body).toBe(200)
    // Only the named field changes: the others keep their values, not their defaults.
    const changed = { source: 'waarneming', reliability: 'bevestigd', location: 'Winkelcentrum De Hoven' }
    expect(ItemSchema.parse(right.json()).fields).toMatchObject(changed)
    expect(ItemSchema.parse((await police.get(url)).json()).fields).toMatchObject(changed)
  })

  it('enforces the step transitions with 409 and a reason to reopen', async () => {
    const { lead, police, caseId } = await partnership()
    const etag = async (s: number) => (await lead.get(`/api/cases/${caseId}/steps/${s}`)).headers.etag as string
    expect(
      (await lead.patch(`/api/cases/${caseId}/steps/4`, { status: 'closed' }, { 'if-match': await etag(4) }))
        .statusCode,
    ).toBe(409)
    expect(
      (await police.patch(`/api/cases/${caseId}/steps/1`, { status: 'closed' }, { 'if-match': await etag(1) }))
        .statusCode,
    ).toBe(403)
    expect((await lead.patch(`/api/cases/${caseId}/steps/1`, { status: 'closed' })).statusCode).toBe(428)
    await closeStep(lead, caseId, 1)
    const noReason = await lead.patch(`/api/cases/${caseId}/steps/1`, { status: 'open' }, { 'if-match': await etag(1) })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().error.fields.map((f: { path: string }) => f.path)).toContain('body.reason')
    const stale = await lead.patch(
      `/api/cases/${caseId}/steps/1`,
      { status: 'open', reason: 'x', deadline: null },
      { 'if-match': '"1"' },
    )
    expect(stale.statusCode).toBe(412)
    expect(stale.json().current.status).toBe('closed')
    expect(
      (
        await lead.patch(
          `/api/cases/${caseId}/steps/1`,
          { status: 'open', reason: 'Partner toevoegen', deadline: null },
          { 'if-match': await etag(1) },
        )
      ).statusCode,
    ).toBe(200)
  })

  it('shows an open step past its deadline as overdue to everyone, and in the agenda', async () => {
    const { lead, police, caseId } = await partnership()
    const etag = (await lead.get(`/api/cases/${caseId}/steps/1`)).headers.etag as string
    await lead.patch(
      `/api/cases/${caseId}/steps/1`,
      { deadline: new Date(Date.now() - 3_600_000).toISOString() },
      { 'if-match': etag },
    )
    expect((await police.get(`/api/cases/${caseId}/steps`)).json().items[0]).toMatchObject({ overdue: true })
    const agenda = (await police.get('/api/me/agenda')).json()
    expect(agenda.openSteps).toContainEqual(expect.objectContaining({ caseId, step: 1, overdue: true }))
    expect(agenda.overdue).toContainEqual(expect.objectContaining({ caseId, kind: 'step', step: 1 }))
    await police.put(`/api/cases/${caseId}/steps/1/done`, { done: true }, { 'if-match': '"0"' })
    expect(
      (await police.get('/api/me/agenda')).json().openSteps.filter((s: { caseId: string }) => s.caseId === caseId),
    ).toEqual([])
  })

  it('warns, without blocking, when free text looks like personal data', async () => {
    const { lead, police, caseId } = await partnership()
    await closeStep(lead, caseId, 1)
    const item = await create(police, caseId, {
      kind: 'signal',
      step: 2,
      title: 'Overlast',
      description: 'Dhr. Jan de Vries, BSN 111222333, geboren 12-03-1990',
      source: 'waarneming',
    })
    expect(item.warnings.map((w) => w.kind).sort()).toEqual(['bsn', 'geboortedatum', 'naam'])
  })
})
