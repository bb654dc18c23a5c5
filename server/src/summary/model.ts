import {
  type ActionStatus,
  costAndCapacity,
  dutchDay,
  findGapsAndOverlaps,
  type ItemKind,
  indicatorProgress,
  type OrganisationRef,
  type PositionEntry,
  rankByPriority,
  type Summary,
  type SummaryPlaceholder,
  type SummaryVariant,
  summarisePositions,
  summariseRatings,
} from '@vp/shared'
import { and, eq, inArray, isNull } from 'drizzle-orm'
import { actionStatuses } from '../dashboard/action-statuses.ts'
import type { DbOrTx } from '../db/client.ts'
import { caseMembers, caseOrganisations, cases, organisations, users } from '../db/schema.ts'
import { type LoadedDocument, loadDocuments } from '../documents/load.ts'
import { notFound } from '../http/errors.ts'
import { isKind, type LoadedItem, type LoadedItemOf, loadItems } from '../items/load.ts'
import { factsOf } from '../items/present.ts'
import { type Actor, can, EVERY_MEMBER } from '../policy/policy.ts'
import { listSteps } from '../steps/service.ts'

const FINISHED: ActionStatus[] = ['klaar', 'gestopt']
const MAX_UPDATES = 20
const SLUG_LENGTH = 60

/** The case title as a file-name part: lower-case ASCII words joined by hyphens, never empty. */
export function slugOf(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_LENGTH)
    .replace(/^-+|-+$/g, '')
  return slug || 'dossier'
}

/**
 * What the builder may use of a case's items and documents: the ones the reader may read, and for
 * the rest only a placeholder (who, when) — and in `raad` not even that. Everything after this
 * point is computed from these lists alone, so restricted content cannot enter the summary.
 */
interface Seen {
  items: LoadedItem[]
  itemPlaceholders: SummaryPlaceholder[]
  documents: LoadedDocument[]
  documentPlaceholders: SummaryPlaceholder[]
}

function separate(reader: Actor, variant: SummaryVariant, loaded: LoadedItem[], docs: LoadedDocument[]): Seen {
  const withPlaceholders = variant === 'full'
  const seen: Seen = { items: [], itemPlaceholders: [], documents: [], documentPlaceholders: [] }
  for (const item of loaded) {
    if (can(reader, 'item.read', factsOf(item))) seen.items.push(item)
    else if (withPlaceholders)
      seen.itemPlaceholders.push({
        restricted: true,
        id: item.row.id,
        kind: item.kind,
        organisation: item.authorOrganisation,
        createdAt: item.row.createdAt.toISOString(),
      })
  }
  for (const doc of docs) {
    if (can(reader, 'document.read', doc.facts)) seen.documents.push(doc)
    else if (withPlaceholders)
      seen.documentPlaceholders.push({
        restricted: true,
        id: doc.row.id,
        kind: 'document',
        organisation: doc.uploaderOrganisation,
        createdAt: doc.row.createdAt.toISOString(),
      })
  }
  return seen
}

/** The case row, its projectleider and its active members with their organisation's seat. */
async function loadCaseAndMembers(db: DbOrTx, caseId: string) {
  const [[theCase], members] = await Promise.all([
    db.select().from(cases).where(eq(cases.id, caseId)),
    db
      .select({
        name: users.name,
        role: caseMembers.role,
        org: { id: organisations.id, name: organisations.name, type: organisations.type },
        belang: caseOrganisations.belang,
        roleText: caseOrganisations.roleText,
      })
      .from(caseMembers)
      .innerJoin(users, eq(users.id, caseMembers.userId))
      .innerJoin(organisations, eq(organisations.id, caseMembers.organisationId))
      .leftJoin(
        caseOrganisations,
        and(
          eq(caseOrganisations.caseId, caseMembers.caseId),
          eq(caseOrganisations.organisationId, caseMembers.organisationId),
        ),
      )
      .where(and(eq(caseMembers.caseId, caseId), isNull(caseMembers.removedAt)))
      .orderBy(organisations.name, users.name),
  ])
  if (!theCase) throw notFound()
  return { theCase, members }
}

/** Organisations and people the visible entries name by id, in two statements. */
async function loadNames(db: DbOrTx, organisationIds: Set<string>, userIds: Set<string>) {
  const [orgs, people] = await Promise.all([
    organisationIds.size
      ? db
          .select({ id: organisations.id, name: organisations.name, type: organisations.type })
          .from(organisations)
          .where(inArray(organisations.id, [...organisationIds]))
      : [],
    userIds.size
      ? db
          .select({ id: users.id, name: users.name })
          .from(users)
          .where(inArray(users.id, [...userIds]))
      : [],
  ])
  return {
    organisations: new Map(orgs.map((o) => [o.id, o as OrganisationRef])),
    people: new Map(people.map((p) => [p.id, p.name])),
  }
}

