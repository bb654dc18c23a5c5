import { ItemSchema, StepSchema } from '@vp/shared'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, type Client, createTestApp, openCase, type TestApp } from '../../test/app.ts'
import { caseEvents } from '../db/schema.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

/**
 * A case led by the gemeente with the police and a housing corporation as partners, steps 1–4
 * closed and step 5 open with one action: trekker gemeente, the police and the corporation asked
 * to take part (both commitments pending).
 */
let n = 0
async function partnership() {
  n += 1
  const gem = await t.make.organisation({ type: 'gemeente', name: `Gemeente Rivierstede ${n}` })
  const pol = await t.make.organisation({ type: 'politie', name: `Politie Basisteam ${n}` })
  const woon = await t.make.organisation({ type: 'woningcorporatie', name: `Woonstichting Rivierstede ${n}` })
  const lead = await t.as(await t.make.user({ organisationId: gem.id }))
  const caseId = await openCase(lead)
  const police = await addMember(t, lead, caseId, await t.make.user({ organisationId: pol.id }))
  const housing = await addMember(t, lead, caseId, await t.make.user({ organisationId: woon.id }))
  for (const step of [1, 2, 3, 4]) expect((await patch(lead, caseId, step, { status: 'closed' })).statusCode).toBe(200)
  const res = await lead.post(`/api/cases/${caseId}/items`, {
    kind: 'action',
    step: 5,
    title: 'Extra toezicht op koopavond',
    trekkerOrganisationId: gem.id,
    participants: [
      { organisationId: pol.id, hours: 8 },
      { organisationId: woon.id, hours: 4 },
    ],
  })
  expect(res.statusCode, res.body).toBe(201)
  const action = ItemSchema.parse(res.json())
  return { lead, police, housing, caseId, gem: gem.id, pol: pol.id, woon: woon.id, action }
}

async function patch(c: Client, caseId: string, step: number, body: Record<string, unknown>) {
  const etag = (await c.get(`/api/cases/${caseId}/steps/${step}`)).headers.etag as string
  return c.patch(`/api/cases/${caseId}/steps/${step}`, body, { 'if-match': etag })
}

async function markDone(c: Client, caseId: string, step: number, organisationId: string) {
  const s = StepSchema.parse((await c.get(`/api/cases/${caseId}/steps/${step}`)).json())
  const version = s.done.find((d) => d.organisation.id === organisationId)!.version
  return c.put(`/api/cases/${caseId}/steps/${step}/done`, { done: true }, { 'if-match': `"${version}"` })
}

async function stepEvents(caseId: string, type: string) {
  return t.testDb.database.db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, type)))
    .orderBy(caseEvents.seq)
}

const doneOf = async (c: Client, caseId: string, step: number) =>
  StepSchema.parse((await c.get(`/api/cases/${caseId}/steps/${step}`)).json()).done.filter((d) => d.done)

