import { StepSchema } from '@vp/shared'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, createTestApp, openCase, type TestApp } from '../../test/app.ts'
import { caseEvents, stepDone } from '../db/schema.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

/** A case with the gemeente as projectleider and two colleagues of the police (two people, one organisation). */
async function partnership() {
  const gem = await t.make.organisation({ type: 'gemeente' })
  const pol = await t.make.organisation({ type: 'politie' })
  const lead = await t.as(await t.make.user({ organisationId: gem.id }))
  const caseId = await openCase(lead)
  const ruudUser = await t.make.user({ organisationId: pol.id, name: 'Ruud Kalkman' })
  const sanneUser = await t.make.user({ organisationId: pol.id, name: 'Sanne Oever' })
  const ruud = await addMember(t, lead, caseId, ruudUser)
  const sanne = await addMember(t, lead, caseId, sanneUser)
  return { lead, ruud, sanne, ruudUser, sanneUser, caseId, gem: gem.id, pol: pol.id }
}

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` })

async function markOf(caseId: string, organisationId: string) {
  const [row] = await t.testDb.database.db
    .select()
    .from(stepDone)
    .where(and(eq(stepDone.caseId, caseId), eq(stepDone.step, 1), eq(stepDone.organisationId, organisationId)))
  return row
}

async function doneEvents(caseId: string) {
  const rows = await t.testDb.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId))
  return rows.filter((e) => e.type.startsWith('step.done_'))
}

const entryOf = (step: unknown, organisationId: string) =>
  StepSchema.parse(step).done.find((d) => d.organisation.id === organisationId)

describe('the done mark of two colleagues of one organisation', () => {
  it('shows version 0 for an organisation that has not marked the step yet', async () => {
    const p = await partnership()
    const steps = (await p.ruud.get(`/api/cases/${p.caseId}/steps`)).json().items
    expect(entryOf(steps[0], p.pol)).toMatchObject({ done: false, at: null, version: 0 })
  })

  it('from the same version: the first gets 200, the second 412 with the step as the first left it', async () => {
    const p = await partnership()
    const url = `/api/cases/${p.caseId}/steps/1/done`

    const first = await p.ruud.put(url, { done: true }, ifMatch(0))
    expect(first.statusCode, first.body).toBe(200)
    expect(first.headers.etag).toBe('"1"')
    expect(entryOf(first.json(), p.pol)).toMatchObject({ done: true, version: 1 })

    // Sanne still sees the step without a mark, and clears what she thinks is there.
    const second = await p.sanne.put(url, { done: false }, ifMatch(0))
    expect(second.statusCode, second.body).toBe(412)
    expect(second.json().error.code).toBe('precondition_failed')
    expect(entryOf(second.json().current, p.pol)).toMatchObject({ done: true, version: 1 })
    expect(await markOf(p.caseId, p.pol)).toMatchObject({ done: true, version: 1, byUserId: p.ruudUser.id })

    // A second "done" from version 0 is refused as well: Ruud created the mark first.
    expect((await p.sanne.put(url, { done: true }, ifMatch(0))).statusCode).toBe(412)

    const retry = await p.sanne.put(url, { done: false }, ifMatch(1))
    expect(retry.statusCode, retry.body).toBe(200)
    expect(retry.headers.etag).toBe('"2"')
    expect(await markOf(p.caseId, p.pol)).toMatchObject({ done: false, version: 2, byUserId: p.sanneUser.id })
    expect((await doneEvents(p.caseId)).map((e) => e.type)).toEqual(['step.done_marked', 'step.done_cleared'])
  })

  it('without If-Match answers 428 and changes nothing', async () => {
    const p = await partnership()
    const res = await p.ruud.put(`/api/cases/${p.caseId}/steps/1/done`, { done: true })
    expect(res.statusCode).toBe(428)
    expect(await markOf(p.caseId, p.pol)).toBeUndefined()
    expect(await doneEvents(p.caseId)).toEqual([])
  })

  it('in parallel from the same version: exactly one 200, every other a 412', async () => {
    const p = await partnership()
    const url = `/api/cases/${p.caseId}/steps/1/done`
    for (const [from, done] of [
      [0, true],
      [1, false],
    ] as const) {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (i % 2 ? p.sanne : p.ruud).put(url, { done }, ifMatch(from))),
      )
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412, 412, 412, 412, 412])
      expect(results.find((r) => r.statusCode === 200)!.headers.etag).toBe(`"${from + 1}"`)
      expect(await markOf(p.caseId, p.pol)).toMatchObject({ done, version: from + 1 })
    }
    expect(await doneEvents(p.caseId)).toHaveLength(2)
  })

  it('a mark that already says so stays as it is, without an event', async () => {
    const p = await partnership()
    const url = `/api/cases/${p.caseId}/steps/1/done`
    // Clearing a mark never set writes nothing, and the version stays 0.
    const clear = await p.ruud.put(url, { done: false }, ifMatch(0))
    expect(clear.statusCode).toBe(200)
    expect(clear.headers.etag).toBe('"0"')
    expect(await markOf(p.caseId, p.pol)).toBeUndefined()
    expect((await p.ruud.put(url, { done: true }, ifMatch(0))).statusCode).toBe(200)
    const again = await p.ruud.put(url, { done: true }, ifMatch(1))
    expect(again.statusCode).toBe(200)
    expect(again.headers.etag).toBe('"1"')
    expect(await markOf(p.caseId, p.pol)).toMatchObject({ done: true, version: 1 })
    expect(await doneEvents(p.caseId)).toHaveLength(1)
  })

  it('each organisation has a version of its own', async () => {
    const p = await partnership()
    const url = `/api/cases/${p.caseId}/steps/1/done`
    expect((await p.ruud.put(url, { done: true }, ifMatch(0))).statusCode).toBe(200)
    const lead = await p.lead.put(url, { done: true }, ifMatch(0))
    expect(lead.statusCode, lead.body).toBe(200)
    expect(entryOf(lead.json(), p.gem)).toMatchObject({ done: true, version: 1 })
  })

  it('on a closed step answers 409 before looking at the version', async () => {
    const p = await partnership()
    const etag = (await p.lead.get(`/api/cases/${p.caseId}/steps/1`)).headers.etag as string
    await p.lead.patch(`/api/cases/${p.caseId}/steps/1`, { status: 'closed' }, { 'if-match': etag })
    const res = await p.ruud.put(`/api/cases/${p.caseId}/steps/1/done`, { done: true }, ifMatch(0))
    expect(res.statusCode).toBe(409)
  })
})
