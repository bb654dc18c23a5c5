import { randomUUID } from 'node:crypto'
import type {
  ACTION_COMMITMENTS,
  ACTION_STATUSES,
  CaseRole,
  CONCLUSIONS,
  Direction,
  EFFECTS,
  INVOLVED_PARTIES,
  ItemKind,
  Position,
  RELIABILITIES,
  SIGNAL_SOURCES,
} from '@vp/shared'
import type { Tx } from '../db/client.ts'
import {
  actionParticipants,
  actions,
  actionUpdates,
  caseMembers,
  caseOrganisations,
  caseSteps,
  comments,
  commitments,
  evaluations,
  goals,
  itemLinks,
  items,
  measurements,
  measures,
  positions,
  ratings,
  signals,
  stepDone,
} from '../db/schema.ts'
import { appendEvent, type NewEvent } from '../events/append.ts'

/** A demo account: one person of one organisation, known by the organisation's code (GEM, POL, …). */
export interface SeedAccount {
  code: string
  email: string
  name: string
  organisation: string
  userId: string
  organisationId: string
}

type Insert<T extends { $inferInsert: unknown }> = T['$inferInsert']
type Commitment = (typeof ACTION_COMMITMENTS)[number]

/** The calendar date (UTC) of a moment, as date columns and the API write it. */
export const dateOf = (d: Date) => d.toISOString().slice(0, 10)

/**
 * Collects the rows and events of one case in memory, then writes them inside the caller's
 * transaction: one multi-row insert per table, and every event through appendEvent in the order
 * of its `at`, so that the case's seq order is its time order. Rows and payloads follow the
 * services (items/service.ts, steps/service.ts), so the API reads them as if they were made there.
 */
export class CaseSeed {
  private readonly events: (NewEvent & { at: Date })[] = []
  private readonly itemInfo = new Map<string, { kind: ItemKind; step: number }>()
  private readonly steps = new Map<number, Insert<typeof caseSteps> & { version: number }>()
  private readonly rows = {
    caseOrganisations: [] as Insert<typeof caseOrganisations>[],
    caseMembers: [] as Insert<typeof caseMembers>[],
    items: [] as (Insert<typeof items> & { id: string })[],
    signals: [] as Insert<typeof signals>[],
    measures: [] as Insert<typeof measures>[],
    goals: [] as Insert<typeof goals>[],
    actions: [] as Insert<typeof actions>[],
    actionParticipants: [] as Insert<typeof actionParticipants>[],
    actionUpdates: [] as Insert<typeof actionUpdates>[],
    measurements: [] as Insert<typeof measurements>[],
    evaluations: [] as Insert<typeof evaluations>[],
    itemLinks: [] as Insert<typeof itemLinks>[],
    ratings: [] as Insert<typeof ratings>[],
    positions: [] as Insert<typeof positions>[],
    commitments: [] as Insert<typeof commitments>[],
    comments: [] as Insert<typeof comments>[],
    stepDone: [] as Insert<typeof stepDone>[],
  }

  constructor(
    readonly caseId: string,
    private readonly accounts: SeedAccount[],
    /** The projectleider's code: who opens and closes steps and sets deadlines. */
    private readonly lead: string,
  ) {}

  account(code: string): SeedAccount {
    const a = this.accounts.find((x) => x.code === code)
    if (!a) throw new Error(`no demo account ${code}`)
    return a
  }

  org(code: string) {
    return this.account(code).organisationId
  }

  private actor(code: string) {
    const a = this.account(code)
    return { userId: a.userId, organisationId: a.organisationId }
  }

  /** An event of this case, appended at flush time in the order of `at`. */
  event(e: Omit<NewEvent, 'caseId' | 'actor'> & { by: string; at: Date }) {
    const { by, ...rest } = e
    this.events.push({ ...rest, caseId: this.caseId, actor: this.actor(by) })
  }

  // ── Project group ────────────────────────────────────────────────────────────────────

