import { InvitationWithLinkSchema, OutboxListSchema } from '@vp/shared'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, changeCase, createTestApp, openCase, type TestApp } from '../../test/app.ts'
import { startTestSmtp, type TestSmtp } from '../../test/smtp.ts'
import { invitations, users } from '../db/schema.ts'

let t: TestApp
let lead: Client
let caseId: string
beforeAll(async () => {
  t = await createTestApp()
  lead = await t.as(await t.make.user({ name: 'Iris Brinkhorst' }))
  caseId = await openCase(lead)
})
afterAll(() => t.close())

const tokenOf = (link: string) => link.split('/uitnodiging/')[1]!
const invite = async (c: Client, id: string, fields: Record<string, unknown> = {}) => {
  const org = (await t.make.organisation()).id
  return c.post(`/api/cases/${id}/invitations`, {
    email: `p-${Math.random().toString(36).slice(2)}@example.test`,
    organisationId: org,
    role: 'partner',
    ...fields,
  })
}

describe('without SMTP', () => {
  it('returns the link to the projectleider and keeps the message in the outbox', async () => {
    const res = await invite(lead, caseId, { message: 'Graag jullie cijfers.' })
    expect(res.statusCode).toBe(201)
    const { invitation, link } = InvitationWithLinkSchema.parse(res.json())
    expect(link).toMatch(/^http:\/\/localhost:3000\/uitnodiging\/[\w-]{40,}$/)
    expect(invitation.delivery).toBe('not_sent')
    const outbox = OutboxListSchema.parse((await lead.get(`/api/cases/${caseId}/outbox`)).json())
    const msg = outbox.items.find((m) => m.invitationId === invitation.id)!
    expect(msg).toMatchObject({
      to: invitation.email,
      status: 'not_sent',
      subject: expect.stringContaining('Uitnodiging'),
    })
    // The outbox says a personal link was sent, but never holds it.
    expect(msg.body).not.toContain(tokenOf(link!))
    expect(msg.body).toContain('[persoonlijke link]')
    expect(msg.body).toContain('Graag jullie cijfers.')
    expect(msg.body).toContain('Iris Brinkhorst')
  })

  it('never tells whoever holds the link whether the address has an account', async () => {
    const existing = await t.make.user()
    const withAccount = (await invite(lead, caseId, { email: existing.email })).json().link
    const without = (await invite(lead, caseId)).json().link
    const a = (await t.anon.get(`/api/invitations/${tokenOf(withAccount)}`)).json()
    const b = (await t.anon.get(`/api/invitations/${tokenOf(without)}`)).json()
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort())
    expect(a).not.toHaveProperty('hasAccount')
    expect(a.explanation).toBe(b.explanation)
    // Nor does trying the link without finishing: each answer is the same for both.
    for (const body of [{}, { password: 'niet-het-goede-wachtwoord-7' }, { name: 'X', password: 'kort' }]) {
      const [ra, rb] = [
        await t.anon.post(`/api/invitations/${tokenOf(withAccount)}/accept`, body),
        await t.anon.post(`/api/invitations/${tokenOf(without)}/accept`, body),
      ]
      expect([ra.statusCode, ra.json()]).toEqual([rb.statusCode, rb.json()])
    }
    expect((await t.anon.get(`/api/invitations/${tokenOf(without)}`)).json().state).toBe('pending')
  })

  it('stores only a hash of the link', async () => {
    const { invitation, link } = (await invite(lead, caseId)).json()
    const [row] = await t.testDb.database.db.select().from(invitations).where(eq(invitations.id, invitation.id))
    expect(row!.tokenHash).not.toContain(tokenOf(link))
    expect(JSON.stringify(row)).not.toContain(tokenOf(link))
  })

  it('is valid for 14 days, or 48 hours in an acuut case', async () => {
    const days = (iso: string) => (Date.parse(iso) - Date.now()) / 86_400_000
    expect(days((await invite(lead, caseId)).json().invitation.expiresAt)).toBeCloseTo(14, 1)
    const acuut = await openCase(lead, { problemType: 'acuut', title: 'Schietincident Hovenlaan' })
    const hours = (Date.parse((await invite(lead, acuut)).json().invitation.expiresAt) - Date.now()) / 3_600_000
    expect(hours).toBeCloseTo(48, 0)
  })

  it('refuses a second open invitation for the same email, and inviting an existing member', async () => {
    const first = await invite(lead, caseId)
    const again = await invite(lead, caseId, { email: first.json().invitation.email })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.fields[0].path).toBe('body.email')
    const me = (await lead.get('/api/auth/me')).json().user
    expect((await invite(lead, caseId, { email: me.email })).statusCode).toBe(409)
  })

  it('rejects a projectleider role, an unknown organisation, and a bad email, naming the fields', async () => {
    const res = await lead.post(`/api/cases/${caseId}/invitations`, {
      email: 'geen-adres',
      organisationId: 'x',
      role: 'projectleider',
    })
    expect(res.statusCode).toBe(400)
    expect(
      res
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['body.email', 'body.organisationId', 'body.role'])
    const unknown = await invite(lead, caseId, { organisationId: '00000000-0000-4000-8000-000000000000' })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error.fields[0].path).toBe('body.organisationId')
  })
})

