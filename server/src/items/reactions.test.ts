import { type Item, ItemSchema } from '@vp/shared'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, type Client, createTestApp, openCase, type TestApp } from '../../test/app.ts'
import { caseEvents, commitments, positions, ratings } from '../db/schema.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

/**
 * A case with step 2 open, the gemeente as projectleider, and two colleagues of the police
 * (Ruud and Sanne: two people, one organisation) as partners.
 */
async function partnership() {
  const gem = await t.make.organisation({ type: 'gemeente' })
  const pol = await t.make.organisation({ type: 'politie' })
  const lead = await t.as(await t.make.user({ organisationId: gem.id }))
  const caseId = await openCase(lead)
  const ruudUser = await t.make.user({ organisationId: pol.id, name: 'Ruud Kalkman' })
  const sanneUser = await t.make.user({ organisationId: pol.id, name: 'Sanne Oever' })
  const ruud = await addMember(t, lead, caseId, ruudUser)
  const sanne = await addMember(t, lead, caseId, sanneUser)
  // Step 1 closes, so step 2 opens; steps 4 and 5 open too, for positions on goals and commitments to actions.
  for (const [step, status] of [
    [1, 'closed'],
    [4, 'open'],
    [5, 'open'],
  ] as const) {
    const etag = (await lead.get(`/api/cases/${caseId}/steps/${step}`)).headers.etag as string
    const res = await lead.patch(`/api/cases/${caseId}/steps/${step}`, { status }, { 'if-match': etag })
    expect(res.statusCode, res.body).toBe(200)
  }
  return { lead, ruud, sanne, ruudUser, sanneUser, caseId, gem: gem.id, pol: pol.id }
}

type Partnership = Awaited<ReturnType<typeof partnership>>

async function create(c: Client, caseId: string, body: Record<string, unknown>) {
  const res = await c.post(`/api/cases/${caseId}/items`, body)
  if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`)
  return ItemSchema.parse(res.json())
}

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` })
const db = () => t.testDb.database.db

/** The events a reaction appended for an item. */
async function eventsOf(caseId: string, itemId: string, type: string) {
  return db()
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.entityId, itemId), eq(caseEvents.type, type)))
}

interface ReactionCase {
  name: 'rating' | 'position' | 'commitment'
  event: string
  /** The item reacted to, made fresh for each test. */
  item: (p: Partnership) => Promise<Item>
  /** The organisation's reaction version before anyone of it reacted. */
  initial: number
  /** Ruud's and Sanne's bodies: different, so the answer shows whose was kept. */
  ruud: Record<string, unknown>
  sanne: Record<string, unknown>
  /** The organisation's entry in the item as the API shows it. */
  entry: (item: Item, organisationId: string) => Record<string, unknown> | undefined
  /** The organisation's row in the database. */
  row: (itemId: string, organisationId: string) => Promise<Record<string, unknown> | undefined>
}

const CASES: ReactionCase[] = [
  {
    name: 'rating',
    event: 'item.rated',
    item: (p) => create(p.lead, p.caseId, { kind: 'subproblem', step: 2, title: 'Overlast jongeren' }),
    initial: 0,
    ruud: { score: 4 },
    sanne: { score: 2 },
    entry: (item, org) => item.ratings.find((r) => r.organisationId === org),
    row: async (itemId, org) =>
      (
        await db()
          .select()
          .from(ratings)
          .where(and(eq(ratings.itemId, itemId), eq(ratings.organisationId, org)))
      )[0],
  },
  {
    name: 'position',
    event: 'item.position_set',
    item: (p) =>
      create(p.lead, p.caseId, {
        kind: 'goal',
        step: 4,
        title: 'Minder overlast',
        indicator: 'Meldingen',
        unit: 'per maand',
        direction: 'lager',
      }),
    initial: 0,
    ruud: { position: 'akkoord' },
    sanne: { position: 'niet_akkoord', reason: 'Te weinig capaciteit' },
    entry: (item, org) => item.positions.find((x) => x.organisationId === org),
    row: async (itemId, org) =>
      (
        await db()
          .select()
          .from(positions)
          .where(and(eq(positions.itemId, itemId), eq(positions.organisationId, org)))
      )[0],
  },
  {
    name: 'commitment',
    event: 'item.commitment_set',
    item: (p) =>
      create(p.lead, p.caseId, {
        kind: 'action',
        step: 5,
        title: 'Extra toezicht',
        trekkerOrganisationId: p.gem,
        participants: [{ organisationId: p.pol, hours: 8 }],
      }),
    // The action named the police: its commitment exists, pending, as version 1.
    initial: 1,
    ruud: { status: 'accepted' },
    sanne: { status: 'declined', reason: 'Geen mensen vrij' },
    entry: (item, org) => item.commitments.find((c) => c.organisationId === org),
    row: async (itemId, org) =>
      (
        await db()
          .select()
          .from(commitments)
          .where(and(eq(commitments.actionId, itemId), eq(commitments.organisationId, org)))
      )[0],
  },
]

