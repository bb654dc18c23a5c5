import {
  type Case,
  type CaseSummary,
  type CreateCaseBody,
  isOverdue,
  type Member,
  type PageQuery,
  type StepStatus,
  type UpdateCaseBody,
} from '@vp/shared'
import { and, count, desc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm'
import type { SessionUser } from '../auth/sessions.ts'
import { type Db, type DbOrTx, preparedPerHandle } from '../db/client.ts'
import { caseEvents, caseMembers, caseOrganisations, caseSteps, cases, organisations, users } from '../db/schema.ts'
import { inParallel, inTransaction } from '../db/tx.ts'
import { appendEvent, eventActor, lockCase } from '../events/append.ts'
import { conflict, notFound, preconditionFailed } from '../http/errors.ts'
import { decodeCursor, toPage } from '../http/paging.ts'
import { type Actor, can, type Member as MemberActor } from '../policy/policy.ts'
import { closeOpenSteps, createSteps, stepsOfCases } from '../steps/service.ts'

type CaseRow = typeof cases.$inferSelect

const PROFILE_FIELDS = [
  'title',
  'gemeente',
  'theme',
  'problemType',
  'area',
  'context',
  'aanleiding',
  'bestuurder',
] as const

/** Loads a case by id without any access check: callers authorize right after. */
export async function unsafeFindCase(db: DbOrTx, caseId: string): Promise<CaseRow> {
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId))
  if (!row) throw notFound()
  return row
}

/** Creates a case; the creator becomes its projectleider for their own organisation. */
export async function createCase(db: Db, user: SessionUser, body: CreateCaseBody): Promise<string> {
  const organisationId = user.organisation!.id
  return inTransaction(db, async (tx) => {
    const [row] = await tx
      .insert(cases)
      .values({ ...body, createdByUserId: user.id })
      .returning({ id: cases.id })
    const caseId = row!.id
    await tx.insert(caseOrganisations).values({ caseId, organisationId, commitment: 'agreed' })
    await createSteps(tx, caseId, user.id)
    const [member] = await tx
      .insert(caseMembers)
      .values({ caseId, userId: user.id, organisationId, role: 'projectleider' })
      .returning({ id: caseMembers.id })
    const actor = eventActor(user, organisationId)
    await appendEvent(tx, {
      caseId,
      type: 'case.created',
      actor,
      entityType: 'case',
      entityId: caseId,
      step: 1,
      payload: pick(body),
    })
    await appendEvent(tx, {
      caseId,
      type: 'member.added',
      actor,
      entityType: 'member',
      entityId: member!.id,
      step: 1,
      payload: { userId: user.id, name: user.name, organisationId, role: 'projectleider' },
    })
    return caseId
  })
}

function pick(body: Partial<CreateCaseBody>) {
  return Object.fromEntries(PROFILE_FIELDS.filter((k) => k in body).map((k) => [k, body[k] ?? null]))
}

/**
 * Changes the profile, or closes / reopens the case, on top of the version the client saw.
 * One event per change: `case.updated` with the changed fields, or `case.closed` / `case.reopened`.
 */
export async function updateCase(db: Db, actor: MemberActor, caseId: string, version: number, body: UpdateCaseBody) {
  return inTransaction(db, async (tx) => {
    const current = await lockCase(tx, caseId)
    if (current.version !== version) throw preconditionFailed(await presentCase(tx, actor, caseId))
    const { status, ...profile } = body
    const changed = Object.fromEntries(
      Object.entries(profile).filter(([k, v]) => v !== undefined && current[k as keyof CaseRow] !== v),
    )
    const statusChanges = status !== undefined && status !== current.status
    if (Object.keys(changed).length === 0 && !statusChanges) return
    // A closed case has no open step (nothing in it is overdue); reopening leaves the steps closed.
    if (statusChanges && status === 'closed') await closeOpenSteps(tx, actor, caseId)
    await tx
      .update(cases)
      .set({
        ...changed,
        ...(statusChanges ? { status, closedAt: status === 'closed' ? new Date() : null } : {}),
        version: version + 1,
        updatedAt: new Date(),
      })
      .where(eq(cases.id, caseId))
    const who = eventActor(actor.user, actor.membership.organisationId)
    if (Object.keys(changed).length > 0) {
      await appendEvent(tx, {
        caseId,
        type: 'case.updated',
        actor: who,
        entityType: 'case',
        entityId: caseId,
        step: 1,
        payload: changed,
      })
    }
    if (statusChanges) {
      const type = status === 'closed' ? 'case.closed' : 'case.reopened'
      await appendEvent(tx, { caseId, type, actor: who, entityType: 'case', entityId: caseId, payload: {} })
    }
  })
}

