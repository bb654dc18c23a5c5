import { CaseSchema } from '@vp/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.ts'

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
      followUp: true,
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
      expect(seen.json().abilities).toMatchObject({ invite: false, followUp: false })
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
