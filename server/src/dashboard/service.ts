import {
  type ActionStatus,
  type Agenda,
  commitmentMatrix,
  costAndCapacity,
  type Dashboard,
  dutchDay,
  findGapsAndOverlaps,
  type ItemKind,
  indicatorProgress,
  rankByPriority,
  summarisePositions,
  summariseRatings,
} from '@vp/shared'
import { and, desc, eq, gte, inArray, isNull, ne, sql } from 'drizzle-orm'
import type { SessionUser } from '../auth/sessions.ts'
import type { Db } from '../db/client.ts'
import { caseMembers, cases, comments, organisations, users } from '../db/schema.ts'
import { buildFollowUp } from '../follow-up/service.ts'
import { isKind, type LoadedItem, type LoadedItemOf, loadItems } from '../items/load.ts'
import { factsOf } from '../items/present.ts'
import { type Actor, can, type Member } from '../policy/policy.ts'
import { contributingOrganisations, listSteps } from '../steps/service.ts'
import { actionStatuses } from './action-statuses.ts'

const FINISHED: ActionStatus[] = ['klaar', 'gestopt']
const today = (now: Date) => dutchDay(now)

type Commitment = LoadedItem['commitments'][number]

function costed(a: LoadedItemOf<'action'>) {
  return {
    id: a.row.id,
    title: a.row.title,
    goalIds: a.fields.goalIds,
    cost: a.fields.cost,
    payerOrganisationId: a.fields.payerOrganisationId,
    hours: a.fields.participants,
    commitments: a.commitments.map((c: Commitment) => ({ organisationId: c.organisationId, status: c.status })),
  }
}

/**
 * Everything "in één oogopslag": steps, done matrix, counts, action status, indicators, the
 * consensus map, gaps and overlaps, the commitment matrix and cost and capacity totals. Built
 * only from the items this member may see; restricted items count, but add no content.
 */