describe('closing a step records who was not done', () => {
  it('names the organisations without a done mark and the pending commitments, by id only', async () => {
    const p = await partnership()
    expect((await markDone(p.police, p.caseId, 5, p.pol)).statusCode).toBe(200)
    // The police accept their part; the corporation's commitment stays pending.
    const accept = await p.police.put(
      `/api/cases/${p.caseId}/items/${p.action.id}/commitment`,
      { status: 'accepted' },
      { 'if-match': '"1"' },
    )
    expect(accept.statusCode, accept.body).toBe(200)

    const res = await patch(p.lead, p.caseId, 5, { status: 'closed' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().status).toBe('closed')

    const [closed] = (await stepEvents(p.caseId, 'step.closed')).filter((e) => e.step === 5)
    expect(closed!.payload).toEqual({
      // By organisation name: the gemeente (projectleider, contributes too) and the corporation.
      notDone: [p.gem, p.woon],
      openCommitments: [{ actionId: p.action.id, organisationId: p.woon }],
    })
    // Never an item's text in a step event: every member reads it.
    expect(JSON.stringify(closed!.payload)).not.toContain('koopavond')
  })

  it('shows the list to every member in the activity, organisations resolvable from the members', async () => {
    const p = await partnership()
    expect((await patch(p.lead, p.caseId, 5, { status: 'closed' })).statusCode).toBe(200)
    const activity = (await p.housing.get(`/api/cases/${p.caseId}/activity?step=5`)).json().items
    const closed = activity.find((e: { type: string }) => e.type === 'step.closed')
    expect(closed).toMatchObject({ visible: true, payload: { notDone: expect.arrayContaining([p.woon, p.pol]) } })
    const members = (await p.housing.get(`/api/cases/${p.caseId}`)).json().members as {
      organisation: { id: string; name: string }
    }[]
    const names = (closed.payload.notDone as string[]).map(
      (id) => members.find((m) => m.organisation.id === id)?.organisation.name,
    )
    expect(names).toEqual(expect.arrayContaining([`Woonstichting Rivierstede ${n}`, `Politie Basisteam ${n}`]))
  })

  it('records an empty list when everyone is done', async () => {
    const p = await partnership()
    expect((await patch(p.lead, p.caseId, 5, { status: 'closed' })).statusCode).toBe(200)
    // Step 6 has no actions: only the organisations count.
    for (const [c, org] of [
      [p.lead, p.gem],
      [p.police, p.pol],
      [p.housing, p.woon],
    ] as const) {
      expect((await markDone(c, p.caseId, 6, org)).statusCode).toBe(200)
    }
    expect((await patch(p.lead, p.caseId, 6, { status: 'closed' })).statusCode).toBe(200)
    const [closed] = (await stepEvents(p.caseId, 'step.closed')).filter((e) => e.step === 6)
    expect(closed!.payload).toEqual({ notDone: [], openCommitments: [] })
  })

  it('a partner cannot close a step (403); a non-member gets 404; nothing is recorded', async () => {
    const p = await partnership()
    expect((await patch(p.police, p.caseId, 5, { status: 'closed' })).statusCode).toBe(403)
    const outsider = await t.as(await t.make.user())
    const res = await outsider.patch(`/api/cases/${p.caseId}/steps/5`, { status: 'closed' }, { 'if-match': '"1"' })
    expect(res.statusCode).toBe(404)
    expect((await stepEvents(p.caseId, 'step.closed')).filter((e) => e.step === 5)).toEqual([])
  })

  it('a mark racing the close: either it lands before and counts as done, or it gets 409', async () => {
    const p = await partnership()
    const s = StepSchema.parse((await p.lead.get(`/api/cases/${p.caseId}/steps/5`)).json())
    const [mark, close] = await Promise.all([
      p.housing.put(`/api/cases/${p.caseId}/steps/5/done`, { done: true }, { 'if-match': '"0"' }),
      p.lead.patch(`/api/cases/${p.caseId}/steps/5`, { status: 'closed' }, { 'if-match': `"${s.version}"` }),
    ])
    expect(close.statusCode, close.body).toBe(200)
    expect([200, 409]).toContain(mark.statusCode)
    const [closed] = (await stepEvents(p.caseId, 'step.closed')).filter((e) => e.step === 5)
    const notDone = (closed!.payload as { notDone: string[] }).notDone
    // The record agrees with the mark: done before the close, or refused after it.
    expect(notDone.includes(p.woon)).toBe(mark.statusCode === 409)
  })
})

describe('reopening a closed step', () => {
  async function closedStep5() {
    const p = await partnership()
    const setDeadline = await patch(p.lead, p.caseId, 5, { deadline: '2026-01-15T17:00:00+01:00' })
    expect(setDeadline.statusCode, setDeadline.body).toBe(200)
    expect((await markDone(p.police, p.caseId, 5, p.pol)).statusCode).toBe(200)
    expect((await markDone(p.housing, p.caseId, 5, p.woon)).statusCode).toBe(200)
    expect((await patch(p.lead, p.caseId, 5, { status: 'closed' })).statusCode).toBe(200)
    return p
  }

  it('needs a deadline field (a new one or null): 400 naming body.deadline, step stays closed', async () => {
    const p = await closedStep5()
    const res = await patch(p.lead, p.caseId, 5, { status: 'open', reason: 'Nieuwe meldingen' })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'body.deadline' })]),
    )
    const both = await patch(p.lead, p.caseId, 5, { status: 'open' })
    expect(both.statusCode).toBe(400)
    expect(
      both
        .json()
        .error.fields.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['body.deadline', 'body.reason'])
    expect((await p.lead.get(`/api/cases/${p.caseId}/steps/5`)).json().status).toBe('closed')
    expect(await stepEvents(p.caseId, 'step.reopened')).toEqual([])
  })

  it('with a new deadline: the old passed one is gone, nothing is overdue, marks cleared by default', async () => {
    const p = await closedStep5()
    const res = await patch(p.lead, p.caseId, 5, {
      status: 'open',
      reason: 'Nieuwe meldingen',
      deadline: '2099-06-29T17:00:00+02:00',
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ status: 'open', deadline: '2099-06-29T15:00:00.000Z', overdue: false })
    expect(await doneOf(p.police, p.caseId, 5)).toEqual([])
    const [reopened] = await stepEvents(p.caseId, 'step.reopened')
    expect(reopened!.payload).toEqual({
      reason: 'Nieuwe meldingen',
      deadline: '2099-06-29T15:00:00.000Z',
      previousDeadline: '2026-01-15T16:00:00.000Z',
      keepDone: false,
      clearedDone: [p.pol, p.woon].sort(),
    })
    // Partners mark again on the reopened step.
    expect((await markDone(p.police, p.caseId, 5, p.pol)).statusCode).toBe(200)
  })

  it('with deadline null: no deadline at all, so never "verlopen"', async () => {
    const p = await closedStep5()
    const res = await patch(p.lead, p.caseId, 5, { status: 'open', reason: 'Nog een ronde', deadline: null })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ deadline: null, overdue: false })
    const steps = (await p.housing.get(`/api/cases/${p.caseId}/steps`)).json().items
    expect(steps.some((s: { overdue: boolean }) => s.overdue)).toBe(false)
  })

  it('keepDone true keeps the earlier marks and says so in the event', async () => {
    const p = await closedStep5()
    const res = await patch(p.lead, p.caseId, 5, {
      status: 'open',
      reason: 'Kleine aanvulling',
      deadline: null,
      keepDone: true,
    })
    expect(res.statusCode, res.body).toBe(200)
    expect((await doneOf(p.lead, p.caseId, 5)).map((d) => d.organisation.id).sort()).toEqual([p.pol, p.woon].sort())
    const [reopened] = await stepEvents(p.caseId, 'step.reopened')
    expect(reopened!.payload).toMatchObject({ keepDone: true, clearedDone: [] })
  })

  it('rejects a keepDone that is not a boolean, naming the field', async () => {
    const p = await closedStep5()
    const res = await patch(p.lead, p.caseId, 5, { status: 'open', reason: 'x', deadline: null, keepDone: 'ja' })
    expect(res.statusCode).toBe(400)
    expect(JSON.stringify(res.json().error)).toContain('keepDone')
  })

  it('accepts a deadline in the past (an integrator may backdate); the step shows as overdue', async () => {
    const p = await closedStep5()
    const res = await patch(p.lead, p.caseId, 5, { status: 'open', reason: 'Terug', deadline: '2020-01-01T12:00:00Z' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ overdue: true })
  })

  it('a partner cannot reopen (403); illegal transitions stay 409', async () => {
    const p = await closedStep5()
    expect((await patch(p.police, p.caseId, 5, { status: 'open', reason: 'x', deadline: null })).statusCode).toBe(403)
    // Step 6 opened when 5 closed; a not-started step cannot be closed.
    const fresh = await partnership()
    expect((await patch(fresh.lead, fresh.caseId, 6, { status: 'closed' })).statusCode).toBe(409)
  })
})

