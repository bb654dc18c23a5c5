import { OrganisationRefListSchema, OrganisationSchema, PickableOrganisationSchema } from '@vp/shared'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, type Client, createTestApp, openCase, type TestApp } from '../../test/app.ts'
import { caseEvents, caseMembers, caseOrganisations, invitations, items, ratings, users } from '../db/schema.ts'

// A projectleider on a new theme adds the invitee's organisation while inviting; the
// administrator confirms, renames or merges it later (issue #17).

let t: TestApp
let admin: Client
beforeAll(async () => {
  t = await createTestApp({ ORGANISATION_PROPOSALS_PER_USER_PER_DAY: '3' })
  admin = await t.as(await t.make.admin())
})
afterAll(() => t.close())

const unique = () => Math.random().toString(36).slice(2, 8)
const tokenOf = (link: string) => link.split('/uitnodiging/')[1]!
const PASSWORD = 'jongerenwerk-de-hoven-31'

async function leadWithCase() {
  const lead = await t.as(await t.make.user({ name: 'Iris Brinkhorst' }))
  const caseId = await openCase(lead)
  return { lead, caseId }
}

const propose = (lead: Client, caseId: string, name: string, type = 'welzijn') =>
  lead.post(`/api/cases/${caseId}/organisations`, { name, type })

const pickList = async (c: Client, caseId?: string) =>
  OrganisationRefListSchema.parse((await c.get(`/api/organisations${caseId ? `?caseId=${caseId}` : ''}`)).json()).items

