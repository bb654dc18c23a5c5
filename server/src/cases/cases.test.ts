import { CaseSchema } from '@vp/shared'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, type Client, createTestApp, openCase, type TestApp } from '../../test/app.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const tokenOf = (link: string) => link.split('/uitnodiging/')[1]!

describe('a case through the API alone', () => {
  it('projectleider creates, invites two partners (one new, one existing), both see it, an outsider gets 404, and the log shows it all', async () => {
    const gemeente = await t.make.organisation({ name: `Gemeente Rivierstede ${Date.now()}`, type: 'gemeente' })
    const politie = await t.make.organisation({ name: `Politie ${Date.now()}`, type: 'politie' })
    // Noor's address is in her organisation's e-mail domain: her new account is active at once.
    const corporatie = await t.make.organisation({
      name: `Woonstichting ${Date.now()}`,
      type: 'woningcorporatie',
      emailDomains: ['woonstichting.example'],
    })
    const iris = await t.make.user({ organisationId: gemeente.id, name: 'Iris Brinkhorst' })
    const ruud = await t.make.user({ organisationId: politie.id, name: 'Ruud Kalkman' })
    const lead = await t.as(iris)

    const created = await lead.post('/api/cases', {
      title: 'Overlast De Hoven',
      gemeente: 'Rivierstede',
      theme: 'verloedering',
      problemType: 'complex',
      area: 'Winkelcentrum De Hoven',
      context: 'Klachten nemen al twee jaar toe.',
    })
    expect(created.statusCode).toBe(201)
    const theCase = CaseSchema.parse(created.json())
    expect(created.headers.location).toBe(`/api/cases/${theCase.id}`)
    expect(theCase.me.role).toBe('projectleider')
    expect(theCase.projectleider?.name).toBe('Iris Brinkhorst')
    expect(theCase.abilities).toEqual({
      update: true,
      manageMembers: true,
      invite: true,
      handover: true,
      readOutbox: true,
    })

    // Existing account: Ruud of the police.
    const inv1 = await lead.post(`/api/cases/${theCase.id}/invitations`, {
      email: ruud.email,
      organisationId: politie.id,
      role: 'partner',
    })
    expect(inv1.statusCode).toBe(201)
    expect(inv1.json().invitation).toMatchObject({ state: 'pending', delivery: 'not_sent', email: ruud.email })
    // New account: Noor of the housing corporation.
    const noorEmail = `noor-${Date.now()}@woonstichting.example`
    const inv2 = await lead.post(`/api/cases/${theCase.id}/invitations`, {
      email: noorEmail,
      organisationId: corporatie.id,
      role: 'partner',
      message: 'Graag jullie inbreng over de portiekflats.',
    })
    expect(inv2.statusCode).toBe(201)

    // Noor opens her link, sees what it is for, and creates her account through it.
    const noorToken = tokenOf(inv2.json().link)
    const info = await t.anon.get(`/api/invitations/${noorToken}`)
    expect(info.json()).toMatchObject({
      caseTitle: 'Overlast De Hoven',
      state: 'pending',
      email: noorEmail,
      role: 'partner',
    })
    const acceptNoor = await t.anon.post(`/api/invitations/${noorToken}/accept`, {
      name: 'Noor Hazelaar',
      password: 'portiekflat-hovenlaan-41',
    })
    expect(acceptNoor.statusCode).toBe(200)
    expect(acceptNoor.json()).toMatchObject({
      caseId: theCase.id,
      approval: 'approved',
      user: { email: noorEmail, organisation: { id: corporatie.id } },
    })
    const noor = t.clientWithCookie(acceptNoor)

    // Ruud has an account: he signs in through the invitation with his password.
    const ruudToken = tokenOf(inv1.json().link)
    expect((await t.anon.post(`/api/invitations/${ruudToken}/accept`, {})).statusCode).toBe(400)
    const acceptRuud = await t.anon.post(`/api/invitations/${ruudToken}/accept`, { password: ruud.password })
    expect(acceptRuud.statusCode).toBe(200)
    const ruudClient = t.clientWithCookie(acceptRuud)

    for (const c of [noor, ruudClient]) {
      const seen = await c.get(`/api/cases/${theCase.id}`)
      expect(seen.statusCode).toBe(200)
      expect(seen.json().me.role).toBe('partner')
      expect(seen.json().abilities.invite).toBe(false)
      expect((await c.get('/api/cases')).json().items.map((x: { id: string }) => x.id)).toContain(theCase.id)
    }
    const members = (await lead.get(`/api/cases/${theCase.id}/members`)).json().items
    expect(members.map((m: { name: string }) => m.name)).toEqual([
      'Iris Brinkhorst',
      expect.any(String),
      expect.any(String),
    ])
    expect(members.map((m: { name: string }) => m.name).sort()).toEqual([
      'Iris Brinkhorst',
      'Noor Hazelaar',
      'Ruud Kalkman',
    ])

    // A third user learns nothing.
    const outsider = await t.as(await t.make.user())
    expect((await outsider.get(`/api/cases/${theCase.id}`)).statusCode).toBe(404)
    expect((await outsider.get('/api/cases')).json().items).toEqual([])

    // Single use: the link cannot be used again.
    const again = await t.anon.post(`/api/invitations/${noorToken}/accept`, {
      name: 'X',
      password: 'nog-een-wachtwoord-99',
    })
    expect(again.statusCode).toBe(409)
    expect((await t.anon.get(`/api/invitations/${noorToken}`)).json()).toMatchObject({
      state: 'accepted',
      explanation: expect.stringContaining('al gebruikt'),
    })

    // The log: every step, with who and when, newest first.
    const activity = (await ruudClient.get(`/api/cases/${theCase.id}/activity?limit=50`)).json()
    const lines = activity.items
      .map((e: { type: string; actor: { name: string } }) => `${e.type} by ${e.actor.name}`)
      .reverse()
    expect(lines).toEqual([
      'case.created by Iris Brinkhorst',
      'member.added by Iris Brinkhorst',
      'invitation.created by Iris Brinkhorst',
      'invitation.created by Iris Brinkhorst',
      'invitation.accepted by Noor Hazelaar',
      'member.added by Noor Hazelaar',
      'invitation.accepted by Ruud Kalkman',
      'member.added by Ruud Kalkman',
    ])
    const seqs = activity.items.map((e: { seq: number }) => e.seq)
    expect(seqs).toEqual([8, 7, 6, 5, 4, 3, 2, 1])
    expect(activity.items.every((e: { createdAt: string }) => !Number.isNaN(Date.parse(e.createdAt)))).toBe(true)
    expect(activity.items[0].actor.organisation.id).toBe(politie.id)

    // Filters: by organisation, and by step.
    const byPolice = (await lead.get(`/api/cases/${theCase.id}/activity?organisationId=${politie.id}`)).json().items
    expect(byPolice.map((e: { type: string }) => e.type)).toEqual(['member.added', 'invitation.accepted'])
    expect((await lead.get(`/api/cases/${theCase.id}/activity?step=2`)).json().items).toEqual([])
  })
})

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