describe.each(CASES)('two colleagues of one organisation giving its $name', (c) => {
  const url = (p: Partnership, itemId: string) => `/api/cases/${p.caseId}/items/${itemId}/${c.name}`

  it('shows the version of each organisation’s reaction on the item', async () => {
    const p = await partnership()
    const item = await c.item(p)
    const shown = c.entry(ItemSchema.parse((await p.ruud.get(`/api/cases/${p.caseId}/items/${item.id}`)).json()), p.pol)
    if (c.initial === 0) expect(shown).toBeUndefined()
    else expect(shown).toMatchObject({ status: 'pending', version: c.initial })
  })

  it('from the same version: the first gets 200, the second 412 with the first one’s value, and the row keeps it', async () => {
    const p = await partnership()
    const item = await c.item(p)

    const first = await p.ruud.put(url(p, item.id), c.ruud, ifMatch(c.initial))
    expect(first.statusCode, first.body).toBe(200)
    expect(first.headers.etag).toBe(`"${c.initial + 1}"`)
    expect(c.entry(ItemSchema.parse(first.json()), p.pol)).toMatchObject({ ...c.ruud, version: c.initial + 1 })

    const second = await p.sanne.put(url(p, item.id), c.sanne, ifMatch(c.initial))
    expect(second.statusCode, second.body).toBe(412)
    expect(second.json().error.code).toBe('precondition_failed')
    // Sanne sees what her colleague set, so nothing is overwritten unseen.
    expect(c.entry(second.json().current, p.pol)).toMatchObject({ ...c.ruud, version: c.initial + 1 })

    expect(await c.row(item.id, p.pol)).toMatchObject({
      ...c.ruud,
      version: c.initial + 1,
      byUserId: p.ruudUser.id,
    })
    expect(await eventsOf(p.caseId, item.id, c.event)).toHaveLength(1)

    // On top of the version she now saw, her change goes through.
    const retry = await p.sanne.put(url(p, item.id), c.sanne, ifMatch(c.initial + 1))
    expect(retry.statusCode, retry.body).toBe(200)
    expect(retry.headers.etag).toBe(`"${c.initial + 2}"`)
    expect(await c.row(item.id, p.pol)).toMatchObject({
      ...c.sanne,
      version: c.initial + 2,
      byUserId: p.sanneUser.id,
    })
  })

  it('without If-Match answers 428 and changes nothing', async () => {
    const p = await partnership()
    const item = await c.item(p)
    const before = await c.row(item.id, p.pol)

    const res = await p.ruud.put(url(p, item.id), c.ruud)
    expect(res.statusCode).toBe(428)
    expect(res.json().error.code).toBe('precondition_required')
    expect(await c.row(item.id, p.pol)).toEqual(before)
    expect(await eventsOf(p.caseId, item.id, c.event)).toHaveLength(0)
  })

  it('in parallel from the same version: exactly one 200, every other a 412', async () => {
    const p = await partnership()
    const item = await c.item(p)
    // Once from the version before anyone reacted, once on top of an existing reaction.
    for (const from of [c.initial, c.initial + 1]) {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? p.sanne : p.ruud).put(url(p, item.id), i % 2 ? c.sanne : c.ruud, ifMatch(from)),
        ),
      )
      const codes = results.map((r) => r.statusCode).sort()
      expect(codes).toEqual([200, 412, 412, 412, 412, 412])
      const winner = results.find((r) => r.statusCode === 200)!
      expect(winner.headers.etag).toBe(`"${from + 1}"`)
      const kept = c.entry(ItemSchema.parse(winner.json()), p.pol)
      for (const loser of results.filter((r) => r.statusCode === 412))
        expect(c.entry(loser.json().current, p.pol)).toEqual(kept)
      expect(await c.row(item.id, p.pol)).toMatchObject({ version: from + 1 })
    }
    expect(await eventsOf(p.caseId, item.id, c.event)).toHaveLength(2)
  })

  it('from a version that is not there (a stale or made-up one) answers 412', async () => {
    const p = await partnership()
    const item = await c.item(p)
    const res = await p.ruud.put(url(p, item.id), c.ruud, ifMatch(c.initial + 5))
    expect(res.statusCode).toBe(412)
    expect(await eventsOf(p.caseId, item.id, c.event)).toHaveLength(0)
  })
})

describe('reactions of different organisations', () => {
  it('each have a version of their own', async () => {
    const p = await partnership()
    const sub = await create(p.lead, p.caseId, { kind: 'subproblem', step: 2, title: 'Zwerfafval' })
    const url = `/api/cases/${p.caseId}/items/${sub.id}/rating`
    expect((await p.ruud.put(url, { score: 3 }, ifMatch(0))).statusCode).toBe(200)
    // The gemeente has not rated yet: its version is 0, whatever the police's is.
    const lead = await p.lead.put(url, { score: 5 }, ifMatch(0))
    expect(lead.statusCode, lead.body).toBe(200)
    expect(lead.headers.etag).toBe('"1"')
    expect(ItemSchema.parse(lead.json()).ratings).toEqual(
      expect.arrayContaining([
        { organisationId: p.pol, score: 3, version: 1 },
        { organisationId: p.gem, score: 5, version: 1 },
      ]),
    )
  })

  it('a commitment that exists already cannot be created from version 0', async () => {
    const p = await partnership()
    const action = await CASES[2]!.item(p)
    const res = await p.ruud.put(
      `/api/cases/${p.caseId}/items/${action.id}/commitment`,
      { status: 'accepted' },
      ifMatch(0),
    )
    expect(res.statusCode).toBe(412)
    expect(await CASES[2]!.row(action.id, p.pol)).toMatchObject({ status: 'pending', version: 1 })
  })
})