describe('proposing an organisation while inviting', () => {
  it('is usable at once for an invitation in that case, unconfirmed, and recorded in the case', async () => {
    const { lead, caseId } = await leadWithCase()
    const name = `Jongerenwerk De Hoven ${unique()}`
    const res = await propose(lead, caseId, name)
    expect(res.statusCode).toBe(201)
    const org = PickableOrganisationSchema.parse(res.json())
    expect(org).toMatchObject({ name, type: 'welzijn', confirmed: false })

    expect(await pickList(lead, caseId)).toContainEqual({ id: org.id, name, type: 'welzijn', confirmed: false })
    const inv = await lead.post(`/api/cases/${caseId}/invitations`, {
      email: `jongerenwerker-${unique()}@jongerenwerk.example`,
      organisationId: org.id,
      role: 'partner',
    })
    expect(inv.statusCode).toBe(201)
    expect(inv.json().invitation.organisation).toMatchObject({ id: org.id, name })

    const [event] = await t.testDb.database.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'organisation.proposed')))
    expect(event).toMatchObject({ entityType: 'organisation', entityId: org.id })
    expect(event!.payload).toMatchObject({ organisationId: org.id, name })
  })

  it('is invisible and unusable in another case, even for the same projectleider', async () => {
    const { lead, caseId } = await leadWithCase()
    const other = await openCase(lead, { title: 'Woninginbraken Noord' })
    const org = (await propose(lead, caseId, `Buurtpreventie ${unique()}`, 'bewoners')).json()

    expect((await pickList(lead, other)).map((o) => o.id)).not.toContain(org.id)
    expect((await pickList(lead)).map((o) => o.id)).not.toContain(org.id)
    const inv = await lead.post(`/api/cases/${other}/invitations`, {
      email: `preventie-${unique()}@example.test`,
      organisationId: org.id,
      role: 'partner',
    })
    expect(inv.statusCode).toBe(400)
    expect(inv.json().error.fields).toEqual([{ path: 'body.organisationId', message: 'Bestaat niet' }])
  })

  it('is not shown to someone outside the case who names it: the list is the same as without the case', async () => {
    const { lead, caseId } = await leadWithCase()
    const org = (await propose(lead, caseId, `ProRail ${unique()}`, 'overig')).json()
    const outsider = await t.as(await t.make.user())
    const withCase = await pickList(outsider, caseId)
    expect(withCase.map((o) => o.id)).not.toContain(org.id)
    expect(withCase).toEqual(await pickList(outsider))
    // An unknown case id answers the same way.
    expect(await pickList(outsider, crypto.randomUUID())).toEqual(withCase)
  })

  it('refuses a name that exists (any case) with 409 naming body.name and the organisation to pick', async () => {
    const { lead, caseId } = await leadWithCase()
    const existing = await t.make.organisation({ name: `Politie Rivierstede ${unique()}`, type: 'politie' })
    const res = await propose(lead, caseId, `  ${existing.name.toUpperCase()} `, 'politie')
    expect(res.statusCode).toBe(409)
    expect(res.json().error.fields).toEqual([{ path: 'body.name', message: `Bestaat al: ${existing.name}` }])
    expect(res.json().existing).toEqual({ id: existing.id, name: existing.name, type: 'politie' })

    // Another case's proposal: the name is taken, but that proposal is not revealed.
    const other = await leadWithCase()
    const hidden = (await propose(other.lead, other.caseId, `Stichting Hidden ${unique()}`)).json()
    const clash = await propose(lead, caseId, hidden.name)
    expect(clash.statusCode).toBe(409)
    expect(clash.json().existing).toBeUndefined()
    expect(clash.body).not.toContain(hidden.id)
  })

  it('lets only one of two simultaneous proposals of one name through (in different cases)', async () => {
    const a = await leadWithCase()
    const b = await leadWithCase()
    const name = `Buurtbemiddeling ${unique()}`
    const answers = await Promise.all([propose(a.lead, a.caseId, name), propose(b.lead, b.caseId, name)])
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409])
    expect(answers.find((r) => r.statusCode === 409)!.json().error.fields[0].path).toBe('body.name')
  })

  it('answers 400 naming the field for a bad name or type', async () => {
    const { lead, caseId } = await leadWithCase()
    const res = await lead.post(`/api/cases/${caseId}/organisations`, { name: ' ', type: 'school' })
    expect(res.statusCode).toBe(400)
    const paths = res.json().error.fields.map((f: { path: string }) => f.path)
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.type']))
  })

  it('is the projectleider’s: a partner gets 403, a non-member 404, and nothing is made', async () => {
    const { lead, caseId } = await leadWithCase()
    const partnerUser = await t.make.user()
    const partner = await addMember(t, lead, caseId, partnerUser)
    const name = `Jongerencentrum ${unique()}`
    expect((await propose(partner, caseId, name)).statusCode).toBe(403)
    const outsider = await t.as(await t.make.user())
    expect((await propose(outsider, caseId, name)).statusCode).toBe(404)
    expect((await propose(t.anon, caseId, name)).statusCode).toBe(401)
    const all = (await admin.get('/api/admin/organisations?limit=200')).json().items as { name: string }[]
    expect(all.map((o) => o.name)).not.toContain(name)
  })

  it('limits proposals per person per day with 429', async () => {
    // This file's app allows 3 a day (see beforeAll); each test's projectleider is a new person.
    const { lead, caseId } = await leadWithCase()
    for (let i = 1; i <= 3; i++) expect((await propose(lead, caseId, `Voorstel ${i} ${unique()}`)).statusCode).toBe(201)
    const fourth = await propose(lead, caseId, `Vierde ${unique()}`)
    expect(fourth.statusCode).toBe(429)
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0)
    // Another projectleider has a budget of their own.
    const other = await leadWithCase()
    expect((await propose(other.lead, other.caseId, `Vijfde ${unique()}`)).statusCode).toBe(201)
  })

  it('makes a new account in it wait for the administrator’s approval (no e-mail domains)', async () => {
    const { lead, caseId } = await leadWithCase()
    const org = (await propose(lead, caseId, `Straathoekwerk ${unique()}`)).json()
    const email = `straathoekwerker-${unique()}@straathoek.example`
    const inv = await lead.post(`/api/cases/${caseId}/invitations`, { email, organisationId: org.id, role: 'partner' })
    const accepted = await t.anon.post(`/api/invitations/${tokenOf(inv.json().link)}/accept`, {
      name: 'Samira Bouzid',
      password: PASSWORD,
    })
    expect(accepted.statusCode).toBe(200)
    expect(accepted.json()).toMatchObject({ approval: 'pending', user: null })
    expect((await t.anon.post('/api/auth/login', { email, password: PASSWORD })).statusCode).toBe(403)
    const pending = (await admin.get('/api/admin/pending-accounts')).json().items
    expect(pending).toContainEqual(
      expect.objectContaining({ email, organisation: expect.objectContaining({ id: org.id }) }),
    )
  })
})

