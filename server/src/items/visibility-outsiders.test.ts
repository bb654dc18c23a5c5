import { DashboardSchema } from '@vp/shared'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { inDays, NO_SUCH_ITEM, sorted, visibilitySuite } from '../../test/visibility.ts'

// Visibility is decided when something is read, never when it is written (issue #14): a member outside an item's
// audience cannot act on it, and an audience always includes the author.

const suite = visibilitySuite()
const { partnership, openSteps, create, storedAudience } = suite

describe('acting on a restricted item from outside its audience', () => {
  async function countsFor(caseId: string, actionId: string) {
    const q = sql`
      select
        (select count(*)::int from items where case_id = ${caseId}) as items,
        (select count(*)::int from comments where case_id = ${caseId}) as comments,
        (select count(*)::int from ratings r join items i on i.id = r.item_id where i.case_id = ${caseId}) as ratings,
        (select count(*)::int from positions x join items i on i.id = x.item_id where i.case_id = ${caseId}) as positions,
        (select count(*)::int from commitments c join items i on i.id = c.action_id where i.case_id = ${caseId}) as commitments,
        (select count(*)::int from item_links l join items i on i.id = l.from_item_id where i.case_id = ${caseId}) as links,
        (select count(*)::int from case_events where case_id = ${caseId}) as events,
        (select last_seq from cases where id = ${caseId}) as last_seq,
        (select coalesce(json_agg(json_build_object('org', organisation_id, 'status', status, 'by', by_user_id, 'at', updated_at)
           order by organisation_id), '[]'::json) from commitments where action_id = ${actionId}) as action_commitments,
        (select coalesce(json_agg(json_build_object('id', id, 'version', version) order by id), '[]'::json)
           from items where case_id = ${caseId}) as versions`
    const res = (await suite.t.testDb.database.db.execute(q)) as unknown as { rows: Record<string, unknown>[] }
    return res.rows[0]!
  }

  it('an outside member cannot reference, comment on or react to a restricted item: the answer is as for no item, and nothing is written', async () => {
    const p = await partnership()
    await openSteps(p, [2, 3, 4, 5, 6])
    const driehoek = { audience: p.driehoek }
    const signal = await create(p.lead, p.caseId, {
      kind: 'signal',
      step: 2,
      title: 'Beperkt signaal',
      source: 'waarneming',
      ...driehoek,
    })
    const sub = await create(p.lead, p.caseId, {
      kind: 'subproblem',
      step: 2,
      title: 'Beperkt deelprobleem',
      ...driehoek,
    })
    const openSub = await create(p.lead, p.caseId, { kind: 'subproblem', step: 2, title: 'Open deelprobleem' })
    const goal = await create(p.lead, p.caseId, {
      kind: 'goal',
      step: 4,
      title: 'Beperkt doel',
      indicator: 'Meldingen',
      unit: 'aantal',
      direction: 'lager',
      ...driehoek,
    })
    const action = await create(p.lead, p.caseId, {
      kind: 'action',
      step: 5,
      title: 'Beperkte actie',
      trekkerOrganisationId: p.gem,
      participants: [
        { organisationId: p.pol, hours: 8 },
        { organisationId: p.win, hours: 4 },
      ],
      dueDate: inDays(2),
      ...driehoek,
    })
    // The winkeliers' own open measure, which they may change but not link to what they cannot see.
    const ownMeasure = await create(p.shops, p.caseId, {
      kind: 'measure',
      step: 3,
      title: 'Winkelsurveillance',
      ownerOrganisationId: p.win,
      subproblemIds: [openSub.id],
    })

    // The winkeliers know the ids only from the placeholders on the step pages.
    const placeholders = async (step: number) =>
      (await p.shops.get(`/api/cases/${p.caseId}/steps/${step}`))
        .json()
        .items.filter((i: { restricted: boolean }) => i.restricted) as { id: string; kind: string }[]
    const idOf = async (step: number, kind: string) => (await placeholders(step)).find((i) => i.kind === kind)!.id
    const seen = {
      signal: await idOf(2, 'signal'),
      sub: await idOf(2, 'subproblem'),
      goal: await idOf(4, 'goal'),
      action: await idOf(5, 'action'),
    }
    expect(seen).toEqual({ signal: signal.id, sub: sub.id, goal: goal.id, action: action.id })

    const policeDashBefore = DashboardSchema.parse((await p.police.get(`/api/cases/${p.caseId}/dashboard`)).json())
    const policeAgendaBefore = (await p.police.get('/api/me/agenda')).json()
    expect(policeDashBefore.commitments.actions).toContainEqual(
      expect.objectContaining({ id: action.id, status: 'gepland' }),
    )
    expect(policeAgendaBefore.commitmentsOwed).toContainEqual(expect.objectContaining({ itemId: action.id }))
    const before = await countsFor(p.caseId, action.id)

    const url = (path: string) => `/api/cases/${p.caseId}${path}`
    type Answer = { statusCode: number; json(): unknown }
    const attempts: { what: string; target: string; send: (id: string) => Promise<Answer> }[] = [
      {
        what: 'an action_update on the action',
        target: seen.action,
        send: (id) =>
          p.shops.post(url('/items'), {
            kind: 'action_update',
            step: 6,
            title: 'Gestart',
            actionId: id,
            status: 'bezig',
          }),
      },
      {
        what: 'a measurement of the goal',
        target: seen.goal,
        send: (id) =>
          p.shops.post(url('/items'), {
            kind: 'measurement',
            step: 6,
            title: 'Telling',
            goalId: id,
            value: 3,
            measuredAt: '2026-03-01',
          }),
      },
      {
        what: 'a measure against the sub-problem (next to an open one)',
        target: seen.sub,
        send: (id) =>
          p.shops.post(url('/items'), {
            kind: 'measure',
            step: 3,
            title: 'Maatregel',
            ownerOrganisationId: p.win,
            subproblemIds: [openSub.id, id],
          }),
      },
      {
        what: 'an action towards the goal',
        target: seen.goal,
        send: (id) =>
          p.shops.post(url('/items'), {
            kind: 'action',
            step: 5,
            title: 'Actie',
            trekkerOrganisationId: p.win,
            goalIds: [id],
          }),
      },
      {
        what: 'a sub-problem built on the signal',
        target: seen.signal,
        send: (id) =>
          p.shops.post(url('/items'), { kind: 'subproblem', step: 2, title: 'Deelprobleem', signalIds: [id] }),
      },
      {
        what: 'a link from their own measure to the sub-problem',
        target: seen.sub,
        send: (id) =>
          p.shops.patch(
            url(`/items/${ownMeasure.id}`),
            { subproblemIds: [openSub.id, id] },
            { 'if-match': `"${ownMeasure.version}"` },
          ),
      },
      ...(['signal', 'sub', 'goal', 'action'] as const).map((k) => ({
        what: `a comment on the ${k}`,
        target: seen[k],
        send: (id: string) => p.shops.post(url(`/items/${id}/comments`), { body: 'Mogen wij meekijken?' }),
      })),
      {
        what: 'a rating of the sub-problem',
        target: seen.sub,
        send: (id) => p.shops.put(url(`/items/${id}/rating`), { score: 3 }, { 'if-match': '"0"' }),
      },
      {
        what: 'a position on the sub-problem',
        target: seen.sub,
        send: (id) => p.shops.put(url(`/items/${id}/position`), { position: 'akkoord' }, { 'if-match': '"0"' }),
      },
      {
        what: 'a position on the goal',
        target: seen.goal,
        send: (id) =>
          p.shops.put(
            url(`/items/${id}/position`),
            { position: 'niet_akkoord', reason: 'Te vaag' },
            { 'if-match': '"0"' },
          ),
      },
      {
        what: 'a commitment to the action',
        target: seen.action,
        send: (id) => p.shops.put(url(`/items/${id}/commitment`), { status: 'accepted' }, { 'if-match': '"1"' }),
      },
    ]

    const failures: string[] = []
    for (const a of attempts) {
      const res = await a.send(a.target)
      const none = await a.send(NO_SUCH_ITEM)
      const answer = { status: res.statusCode, body: res.json() }
      const unknown = { status: none.statusCode, body: none.json() }
      if (![400, 404].includes(answer.status) || JSON.stringify(answer) !== JSON.stringify(unknown))
        failures.push(`${a.what}: ${JSON.stringify(answer)} where an unknown id gets ${JSON.stringify(unknown)}`)
    }
    expect(failures).toEqual([])

    // Nothing was written: no row, no event, no version, no changed commitment.
    expect(await countsFor(p.caseId, action.id)).toEqual(before)
    const policeDashAfter = DashboardSchema.parse((await p.police.get(`/api/cases/${p.caseId}/dashboard`)).json())
    expect(policeDashAfter.commitments.actions).toEqual(policeDashBefore.commitments.actions)
    expect(policeDashAfter.actionStatus).toEqual(policeDashBefore.actionStatus)
    expect(policeDashAfter.commitments.rows).toEqual(policeDashBefore.commitments.rows)
    const policeAgendaAfter = (await p.police.get('/api/me/agenda')).json()
    expect(policeAgendaAfter.commitmentsOwed).toContainEqual(expect.objectContaining({ itemId: action.id }))
    expect(policeAgendaAfter).toEqual(policeAgendaBefore)
  })
})

