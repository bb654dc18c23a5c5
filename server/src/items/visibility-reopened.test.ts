import { describe, expect, it } from 'vitest'
import type { Client } from '../../test/app.ts'
import { isEvent } from '../../test/live-client.ts'
import { expectNoTrace, sorted, visibilitySuite } from '../../test/visibility.ts'

// Visibility is decided when something is read, never when it is written (issue #14): an item restricted, opened
// up and restricted again, and a restricted evaluation that reopens a step.

const suite = visibilitySuite()
const {
  partnership,
  changeStep,
  openSteps,
  create,
  setAudience,
  storedAudience,
  lastSeqOf,
  activityOf,
  subscribed,
  replayFromStart,
} = suite

describe('an item restricted after it was written', () => {
  it('restricted, opened up and restricted again: each reader sees it exactly while inside', async () => {
    const p = await partnership()
    await openSteps(p, [2])
    const S = {
      title: 'Dealpand boven Reigerbakkerij',
      first: 'Eerste melding Kraanvogel-portiek',
      whileRestricted: 'Tijdens afscherming: Ekster-observatie',
      whileOpen: 'Weer open: Kievit-buurtpreventie',
      last: 'Alleen gemeente en politie: Koekoek-huiszoeking',
    }
    const signal = await create(p.police, p.caseId, {
      kind: 'signal',
      step: 2,
      title: S.title,
      source: 'waarneming',
    })
    const comment = async (c: Client, body: string) =>
      expect((await c.post(`/api/cases/${p.caseId}/items/${signal.id}/comments`, { body })).statusCode).toBe(201)
    await comment(p.lead, S.first)

    /** Everything one member reads about the signal: activity, replay from 0, history, the item and its thread. */
    const readBy = async (c: Client) => {
      const thread = await c.get(`/api/cases/${p.caseId}/items/${signal.id}/comments`)
      return [
        (await activityOf(c, p.caseId)).raw,
        (await replayFromStart(c, p.caseId)).raw,
        (await c.get(`/api/cases/${p.caseId}/items/${signal.id}/history`)).body,
        (await c.get(`/api/cases/${p.caseId}/items/${signal.id}`)).body,
        thread.statusCode === 200 ? thread.body : '',
      ].join('\n')
    }
    const expectSees = async (c: Client, who: string, texts: string[]) => {
      const seen = await readBy(c)
      for (const text of texts) expect(seen, `${who} should read "${text}"`).toContain(text)
      const history = (await c.get(`/api/cases/${p.caseId}/items/${signal.id}/history`)).json()
      expect(history.restricted, who).toBe(false)
    }
    const expectSeesNothing = async (c: Client, who: string) => {
      expectNoTrace(await readBy(c), who, { texts: Object.values(S) })
      const history = (await c.get(`/api/cases/${p.caseId}/items/${signal.id}/history`)).json()
      expect(history.restricted, who).toBe(true)
      expect((await c.get(`/api/cases/${p.caseId}/items/${signal.id}`)).json().restricted, who).toBe(true)
    }

    // Restricted to the driehoek: the winkeliers are outside, also for what was written before.
    await setAudience(p.police, p.caseId, signal.id, p.driehoek)
    await comment(p.prosecutor, S.whileRestricted)
    await expectSeesNothing(p.shops, 'winkeliers (restricted)')
    await expectSees(p.prosecutor, 'OM (restricted)', [S.title, S.first, S.whileRestricted])

    // Opened up: everyone sees everything again, including what was written while it was restricted.
    await setAudience(p.police, p.caseId, signal.id, null)
    expect(await storedAudience(signal.id)).toBeNull()
    await comment(p.shops, S.whileOpen)
    await expectSees(p.shops, 'winkeliers (open)', [S.title, S.first, S.whileRestricted, S.whileOpen])

    // Restricted again, more narrowly: now OM is outside as well.
    await setAudience(p.police, p.caseId, signal.id, [p.gem, p.pol])
    expect(await storedAudience(signal.id)).toEqual(sorted([p.gem, p.pol]))
    await comment(p.lead, S.last)
    await expectSeesNothing(p.shops, 'winkeliers (restricted again)')
    await expectSeesNothing(p.prosecutor, 'OM (restricted again)')
    await expectSees(p.lead, 'gemeente (restricted again)', Object.values(S))

    // And with the winkeliers named in the audience they are inside again; OM stays out.
    await setAudience(p.police, p.caseId, signal.id, [p.gem, p.pol, p.win])
    await expectSees(p.shops, 'winkeliers (named)', Object.values(S))
    await expectSeesNothing(p.prosecutor, 'OM (not named)')
  })

  it('a restricted evaluation that reopens a step leaves no trace of its text outside its audience', async () => {
    const p = await partnership()
    for (const step of [1, 2, 3, 4, 5]) await changeStep(p, step, { status: 'closed' })
    const S = {
      title: 'Bijstellen wegens Buizerd-onderzoek',
      description: 'Doelen herzien na Havik-informatie van het OM',
    }
    const shopsLive = await subscribed(p.shops, p.caseId)
    const evaluation = await create(p.lead, p.caseId, {
      kind: 'evaluation',
      step: 6,
      title: S.title,
      description: S.description,
      audience: p.driehoek,
      conclusion: 'bijstellen',
      reopenStep: 4,
    })
    expect(await storedAudience(evaluation.id)).toEqual(sorted(p.driehoek))
    expect((await p.shops.get(`/api/cases/${p.caseId}/steps/4`)).json().status).toBe('open')
    const final = await lastSeqOf(p.lead, p.caseId)

    const pushed = await shopsLive.socket.collect(
      (m) => isEvent(p.caseId)(m) && m.type === 'event' && m.seq > shopsLive.seq,
      final - shopsLive.seq,
    )
    const activity = await activityOf(p.shops, p.caseId)
    const replay = await replayFromStart(p.shops, p.caseId)
    for (const [what, raw] of [
      ['live push', JSON.stringify(pushed)],
      ['activity', activity.raw],
      ['live replay', replay.raw],
      ['step 4', (await p.shops.get(`/api/cases/${p.caseId}/steps/4`)).body],
      ['step 6', (await p.shops.get(`/api/cases/${p.caseId}/steps/6`)).body],
      ['evaluation history', (await p.shops.get(`/api/cases/${p.caseId}/items/${evaluation.id}/history`)).body],
      ['dashboard', (await p.shops.get(`/api/cases/${p.caseId}/dashboard`)).body],
      ['case', (await p.shops.get(`/api/cases/${p.caseId}`)).body],
    ] as const)
      expectNoTrace(raw, what, { texts: Object.values(S) })

    // The reopening itself is a step event: every member reads that step 4 reopened.
    const reopened = activity.events.find((e) => e.type === 'step.reopened' && e.step === 4)
    expect(reopened).toMatchObject({ visible: true, entityType: 'step' })
    const created = activity.events.find((e) => e.entityId === evaluation.id && e.type === 'item.created')
    expect(created).toMatchObject({ visible: false, payload: null })
    expect(replay.events.find((m) => m.event.type === 'step.reopened' && m.event.step === 4)?.event.visible).toBe(true)
    // Inside the audience the evaluation reads in full.
    expect((await p.prosecutor.get(`/api/cases/${p.caseId}/items/${evaluation.id}`)).json()).toMatchObject({
      restricted: false,
      title: S.title,
    })
  })
})