describe('retries', () => {
  it('a case created twice with one Idempotency-Key exists once', async () => {
    const lead = await t.as(await t.make.user())
    const body = { title: 'Eenmalig dossier', gemeente: 'Rivierstede', theme: 'woninginbraak', problemType: 'acuut' }
    const key = { 'idempotency-key': 'create-case-once-1' }
    const [a, b] = [await lead.post('/api/cases', body, key), await lead.post('/api/cases', body, key)]
    expect([a.statusCode, b.statusCode]).toEqual([201, 201])
    expect(b.json().id).toBe(a.json().id)
    expect(
      (await lead.get('/api/cases')).json().items.filter((c: { title: string }) => c.title === 'Eenmalig dossier'),
    ).toHaveLength(1)
  })
})

describe('a non-member learns nothing', () => {
  it('gets 404 on every route under /api/cases/:caseId, and so does an admin who is not a member', async () => {
    const lead = await t.as(await t.make.user())
    const caseId = await openCase(lead)
    const memberId = (await lead.get(`/api/cases/${caseId}`)).json().me.memberId
    const invitation = (
      await lead.post(`/api/cases/${caseId}/invitations`, {
        email: 'p@example.test',
        organisationId: (await t.make.organisation()).id,
        role: 'partner',
      })
    ).json().invitation.id
    const routes = t.app.routeList.filter((r) => r.url.startsWith('/api/cases/:caseId') && r.method !== 'HEAD')
    expect(routes.length).toBeGreaterThan(10)
    for (const who of [await t.make.user(), await t.make.admin()]) {
      const outsider = await t.as(who)
      for (const r of routes) {
        const url = r.url.replace(':caseId', caseId).replace(':memberId', memberId).replace(':invitationId', invitation)
        const body = r.method === 'GET' || r.method === 'DELETE' ? undefined : {}
        const res = await outsider.request(r.method as 'GET', url, body, { 'if-match': '"1"' })
        expect(res.statusCode, `${r.method} ${r.url}`).toBe(404)
        expect(res.body, `${r.method} ${r.url}`).not.toContain(caseId)
      }
    }
    // Same answer as for a case that does not exist at all.
    const outsider = await t.as(await t.make.user())
    const ghost = await outsider.get('/api/cases/00000000-0000-4000-8000-000000000000')
    expect(ghost.body).toBe((await outsider.get(`/api/cases/${caseId}`)).body)
  })
})