/** Every organisation and person the visible items refer to by id. */
function collectReferences(visible: LoadedItem[]) {
  const orgIds = new Set<string>()
  const userIds = new Set<string>()
  for (const i of visible) {
    for (const p of i.positions) orgIds.add(p.organisationId)
    for (const c of i.commitments) orgIds.add(c.organisationId)
    if (i.kind === 'measure') orgIds.add(i.fields.ownerOrganisationId)
    if (i.kind === 'action') {
      orgIds.add(i.fields.trekkerOrganisationId)
      if (i.fields.payerOrganisationId) orgIds.add(i.fields.payerOrganisationId)
      for (const p of i.fields.participants) orgIds.add(p.organisationId)
      if (i.fields.trekkerUserId) userIds.add(i.fields.trekkerUserId)
    }
  }
  return { orgIds, userIds }
}

const byCreation = <T extends { createdAt: string; id: string }>(a: T, b: T) =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)

/**
 * The summary of a case ("samenvatting van de vorderingen") for one reader, built in one place and
 * rendered as the page, the PDF and the DOCX. `full`: under the caller's visibility, with the
 * screen's placeholders for what they may not read. `raad`: as `EVERY_MEMBER` reads it — anything
 * restricted is dropped before anything is computed (no placeholder, count or total includes it)
 * and no person is named. Figures follow the dashboard's rules on the visible entries only.
 */
export async function buildSummary(
  db: DbOrTx,
  caller: Actor,
  caseId: string,
  variant: SummaryVariant,
  now = new Date(),
): Promise<Summary> {
  const reader = variant === 'raad' ? EVERY_MEMBER : caller
  const named = variant === 'full'
  const [{ theCase, members }, steps, loaded, docs] = await Promise.all([
    loadCaseAndMembers(db, caseId),
    listSteps(db, caseId, now),
    loadItems(db, { caseId }),
    loadDocuments(db, caseId, reader.user?.id ?? EVERY_MEMBER.user.id),
  ])
  const seen = separate(reader, variant, loaded, docs)
  return composeSummary(db, { variant, named, now, theCase, members, steps, seen })
}

type Loaded = Awaited<ReturnType<typeof loadCaseAndMembers>>