/** Hands the projectleider role to another member; the old projectleider stays as partner. */
export async function handOver(db: Db, actor: MemberActor, caseId: string, targetUserId: string) {
  await inTransaction(db, async (tx) => {
    await lockCase(tx, caseId)
    const [target] = await tx
      .select()
      .from(caseMembers)
      .where(and(eq(caseMembers.caseId, caseId), eq(caseMembers.userId, targetUserId), isNull(caseMembers.removedAt)))
    if (!target) {
      throw conflict('De nieuwe projectleider moet lid zijn van dit dossier', [
        { path: 'body.userId', message: 'Geen lid van dit dossier' },
      ])
    }
    if (target.id === actor.membership.memberId) return
    // A person whose account waits for the administrator cannot sign in, so cannot direct the case.
    const [person] = await tx.select({ approval: users.approval }).from(users).where(eq(users.id, targetUserId))
    if (person?.approval !== 'approved') {
      throw conflict('Dit lid wacht nog op goedkeuring door de beheerder', [
        { path: 'body.userId', message: 'Wacht op goedkeuring' },
      ])
    }
    const now = new Date()
    await tx
      .update(caseMembers)
      .set({ role: 'partner', version: sql`${caseMembers.version} + 1`, updatedAt: now })
      .where(eq(caseMembers.id, actor.membership.memberId))
    await tx
      .update(caseMembers)
      .set({ role: 'projectleider', version: sql`${caseMembers.version} + 1`, updatedAt: now })
      .where(eq(caseMembers.id, target.id))
    await tx
      .update(cases)
      .set({ version: sql`${cases.version} + 1`, updatedAt: now })
      .where(eq(cases.id, caseId))
    await appendEvent(tx, {
      caseId,
      type: 'case.handed_over',
      actor: eventActor(actor.user, actor.membership.organisationId),
      entityType: 'member',
      entityId: target.id,
      step: 1,
      payload: { fromUserId: actor.user.id, toUserId: targetUserId },
    })
  })
}

type MemberJoin = {
  member: typeof caseMembers.$inferSelect
  user: typeof users.$inferSelect
  org: typeof organisations.$inferSelect
  seat: typeof caseOrganisations.$inferSelect | null
}

function presentMember(r: MemberJoin, actor: Actor): Member {
  const lead = r.member.role === 'projectleider'
  return {
    id: r.member.id,
    userId: r.user.id,
    name: r.user.name,
    email: r.user.email,
    organisation: { id: r.org.id, name: r.org.name, type: r.org.type },
    role: r.member.role,
    belang: r.seat?.belang ?? null,
    roleText: r.seat?.roleText ?? null,
    commitment: r.seat?.commitment ?? 'pending',
    commitmentNote: r.seat?.commitmentNote ?? null,
    version: r.member.version,
    joinedAt: r.member.createdAt.toISOString(),
    approval: r.user.approval,
    abilities: {
      update: can(actor, 'member.update', {
        organisationId: r.org.id,
        fields: ['belang', 'roleText', 'commitment', 'commitmentNote'],
      }),
      // The projectleider's own seat changes only by handing the role over.
      changeRole: !lead && can(actor, 'member.update', { organisationId: r.org.id, fields: ['role'] }),
      remove: !lead && can(actor, 'member.remove', null),
    },
  }
}

/** The active members of a case with their organisation's seat, projectleider first. */
function membersQuery(db: DbOrTx, memberId: SQL | string | undefined) {
  return db
    .select({ member: caseMembers, user: users, org: organisations, seat: caseOrganisations })
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
    .where(
      and(
        eq(caseMembers.caseId, sql.placeholder('caseId')),
        isNull(caseMembers.removedAt),
        memberId ? eq(caseMembers.id, memberId) : undefined,
      ),
    )
    .orderBy(
      sql`case ${caseMembers.role} when 'projectleider' then 0 when 'partner' then 1 else 2 end`,
      organisations.name,
      users.name,
    )
}

// Every case page asks these (ADR 013).
const caseWithStepsQuery = preparedPerHandle((db: DbOrTx) =>
  db
    .select({
      theCase: cases,
      steps: sql<{ step: number; status: StepStatus; deadline: string | null }[]>`coalesce((
        select json_agg(json_build_object('step', s.step, 'status', s.status, 'deadline', s.deadline) order by s.step)
        from ${caseSteps} s where s.case_id = ${cases.id}), '[]'::json)`,
    })
    .from(cases)
    .where(eq(cases.id, sql.placeholder('caseId')))
    .prepare('case_with_steps'),
)
const allMembersQuery = preparedPerHandle((db: DbOrTx) => membersQuery(db, undefined).prepare('case_members'))