export async function buildDashboard(db: Db, actor: Actor, caseId: string, now = new Date()): Promise<Dashboard> {
  const [steps, loaded, organisations] = await Promise.all([
    listSteps(db, caseId, now),
    loadItems(db, { caseId }),
    contributingOrganisations(db, caseId),
  ])
  const visible = loaded.filter((i) => can(actor, 'item.read', factsOf(i)))
  const ofKind = <K extends ItemKind>(kind: K) => visible.filter(isKind(kind))
  const statusOf = actionStatuses(visible)

  const actions = ofKind('action')
  const actionStatus = { gepland: 0, bezig: 0, klaar: 0, vertraagd: 0, gestopt: 0 } as Record<ActionStatus, number>
  for (const a of actions) actionStatus[statusOf(a.row.id)]++

  const measurementsOf = new Map<string, { value: number; measuredAt: string }[]>()
  for (const m of ofKind('measurement')) {
    const { goalId, value, measuredAt } = m.fields
    measurementsOf.set(goalId, [...(measurementsOf.get(goalId) ?? []), { value, measuredAt }])
  }
  const goals = ofKind('goal')
  const subproblems = ofKind('subproblem')
  const measures = ofKind('measure')
  const statement = ofKind('problem_statement')[0]
  const positionsOf = (i: LoadedItem) => ({ positions: i.positions, positionSummary: summarisePositions(i.positions) })
  const gapsAndOverlaps = findGapsAndOverlaps(
    subproblems.map((s) => ({ id: s.row.id })),
    measures.map((m) => ({
      id: m.row.id,
      ownerOrganisationId: m.fields.ownerOrganisationId,
      subproblemIds: m.fields.subproblemIds,
    })),
  )
  const costedActions = actions.map(costed)
  const sum = (xs: number[]) => xs.reduce((t, x) => t + x, 0)

  return {
    steps,
    organisations,
    doneMatrix: organisations.map((o) => ({
      organisationId: o.id,
      steps: steps.map((s) => s.done.find((d) => d.organisation.id === o.id)?.done ?? false),
    })),
    counts: [1, 2, 3, 4, 5, 6].map((step) => ({
      step,
      items: loaded.filter((i) => i.row.step === step).length,
      restricted: loaded.filter((i) => i.row.step === step).length - visible.filter((i) => i.row.step === step).length,
    })),
    actionStatus,
    indicators: goals.map((g) => {
      const ms = (measurementsOf.get(g.row.id) ?? []).sort((a, b) => a.measuredAt.localeCompare(b.measuredAt))
      const goal = {
        baseline: g.fields.baseline,
        target: g.fields.target,
        direction: g.fields.direction,
        baselineDate: g.fields.baselineDate,
        targetDate: g.fields.targetDate,
      }
      return {
        goalId: g.row.id,
        title: g.row.title,
        indicator: g.fields.indicator,
        unit: g.fields.unit,
        direction: goal.direction,
        baseline: goal.baseline,
        target: goal.target,
        targetDate: g.fields.targetDate,
        ...indicatorProgress(goal, ms),
        measurements: ms,
      }
    }),
    consensus: {
      subproblems: rankByPriority(
        subproblems.map((s) => ({ id: s.row.id, title: s.row.title, ratings: s.ratings, item: s })),
      ).map((r) => {
        const summary = summariseRatings(r.ratings)
        return {
          id: r.id,
          title: r.title,
          rank: r.rank,
          mean: r.mean,
          spread: summary.spread,
          agreement: summary.agreement,
          ratings: r.ratings,
          ...positionsOf(r.item),
        }
      }),
      problemStatement: statement
        ? { id: statement.row.id, title: statement.row.title, ...positionsOf(statement) }
        : null,
      goals: goals.map((g) => ({ id: g.row.id, title: g.row.title, ...positionsOf(g) })),
    },
    measures: {
      ...gapsAndOverlaps,
      totalYearlyCost: sum(measures.map((m) => m.fields.yearlyCost ?? 0)),
      totalHoursPerWeek: sum(measures.map((m) => m.fields.hoursPerWeek ?? 0)),
    },
    commitments: {
      actions: actions.map((a) => {
        const status = statusOf(a.row.id)
        const { dueDate } = a.fields
        return {
          id: a.row.id,
          title: a.row.title,
          dueDate,
          status,
          overdue: !!dueDate && dueDate < today(now) && !FINISHED.includes(status),
        }
      }),
      rows: commitmentMatrix(costedActions, organisations).rows,
    },
    totals: costAndCapacity(costedActions),
  }
}

const MENTION_DAYS = 30

/** Comments of the last 30 days in these cases that mention the user, by someone else; newest first. */
function mentionsOf(db: Db, userId: string, caseIds: string[], now: Date) {
  if (caseIds.length === 0) return Promise.resolve([])
  return db
    .select({
      id: comments.id,
      caseId: comments.caseId,
      itemId: comments.itemId,
      body: comments.body,
      createdAt: comments.createdAt,
      authorName: users.name,
      org: { id: organisations.id, name: organisations.name, type: organisations.type },
    })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorUserId))
    .innerJoin(organisations, eq(organisations.id, comments.authorOrganisationId))
    .where(
      and(
        inArray(comments.caseId, caseIds),
        sql`${comments.mentions} @> array[${userId}]::uuid[]`,
        ne(comments.authorUserId, userId),
        gte(comments.createdAt, new Date(now.getTime() - MENTION_DAYS * 86_400_000)),
      ),
    )
    .orderBy(desc(comments.createdAt), desc(comments.id))
}

/**
 * What needs me now, over all my cases: open steps my organisation has not marked done,
 * commitments it still owes, its actions due within 7 days, and everything overdue; for the
 * cases I lead, whom to chase (the same rules as the follow-up route); and where I was mentioned
 * in the last 30 days, on items I may read now.
 */
