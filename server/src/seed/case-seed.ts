import type {
  ACTION_STATUSES,
  CONCLUSIONS,
  Direction,
  EFFECTS,
  INVOLVED_PARTIES,
  RELIABILITIES,
  SIGNAL_SOURCES,
} from '@vp/shared'
import { CaseTimeline, type Ref } from './timeline.ts'

export { type Clock, dateOf, type Ref, type SeedAccount } from './timeline.ts'

/** The demo's vocabulary for a case: each kind of item with organisations by code and links by ref. */
export class CaseSeed extends CaseTimeline {
  // ── Items by kind: organisations by code, links by ref ──────────────────────────────

  signal(
    by: string,
    at: Date,
    s: {
      title: string
      description: string
      source: (typeof SIGNAL_SOURCES)[number]
      reliability: (typeof RELIABILITIES)[number]
      location?: string | null
      period?: string | null
      involved?: (typeof INVOLVED_PARTIES)[number][]
      figure?: number | null
      figureUnit?: string | null
      audience?: string[] | null
    },
  ) {
    const { title, ...fields } = s
    return this.item(by, at, title, () => ({ kind: 'signal', step: 2, ...fields }))
  }

  subproblem(by: string, at: Date, s: { title: string; description?: string | null; signalIds: Ref[] }) {
    const { title, signalIds, ...rest } = s
    return this.item(by, at, title, () => ({ kind: 'subproblem', step: 2, ...rest, signalIds: this.idsOf(signalIds) }))
  }

  problemStatement(by: string, at: Date, s: { title: string; description: string }) {
    return this.item(by, at, s.title, () => ({ kind: 'problem_statement', step: 2, description: s.description }))
  }

  measure(
    by: string,
    at: Date,
    m: {
      title: string
      description?: string | null
      owner: string
      since: string | null
      yearlyCost: number | null
      hoursPerWeek: number | null
      effect: (typeof EFFECTS)[number]
      subproblemIds: Ref[]
    },
  ) {
    const { title, owner, subproblemIds, ...rest } = m
    return this.item(by, at, title, () => ({
      kind: 'measure',
      step: 3,
      ...rest,
      ownerOrganisationId: this.org(owner),
      subproblemIds: this.idsOf(subproblemIds),
    }))
  }

  goal(
    by: string,
    at: Date,
    g: {
      title: string
      description?: string | null
      indicator: string
      unit: string
      direction: Direction
      baseline: number
      baselineDate: string
      target: number
      targetDate: string
      subproblemIds: Ref[]
    },
  ) {
    const { title, subproblemIds, ...rest } = g
    return this.item(by, at, title, () => ({
      kind: 'goal',
      step: 4,
      ...rest,
      subproblemIds: this.idsOf(subproblemIds),
    }))
  }

  /** An action; its trekker's demo person is the trekker. Participants as [code, hours], trekker first. */
  action(
    by: string,
    at: Date,
    a: {
      title: string
      description?: string | null
      trekker: string
      participants: [code: string, hours: number][]
      startDate: string | null
      dueDate: string | null
      cost: number | null
      payer: string | null
      goalIds: Ref[]
    },
  ) {
    const { title, trekker, participants, payer, goalIds, ...rest } = a
    return this.item(by, at, title, () => ({
      kind: 'action',
      step: 5,
      ...rest,
      trekkerOrganisationId: this.org(trekker),
      trekkerUserId: this.account(trekker).userId,
      participants: participants.map(([code, hours]) => ({ organisationId: this.org(code), hours })),
      payerOrganisationId: payer ? this.org(payer) : null,
      goalIds: this.idsOf(goalIds),
    }))
  }

  actionUpdate(
    by: string,
    at: Date,
    u: { title: string; note: string; actionId: Ref; status: (typeof ACTION_STATUSES)[number] },
  ) {
    return this.item(by, at, u.title, () => ({
      kind: 'action_update',
      step: 6,
      description: u.note,
      actionId: this.idOf(u.actionId),
      status: u.status,
    }))
  }

  measurement(
    by: string,
    at: Date,
    m: { title: string; description?: string | null; goalId: Ref; value: number; measuredAt: string; source: string },
  ) {
    const { title, goalId, ...rest } = m
    return this.item(by, at, title, () => ({ kind: 'measurement', step: 6, ...rest, goalId: this.idOf(goalId) }))
  }

  /** The projectleider's evaluation; its conclusion takes effect (ADR 010). */
  evaluation(
    by: string,
    at: Date,
    e: { title: string; description: string; conclusion: (typeof CONCLUSIONS)[number] },
  ) {
    const { title, ...rest } = e
    return this.item(by, at, title, () => ({ kind: 'evaluation', step: 6, ...rest }))
  }

  /** A new title on top of the item's current version. */
  retitle(ref: Ref, by: string, at: Date, title: string) {
    this.update(ref, by, at, { title })
  }
}