  /** A seat in the case for the organisation's demo account, with its belang, role and commitment. */
  member(
    code: string,
    role: CaseRole,
    at: Date,
    seat: { belang: string | null; roleText: string | null; commitmentNote: string | null },
  ) {
    const a = this.account(code)
    const id = randomUUID()
    this.rows.caseOrganisations.push({
      caseId: this.caseId,
      organisationId: a.organisationId,
      ...seat,
      commitment: 'agreed',
      createdAt: at,
      updatedAt: at,
    })
    this.rows.caseMembers.push({
      id,
      caseId: this.caseId,
      userId: a.userId,
      organisationId: a.organisationId,
      role,
      createdAt: at,
      updatedAt: at,
    })
    const base = { by: code, entityType: 'member', entityId: id, step: 1 }
    this.event({
      ...base,
      type: 'member.added',
      at,
      payload: { userId: a.userId, name: a.name, organisationId: a.organisationId, role },
    })
    if (Object.values(seat).some((v) => v !== null))
      this.event({
        ...base,
        type: 'member.updated',
        at: new Date(at.getTime() + 3_600_000),
        payload: { ...seat, commitment: 'agreed', organisationId: a.organisationId, userId: a.userId },
      })
    return id
  }

  // ── Steps ────────────────────────────────────────────────────────────────────────────

  /** The six steps of a new case: step 1 open at once, without an event (as createSteps does). */
  createSteps(at: Date) {
    const lead = this.account(this.lead).userId
    for (const step of [1, 2, 3, 4, 5, 6]) {
      this.steps.set(step, {
        caseId: this.caseId,
        step,
        status: step === 1 ? 'open' : 'not_started',
        openedAt: step === 1 ? at : null,
        openedByUserId: step === 1 ? lead : null,
        deadline: null,
        closedAt: null,
        closedByUserId: null,
        version: 1,
        updatedAt: at,
      })
    }
  }

  private changeStep(step: number, at: Date, set: Partial<Insert<typeof caseSteps>>) {
    const row = this.steps.get(step)!
    Object.assign(row, set, { version: row.version + 1, updatedAt: at })
    return row
  }

  private stepEvent(step: number, type: string, at: Date, payload: Record<string, unknown>) {
    this.event({ by: this.lead, type, entityType: 'step', entityId: null, step, payload, at })
  }

  /** Opens a step; `after` = the step whose closing opened it. */
  openStep(step: number, at: Date, after?: number) {
    this.changeStep(step, at, { status: 'open', openedAt: at, openedByUserId: this.account(this.lead).userId })
    this.stepEvent(step, 'step.opened', at, after ? { after } : {})
  }

  /** Closes a step and, like the service, opens the next one if it has not started. */
  closeStep(step: number, at: Date) {
    this.changeStep(step, at, { status: 'closed', closedAt: at, closedByUserId: this.account(this.lead).userId })
    this.stepEvent(step, 'step.closed', at, {})
    const next = this.steps.get(step + 1)
    if (next?.status === 'not_started') this.openStep(step + 1, at, step)
  }

  deadline(step: number, deadline: Date, at: Date, reason?: string) {
    const previous = this.steps.get(step)!.deadline ?? null
    this.changeStep(step, at, { deadline })
    this.stepEvent(step, 'step.deadline_set', at, {
      deadline: deadline.toISOString(),
      previous: previous?.toISOString() ?? null,
      ...(reason ? { reason } : {}),
    })
  }

  /** "Bijdrage klaar" of one organisation for one step. */
  done(step: number, code: string, at: Date) {
    const a = this.account(code)
    this.rows.stepDone.push({
      caseId: this.caseId,
      step,
      organisationId: a.organisationId,
      done: true,
      byUserId: a.userId,
      updatedAt: at,
    })
    this.event({
      by: code,
      type: 'step.done_marked',
      entityType: 'step',
      entityId: null,
      step,
      payload: { organisationId: a.organisationId },
      at,
    })
  }

  // ── Items ────────────────────────────────────────────────────────────────────────────

  private item(
    kind: ItemKind,
    step: number,
    by: string,
    at: Date,
    common: { title: string; description?: string | null; audience?: string[] | null },
    fields: Record<string, unknown>,
  ) {
    const a = this.account(by)
    const id = randomUUID()
    const description = common.description ?? null
    const audience = common.audience ?? null
    this.rows.items.push({
      id,
      caseId: this.caseId,
      kind,
      step,
      title: common.title,
      description,
      audience,
      authorOrganisationId: a.organisationId,
      authorUserId: a.userId,
      version: 1,
      createdAt: at,
      updatedAt: at,
    })
    this.itemInfo.set(id, { kind, step })
    this.event({
      by,
      type: 'item.created',
      entityType: 'item',
      entityId: id,
      step,
      payload: { kind, title: common.title, description, version: 1, ...fields, audience },
      at,
    })
    return id
  }

