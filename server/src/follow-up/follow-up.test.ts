import { AgendaSchema, FollowUpSchema } from '@vp/shared'
import { describe, expect, it } from 'vitest'
import type { Client } from '../../test/app.ts'
import { inDays, visibilitySuite } from '../../test/visibility.ts'

// The follow-up list passes the read rule as it is now: an action whose audience leaves out the
// projectleider's organisation is not in it at all, not even its id, also when it was restricted
// after its commitment was asked.

const { partnership, openSteps, create, setAudience } = visibilitySuite()

const followUp = async (c: Client, caseId: string) => {
  const res = await c.get(`/api/cases/${caseId}/follow-up`)
  expect(res.statusCode, res.body).toBe(200)
  return { raw: res.body, body: FollowUpSchema.parse(res.json()) }
}
const agendaOf = async (c: Client) => {
  const res = await c.get('/api/me/agenda')
  expect(res.statusCode, res.body).toBe(200)
  return { raw: res.body, body: AgendaSchema.parse(res.json()) }
}
const userIdOf = async (c: Client) => (await c.get('/api/auth/me')).json().user.id as string

describe('the follow-up list under the read rule', () => {
  it('leaves out an action restricted to an audience without the projectleider, from the start or later', async () => {
    const p = await partnership()
    await openSteps(p, [5, 6])
    const action = (title: string, extra: Record<string, unknown>) =>
      create(p.police, p.caseId, {
        kind: 'action',
        step: 5,
        title,
        trekkerOrganisationId: p.pol,
        ...extra,
      })
    // Driehoek without the gemeente from the start: overdue, the prosecutor's commitment open.
    const hidden = await action('Observatie Zandloperpassage', {
      participants: [
        { organisationId: p.pol, hours: 10 },
        { organisationId: p.om, hours: 4 },
      ],
      dueDate: inDays(-3),
      audience: [p.pol, p.om],
    })
    // Open to all at first, the shops asked to take part; delayed.
    const later = await action('Cameratoezicht achteringang', {
      participants: [
        { organisationId: p.pol, hours: 6 },
        { organisationId: p.win, hours: 2 },
      ],
      dueDate: inDays(-1),
    })
    await create(p.police, p.caseId, {
      kind: 'action_update',
      step: 6,
      title: 'Camera nog niet geleverd',
      actionId: later.id,
      status: 'vertraagd',
    })
    const leadId = await userIdOf(p.lead)
    const comment = await p.police.post(`/api/cases/${p.caseId}/items/${later.id}/comments`, {
      body: 'Kunt u de winkeliers hierover bellen?',
      mentions: [leadId],
    })
    expect(comment.statusCode, comment.body).toBe(201)

    const before = await followUp(p.lead, p.caseId)
    expect(before.body.commitments.map((c) => [c.actionId, c.organisation.id, c.status])).toEqual([
      [later.id, p.win, 'pending'],
    ])
    expect(before.body.actions.map((a) => [a.id, a.status, a.overdue])).toEqual([[later.id, 'vertraagd', true]])
    expect(before.raw).not.toContain(hidden.id)
    expect(before.raw).not.toContain('Zandloperpassage')
    const agendaBefore = await agendaOf(p.lead)
    expect(agendaBefore.body.mentions.map((m) => [m.itemId, m.body])).toEqual([
      [later.id, 'Kunt u de winkeliers hierover bellen?'],
    ])
    expect(agendaBefore.body.followUp).toEqual([{ caseId: p.caseId, caseTitle: expect.any(String), ...before.body }])

    // Politie restricts the second action to itself and the shops, after the commitment was asked.
    await setAudience(p.police, p.caseId, later.id, [p.pol, p.win])

    const after = await followUp(p.lead, p.caseId)
    expect(after.body.commitments).toEqual([])
    expect(after.body.actions).toEqual([])
    for (const id of [hidden.id, later.id]) expect(after.raw).not.toContain(id)
    expect(after.raw).not.toContain('Cameratoezicht')
    const agendaAfter = await agendaOf(p.lead)
    expect(agendaAfter.body.mentions).toEqual([])
    for (const id of [hidden.id, later.id]) expect(agendaAfter.raw).not.toContain(id)
  })

  it('answers partners 403: chasing is for the projectleider', async () => {
    const p = await partnership()
    for (const partner of [p.police, p.shops]) {
      const res = await partner.get(`/api/cases/${p.caseId}/follow-up`)
      expect(res.statusCode).toBe(403)
      expect(res.json().error.code).toBeTruthy()
    }
    expect((await agendaOf(p.police)).body.followUp).toEqual([])
    // A case id that is no id at all names no case: not found, like every case route.
    expect((await p.lead.get('/api/cases/not-a-case/follow-up')).statusCode).toBe(404)
  })

  it('lists new partners who never opened the case as quiet, and names the steps they have not finished', async () => {
    const p = await partnership()
    const f = (await followUp(p.lead, p.caseId)).body
    // Step 1 is open from the start; the lead's own seat is not on the quiet list.
    expect(f.openSteps.map((s) => [s.step, s.daysLeft, s.notDone.length])).toEqual([[1, null, 4]])
    expect(f.quietMembers.map((m) => [m.organisation.id, m.lastSeenAt]).sort()).toEqual(
      [
        [p.pol, null],
        [p.om, null],
        [p.win, null],
      ].sort(),
    )
    // Opening the case counts as a visit.
    expect((await p.police.get(`/api/cases/${p.caseId}`)).statusCode).toBe(200)
    const again = (await followUp(p.lead, p.caseId)).body
    expect(again.quietMembers.map((m) => m.organisation.id)).not.toContain(p.pol)
  })
})
