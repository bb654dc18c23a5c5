import type { ActionCommitment } from '../constants/content-enums.ts'

export type CostedAction = {
  id: string
  goalIds: string[]
  cost: number | null
  payerOrganisationId: string | null
  hours: { organisationId: string; hours: number }[]
  commitments: { organisationId: string; status: ActionCommitment }[]
}

export type OrganisationTotals = {
  organisationId: string
  /** Accepted + pending cost this organisation pays. */
  cost: number
  /** The part of `cost` whose commitment is still pending. */
  costPending: number
  /** Accepted + pending hours of this organisation. */
  hours: number
  /** The part of `hours` whose commitment is still pending. */
  hoursPending: number
  /** Actions this organisation takes part in (hours, payer or commitment) and has not declined. */
  actionCount: number
}

export type CostAndCapacity = {
  byOrganisation: OrganisationTotals[]
  byGoal: { goalId: string; cost: number; hours: number }[]
  /** Cost with no payer, or whose payer declined the action. */
  unassignedCost: number
  /** Every action's full cost: the organisations' costs plus unassignedCost. */
  totalCost: number
  totalHours: number
}

/** Removes binary drift from sums of amounts (euros with cents, half hours). */
function roundAmount(value: number): number {
  return Math.round(value * 100) / 100
}

/** The commitment status per organisation of one action; a later entry for the same organisation wins. */
function commitmentsOf(action: Pick<CostedAction, 'commitments'>): Map<string, ActionCommitment> {
  return new Map(action.commitments.map((c) => [c.organisationId, c.status]))
}

/**
 * Totals cost and capacity of a plan, counting accepted and pending commitments (pending also reported apart):
 * an organisation's hours count unless it declined the action; the payer's cost counts unless it declined, and
 * otherwise (or without a payer) goes to unassignedCost; every goal of an action gets its full cost and counted hours.
 */
export function costAndCapacity(actions: CostedAction[]): CostAndCapacity {
  const organisations = new Map<string, OrganisationTotals>()
  const goals = new Map<string, { goalId: string; cost: number; hours: number }>()
  let unassignedCost = 0
  let totalCost = 0
  let totalHours = 0

  const totalsOf = (organisationId: string): OrganisationTotals => {
    let totals = organisations.get(organisationId)
    if (!totals) {
      totals = { organisationId, cost: 0, costPending: 0, hours: 0, hoursPending: 0, actionCount: 0 }
      organisations.set(organisationId, totals)
    }
    return totals
  }

  for (const action of actions) {
    const status = commitmentsOf(action)
    const involved = new Set<string>([
      ...action.commitments.map((c) => c.organisationId),
      ...action.hours.map((h) => h.organisationId),
      ...(action.payerOrganisationId === null ? [] : [action.payerOrganisationId]),
    ])
    for (const organisationId of involved) {
      // Declined organisations still get a row, so the overview shows them, but nothing is counted for them.
      const totals = totalsOf(organisationId)
      if (status.get(organisationId) !== 'declined') totals.actionCount += 1
    }

    let actionHours = 0
    for (const entry of action.hours) {
      const entryStatus = status.get(entry.organisationId)
      if (entryStatus === 'declined') continue
      const totals = totalsOf(entry.organisationId)
      totals.hours += entry.hours
      if (entryStatus === 'pending') totals.hoursPending += entry.hours
      actionHours += entry.hours
    }

    const cost = action.cost ?? 0
    const payer = action.payerOrganisationId
    const payerStatus = payer === null ? undefined : status.get(payer)
    if (payer === null || payerStatus === 'declined') {
      // The money is still needed when nobody (or nobody any more) pays it: keep it visible as unassigned.
      unassignedCost += cost
    } else {
      const totals = totalsOf(payer)
      totals.cost += cost
      if (payerStatus === 'pending') totals.costPending += cost
    }
    totalCost += cost
    totalHours += actionHours

    for (const goalId of new Set(action.goalIds)) {
      const goal = goals.get(goalId) ?? { goalId, cost: 0, hours: 0 }
      goal.cost += cost
      goal.hours += actionHours
      goals.set(goalId, goal)
    }
  }

  const byOrganisation = [...organisations.values()]
    .map((t) => ({
      ...t,
      cost: roundAmount(t.cost),
      costPending: roundAmount(t.costPending),
      hours: roundAmount(t.hours),
      hoursPending: roundAmount(t.hoursPending),
    }))
    .sort(
      (a, b) =>
        b.cost - a.cost ||
        b.hours - a.hours ||
        (a.organisationId < b.organisationId ? -1 : a.organisationId > b.organisationId ? 1 : 0),
    )
  const byGoal = [...goals.values()].map((g) => ({ ...g, cost: roundAmount(g.cost), hours: roundAmount(g.hours) }))
  return {
    byOrganisation,
    byGoal,
    unassignedCost: roundAmount(unassignedCost),
    totalCost: roundAmount(totalCost),
    totalHours: roundAmount(totalHours),
  }
}

export type CommitmentRow = {
  organisationId: string
  name: string
  /** One cell per action, in action order; status null = the organisation is not involved in that action. */
  cells: { actionId: string; status: ActionCommitment | null }[]
  accepted: number
  pending: number
  declined: number
}

/**
 * Builds the organisation × action matrix of commitments: one row per given organisation (in the given order),
 * one cell per action; an organisation is involved in an action when it has a commitment entry for it.
 */
export function commitmentMatrix(
  actions: (CostedAction & { title: string })[],
  organisations: { id: string; name: string }[],
): { rows: CommitmentRow[] } {
  const statuses = actions.map((action) => ({ actionId: action.id, byOrganisation: commitmentsOf(action) }))
  const rows = organisations.map((organisation) => {
    const row: CommitmentRow = {
      organisationId: organisation.id,
      name: organisation.name,
      cells: [],
      accepted: 0,
      pending: 0,
      declined: 0,
    }
    for (const { actionId, byOrganisation } of statuses) {
      const status = byOrganisation.get(organisation.id) ?? null
      row.cells.push({ actionId, status })
      if (status !== null) row[status] += 1
    }
    return row
  })
  return { rows }
}