describe('links that no longer work explain why and whom to ask', () => {
  it('an expired link', async () => {
    const { invitation, link } = (await invite(lead, caseId)).json()
    await t.testDb.database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, invitation.id))
    const info = (await t.anon.get(`/api/invitations/${tokenOf(link)}`)).json()
    expect(info).toMatchObject({ state: 'expired', explanation: expect.stringContaining('Iris Brinkhorst') })
    const accept = await t.anon.post(`/api/invitations/${tokenOf(link)}/accept`, {
      name: 'X',
      password: 'lang-genoeg-wachtwoord-1',
    })
    expect(accept.statusCode).toBe(409)
    expect(accept.json().error.message).toContain('verlopen')
    expect(
      (await lead.get(`/api/cases/${caseId}/invitations`))
        .json()
        .items.find((i: { id: string }) => i.id === invitation.id).state,
    ).toBe('expired')
  })

  it('a revoked link', async () => {
    const { invitation, link } = (await invite(lead, caseId)).json()
    expect((await lead.delete(`/api/cases/${caseId}/invitations/${invitation.id}`)).statusCode).toBe(200)
    expect((await t.anon.get(`/api/invitations/${tokenOf(link)}`)).json()).toMatchObject({
      state: 'revoked',
      explanation: expect.stringContaining('ingetrokken'),
    })
    expect(
      (
        await t.anon.post(`/api/invitations/${tokenOf(link)}/accept`, {
          name: 'X',
          password: 'lang-genoeg-wachtwoord-1',
        })
      ).statusCode,
    ).toBe(409)
  })

  it('a link that no longer works shows the case name its mail gave, not the name the case got since', async () => {
    const own = await openCase(lead)
    const revoked = (await invite(lead, own)).json()
    const used = (await invite(lead, own)).json()
    const joined = await t.anon.post(`/api/invitations/${tokenOf(used.link)}/accept`, {
      name: 'Noor Hazelaar',
      password: 'lang-genoeg-wachtwoord-1',
    })
    expect(joined.statusCode, joined.body).toBe(200)
    expect((await lead.delete(`/api/cases/${own}/invitations/${revoked.invitation.id}`)).statusCode).toBe(200)
    const open = (await invite(lead, own)).json()
    await changeCase(lead, own, { title: 'Ondermijning pand Kerkstraat 12', gemeente: 'Geheimstad' })

    const preview = async (link: string) => (await t.anon.get(`/api/invitations/${tokenOf(link)}`)).json()
    expect(await preview(revoked.link)).toMatchObject({
      state: 'revoked',
      caseTitle: 'Verloedering en overlast winkelcentrum De Hoven',
      gemeente: 'Rivierstede',
    })
    expect(await preview(used.link)).toMatchObject({
      state: 'accepted',
      caseTitle: 'Verloedering en overlast winkelcentrum De Hoven',
      gemeente: 'Rivierstede',
    })
    // A link that still works leads into the case as it is now.
    expect(await preview(open.link)).toMatchObject({
      state: 'pending',
      caseTitle: 'Ondermijning pand Kerkstraat 12',
      gemeente: 'Geheimstad',
    })
  })

  it('a case closed after the invitation went out takes nobody in until it is reopened', async () => {
    const own = await openCase(lead)
    const { link } = (await invite(lead, own)).json()
    const setStatus = (status: 'closed' | 'active') => changeCase(lead, own, { status })
    await setStatus('closed')
    expect((await t.anon.get(`/api/invitations/${tokenOf(link)}`)).json()).toMatchObject({
      state: 'pending',
      caseClosed: true,
      explanation: expect.stringContaining('Het dossier is gesloten'),
    })
    const body = { name: 'Karim Bouzid', password: 'lang-genoeg-wachtwoord-1' }
    const refused = await t.anon.post(`/api/invitations/${tokenOf(link)}/accept`, body)
    expect(refused.statusCode, refused.body).toBe(409)
    expect(refused.json().error).toMatchObject({ code: 'case_closed', message: expect.stringContaining('heropenen') })
    // Nothing was written: no account, no seat, and the link still works once the case is reopened.
    const email = (await t.anon.get(`/api/invitations/${tokenOf(link)}`)).json().email
    const [account] = await t.app.db.select().from(users).where(eq(users.email, email))
    expect(account).toBeUndefined()
    await setStatus('active')
    expect((await t.anon.get(`/api/invitations/${tokenOf(link)}`)).json()).toMatchObject({ caseClosed: false })
    const accepted = await t.anon.post(`/api/invitations/${tokenOf(link)}/accept`, body)
    expect(accepted.statusCode, accepted.body).toBe(200)
    expect(accepted.json().caseId).toBe(own)
  })

  it('an unknown link', async () => {
    const res = await t.anon.get(`/api/invitations/${'a'.repeat(43)}`)
    expect(res.statusCode).toBe(404)
    expect(res.json().error.message).toContain('projectleider')
  })

  it('a resent invitation gets a new link, and the old one stops working', async () => {
    const { invitation, link } = (await invite(lead, caseId)).json()
    const resent = await lead.post(`/api/cases/${caseId}/invitations/${invitation.id}/resend`)
    expect(resent.statusCode).toBe(200)
    expect(resent.json().invitation.sendCount).toBe(2)
    expect(resent.json().link).not.toBe(link)
    expect((await t.anon.get(`/api/invitations/${tokenOf(link)}`)).statusCode).toBe(404)
    expect((await t.anon.get(`/api/invitations/${tokenOf(resent.json().link)}`)).json().state).toBe('pending')
  })
})

