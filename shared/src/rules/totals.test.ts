import { describe, expect, it } from 'vitest'
import type { ActionCommitment } from '../constants/content-enums.ts'
import { type CostedAction, commitmentMatrix, costAndCapacity } from './totals.ts'

type Hours = [organisationId: string, hours: number, status?: ActionCommitment]

/** One action of the demo: every organisation with hours has a commitment, accepted unless stated. */
function action(
  id: string,
  title: string,
  cost: number,
  payer: string | null,
  hours: Hours[],
  goalIds: string[],
): CostedAction & { title: string } {
  return {
    id,
    title,
    goalIds,
    cost,
    payerOrganisationId: payer,
    hours: hours.map(([organisationId, h]) => ({ organisationId, hours: h })),
    commitments: hours.map(([organisationId, , status]) => ({ organisationId, status: status ?? 'accepted' })),
  }
}

// DEMO.md step 5.
const DEMO_ACTIONS = [
  action(
    'A1',
    'Extra reiniging',
    9600,
    'GEM',
    [
      ['GEM', 160],
      ['WON', 8],
      ['BEW', 10],
    ],
    ['G3'],
  ),
  action(
    'A2',
    'Herstel verlichting',
    18500,
    'GEM',
    [
      ['GEM', 40],
      ['POL', 6],
      ['WIN', 4],
    ],
    ['G1', 'G4'],
  ),
  action(
    'A3',
    'Herstel 41 gebreken',
    46000,
    'WON',
    [
      ['WON', 120, 'pending'],
      ['BEW', 12],
    ],
    ['G4'],
  ),
  action(
    'A4',
    'Eén toezichtrooster',
    0,
    'GEM',
    [
      ['GEM', 16],
      ['POL', 4],
      ['WIN', 6],
    ],
    ['G1', 'G2'],
  ),
  action(
    'A5',
    'Straatcoaches',
    31200,
    'GEM',
    [
      ['GEM', 24],
      ['JZ', 40],
      ['POL', 20],
    ],
    ['G1', 'G2'],
  ),
  action(
    'A6',
    'Gerichte controle parkeergarage',
    0,
    'POL',
    [
      ['POL', 96],
      ['GEM', 48],
    ],
    ['G1', 'G2'],
  ),
  action(
    'A7',
    'Toezicht koopavond',
    0,
    'GEM',
    [
      ['GEM', 72],
      ['POL', 36, 'declined'],
    ],
    ['G1'],
  ),
  action(
    'A8',
    'Meldprotocol',
    2800,
    'WIN',
    [
      ['WIN', 20],
      ['POL', 8],
      ['OM', 12],
    ],
    ['G1'],
  ),
  action(
    'A9',
    'Afsprakenkaart Hovenplein',
    1500,
    'JZ',
    [
      ['JZ', 30],
      ['BEW', 8],
      ['WIN', 8],
      ['GEM', 8],
    ],
    ['G1', 'G2'],
  ),
  action(
    'A10',
    'Tijdelijke ontmoetingsplek',
    32000,
    null,
    [
      ['GEM', 40],
      ['JZ', 60],
      ['WIN', 0],
    ],
    ['G2'],
  ),
]