  private link(from: string, to: string[], relation: 'signal' | 'subproblem' | 'goal') {
    for (const t of to) this.rows.itemLinks.push({ fromItemId: from, toItemId: t, relation })
  }

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
    const { title, description, audience, ...rest } = s
    const fields = {
      source: rest.source,
      reliability: rest.reliability,
      location: rest.location ?? null,
      period: rest.period ?? null,
      involved: rest.involved ?? [],
      figure: rest.figure ?? null,
      figureUnit: rest.figureUnit ?? null,
    }
    const id = this.item('signal', 2, by, at, { title, description, audience }, fields)
    this.rows.signals.push({ itemId: id, ...fields })
    return id
  }

  subproblem(by: string, at: Date, s: { title: string; description?: string | null; signalIds: string[] }) {
    const id = this.item('subproblem', 2, by, at, s, { signalIds: s.signalIds })
    this.link(id, s.signalIds, 'signal')
    return id
  }

  problemStatement(by: string, at: Date, s: { title: string; description: string }) {
    return this.item('problem_statement', 2, by, at, s, {})
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
      subproblemIds: string[]
    },
  ) {
    const fields = {
      ownerOrganisationId: this.org(m.owner),
      since: m.since,
      yearlyCost: m.yearlyCost,
      hoursPerWeek: m.hoursPerWeek,
      effect: m.effect,
      subproblemIds: m.subproblemIds,
    }
    const id = this.item('measure', 3, by, at, m, fields)
    const { subproblemIds, ...row } = fields
    this.rows.measures.push({ itemId: id, ...row })
    this.link(id, subproblemIds, 'subproblem')
    return id
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
      subproblemIds: string[]
    },
  ) {
    const { title, description, subproblemIds, ...row } = g
    const id = this.item('goal', 4, by, at, { title, description }, { ...row, subproblemIds })
    this.rows.goals.push({ itemId: id, ...row })
    this.link(id, subproblemIds, 'subproblem')
    return id
  }

  /**
   * An action with its participants (trekker first) and a commitment per involved organisation:
   * accepted for the organisation that wrote it, pending for the others, as the service does.
   */
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
      goalIds: string[]
    },
  ) {
    const participants = a.participants.map(([code, hours]) => ({ organisationId: this.org(code), hours }))
    const fields = {
      trekkerOrganisationId: this.org(a.trekker),
      trekkerUserId: this.account(a.trekker).userId,
      participants,
      startDate: a.startDate,
      dueDate: a.dueDate,
      cost: a.cost,
      payerOrganisationId: a.payer ? this.org(a.payer) : null,
      goalIds: a.goalIds,
    }
    const id = this.item('action', 5, by, at, a, fields)
    const { participants: _p, goalIds, ...row } = fields
    this.rows.actions.push({ itemId: id, ...row })
    for (const p of participants) this.rows.actionParticipants.push({ actionId: id, ...p })
    this.link(id, goalIds, 'goal')
    const author = this.org(by)
    const involved = [...new Set([fields.trekkerOrganisationId, ...participants.map((p) => p.organisationId)])]
    for (const organisationId of involved) {
      this.rows.commitments.push({
        actionId: id,
        organisationId,
        status: organisationId === author ? 'accepted' : 'pending',
        reason: null,
        byUserId: organisationId === author ? this.account(by).userId : null,
        requestedAt: at,
        updatedAt: at,
      })
    }
    return id
  }

  actionUpdate(
    by: string,
    at: Date,
    u: { title: string; note: string; actionId: string; status: (typeof ACTION_STATUSES)[number] },
  ) {
    const fields = { actionId: u.actionId, status: u.status }
    const id = this.item('action_update', 6, by, at, { title: u.title, description: u.note }, fields)
    this.rows.actionUpdates.push({ itemId: id, ...fields })
    return id
  }

  measurement(
    by: string,
    at: Date,
    m: {
      title: string
      description?: string | null
      goalId: string
      value: number
      measuredAt: string
      source: string
    },
  ) {
    const fields = { goalId: m.goalId, value: m.value, measuredAt: m.measuredAt, source: m.source }
    const id = this.item('measurement', 6, by, at, m, fields)
    this.rows.measurements.push({ itemId: id, ...fields })
    return id
  }

  evaluation(
    by: string,
    at: Date,
    e: { title: string; description: string; conclusion: (typeof CONCLUSIONS)[number] },
  ) {
    const fields = { conclusion: e.conclusion, reopenStep: null }
    const id = this.item('evaluation', 6, by, at, e, fields)
    this.rows.evaluations.push({ itemId: id, ...fields })
    return id
  }

  // ── Reactions ────────────────────────────────────────────────────────────────────────

  private about(itemId: string) {
    const info = this.itemInfo.get(itemId)
    if (!info) throw new Error(`unknown demo item ${itemId}`)
    return info
  }

  private reaction(itemId: string, by: string, at: Date, type: string, payload: Record<string, unknown>) {
    const { step } = this.about(itemId)
    this.event({ by, type, entityType: 'item', entityId: itemId, step, payload, at })
  }

  /** A new title on top of version 1: the item row becomes version 2, the log keeps version 1. */
  retitle(itemId: string, by: string, at: Date, title: string) {
    const row = this.rows.items.find((i) => i.id === itemId)!
    row.version = (row.version ?? 1) + 1
    row.title = title
    row.updatedAt = at
    this.reaction(itemId, by, at, 'item.updated', { kind: row.kind, version: row.version, title })
  }

  rate(itemId: string, by: string, at: Date, score: number) {
    const a = this.account(by)
    this.rows.ratings.push({ itemId, organisationId: a.organisationId, score, byUserId: a.userId, updatedAt: at })
    this.reaction(itemId, by, at, 'item.rated', { organisationId: a.organisationId, score })
  }

  position(itemId: string, by: string, at: Date, position: Position, reason: string | null = null) {
    const a = this.account(by)
    this.rows.positions.push({
      itemId,
      organisationId: a.organisationId,
      position,
      reason,
      byUserId: a.userId,
      updatedAt: at,
    })
    this.reaction(itemId, by, at, 'item.position_set', { organisationId: a.organisationId, position, reason })
  }

  /** An involved organisation accepts or declines an action. */
  commit(actionId: string, by: string, at: Date, status: Exclude<Commitment, 'pending'>, reason: string | null = null) {
    const a = this.account(by)
    const row = this.rows.commitments.find((c) => c.actionId === actionId && c.organisationId === a.organisationId)
    if (!row) throw new Error(`${by} is not involved in action ${actionId}`)
    Object.assign(row, { status, reason, byUserId: a.userId, updatedAt: at })
    this.reaction(actionId, by, at, 'item.commitment_set', { organisationId: a.organisationId, status, reason })
  }

  /** A comment; `mentions` are the codes of the organisations whose demo person is named with @. */
  comment(itemId: string, by: string, at: Date, body: string, mentions: string[] = []) {
    const a = this.account(by)
    const id = randomUUID()
    const userIds = mentions.map((m) => this.account(m).userId)
    this.rows.comments.push({
      id,
      caseId: this.caseId,
      itemId,
      authorUserId: a.userId,
      authorOrganisationId: a.organisationId,
      body,
      mentions: userIds,
      createdAt: at,
    })
    this.reaction(itemId, by, at, 'comment.added', { commentId: id, body, mentions: userIds })
  }

  // ── Writing ──────────────────────────────────────────────────────────────────────────

  /** Writes every collected row (one insert per table) and then the events in time order. */
  async flush(tx: Tx) {
    const r = this.rows
    const insert = async <T extends Parameters<Tx['insert']>[0]>(table: T, values: unknown[]) => {
      if (values.length) await tx.insert(table).values(values as never)
    }
    await insert(caseOrganisations, r.caseOrganisations)
    await insert(caseMembers, r.caseMembers)
    await insert(caseSteps, [...this.steps.values()])
    await insert(stepDone, r.stepDone)
    await insert(items, r.items)
    await insert(signals, r.signals)
    await insert(measures, r.measures)
    await insert(goals, r.goals)
    await insert(actions, r.actions)
    await insert(actionParticipants, r.actionParticipants)
    await insert(actionUpdates, r.actionUpdates)
    await insert(measurements, r.measurements)
    await insert(evaluations, r.evaluations)
    await insert(itemLinks, r.itemLinks)
    await insert(ratings, r.ratings)
    await insert(positions, r.positions)
    await insert(commitments, r.commitments)
    await insert(comments, r.comments)
    // Array.prototype.sort is stable: events at the same moment keep the order they were made in.
    const ordered = [...this.events].sort((a, b) => a.at.getTime() - b.at.getTime())
    for (const e of ordered) await appendEvent(tx, e)
  }
}