describe('the administrator and a proposed organisation', () => {
  it('lists it as unconfirmed with who proposed it in which case, and confirms it', async () => {
    const leadUser = await t.make.user({ name: 'Iris Brinkhorst' })
    const lead = await t.as(leadUser)
    const caseId = await openCase(lead, { title: 'Overlast jeugd Kerkplein' })
    const org = (await propose(lead, caseId, `Jongerenwerk Kerkplein ${unique()}`)).json()

    const got = await admin.get(`/api/admin/organisations/${org.id}`)
    expect(OrganisationSchema.parse(got.json())).toMatchObject({
      confirmed: false,
      emailDomains: [],
      proposedBy: { userId: leadUser.id, name: 'Iris Brinkhorst', email: leadUser.email },
      proposedInCase: { id: caseId, title: 'Overlast jeugd Kerkplein' },
      mergedInto: null,
    })

    const renamed = await admin.patch(
      `/api/admin/organisations/${org.id}`,
      { name: `${org.name} (Stichting Welzijn)`, emailDomains: ['welzijn-kerkplein.example'] },
      { 'if-match': got.headers.etag as string },
    )
    expect(renamed.statusCode).toBe(200)
    expect(renamed.json()).toMatchObject({ confirmed: false, emailDomains: ['welzijn-kerkplein.example'] })
    const confirmed = await admin.patch(
      `/api/admin/organisations/${org.id}`,
      { confirmed: true },
      { 'if-match': renamed.headers.etag as string },
    )
    expect(confirmed.statusCode).toBe(200)
    expect(confirmed.json()).toMatchObject({ confirmed: true, name: `${org.name} (Stichting Welzijn)` })

    // Confirmed: every projectleider may pick it now; the case's log says the administrator confirmed it.
    const someone = await t.as(await t.make.user())
    expect((await pickList(someone)).map((o) => o.id)).toContain(org.id)
    const [event] = await t.testDb.database.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'organisation.confirmed')))
    expect(event).toMatchObject({ entityId: org.id })

    // A confirmed organisation cannot be merged.
    const target = await t.make.organisation({ name: `Welzijn Rivierstede ${unique()}`, type: 'welzijn' })
    const merge = await admin.patch(
      `/api/admin/organisations/${org.id}`,
      { mergeInto: target.id },
      { 'if-match': confirmed.headers.etag as string },
    )
    expect(merge.statusCode).toBe(409)
    expect(merge.json().error.fields).toEqual([{ path: 'body.mergeInto', message: 'Deze organisatie is al bevestigd' }])
  })

  it('merges it into an existing organisation: people, seats, invitations and contributions move in one go', async () => {
    const db = t.testDb.database.db
    const { lead, caseId } = await leadWithCase()
    const target = await t.make.organisation({ name: `Welzijn Rivierstede ${unique()}`, type: 'welzijn' })
    const targetUser = await t.make.user({ organisationId: target.id })
    const targetMember = await addMember(t, lead, caseId, targetUser)
    const proposal = (await propose(lead, caseId, `Jongerenwerk ${unique()}`)).json()

    // Someone joins for the proposal (pending, then approved), and contributes.
    const email = `jongerenwerker-${unique()}@jongerenwerk.example`
    const inv = await lead.post(`/api/cases/${caseId}/invitations`, {
      email,
      organisationId: proposal.id,
      role: 'partner',
    })
    await t.anon.post(`/api/invitations/${tokenOf(inv.json().link)}/accept`, {
      name: 'Samira Bouzid',
      password: PASSWORD,
    })
    const [newcomer] = await db.select().from(users).where(eq(users.email, email))
    expect((await admin.post(`/api/admin/pending-accounts/${newcomer!.id}/approve`, {})).statusCode).toBe(200)
    const jongerenwerker = await t.as({ ...newcomer!, organisationId: proposal.id, password: PASSWORD })
    const open = await lead.get(`/api/cases/${caseId}/steps/2`)
    await lead.patch(`/api/cases/${caseId}/steps/2`, { status: 'open' }, { 'if-match': open.headers.etag as string })
    const leadOrg = (await lead.get('/api/auth/me')).json().user.organisation.id as string
    const sub = await jongerenwerker.post(`/api/cases/${caseId}/items`, {
      kind: 'subproblem',
      step: 2,
      title: 'Hangjongeren bij het winkelcentrum',
      audience: [leadOrg, proposal.id, target.id],
    })
    expect(sub.statusCode).toBe(201)
    const subId = sub.json().id as string
    expect(
      (await jongerenwerker.put(`/api/cases/${caseId}/items/${subId}/rating`, { score: 2 }, { 'if-match': '"0"' }))
        .statusCode,
    ).toBe(200)
    expect(
      (await targetMember.put(`/api/cases/${caseId}/items/${subId}/rating`, { score: 5 }, { 'if-match': '"0"' }))
        .statusCode,
    ).toBe(200)
    // A pending invitation for the proposal too.
    const pendingInv = await lead.post(`/api/cases/${caseId}/invitations`, {
      email: `collega-${unique()}@jongerenwerk.example`,
      organisationId: proposal.id,
      role: 'partner',
    })

    const got = await admin.get(`/api/admin/organisations/${proposal.id}`)
    // Merging goes alone, and only into a confirmed organisation.
    const mixed = await admin.patch(
      `/api/admin/organisations/${proposal.id}`,
      { mergeInto: target.id, name: 'Iets anders' },
      { 'if-match': got.headers.etag as string },
    )
    expect(mixed.statusCode).toBe(400)
    expect(mixed.json().error.fields[0].path).toBe('body.mergeInto')
    const res = await admin.patch(
      `/api/admin/organisations/${proposal.id}`,
      { mergeInto: target.id },
      { 'if-match': got.headers.etag as string },
    )
    expect(res.statusCode).toBe(200)
    expect(OrganisationSchema.parse(res.json())).toMatchObject({
      mergedInto: { id: target.id, name: target.name, type: 'welzijn' },
    })

    const [person] = await db.select().from(users).where(eq(users.id, newcomer!.id))
    expect(person!.organisationId).toBe(target.id)
    const seats = await db.select().from(caseMembers).where(eq(caseMembers.caseId, caseId))
    expect(seats.map((s) => s.organisationId)).not.toContain(proposal.id)
    expect(seats.find((s) => s.userId === newcomer!.id)!.organisationId).toBe(target.id)
    const caseOrgs = await db.select().from(caseOrganisations).where(eq(caseOrganisations.caseId, caseId))
    expect(caseOrgs.map((c) => c.organisationId).sort()).toEqual([leadOrg, target.id].sort())
    const [item] = await db.select().from(items).where(eq(items.id, subId))
    expect(item!.authorOrganisationId).toBe(target.id)
    expect([...item!.audience!].sort()).toEqual([leadOrg, target.id].sort())
    // Both rated: the target's own rating stands, the proposal's is dropped.
    expect(await db.select().from(ratings).where(eq(ratings.itemId, subId))).toEqual([
      expect.objectContaining({ organisationId: target.id, score: 5 }),
    ])
    const [movedInv] = await db.select().from(invitations).where(eq(invitations.id, pendingInv.json().invitation.id))
    expect(movedInv!.organisationId).toBe(target.id)

    // Hidden from pick lists, not pickable any more, and the case's log says what happened.
    expect((await pickList(lead, caseId)).map((o) => o.id)).not.toContain(proposal.id)
    const reinvite = await lead.post(`/api/cases/${caseId}/invitations`, {
      email: `nog-een-${unique()}@jongerenwerk.example`,
      organisationId: proposal.id,
      role: 'partner',
    })
    expect(reinvite.statusCode).toBe(400)
    const [event] = await db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'organisation.merged')))
    expect(event!.payload).toMatchObject({ fromOrganisationId: proposal.id, organisationId: target.id })
    // The merged person still signs in, now for the target organisation.
    const me = await (await t.as({ ...newcomer!, organisationId: target.id, password: PASSWORD })).get('/api/auth/me')
    expect(me.json().user.organisation.id).toBe(target.id)
    // The old name now points at the organisation to pick.
    const again = await propose(lead, caseId, proposal.name)
    expect(again.statusCode).toBe(409)
    expect(again.json().existing).toMatchObject({ id: target.id })
    // A merged organisation is done with: no second merge or rename.
    const twice = await admin.patch(
      `/api/admin/organisations/${proposal.id}`,
      { name: 'Nieuwe naam' },
      { 'if-match': res.headers.etag as string },
    )
    expect(twice.statusCode).toBe(409)
  })

  it('refuses to merge into another proposal, itself or an unknown organisation (400 naming body.mergeInto)', async () => {
    const { lead, caseId } = await leadWithCase()
    const a = (await propose(lead, caseId, `Voorstel A ${unique()}`)).json()
    const b = (await propose(lead, caseId, `Voorstel B ${unique()}`)).json()
    const etag = (await admin.get(`/api/admin/organisations/${a.id}`)).headers.etag as string
    for (const into of [b.id, a.id, crypto.randomUUID()]) {
      const res = await admin.patch(`/api/admin/organisations/${a.id}`, { mergeInto: into }, { 'if-match': etag })
      expect(res.statusCode).toBe(400)
      expect(res.json().error.fields[0].path).toBe('body.mergeInto')
    }
  })
})