export async function buildAgenda(db: Db, user: SessionUser, now = new Date()): Promise<Agenda> {
  const seats = await db
    .select({
      caseId: cases.id,
      title: cases.title,
      role: caseMembers.role,
      organisationId: caseMembers.organisationId,
      memberId: caseMembers.id,
    })
    .from(caseMembers)
    .innerJoin(cases, eq(cases.id, caseMembers.caseId))
    .where(and(eq(caseMembers.userId, user.id), isNull(caseMembers.removedAt), eq(cases.status, 'active')))
  const agenda: Agenda = {
    openSteps: [],
    commitmentsOwed: [],
    actionsDue: [],
    overdue: [],
    followUp: [],
    mentions: [],
  }
  const weekAhead = dutchDay(now, 7)
  const actorOf = (seat: (typeof seats)[number]): Member => ({
    user,
    membership: { memberId: seat.memberId, role: seat.role, organisationId: seat.organisationId },
  })
  const [perCase, mentioned] = await Promise.all([
    Promise.all(
      seats.map(async (seat) => {
        const [steps, loaded] = await Promise.all([
          listSteps(db, seat.caseId, now),
          loadItems(db, { caseId: seat.caseId }),
        ])
        const followUp =
          seat.role === 'projectleider' ? await buildFollowUp(db, actorOf(seat), seat.caseId, now, loaded) : null
        return { seat, steps, loaded, followUp }
      }),
    ),
    mentionsOf(
      db,
      user.id,
      seats.map((s) => s.caseId),
      now,
    ),
  ])
  for (const { seat, loaded, followUp } of perCase) {
    if (followUp) agenda.followUp.push({ caseId: seat.caseId, caseTitle: seat.title, ...followUp })
    // A mention shows only while its item passes the read rule for me now (restricted later: gone).
    const readable = new Map(
      loaded.filter((i) => can(actorOf(seat), 'item.read', factsOf(i))).map((i) => [i.row.id, i] as const),
    )
    for (const m of mentioned.filter((x) => x.caseId === seat.caseId)) {
      const item = readable.get(m.itemId)
      if (!item) continue
      agenda.mentions.push({
        commentId: m.id,
        caseId: seat.caseId,
        caseTitle: seat.title,
        itemId: item.row.id,
        itemTitle: item.row.title,
        step: item.row.step,
        author: { name: m.authorName, organisation: m.org },
        body: m.body,
        createdAt: m.createdAt.toISOString(),
      })
    }
  }
  agenda.mentions.sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  for (const { seat, steps, loaded } of perCase) {
    if (seat.role === 'waarnemer') continue
    const base = { caseId: seat.caseId, caseTitle: seat.title, myRole: seat.role }
    const actor = actorOf(seat)
    for (const s of steps) {
      if (s.status !== 'open') continue
      const mine = s.done.find((d) => d.organisation.id === seat.organisationId)
      if (!mine?.done) agenda.openSteps.push({ ...base, step: s.step, deadline: s.deadline, overdue: s.overdue })
      if (s.overdue && s.deadline)
        agenda.overdue.push({
          ...base,
          kind: 'step',
          step: s.step,
          itemId: null,
          title: `Stap ${s.step}`,
          deadline: s.deadline,
        })
    }
    const visible = loaded.filter((i) => can(actor, 'item.read', factsOf(i)))
    const statusOf = actionStatuses(visible)
    for (const a of visible.filter(isKind('action'))) {
      const { dueDate } = a.fields
      const own = a.commitments.find((c) => c.organisationId === seat.organisationId)
      if (own?.status === 'pending')
        agenda.commitmentsOwed.push({ ...base, itemId: a.row.id, title: a.row.title, dueDate })
      if (!own || own.status === 'declined' || !dueDate) continue
      const status = statusOf(a.row.id)
      if (FINISHED.includes(status)) continue
      const overdue = dueDate < today(now)
      if (dueDate <= weekAhead)
        agenda.actionsDue.push({ ...base, itemId: a.row.id, title: a.row.title, dueDate, overdue, status })
      if (overdue)
        agenda.overdue.push({
          ...base,
          kind: 'action',
          step: 5,
          itemId: a.row.id,
          title: a.row.title,
          deadline: dueDate,
        })
    }
  }
  agenda.actionsDue.sort((a, b) => a.dueDate.localeCompare(b.dueDate))
  agenda.overdue.sort((a, b) => a.deadline.localeCompare(b.deadline))
  return agenda
}