describe('accepting', () => {
  it('refuses someone signed in with another email, and lets the right person join as themselves', async () => {
    const invitee = await t.make.user()
    const { link } = (
      await invite(lead, caseId, { email: invitee.email, organisationId: invitee.organisationId })
    ).json()
    const stranger = await t.as(await t.make.user())
    const wrong = await stranger.post(`/api/invitations/${tokenOf(link)}/accept`, {})
    expect(wrong.statusCode).toBe(403)
    expect(wrong.json().error.message).toContain(invitee.email)
    const right = await t.as(invitee)
    const ok = await right.post(`/api/invitations/${tokenOf(link)}/accept`, {})
    expect(ok.statusCode).toBe(200)
    expect((await right.get(`/api/cases/${caseId}`)).statusCode).toBe(200)
  })

  it('creates an account only with a name and a strong password, naming the missing fields', async () => {
    const { link } = (await invite(lead, caseId)).json()
    const empty = await t.anon.post(`/api/invitations/${tokenOf(link)}/accept`, {})
    expect(empty.statusCode).toBe(400)
    expect(empty.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['body.name', 'body.password'])
    const weak = await t.anon.post(`/api/invitations/${tokenOf(link)}/accept`, {
      name: 'Gerrit',
      password: 'password1234',
    })
    expect(weak.statusCode).toBe(400)
    expect((await t.anon.get(`/api/invitations/${tokenOf(link)}`)).json().state).toBe('pending')
  })

  it('only one of two simultaneous accepts wins', async () => {
    const { link } = (await invite(lead, caseId)).json()
    const body = { name: 'Anneke Dorrestijn', password: 'opschoonactie-oosterhaven' }
    const [a, b] = await Promise.all([
      t.anon.post(`/api/invitations/${tokenOf(link)}/accept`, body),
      t.anon.post(`/api/invitations/${tokenOf(link)}/accept`, body),
    ])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409])
  })
})