describe('an audience that leaves out the author', () => {
  it('an item whose audience leaves out the author’s own organisation still includes it, on create and on change', async () => {
    const p = await partnership()
    await openSteps(p, [2])

    const created = await p.police.post(`/api/cases/${p.caseId}/items`, {
      kind: 'signal',
      step: 2,
      title: 'Alleen voor het OM bedoeld',
      source: 'waarneming',
      audience: [p.om],
    })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({ restricted: false, title: 'Alleen voor het OM bedoeld' })
    expect(sorted(created.json().audience)).toEqual(sorted([p.om, p.pol]))
    expect(await storedAudience(created.json().id)).toEqual(sorted([p.om, p.pol]))
    expect((await p.police.get(`/api/cases/${p.caseId}/items/${created.json().id}`)).json().restricted).toBe(false)

    const signal = await create(p.police, p.caseId, {
      kind: 'signal',
      step: 2,
      title: 'Eerst voor iedereen',
      source: 'waarneming',
    })
    const changed = await p.police.patch(
      `/api/cases/${p.caseId}/items/${signal.id}`,
      { audience: [p.om] },
      { 'if-match': `"${signal.version}"` },
    )
    expect(changed.statusCode, changed.body).toBe(200)
    expect(sorted(changed.json().audience)).toEqual(sorted([p.om, p.pol]))
    expect(await storedAudience(signal.id)).toEqual(sorted([p.om, p.pol]))
    const after = await p.police.get(`/api/cases/${p.caseId}/items/${signal.id}`)
    expect(after.json()).toMatchObject({ restricted: false, title: 'Eerst voor iedereen' })
    // The police can still change what it wrote.
    expect(
      (
        await p.police.patch(
          `/api/cases/${p.caseId}/items/${signal.id}`,
          { title: 'Voor OM en politie' },
          { 'if-match': after.headers.etag as string },
        )
      ).statusCode,
    ).toBe(200)
  })
})
