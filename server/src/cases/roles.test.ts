import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, type Client, createTestApp, openCase, type TestApp } from '../../test/app.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('who may do what in a case', () => {
  let lead: Client
  let partner: Client
  let observer: Client
  let caseId: string
  let partnerOrg: string
  let partnerUserId: string

  beforeAll(async () => {
    lead = await t.as(await t.make.user())
    caseId = await openCase(lead)
    const p = await t.make.user()
    partnerOrg = p.organisationId!
    partnerUserId = p.id
    partner = await addMember(t, lead, caseId, p)
    observer = await addMember(t, lead, caseId, await t.make.user(), 'waarnemer')
  })

  const memberOf = async (userId: string) =>
    (await lead.get(`/api/cases/${caseId}/members`)).json().items.find((m: { userId: string }) => m.userId === userId)

  it('a partner states its own belang and commitment, with If-Match', async () => {
    const seat = await memberOf(partnerUserId)
    const noMatch = await partner.patch(`/api/cases/${caseId}/members/${seat.id}`, { belang: 'Minder meldingen' })
    expect(noMatch.statusCode).toBe(428)
    const res = await partner.patch(
      `/api/cases/${caseId}/members/${seat.id}`,
      { belang: 'Minder meldingen', roleText: 'Cijfers en surveillance', commitment: 'agreed' },
      { 'if-match': `"${seat.version}"` },
    )
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ belang: 'Minder meldingen', commitment: 'agreed', version: seat.version + 1 })
    expect(res.headers.etag).toBe(`"${seat.version + 1}"`)
    const stale = await partner.patch(
      `/api/cases/${caseId}/members/${seat.id}`,
      { belang: 'Anders' },
      { 'if-match': `"${seat.version}"` },
    )
    expect(stale.statusCode).toBe(412)
    expect(stale.json().current.belang).toBe('Minder meldingen')
  })

  it('declining needs a reason, naming the field', async () => {
    const seat = await memberOf(partnerUserId)
    const res = await partner.patch(
      `/api/cases/${caseId}/members/${seat.id}`,
      { commitment: 'declined' },
      { 'if-match': `"${seat.version}"` },
    )
    expect(res.statusCode).toBe(400)
    expect(res.json().error.fields[0].path).toBe('body.commitmentNote')
  })

  it('a partner cannot change its own role, nor another organisation’s seat', async () => {
    const own = await memberOf(partnerUserId)
    const role = await partner.patch(
      `/api/cases/${caseId}/members/${own.id}`,
      { role: 'waarnemer' },
      { 'if-match': `"${own.version}"` },
    )
    expect(role.statusCode).toBe(403)
    const leadSeat = (await lead.get(`/api/cases/${caseId}`)).json().me
    const leadMember = await memberOf((await lead.get('/api/auth/me')).json().user.id)
    const other = await partner.patch(
      `/api/cases/${caseId}/members/${leadSeat.memberId}`,
      { belang: 'x' },
      { 'if-match': `"${leadMember.version}"` },
    )
    expect(other.statusCode).toBe(403)
  })

  it('a waarnemer reads everything and changes nothing', async () => {
    expect((await observer.get(`/api/cases/${caseId}`)).statusCode).toBe(200)
    expect((await observer.get(`/api/cases/${caseId}/members`)).statusCode).toBe(200)
    expect((await observer.get(`/api/cases/${caseId}/activity`)).statusCode).toBe(200)
    expect((await observer.patch(`/api/cases/${caseId}`, { title: 'x' }, { 'if-match': '"1"' })).statusCode).toBe(403)
    expect(
      (
        await observer.post(`/api/cases/${caseId}/invitations`, {
          email: 'a@b.nl',
          organisationId: partnerOrg,
          role: 'partner',
        })
      ).statusCode,
    ).toBe(403)
    expect((await observer.get(`/api/cases/${caseId}/outbox`)).statusCode).toBe(403)
  })

  it('only the projectleider edits the profile; 428 without If-Match, 412 with a stale one', async () => {
    const v = (await lead.get(`/api/cases/${caseId}`)).json().version
    expect((await partner.patch(`/api/cases/${caseId}`, { title: 'x' }, { 'if-match': `"${v}"` })).statusCode).toBe(403)
    expect((await lead.patch(`/api/cases/${caseId}`, { title: 'Nieuwe titel' })).statusCode).toBe(428)
    const ok = await lead.patch(
      `/api/cases/${caseId}`,
      { title: 'Nieuwe titel', theme: 'overlast-jeugd' },
      { 'if-match': `"${v}"` },
    )
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({ title: 'Nieuwe titel', theme: 'overlast-jeugd', version: v + 1 })
    const stale = await lead.patch(`/api/cases/${caseId}`, { title: 'Weer anders' }, { 'if-match': `"${v}"` })
    expect(stale.statusCode).toBe(412)
    expect(stale.json().current.title).toBe('Nieuwe titel')
    const bad = await lead.patch(
      `/api/cases/${caseId}`,
      { problemType: 'dringend', title: '' },
      { 'if-match': `"${v + 1}"` },
    )
    expect(bad.statusCode).toBe(400)
    expect(
      bad
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['body.problemType', 'body.title'])
  })

  it('the projectleider closes and reopens the case, and each shows in the log', async () => {
    let v = (await lead.get(`/api/cases/${caseId}`)).json().version
    const closed = await lead.patch(`/api/cases/${caseId}`, { status: 'closed' }, { 'if-match': `"${v}"` })
    expect(closed.json()).toMatchObject({ status: 'closed', closedAt: expect.any(String) })
    v = closed.json().version
    const reopened = await lead.patch(`/api/cases/${caseId}`, { status: 'active' }, { 'if-match': `"${v}"` })
    expect(reopened.json()).toMatchObject({ status: 'active', closedAt: null })
    const types = (await lead.get(`/api/cases/${caseId}/activity?limit=2`))
      .json()
      .items.map((e: { type: string }) => e.type)
    expect(types).toEqual(['case.reopened', 'case.closed'])
  })

  it('hands the projectleider role to another member, who then directs the case', async () => {
    const c = await openCase(lead)
    const next = await t.make.user()
    const nextClient = await addMember(t, lead, c, next)
    expect((await lead.post(`/api/cases/${c}/handover`, { userId: (await t.make.user()).id })).statusCode).toBe(409)
    const res = await lead.post(`/api/cases/${c}/handover`, { userId: next.id })
    expect(res.statusCode).toBe(200)
    expect(res.json().me.role).toBe('partner')
    expect((await nextClient.get(`/api/cases/${c}`)).json()).toMatchObject({
      me: { role: 'projectleider' },
      projectleider: { userId: next.id },
    })
    expect(
      (
        await lead.post(`/api/cases/${c}/invitations`, {
          email: 'x@example.test',
          organisationId: next.organisationId,
          role: 'partner',
        })
      ).statusCode,
    ).toBe(403)
  })

  it('a removed member loses access at once; their contributions stay attributed', async () => {
    const c = await openCase(lead)
    const leaving = await t.make.user({ name: 'Daan Meulenbelt' })
    const leavingClient = await addMember(t, lead, c, leaving)
    const seat = (await lead.get(`/api/cases/${c}/members`))
      .json()
      .items.find((m: { userId: string }) => m.userId === leaving.id)
    await leavingClient.patch(
      `/api/cases/${c}/members/${seat.id}`,
      { belang: 'Jongeren niet criminaliseren' },
      { 'if-match': `"${seat.version}"` },
    )
    const fresh = (await lead.get(`/api/cases/${c}/members`))
      .json()
      .items.find((m: { userId: string }) => m.userId === leaving.id)
    expect(
      (await partner.delete(`/api/cases/${c}/members/${seat.id}`, { 'if-match': `"${fresh.version}"` })).statusCode,
    ).toBe(404)
    expect((await lead.delete(`/api/cases/${c}/members/${seat.id}`)).statusCode).toBe(428)
    expect(
      (await lead.delete(`/api/cases/${c}/members/${seat.id}`, { 'if-match': `"${fresh.version}"` })).statusCode,
    ).toBe(200)
    expect((await leavingClient.get(`/api/cases/${c}`)).statusCode).toBe(404)
    expect((await leavingClient.get('/api/cases')).json().items.map((x: { id: string }) => x.id)).not.toContain(c)
    const log = (await lead.get(`/api/cases/${c}/activity`)).json().items
    expect(log[0]).toMatchObject({ type: 'member.removed' })
    expect(log.find((e: { type: string }) => e.type === 'member.updated').actor.name).toBe('Daan Meulenbelt')
    // The projectleider cannot remove themselves.
    const me = (await lead.get(`/api/cases/${c}`)).json().me
    const mine = (await lead.get(`/api/cases/${c}/members`))
      .json()
      .items.find((m: { id: string }) => m.id === me.memberId)
    expect(
      (await lead.delete(`/api/cases/${c}/members/${me.memberId}`, { 'if-match': `"${mine.version}"` })).statusCode,
    ).toBe(409)
  })
})
