import { DashboardSchema, type ServerMessage } from '@vp/shared'
import { describe, expect, it } from 'vitest'
import { isEvent } from '../../test/live-client.ts'
import { expectNoTrace, inDays, placeholderOf, sorted, visibilitySuite } from '../../test/visibility.ts'

// Visibility is decided when something is read, never when it is written (issue #14): an item restricted after
// it was written leaks on no path a member outside its audience reads.

const suite = visibilitySuite()
const {
  partnership,
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
  it('an item restricted after creation leaks on no path', async () => {
    const p = await partnership()
    await openSteps(p, [2, 3, 4, 5, 6])
    const dueDate = inDays(3)
    const S = {
      actionTitle: 'Camerapost achteringang Zandloperpassage',
      actionDescription: 'Observatie vanuit pand Kwartelkoning, alleen driehoek',
      subTitle: 'Helingroute via de Pelikaansteeg',
      subDescription: 'Vermoedelijke opkoper bij Marmotkade',
      subUpdated: 'Bijgewerkt: opkoper rijdt Narwalbusje',
      policeComment: 'Politie over Flamingo-informant',
      shopsComment: 'Winkeliers zagen Okapi-scooter',
      prosecutorComment: 'OM overweegt Tapir-bevel',
      positionReason: 'Voorbehoud vanwege Lepelaar-onderzoek',
      updateTitle: 'Vertraagd door Gnoe-zaak',
      publicUpdateTitle: 'Lampen besteld bij Wasbeer-installatie',
      laterComment: 'Na afscherming: Zeekoe-aanhouding gepland',
      startDate: '2024-11-17',
      dueDate,
    }
    const FIGURES = { cost: 98765, hoursGem: 1357, hoursPol: 2468, hoursWin: 1122 }
    const secret = { texts: Object.values(S), figures: Object.values(FIGURES) }

    // Open to every member at first.
    const sub = await create(p.lead, p.caseId, {
      kind: 'subproblem',
      step: 2,
      title: S.subTitle,
      description: S.subDescription,
    })
    const measure = await create(p.prosecutor, p.caseId, {
      kind: 'measure',
      step: 3,
      title: 'Inzet handhaving winkelcentrum',
      ownerOrganisationId: p.om,
      yearlyCost: 5000,
      hoursPerWeek: 4,
      subproblemIds: [sub.id],
    })
    const goal = await create(p.lead, p.caseId, {
      kind: 'goal',
      step: 4,
      title: 'Minder heling',
      indicator: 'Meldingen heling',
      unit: 'per kwartaal',
      direction: 'lager',
      baseline: 20,
      target: 8,
      subproblemIds: [sub.id],
    })
    const publicAction = await create(p.lead, p.caseId, {
      kind: 'action',
      step: 5,
      title: 'Extra verlichting parkeerplaats',
      trekkerOrganisationId: p.gem,
      participants: [{ organisationId: p.gem, hours: 10 }],
      cost: 1200,
      payerOrganisationId: p.gem,
      dueDate: '2031-12-31',
      goalIds: [goal.id],
    })
    // The winkeliers take part, so the action is on their agenda (a commitment they owe) until it is restricted.
    const action = await create(p.lead, p.caseId, {
      kind: 'action',
      step: 5,
      title: S.actionTitle,
      description: S.actionDescription,
      trekkerOrganisationId: p.gem,
      participants: [
        { organisationId: p.gem, hours: FIGURES.hoursGem },
        { organisationId: p.pol, hours: FIGURES.hoursPol },
        { organisationId: p.win, hours: FIGURES.hoursWin },
      ],
      cost: FIGURES.cost,
      payerOrganisationId: p.gem,
      startDate: S.startDate,
      dueDate: S.dueDate,
      goalIds: [goal.id],
    })

    // Members react: comments, ratings, a position, a commitment, a change (history) and a status update.
    for (const [c, itemId, body] of [
      [p.police, sub.id, S.policeComment],
      [p.shops, action.id, S.shopsComment],
      [p.prosecutor, action.id, S.prosecutorComment],
    ] as const) {
      const res = await c.post(`/api/cases/${p.caseId}/items/${itemId}/comments`, { body })
      expect(res.statusCode, res.body).toBe(201)
    }
    for (const [c, score] of [
      [p.police, 5],
      [p.prosecutor, 4],
      [p.shops, 2],
    ] as const) {
      // Each organisation's first rating: If-Match "0" (no rating yet).
      expect(
        (await c.put(`/api/cases/${p.caseId}/items/${sub.id}/rating`, { score }, { 'if-match': '"0"' })).statusCode,
      ).toBe(200)
    }
    expect(
      (
        await p.police.put(
          `/api/cases/${p.caseId}/items/${sub.id}/position`,
          { position: 'voorbehoud', reason: S.positionReason },
          { 'if-match': '"0"' },
        )
      ).statusCode,
    ).toBe(200)
    expect(
      (
        await p.police.put(
          `/api/cases/${p.caseId}/items/${goal.id}/position`,
          { position: 'akkoord' },
          { 'if-match': '"0"' },
        )
      ).statusCode,
    ).toBe(200)
    expect(
      (
        await p.police.put(
          `/api/cases/${p.caseId}/items/${action.id}/commitment`,
          { status: 'accepted' },
          { 'if-match': '"1"' },
        )
      ).statusCode,
    ).toBe(200)
    const edited = await p.lead.patch(
      `/api/cases/${p.caseId}/items/${sub.id}`,
      { description: S.subUpdated },
      { 'if-match': (await p.lead.get(`/api/cases/${p.caseId}/items/${sub.id}`)).headers.etag as string },
    )
    expect(edited.statusCode, edited.body).toBe(200)
    const update = await create(p.police, p.caseId, {
      kind: 'action_update',
      step: 6,
      title: S.updateTitle,
      actionId: action.id,
      status: 'vertraagd',
    })

    // A status update on the open action that is restricted later: the status it sets is content too.
    const publicUpdate = await create(p.police, p.caseId, {
      kind: 'action_update',
      step: 6,
      title: S.publicUpdateTitle,
      actionId: publicAction.id,
      status: 'bezig',
    })

    // Before the restriction the winkeliers see it all: the paths below do carry the content.
    const agendaBefore = (await p.shops.get('/api/me/agenda')).json()
    expect(agendaBefore.commitmentsOwed).toContainEqual(expect.objectContaining({ itemId: action.id }))
    expect((await activityOf(p.shops, p.caseId)).raw).toContain(S.actionTitle)

    // Sockets open and caught up before the restriction.
    const shopsLive = await subscribed(p.shops, p.caseId)
    const policeLive = await subscribed(p.police, p.caseId)
    const beforeRestriction = await lastSeqOf(p.lead, p.caseId)
    expect(shopsLive.seq).toBe(beforeRestriction)

    // The authors restrict their items to the driehoek.
    await setAudience(p.lead, p.caseId, action.id, p.driehoek)
    await setAudience(p.lead, p.caseId, sub.id, p.driehoek)
    await setAudience(p.police, p.caseId, update.id, p.driehoek)
    await setAudience(p.police, p.caseId, publicUpdate.id, p.driehoek)
    const restricted = new Set([action.id, sub.id, update.id, publicUpdate.id])
    for (const id of restricted) expect(await storedAudience(id)).toEqual(sorted(p.driehoek))

    // Written after the restriction: inside the audience it is news, outside only who and when.
    const later = await p.police.post(`/api/cases/${p.caseId}/items/${action.id}/comments`, { body: S.laterComment })
    expect(later.statusCode, later.body).toBe(201)
    expect(
      (await p.police.put(`/api/cases/${p.caseId}/items/${sub.id}/rating`, { score: 4 }, { 'if-match': '"1"' }))
        .statusCode,
    ).toBe(200)
    const final = await lastSeqOf(p.lead, p.caseId)

    // 1. The live push on the socket that was already open.
    const pushed = await shopsLive.socket.collect(
      (m) => isEvent(p.caseId)(m) && m.type === 'event' && m.seq > beforeRestriction,
      final - beforeRestriction,
    )
    expectNoTrace(JSON.stringify(pushed), 'live push', secret)
    for (const m of pushed as Extract<ServerMessage, { type: 'event' }>[]) {
      if (m.event.entityId && restricted.has(m.event.entityId))
        expect(m.event, `event ${m.seq}`).toMatchObject({ visible: false, payload: null })
    }
    const pushedComment = (pushed as Extract<ServerMessage, { type: 'event' }>[]).find(
      (m) => m.event.type === 'comment.added',
    )
    expect(pushedComment?.event).toMatchObject({
      entityId: action.id,
      visible: false,
      payload: null,
      actor: { organisation: { id: p.pol } },
    })
    // Politie, inside, gets the same comment in full.
    const policePushed = await policeLive.socket.next(
      (m) => m.type === 'event' && m.seq > beforeRestriction && m.event.type === 'comment.added',
    )
    expect(policePushed).toMatchObject({ event: { visible: true, payload: { body: S.laterComment } } })

    // 2. A fresh subscription from seq 0.
    const replay = await replayFromStart(p.shops, p.caseId)
    expectNoTrace(replay.raw, 'live replay', secret)
    const replayedAbout = replay.events.filter((m) => m.event.entityId && restricted.has(m.event.entityId))
    expect(replayedAbout.length).toBeGreaterThanOrEqual(12)
    for (const m of replayedAbout) expect(m.event, `replayed ${m.seq}`).toMatchObject({ visible: false, payload: null })

    // 3. The activity log.
    const activity = await activityOf(p.shops, p.caseId)
    expect(activity.events).toHaveLength(final)
    expectNoTrace(activity.raw, 'activity', secret)
    for (const e of activity.events.filter((e) => e.entityId && restricted.has(e.entityId)))
      expect(e, `activity ${e.seq}`).toMatchObject({ visible: false, payload: null })

    // 4. History, the item itself and its thread.
    for (const [item, kind, step, org] of [
      [action, 'action', 5, p.gem],
      [sub, 'subproblem', 2, p.gem],
      [update, 'action_update', 6, p.pol],
    ] as const) {
      const history = await p.shops.get(`/api/cases/${p.caseId}/items/${item.id}/history`)
      expect(history.statusCode).toBe(200)
      expectNoTrace(history.body, `history of ${kind}`, secret)
      expect(history.json().restricted).toBe(true)
      expect(history.json().items.every((h: { changes: unknown }) => h.changes === null)).toBe(true)

      const one = await p.shops.get(`/api/cases/${p.caseId}/items/${item.id}`)
      expect(one.statusCode).toBe(200)
      expectNoTrace(one.body, `${kind} itself`, secret)
      expect(one.json()).toEqual(placeholderOf(item.id, p.caseId, kind, step, org))

      const thread = await p.shops.get(`/api/cases/${p.caseId}/items/${item.id}/comments`)
      expect(thread.statusCode).toBe(404)
      expectNoTrace(thread.body, `comments of ${kind}`, secret)
    }

    // 5. Every page and overview.
    const pages = [
      `/api/cases/${p.caseId}`,
      '/api/cases',
      `/api/cases/${p.caseId}/steps`,
      `/api/cases/${p.caseId}/members`,
      ...[1, 2, 3, 4, 5, 6].map((s) => `/api/cases/${p.caseId}/steps/${s}`),
      `/api/cases/${p.caseId}/items/${measure.id}`,
      `/api/cases/${p.caseId}/items/${goal.id}`,
      `/api/cases/${p.caseId}/items/${publicAction.id}`,
      `/api/cases/${p.caseId}/dashboard`,
      '/api/me/agenda',
    ]
    for (const url of pages) {
      const res = await p.shops.get(url)
      expect(res.statusCode, url).toBe(200)
      expectNoTrace(res.body, url, secret)
    }
    const step5 = (await p.shops.get(`/api/cases/${p.caseId}/steps/5`)).json()
    expect(step5.items.find((i: { id: string }) => i.id === action.id)).toEqual(
      placeholderOf(action.id, p.caseId, 'action', 5, p.gem),
    )
    const step2 = (await p.shops.get(`/api/cases/${p.caseId}/steps/2`)).json()
    expect(step2.items.find((i: { id: string }) => i.id === sub.id)).toEqual(
      placeholderOf(sub.id, p.caseId, 'subproblem', 2, p.gem),
    )

    // The dashboard counts the restricted items, but no figure includes them.
    const outside = DashboardSchema.parse((await p.shops.get(`/api/cases/${p.caseId}/dashboard`)).json())
    expect(outside.totals.totalCost).toBe(1200)
    expect(outside.totals.totalHours).toBe(10)
    expect(outside.totals.unassignedCost).toBe(0)
    expect(outside.totals.byGoal).toEqual([{ goalId: goal.id, cost: 1200, hours: 10 }])
    for (const o of outside.totals.byOrganisation) {
      if (o.organisationId === p.gem) expect(o).toMatchObject({ cost: 1200, hours: 10, actionCount: 1 })
      else expect(o, o.organisationId).toMatchObject({ cost: 0, costPending: 0, hours: 0, hoursPending: 0 })
    }
    expect(outside.commitments.actions.map((a) => [a.id, a.status])).toEqual([[publicAction.id, 'gepland']])
    for (const row of outside.commitments.rows) expect(row.cells.map((c) => c.actionId)).toEqual([publicAction.id])
    expect(outside.actionStatus).toEqual({ gepland: 1, bezig: 0, klaar: 0, vertraagd: 0, gestopt: 0 })
    expect(outside.consensus.subproblems).toEqual([])
    expect(outside.measures).toMatchObject({ totalYearlyCost: 5000, totalHoursPerWeek: 4 })
    expect(outside.counts.filter((c) => c.restricted > 0)).toEqual([
      { step: 2, items: 1, restricted: 1 },
      { step: 5, items: 2, restricted: 1 },
      { step: 6, items: 2, restricted: 2 },
    ])
    const agenda = (await p.shops.get('/api/me/agenda')).json()
    for (const list of ['commitmentsOwed', 'actionsDue', 'overdue'])
      expect(agenda[list].map((a: { itemId: string | null }) => a.itemId)).not.toContain(action.id)

    // Politie, inside the audience, still sees everything.
    const inside = (await p.police.get(`/api/cases/${p.caseId}/items/${action.id}`)).json()
    expect(inside).toMatchObject({
      restricted: false,
      title: S.actionTitle,
      description: S.actionDescription,
      audience: expect.arrayContaining(p.driehoek),
      fields: { cost: FIGURES.cost, dueDate: S.dueDate },
      commentCount: 3,
    })
    const thread = (await p.police.get(`/api/cases/${p.caseId}/items/${action.id}/comments`)).json()
    expect(thread.items.map((c: { body: string }) => c.body)).toEqual([
      S.shopsComment,
      S.prosecutorComment,
      S.laterComment,
    ])
    const policeHistory = (await p.police.get(`/api/cases/${p.caseId}/items/${sub.id}/history`)).json()
    expect(policeHistory.restricted).toBe(false)
    expect(JSON.stringify(policeHistory)).toContain(S.subUpdated)
    const policeActivity = await activityOf(p.police, p.caseId)
    for (const text of [S.actionTitle, S.policeComment, S.shopsComment, S.laterComment, S.positionReason])
      expect(policeActivity.raw).toContain(text)
    expect((await replayFromStart(p.police, p.caseId)).raw).toContain(S.laterComment)
    const policeDash = DashboardSchema.parse((await p.police.get(`/api/cases/${p.caseId}/dashboard`)).json())
    expect(policeDash.totals.totalCost).toBe(1200 + FIGURES.cost)
    expect(policeDash.totals.totalHours).toBe(10 + FIGURES.hoursGem + FIGURES.hoursPol + FIGURES.hoursWin)
    expect(policeDash.actionStatus).toEqual({ gepland: 0, bezig: 1, klaar: 0, vertraagd: 1, gestopt: 0 })
    expect(policeDash.consensus.subproblems.map((s) => s.id)).toEqual([sub.id])
    const policeAgenda = (await p.police.get('/api/me/agenda')).json()
    expect(policeAgenda.actionsDue).toContainEqual(expect.objectContaining({ itemId: action.id, title: S.actionTitle }))
  })
})