describe('closing the case', () => {
  it('closes its open steps with who was not done, opens nothing after them, and leaves nothing overdue', async () => {
    const p = await partnership()
    // Step 5 has a deadline that has passed; step 6 has not started.
    expect((await patch(p.lead, p.caseId, 5, { deadline: '2020-01-01T12:00:00.000Z' })).statusCode).toBe(200)
    const before = (await p.lead.get(`/api/cases/${p.caseId}`)).json()
    expect(before.steps.find((s: { step: number }) => s.step === 5)).toMatchObject({ status: 'open', overdue: true })

    const closed = await p.lead.patch(
      `/api/cases/${p.caseId}`,
      { status: 'closed' },
      { 'if-match': `"${before.version}"` },
    )
    expect(closed.statusCode, closed.body).toBe(200)
    const after = (await p.lead.get(`/api/cases/${p.caseId}`)).json()
    expect(after.steps.map((s: { status: string }) => s.status)).toEqual([
      'closed',
      'closed',
      'closed',
      'closed',
      'closed',
      'not_started',
    ])
    expect(after.steps.some((s: { overdue: boolean }) => s.overdue)).toBe(false)

    const [event] = (await stepEvents(p.caseId, 'step.closed')).filter((e) => e.step === 5)
    expect(event!.payload).toMatchObject({
      withCase: true,
      notDone: expect.arrayContaining([p.gem, p.pol, p.woon]),
      openCommitments: expect.arrayContaining([{ actionId: p.action.id, organisationId: p.pol }]),
    })
    // Step events come before the case's own, in the same transaction.
    const log = await t.testDb.database.db
      .select()
      .from(caseEvents)
      .where(eq(caseEvents.caseId, p.caseId))
      .orderBy(caseEvents.seq)
    expect(log.at(-1)!.type).toBe('case.closed')
    expect(log.at(-2)).toMatchObject({ type: 'step.closed', step: 5 })
  })
})
