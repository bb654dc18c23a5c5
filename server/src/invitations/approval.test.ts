import {
  AcceptInvitationResultSchema,
  InvitationListSchema,
  MemberListSchema,
  PendingAccountListSchema,
} from '@vp/shared'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, createTestApp, openCase, sessionCookieOf, type TestApp } from '../../test/app.ts'
import { users } from '../db/schema.ts'

// An invitation may mint an active account in an organisation only for an address in that
// organisation's e-mail domains; any other new account waits for the administrator (issue #15).

let t: TestApp
let admin: Client
let lead: Client
let caseId: string
let politie: { id: string; name: string }
beforeAll(async () => {
  t = await createTestApp()
  admin = await t.as(await t.make.admin())
  lead = await t.as(await t.make.user({ name: 'Iris Brinkhorst' }))
  caseId = await openCase(lead, { title: 'Drugsoverlast Stationsplein' })
  politie = await t.make.organisation({ name: `Politie ${Math.random().toString(36).slice(2, 8)}`, type: 'politie' })
  const org = await admin.get(`/api/admin/organisations/${politie.id}`)
  const set = await admin.patch(
    `/api/admin/organisations/${politie.id}`,
    { emailDomains: ['politie.example'] },
    { 'if-match': org.headers.etag as string },
  )
  expect(set.statusCode).toBe(200)
})
afterAll(() => t.close())

const tokenOf = (link: string) => link.split('/uitnodiging/')[1]!
const unique = () => Math.random().toString(36).slice(2, 10)
const PASSWORD = 'wijkagent-stationsplein-77'

async function inviteAndCreate(email: string, name = 'Kees de Vries') {
  const inv = await lead.post(`/api/cases/${caseId}/invitations`, {
    email,
    organisationId: politie.id,
    role: 'partner',
  })
  expect(inv.statusCode).toBe(201)
  const accepted = await t.anon.post(`/api/invitations/${tokenOf(inv.json().link)}/accept`, {
    name,
    password: PASSWORD,
  })
  return { invitationId: inv.json().invitation.id as string, accepted }
}

const login = (email: string, password = PASSWORD) => t.anon.post('/api/auth/login', { email, password })