describe('the event log', () => {
  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    const lead = await t.as(await t.make.user())
    const caseId = await openCase(lead)
    const db = t.testDb.database.db
    await expect(db.execute(sql`update case_events set type = 'x' where case_id = ${caseId}`)).rejects.toThrow()
    await expect(db.execute(sql`delete from case_events where case_id = ${caseId}`)).rejects.toThrow()
    await expect(db.execute(sql`truncate case_events cascade`)).rejects.toThrow()
    const rows = (await db.execute(
      sql`select type from case_events where case_id = ${caseId} order by seq`,
    )) as unknown as { rows: { type: string }[] }
    expect(rows.rows.map((r) => r.type)).toEqual(['case.created', 'member.added'])
  })

  it('leaves nothing behind when a change fails half-way', async () => {
    const db = t.testDb.database.db
    await db.execute(sql`create or replace function fail_second_event() returns trigger language plpgsql as $$
      begin if new.type = 'member.added' and new.payload->>'role' = 'projectleider' and exists (select 1 from cases where id = new.case_id and title = 'Mislukt') then raise exception 'forced failure'; end if; return new; end $$`)
    await db.execute(
      sql`create trigger fail_second_event before insert on case_events for each row execute function fail_second_event()`,
    )
    try {
      const user = await t.make.user()
      const lead = await t.as(user)
      const count = async () =>
        (
          (await db.execute(sql`select count(*)::int as n from cases where title = 'Mislukt'`)) as unknown as {
            rows: { n: number }[]
          }
        ).rows[0]!.n
      const res = await lead.post('/api/cases', {
        title: 'Mislukt',
        gemeente: 'Rivierstede',
        theme: 'verloedering',
        problemType: 'standaard',
      })
      expect(res.statusCode).toBe(500)
      expect(await count()).toBe(0)
      const members = (await db.execute(
        sql`select count(*)::int as n from case_members where user_id = ${user.id}`,
      )) as unknown as { rows: { n: number }[] }
      expect(members.rows[0]!.n).toBe(0)
    } finally {
      await db.execute(sql`drop trigger fail_second_event on case_events`)
    }
  })

  it('keeps seq gap-free and ordered when many changes to one case race', async () => {
    const lead = await t.as(await t.make.user())
    const caseId = await openCase(lead)
    const org = (await t.make.organisation()).id
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        lead.post(`/api/cases/${caseId}/invitations`, {
          email: `race-${i}@example.test`,
          organisationId: org,
          role: 'partner',
        }),
      ),
    )
    expect(results.map((r) => r.statusCode)).toEqual(Array(12).fill(201))
    const log = (await lead.get(`/api/cases/${caseId}/activity?limit=100`)).json().items
    expect(log.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: 14 }, (_, i) => 14 - i))
    expect((await lead.get(`/api/cases/${caseId}`)).json().lastSeq).toBe(14)
  })
})