describe('with SMTP', () => {
  let smtp: TestSmtp
  let mailing: TestApp
  beforeAll(async () => {
    smtp = await startTestSmtp()
    mailing = await createTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'http://veilig.rivierstede.example' })
  })
  afterAll(async () => {
    await mailing.close()
    await smtp.close()
  })

  it('mails the invitation with a working link, and does not return the link', async () => {
    const projectleider = await mailing.as(await mailing.make.user({ name: 'Iris Brinkhorst' }))
    const id = await openCase(projectleider, { title: 'Woninginbraken Oosterhaven' })
    const org = await mailing.make.organisation({ name: 'Politie Rivierstede-Oost', type: 'politie' })
    const res = await projectleider.post(`/api/cases/${id}/invitations`, {
      email: 'ruud.kalkman@politie.example',
      organisationId: org.id,
      role: 'partner',
    })
    expect(res.statusCode).toBe(201)
    expect(res.json().link).toBeNull()
    expect(res.json().invitation.delivery).toBe('sent')

    const mail = await smtp.next()
    expect(mail.to).toMatchObject({ text: 'ruud.kalkman@politie.example' })
    expect(mail.subject).toBe('Uitnodiging: Woninginbraken Oosterhaven')
    expect(mail.text).toContain('Politie Rivierstede-Oost')
    const link = /http:\/\/veilig\.rivierstede\.example\/uitnodiging\/([\w-]+)/.exec(mail.text ?? '')
    expect(link).not.toBeNull()

    // The link in the mail works: Ruud creates his account through it and is in the case.
    const accepted = await mailing.anon.post(`/api/invitations/${link![1]}/accept`, {
      name: 'Ruud Kalkman',
      password: 'surveillance-parkeergarage',
    })
    expect(accepted.statusCode).toBe(200)
    expect(accepted.json().caseId).toBe(id)

    const outbox = (await projectleider.get(`/api/cases/${id}/outbox`)).json().items
    expect(outbox[0]).toMatchObject({ status: 'sent', to: 'ruud.kalkman@politie.example', sentAt: expect.any(String) })
  })

  it('when sending fails, queues the message for a retry and does not return the link', async () => {
    const dead = await createTestApp({ SMTP_URL: 'smtp://127.0.0.1:1' })
    try {
      const projectleider = await dead.as(await dead.make.user())
      const id = await openCase(projectleider)
      const org = await dead.make.organisation()
      const res = await projectleider.post(`/api/cases/${id}/invitations`, {
        email: 'x@example.test',
        organisationId: org.id,
        role: 'partner',
      })
      expect(res.statusCode).toBe(201)
      expect(res.json().link).toBeNull()
      expect(res.json().invitation.delivery).toBe('queued')
      const outbox = (await projectleider.get(`/api/cases/${id}/outbox`)).json().items
      expect(outbox[0]).toMatchObject({
        status: 'queued',
        attempts: 1,
        nextAttemptAt: expect.any(String),
        error: expect.any(String),
      })
    } finally {
      await dead.close()
    }
  })
})