describe('an invitation for an address outside the organisation’s domains', () => {
  it('ends in a pending account that cannot sign in until the administrator approves it', async () => {
    const email = `nep-agent-${unique()}@gmail.example`
    const { invitationId, accepted } = await inviteAndCreate(email)

    // The account exists, but nobody is signed in and it is not active in Politie.
    expect(accepted.statusCode).toBe(200)
    expect(AcceptInvitationResultSchema.parse(accepted.json())).toMatchObject({
      caseId,
      approval: 'pending',
      user: null,
    })
    expect(sessionCookieOf(accepted)).toBeNull()
    const [row] = await t.testDb.database.db.select().from(users).where(eq(users.email, email))
    expect(row).toMatchObject({ approval: 'pending', approvalInvitationId: invitationId, organisationId: politie.id })

    // Signing in: the right password gets the clear 403; a wrong one the same 401 as an unknown address.
    const pending = await login(email)
    expect(pending.statusCode).toBe(403)
    expect(pending.json().error.message).toBe('Uw account wacht op goedkeuring door de beheerder')
    expect(sessionCookieOf(pending)).toBeNull()
    const wrong = await login(email, 'een-ander-wachtwoord-99')
    const unknown = await login(`niemand-${unique()}@gmail.example`)
    expect(wrong.statusCode).toBe(401)
    expect(wrong.json()).toEqual(unknown.json())

    // The projectleider sees the seat, waiting for approval.
    const members = MemberListSchema.parse((await lead.get(`/api/cases/${caseId}/members`)).json()).items
    expect(members.find((m) => m.email === email)).toMatchObject({ approval: 'pending' })
    const invitations = InvitationListSchema.parse((await lead.get(`/api/cases/${caseId}/invitations`)).json()).items
    expect(invitations.find((i) => i.id === invitationId)).toMatchObject({ state: 'accepted', approval: 'pending' })
    // Nor can the case be handed to someone who cannot sign in.
    const handover = await lead.post(`/api/cases/${caseId}/handover`, { userId: row!.id })
    expect(handover.statusCode).toBe(409)
    expect(handover.json().error.fields[0].path).toBe('body.userId')

    // The administrator sees who, which organisation, which case and who invited.
    const list = PendingAccountListSchema.parse((await admin.get('/api/admin/pending-accounts')).json()).items
    const waiting = list.find((p) => p.email === email)!
    expect(waiting).toMatchObject({
      name: 'Kees de Vries',
      organisation: { id: politie.id },
      invitation: {
        id: invitationId,
        caseId,
        caseTitle: 'Drugsoverlast Stationsplein',
        invitedBy: { name: 'Iris Brinkhorst' },
      },
    })
    // Nobody else may see or decide it.
    expect((await lead.get('/api/admin/pending-accounts')).statusCode).toBe(403)
    expect((await lead.post(`/api/admin/pending-accounts/${waiting.id}/approve`)).statusCode).toBe(403)

    const approved = await admin.post(`/api/admin/pending-accounts/${waiting.id}/approve`)
    expect(approved.statusCode).toBe(200)
    expect(approved.json()).toMatchObject({ approval: 'approved' })
    expect((await admin.post(`/api/admin/pending-accounts/${waiting.id}/approve`)).statusCode).toBe(409)
    expect(
      PendingAccountListSchema.parse((await admin.get('/api/admin/pending-accounts')).json()).items,
    ).not.toContainEqual(expect.objectContaining({ email }))

    // Now the person signs in and is in the case; the case's log records who approved.
    const signedIn = await login(email)
    expect(signedIn.statusCode).toBe(200)
    const member = t.clientWithCookie(signedIn)
    expect((await member.get(`/api/cases/${caseId}`)).statusCode).toBe(200)
    const activity = (await lead.get(`/api/cases/${caseId}/activity?limit=200`)).json().items
    expect(activity).toContainEqual(expect.objectContaining({ type: 'account.approved', entityId: invitationId }))
  })

  it('a rejected account stays unable to sign in, and its seat ends', async () => {
    const email = `nep-${unique()}@hotmail.example`
    const { invitationId, accepted } = await inviteAndCreate(email, 'Jan Nep')
    expect(accepted.json().approval).toBe('pending')
    const userId = (await t.testDb.database.db.select().from(users).where(eq(users.email, email)))[0]!.id

    expect((await admin.post(`/api/admin/pending-accounts/${userId}/reject`)).statusCode).toBe(200)
    const refused = await login(email)
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.message).toContain('niet goedgekeurd')
    const members = (await lead.get(`/api/cases/${caseId}/members`)).json().items
    expect(members.find((m: { email: string }) => m.email === email)).toBeUndefined()
    const activity = (await lead.get(`/api/cases/${caseId}/activity?limit=200`)).json().items
    expect(activity).toContainEqual(expect.objectContaining({ type: 'account.rejected', entityId: invitationId }))
  })
})

describe('an invitation for an address in the organisation’s domains', () => {
  it('makes an active account and signs the person in, as before', async () => {
    const email = `r.kalkman-${unique()}@politie.example`
    const { accepted } = await inviteAndCreate(email, 'Ruud Kalkman')
    expect(accepted.statusCode).toBe(200)
    expect(accepted.json()).toMatchObject({ caseId, approval: 'approved', user: { email } })
    const member = t.clientWithCookie(accepted)
    expect((await member.get(`/api/cases/${caseId}`)).statusCode).toBe(200)
    expect((await login(email)).statusCode).toBe(200)
    const members = (await lead.get(`/api/cases/${caseId}/members`)).json().items
    expect(members.find((m: { email: string }) => m.email === email)).toMatchObject({ approval: 'approved' })
  })

  it('does not count a look-alike domain or a subdomain as the organisation’s', async () => {
    for (const email of [`a-${unique()}@nep-politie.example`, `b-${unique()}@politie.example.evil.example`]) {
      const { accepted } = await inviteAndCreate(email)
      expect(accepted.json().approval).toBe('pending')
    }
  })

  it('an existing account joins by invitation as before, whatever its domain', async () => {
    const existing = await t.make.user()
    const inv = await lead.post(`/api/cases/${caseId}/invitations`, {
      email: existing.email,
      organisationId: politie.id,
      role: 'waarnemer',
    })
    const res = await t.anon.post(`/api/invitations/${tokenOf(inv.json().link)}/accept`, {
      password: existing.password,
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ approval: 'approved', user: { email: existing.email } })
  })
})