async function composeSummary(
  db: DbOrTx,
  input: {
    variant: SummaryVariant
    named: boolean
    now: Date
    theCase: Loaded['theCase']
    members: Loaded['members']
    steps: Awaited<ReturnType<typeof listSteps>>
    seen: Seen
  },
): Promise<Summary> {
  const { variant, named, now, theCase, members, steps, seen } = input
  const visible = seen.items
  const ofKind = <K extends ItemKind>(kind: K) => visible.filter(isKind(kind))
  const placeholdersOf = (...kinds: ItemKind[]) =>
    seen.itemPlaceholders.filter((p) => kinds.includes(p.kind as ItemKind))
  const titleOf = new Map(visible.map((i) => [i.row.id, i.row.title]))
  const { orgIds, userIds } = collectReferences(visible)
  const names = await loadNames(db, orgIds, userIds)
  const unknownOrganisation = (id: string): OrganisationRef => ({ id, name: 'Onbekende organisatie', type: 'overig' })
  const orgRef = (id: string) => names.organisations.get(id) ?? unknownOrganisation(id)
  const personName = (name: string | null | undefined) => (named ? (name ?? null) : null)
  const positionsOf = (positions: PositionEntry[]) => ({
    positions: named
      ? positions.map((p) => ({ organisation: orgRef(p.organisationId), position: p.position, reason: p.reason }))
      : [],
    positionCounts: summarisePositions(positions),
  })
  const base = (i: LoadedItem) => ({
    restricted: false as const,
    id: i.row.id,
    title: i.row.title,
    description: i.row.description,
  })
  const today = dutchDay(now)
  // Lists keep the screen's order (oldest first), placeholders in their place among the entries.
  const createdAtOf = new Map(visible.map((i) => [i.row.id, i.row.createdAt.toISOString()]))
  const inCreationOrder = <V extends { id: string }>(entries: V[], placeholders: SummaryPlaceholder[]) =>
    [
      ...entries.map((entry) => ({ entry, createdAt: createdAtOf.get(entry.id)!, id: entry.id })),
      ...placeholders.map((entry) => ({ entry, createdAt: entry.createdAt, id: entry.id })),
    ]
      .sort(byCreation)
      .map((x): V | SummaryPlaceholder => x.entry)
  const sum = (xs: number[]) => xs.reduce((t, x) => t + x, 0)

  // The agreed problem statement: the first the reader may read; else, in `full`, its placeholder.
  const statement = ofKind('problem_statement')[0]
  const hiddenStatement = placeholdersOf('problem_statement')[0]

  const subproblems = ofKind('subproblem')
  const ranked = rankByPriority(
    subproblems.map((s) => ({ id: s.row.id, title: s.row.title, ratings: s.ratings, item: s })),
  ).map((r) => {
    const ratings = summariseRatings(r.ratings)
    return {
      ...base(r.item),
      rank: r.rank,
      mean: r.mean,
      spread: ratings.spread,
      agreement: ratings.agreement,
      ratingCount: ratings.count,
      ...positionsOf(r.item.positions),
    }
  })

  const measures = ofKind('measure')
  const gapsAndOverlaps = findGapsAndOverlaps(
    subproblems.map((s) => ({ id: s.row.id })),
    measures.map((m) => ({
      id: m.row.id,
      ownerOrganisationId: m.fields.ownerOrganisationId,
      subproblemIds: m.fields.subproblemIds,
    })),
  )
  const visibleTitles = (ids: string[]) => ids.flatMap((id) => (titleOf.has(id) ? [titleOf.get(id)!] : []))

  const measurementsOf = new Map<string, { value: number; measuredAt: string }[]>()
  for (const m of ofKind('measurement')) {
    const { goalId, value, measuredAt } = m.fields
    measurementsOf.set(goalId, [...(measurementsOf.get(goalId) ?? []), { value, measuredAt }])
  }
  const goals = ofKind('goal')
  const goalIds = new Set(goals.map((g) => g.row.id))

  const statusOf = actionStatuses(visible)
  const actions = ofKind('action')
  const actionStatus = { gepland: 0, bezig: 0, klaar: 0, vertraagd: 0, gestopt: 0 } as Record<ActionStatus, number>
  for (const a of actions) actionStatus[statusOf(a.row.id)]++
  const totals = costAndCapacity(
    actions.map((a: LoadedItemOf<'action'>) => ({
      id: a.row.id,
      // Goals the reader may not see get no line of their own; the action's cost still counts.
      goalIds: a.fields.goalIds.filter((id) => goalIds.has(id)),
      cost: a.fields.cost,
      payerOrganisationId: a.fields.payerOrganisationId,
      hours: a.fields.participants,
      commitments: a.commitments.map((c) => ({ organisationId: c.organisationId, status: c.status })),
    })),
  )

  // Members grouped by organisation; the projectleider's organisation first, then by name.
  const lead = members.find((m) => m.role === 'projectleider')
  const groups = new Map<string, Summary['projectGroup'][number]>()
  for (const m of [...members].sort(
    (a, b) => Number(b.role === 'projectleider') - Number(a.role === 'projectleider'),
  )) {
    const group = groups.get(m.org.id) ?? {
      organisation: m.org,
      people: [],
      roles: [],
      belang: m.belang,
      roleText: m.roleText,
    }
    if (named) group.people.push({ name: m.name, role: m.role })
    if (!group.roles.includes(m.role)) group.roles.push(m.role)
    groups.set(m.org.id, group)
  }

  return {
    variant,
    generatedAt: now.toISOString(),
    seq: theCase.lastSeq,
    case: {
      id: theCase.id,
      title: theCase.title,
      slug: slugOf(theCase.title),
      gemeente: theCase.gemeente,
      area: theCase.area,
      theme: theCase.theme,
      problemType: theCase.problemType,
      status: theCase.status,
      context: theCase.context,
      aanleiding: theCase.aanleiding,
      bestuurder: theCase.bestuurder,
      projectleider: lead ? { name: personName(lead.name), organisation: lead.org } : null,
      createdAt: theCase.createdAt.toISOString(),
    },
    steps: steps.map((s) => ({
      step: s.step,
      status: s.status,
      deadline: s.deadline,
      overdue: s.overdue,
      done: s.done.filter((d) => d.done).map((d) => d.organisation),
      notDone: s.done.filter((d) => !d.done).map((d) => d.organisation),
    })),
    projectGroup: [...groups.values()],
    problem: {
      statement: statement ? { ...base(statement), ...positionsOf(statement.positions) } : (hiddenStatement ?? null),
      subproblems: [...ranked, ...placeholdersOf('subproblem')],
    },
    measures: {
      items: inCreationOrder(
        measures.map((m) => ({
          ...base(m),
          owner: orgRef(m.fields.ownerOrganisationId),
          since: m.fields.since,
          yearlyCost: m.fields.yearlyCost,
          hoursPerWeek: m.fields.hoursPerWeek,
          effect: m.fields.effect,
          subproblems: visibleTitles(m.fields.subproblemIds),
        })),
        placeholdersOf('measure'),
      ),
      assessed: gapsAndOverlaps.assessed,
      gaps: visibleTitles(gapsAndOverlaps.gaps),
      overlaps: gapsAndOverlaps.overlaps.map((o) => ({
        subproblem: titleOf.get(o.subproblemId)!,
        organisations: o.organisationIds.map(orgRef),
      })),
      totalYearlyCost: sum(measures.map((m) => m.fields.yearlyCost ?? 0)),
      totalHoursPerWeek: sum(measures.map((m) => m.fields.hoursPerWeek ?? 0)),
    },
    goals: inCreationOrder(
      goals.map((g) => {
        const measurements = (measurementsOf.get(g.row.id) ?? []).sort((a, b) =>
          a.measuredAt.localeCompare(b.measuredAt),
        )
        const { baseline, baselineDate, target, targetDate, direction } = g.fields
        const progress = indicatorProgress(
          { baseline, target, direction, baselineDate, targetDate },
          measurements,
          now.getTime(),
        )
        return {
          ...base(g),
          indicator: g.fields.indicator,
          unit: g.fields.unit,
          direction,
          baseline,
          baselineDate,
          target,
          targetDate,
          latest: progress.latest ? { value: progress.latest.value, measuredAt: progress.latest.measuredAt } : null,
          progress: progress.progress,
          status: progress.status,
          measurements,
          ...positionsOf(g.positions),
        }
      }),
      placeholdersOf('goal'),
    ),
    actions: inCreationOrder(
      actions.map((a) => {
        const status = statusOf(a.row.id)
        const { dueDate, trekkerUserId } = a.fields
        return {
          ...base(a),
          trekker: {
            name: personName(trekkerUserId ? names.people.get(trekkerUserId) : null),
            organisation: orgRef(a.fields.trekkerOrganisationId),
          },
          participants: a.fields.participants.map((p) => ({ organisation: orgRef(p.organisationId), hours: p.hours })),
          startDate: a.fields.startDate,
          dueDate,
          status,
          overdue: !!dueDate && dueDate < today && !FINISHED.includes(status),
          cost: a.fields.cost,
          payer: a.fields.payerOrganisationId ? orgRef(a.fields.payerOrganisationId) : null,
          goals: visibleTitles(a.fields.goalIds),
          commitments: a.commitments.map((c) => ({ organisation: orgRef(c.organisationId), status: c.status })),
        }
      }),
      placeholdersOf('action'),
    ),
    costs: {
      byOrganisation: totals.byOrganisation.map(({ organisationId, ...t }) => ({
        organisation: orgRef(organisationId),
        ...t,
      })),
      byGoal: totals.byGoal.map((g) => ({ goal: titleOf.get(g.goalId)!, cost: g.cost, hours: g.hours })),
      unassignedCost: totals.unassignedCost,
      totalCost: totals.totalCost,
      totalHours: totals.totalHours,
    },
    monitoring: {
      updates: [
        ...ofKind('action_update').map((u) => ({
          ...base(u),
          action: titleOf.get(u.fields.actionId) ?? null,
          status: u.fields.status,
          author: { name: personName(u.author?.name), organisation: u.authorOrganisation },
          createdAt: u.row.createdAt.toISOString(),
        })),
        ...placeholdersOf('action_update'),
      ]
        .sort((a, b) => -byCreation(a, b))
        .slice(0, MAX_UPDATES),
      actionStatus,
    },
    evaluations: [
      ...ofKind('evaluation').map((e) => ({
        ...base(e),
        conclusion: e.fields.conclusion,
        reopenStep: e.fields.reopenStep,
        author: { name: personName(e.author?.name), organisation: e.authorOrganisation },
        createdAt: e.row.createdAt.toISOString(),
      })),
      ...placeholdersOf('evaluation'),
    ].sort(byCreation),
    documents: [
      ...seen.documents.map((d) => ({
        restricted: false as const,
        id: d.row.id,
        title: d.row.title,
        step: d.row.step,
        organisation: d.uploaderOrganisation,
        createdAt: d.row.createdAt.toISOString(),
      })),
      ...seen.documentPlaceholders,
    ].sort(byCreation),
  }
}