describe('costAndCapacity', () => {
  it('reproduces the demo totals: € 141.600 and 880 hours, GEM first, A7 POL hours left out', () => {
    const totals = costAndCapacity(DEMO_ACTIONS)
    expect(
      totals.byOrganisation.map((o) => [o.organisationId, o.cost, o.costPending, o.hours, o.hoursPending]),
    ).toEqual([
      ['GEM', 59300, 0, 408, 0],
      ['WON', 46000, 46000, 128, 120],
      ['WIN', 2800, 0, 38, 0],
      ['JZ', 1500, 0, 130, 0],
      ['POL', 0, 0, 134, 0],
      ['BEW', 0, 0, 30, 0],
      ['OM', 0, 0, 12, 0],
    ])
    expect(totals.unassignedCost).toBe(32000)
    expect(totals.totalCost).toBe(141600)
    expect(totals.totalHours).toBe(880)
  })

  it('counts the actions each organisation takes part in, not those it declined', () => {
    const counts = Object.fromEntries(
      costAndCapacity(DEMO_ACTIONS).byOrganisation.map((o) => [o.organisationId, o.actionCount]),
    )
    expect(counts).toEqual({ GEM: 8, WON: 2, WIN: 5, JZ: 3, POL: 5, BEW: 3, OM: 1 })
  })

  it('gives every goal of an action its full cost and counted hours', () => {
    const byGoal = Object.fromEntries(costAndCapacity(DEMO_ACTIONS).byGoal.map((g) => [g.goalId, [g.cost, g.hours]]))
    expect(byGoal).toEqual({
      G3: [9600, 178],
      G1: [54000, 470], // A2 50, A4 26, A5 84, A6 144, A7 72, A8 40, A9 54 hours
      G4: [64500, 182],
      G2: [64700, 408], // A4 26, A5 84, A6 144, A9 54, A10 100 hours
    })
  })

  it('moves the cost of a payer that declined to unassigned, and keeps it in the total', () => {
    const totals = costAndCapacity([
      {
        id: 'a',
        goalIds: [],
        cost: 5000,
        payerOrganisationId: 'WON',
        hours: [{ organisationId: 'WON', hours: 10 }],
        commitments: [{ organisationId: 'WON', status: 'declined' }],
      },
    ])
    expect(totals).toEqual({
      byOrganisation: [{ organisationId: 'WON', cost: 0, costPending: 0, hours: 0, hoursPending: 0, actionCount: 0 }],
      byGoal: [],
      unassignedCost: 5000,
      totalCost: 5000,
      totalHours: 0,
    })
  })

  it('counts hours of an organisation without a commitment entry and treats a missing cost as zero', () => {
    const totals = costAndCapacity([
      {
        id: 'a',
        goalIds: ['g'],
        cost: null,
        payerOrganisationId: null,
        hours: [{ organisationId: 'GEM', hours: 2.5 }],
        commitments: [],
      },
    ])
    expect(totals.byOrganisation).toEqual([
      { organisationId: 'GEM', cost: 0, costPending: 0, hours: 2.5, hoursPending: 0, actionCount: 1 },
    ])
    expect(totals.byGoal).toEqual([{ goalId: 'g', cost: 0, hours: 2.5 }])
    expect(totals.totalCost).toBe(0)
  })

  it('adds amounts with cents without binary noise', () => {
    const totals = costAndCapacity(
      [0.1, 0.2].map((cost, i) => ({
        id: `a${i}`,
        goalIds: [],
        cost,
        payerOrganisationId: 'GEM',
        hours: [],
        commitments: [{ organisationId: 'GEM', status: 'accepted' as const }],
      })),
    )
    expect(totals.byOrganisation[0]!.cost).toBe(0.3)
    expect(totals.totalCost).toBe(0.3)
  })

  it('returns empty totals for a plan without actions', () => {
    expect(costAndCapacity([])).toEqual({
      byOrganisation: [],
      byGoal: [],
      unassignedCost: 0,
      totalCost: 0,
      totalHours: 0,
    })
  })
})

describe('commitmentMatrix', () => {
  const organisations = [
    { id: 'GEM', name: 'Gemeente Rivierstede' },
    { id: 'POL', name: 'Politie' },
    { id: 'OM', name: 'Openbaar Ministerie' },
    { id: 'WON', name: 'Woonstichting Rivierstede' },
    { id: 'RIEC', name: 'RIEC' },
  ]

  it('shows per organisation its status on every demo action, with counts', () => {
    const { rows } = commitmentMatrix(DEMO_ACTIONS, organisations)
    expect(rows.map((r) => [r.organisationId, r.accepted, r.pending, r.declined])).toEqual([
      ['GEM', 8, 0, 0],
      ['POL', 5, 0, 1],
      ['OM', 1, 0, 0],
      ['WON', 1, 1, 0],
      ['RIEC', 0, 0, 0],
    ])
    const pol = rows[1]!
    expect(pol.name).toBe('Politie')
    expect(pol.cells.map((c) => c.actionId)).toEqual(DEMO_ACTIONS.map((a) => a.id))
    expect(pol.cells.find((c) => c.actionId === 'A7')!.status).toBe('declined')
    expect(pol.cells.find((c) => c.actionId === 'A1')!.status).toBeNull()
    expect(rows[3]!.cells.find((c) => c.actionId === 'A3')!.status).toBe('pending')
    expect(rows[4]!.cells.every((c) => c.status === null)).toBe(true)
  })

  it('returns no rows without organisations and empty cells without actions', () => {
    expect(commitmentMatrix(DEMO_ACTIONS, [])).toEqual({ rows: [] })
    expect(commitmentMatrix([], [{ id: 'GEM', name: 'Gemeente' }])).toEqual({
      rows: [{ organisationId: 'GEM', name: 'Gemeente', cells: [], accepted: 0, pending: 0, declined: 0 }],
    })
  })
})