export async function listMembers(db: DbOrTx, actor: Actor, caseId: string, memberId?: string): Promise<Member[]> {
  const rows = await (memberId ? membersQuery(db, memberId) : allMembersQuery(db)).execute({ caseId })
  return rows.map((r) => presentMember(r, actor))
}

/** The case as a member sees it, with the caller's abilities from the policy module. */
export async function presentCase(db: DbOrTx, actor: MemberActor, caseId: string): Promise<Case> {
  const [found, members] = await inParallel(db, [
    // The case with its six steps in one statement.
    () => caseWithStepsQuery(db).execute({ caseId }),
    () => listMembers(db, actor, caseId),
  ] as const)
  if (!found[0]) throw notFound()
  const row = found[0].theCase
  const steps = found[0].steps.map((s) => ({ ...s, deadline: s.deadline ? new Date(s.deadline) : null }))
  const lead = members.find((m) => m.role === 'projectleider')
  const mine = members.find((m) => m.id === actor.membership.memberId)!
  return {
    id: row.id,
    title: row.title,
    gemeente: row.gemeente,
    theme: row.theme,
    problemType: row.problemType,
    area: row.area,
    context: row.context,
    aanleiding: row.aanleiding,
    bestuurder: row.bestuurder,
    status: row.status,
    closedAt: row.closedAt?.toISOString() ?? null,
    projectleider: lead ? { userId: lead.userId, name: lead.name, organisation: lead.organisation } : null,
    lastSeq: row.lastSeq,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    me: { memberId: mine.id, role: mine.role, organisation: mine.organisation },
    abilities: {
      update: can(actor, 'case.update', null),
      manageMembers: can(actor, 'member.remove', null),
      invite: can(actor, 'invitation.manage', null),
      handover: can(actor, 'case.handover', null),
      readOutbox: can(actor, 'outbox.read', null),
      followUp: can(actor, 'case.followUp', null),
    },
    members,
    steps: briefSteps(steps),
  }
}

/** Steps as lists show them, with overdue computed by the shared rule. */
export function briefSteps(rows: { step: number; status: StepStatus; deadline: Date | null }[], now = new Date()) {
  return rows.map((r) => {
    const deadline = r.deadline?.toISOString() ?? null
    return { step: r.step, status: r.status, deadline, overdue: isOverdue({ status: r.status, deadline }, now) }
  })
}

/** The caller's cases (active seats only), most recently active first. */
export async function listMyCases(db: Db, userId: string, q: PageQuery) {
  const after = decodeCursor(q.cursor, ['date', 'uuid'])
  const lastActivity = sql<Date>`coalesce((select max(${caseEvents.createdAt}) from ${caseEvents} where ${caseEvents.caseId} = ${cases.id} and ${caseEvents.seq} = ${cases.lastSeq}), ${cases.updatedAt})`
  const rows = await db
    .select({ theCase: cases, member: caseMembers, org: organisations, lastActivity })
    .from(caseMembers)
    .innerJoin(cases, eq(cases.id, caseMembers.caseId))
    .innerJoin(organisations, eq(organisations.id, caseMembers.organisationId))
    .where(
      and(
        eq(caseMembers.userId, userId),
        isNull(caseMembers.removedAt),
        after
          ? or(
              lt(lastActivity, new Date(after[0]!)),
              and(eq(lastActivity, new Date(after[0]!)), lt(cases.id, after[1]!)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(lastActivity), desc(cases.id))
    .limit(q.limit + 1)
  const ids = rows.map((r) => r.theCase.id)
  const counts = ids.length
    ? await db
        .select({ caseId: caseMembers.caseId, n: count() })
        .from(caseMembers)
        .where(and(inArray(caseMembers.caseId, ids), isNull(caseMembers.removedAt)))
        .groupBy(caseMembers.caseId)
    : []
  const countOf = new Map(counts.map((c) => [c.caseId, c.n]))
  const allSteps = await stepsOfCases(db, ids)
  return toPage(
    rows,
    q.limit,
    (r): CaseSummary => ({
      id: r.theCase.id,
      title: r.theCase.title,
      gemeente: r.theCase.gemeente,
      theme: r.theCase.theme,
      problemType: r.theCase.problemType,
      status: r.theCase.status,
      myRole: r.member.role,
      myOrganisation: { id: r.org.id, name: r.org.name, type: r.org.type },
      memberCount: countOf.get(r.theCase.id) ?? 0,
      lastActivityAt: new Date(r.lastActivity).toISOString(),
      steps: briefSteps(allSteps.filter((s) => s.caseId === r.theCase.id)),
    }),
    (r) => [new Date(r.lastActivity).toISOString(), r.theCase.id],
  )
}
