import { isOverdue, type Step, type StepNumber } from '@vp/shared'
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm'
import type { Db, DbOrTx, Tx } from '../db/client.ts'
import { caseMembers, caseSteps, commitments, items, organisations, stepDone } from '../db/schema.ts'
import { inParallel, inTransaction } from '../db/tx.ts'
import { appendEvent, eventActor, lockCase } from '../events/append.ts'
import { badRequest, conflict, notFound, preconditionFailed } from '../http/errors.ts'
import type { Member } from '../policy/policy.ts'

type StepRow = typeof caseSteps.$inferSelect

/** Creates the six steps of a new case; step 1 (profiel) opens at once. */
export async function createSteps(tx: Tx, caseId: string, userId: string, at = new Date()) {
  await tx.insert(caseSteps).values(
    [1, 2, 3, 4, 5, 6].map((step) => ({
      caseId,
      step,
      status: step === 1 ? ('open' as const) : ('not_started' as const),
      openedAt: step === 1 ? at : null,
      openedByUserId: step === 1 ? userId : null,
      updatedAt: at,
    })),
  )
}

/** Organisations that contribute to a case (a seat other than waarnemer), by name. */
export async function contributingOrganisations(db: DbOrTx, caseId: string) {
  return db
    .selectDistinct({ id: organisations.id, name: organisations.name, type: organisations.type })
    .from(caseMembers)
    .innerJoin(organisations, eq(organisations.id, caseMembers.organisationId))
    .where(and(eq(caseMembers.caseId, caseId), isNull(caseMembers.removedAt), ne(caseMembers.role, 'waarnemer')))
    .orderBy(organisations.name)
}

/** The six steps with status, deadline, overdue and every contributing organisation's done mark. */
export async function listSteps(db: DbOrTx, caseId: string, now = new Date()): Promise<Step[]> {
  // Also read inside transactions (a 412 shows the step as it is now): one after the other there.
  const [rows, orgs, marks] = await inParallel(db, [
    () => db.select().from(caseSteps).where(eq(caseSteps.caseId, caseId)).orderBy(caseSteps.step),
    () => contributingOrganisations(db, caseId),
    () => db.select().from(stepDone).where(eq(stepDone.caseId, caseId)),
  ] as const)
  return rows.map((r) => presentStep(r, orgs, marks, now))
}

function presentStep(
  r: StepRow,
  orgs: { id: string; name: string; type: (typeof organisations.$inferSelect)['type'] }[],
  marks: (typeof stepDone.$inferSelect)[],
  now: Date,
): Step {
  const deadline = r.deadline?.toISOString() ?? null
  return {
    step: r.step,
    status: r.status,
    deadline,
    overdue: isOverdue({ status: r.status, deadline }, now),
    openedAt: r.openedAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
    version: r.version,
    done: orgs.map((o) => {
      const m = marks.find((x) => x.step === r.step && x.organisationId === o.id)
      return {
        organisation: o,
        done: m?.done ?? false,
        at: m?.done ? m.updatedAt.toISOString() : null,
        version: m?.version ?? 0,
      }
    }),
  }
}

export async function findStep(db: DbOrTx, caseId: string, step: number): Promise<StepRow> {
  const [row] = await db
    .select()
    .from(caseSteps)
    .where(and(eq(caseSteps.caseId, caseId), eq(caseSteps.step, step)))
  if (!row) throw notFound('Stap niet gevonden')
  return row
}

export interface StepChange {
  status?: 'open' | 'closed' | undefined
  deadline?: string | null | undefined
  reason?: string | undefined
  /** On reopening: keep the "bijdrage klaar" marks set before (default: clear them). */
  keepDone?: boolean | undefined
  /** The evaluation whose conclusion reopens the step (named, never quoted, in the event). */
  evaluationId?: string | undefined
}

/**
 * Opens, closes or reopens a step, or sets its deadline (projectleider, If-Match). Closing a step
 * opens the next one if it has not started and records who was not done; reopening needs a reason
 * and a deadline (a new one or null, so the old passed one never stays by accident) and clears the
 * done marks unless `keepDone`; anything else is a 409. A deadline in the past is accepted: the web
 * asks the projectleider to confirm it, an integrator may backdate (ADR 021).
 */
export async function changeStep(
  db: Db,
  actor: Member,
  caseId: string,
  step: StepNumber,
  version: number,
  change: StepChange,
) {
  await inTransaction(db, (tx) => applyStepChange(tx, actor, caseId, step, version, change))
}

export async function applyStepChange(
  tx: Tx,
  actor: Member,
  caseId: string,
  step: number,
  version: number | null,
  change: StepChange,
) {
  const theCase = await lockCase(tx, caseId)
  if (theCase.status === 'closed') throw conflict('Het dossier is gesloten; heropen het eerst')
  const current = await findStep(tx, caseId, step)
  if (version !== null && current.version !== version) {
    throw preconditionFailed((await listSteps(tx, caseId)).find((s) => s.step === step))
  }
  const who = eventActor(actor.user, actor.membership.organisationId)
  const now = new Date()
  const set: Partial<StepRow> = {}
  const events: { type: string; payload: Record<string, unknown> }[] = []

  if (change.status && change.status !== current.status) {
    if (change.status === 'open' && current.status === 'closed') {
      const missing = [
        ...(change.reason ? [] : [{ path: 'body.reason', message: 'Verplicht bij heropenen' }]),
        ...(change.deadline === undefined
          ? [{ path: 'body.deadline', message: 'Verplicht bij heropenen: een nieuwe deadline of null' }]
          : []),
      ]
      if (missing.length > 0) {
        throw badRequest('Geef een reden en een nieuwe deadline (of geen) om een gesloten stap te heropenen', missing)
      }
      const cleared = change.keepDone ? [] : await clearDoneMarks(tx, caseId, step, actor.user.id)
      Object.assign(set, {
        status: 'open',
        openedAt: now,
        openedByUserId: actor.user.id,
        closedAt: null,
        closedByUserId: null,
      })
      events.push({
        type: 'step.reopened',
        payload: {
          reason: change.reason,
          // The new deadline goes with the reopening (no separate deadline event).
          deadline: change.deadline ? new Date(change.deadline).toISOString() : null,
          previousDeadline: current.deadline?.toISOString() ?? null,
          keepDone: change.keepDone ?? false,
          clearedDone: cleared,
          ...(change.evaluationId ? { evaluationId: change.evaluationId } : {}),
        },
      })
    } else if (change.status === 'open') {
      Object.assign(set, { status: 'open', openedAt: now, openedByUserId: actor.user.id })
      events.push({ type: 'step.opened', payload: {} })
    } else if (current.status === 'open') {
      Object.assign(set, { status: 'closed', closedAt: now, closedByUserId: actor.user.id })
      events.push({ type: 'step.closed', payload: await notDoneAt(tx, caseId, step) })
    } else {
      throw conflict('Een stap die nog niet is begonnen, kan niet worden gesloten; open hem eerst')
    }
  }
  if (change.deadline !== undefined) {
    const next = change.deadline === null ? null : new Date(change.deadline)
    if (events.some((e) => e.type === 'step.reopened')) set.deadline = next
    else if ((next?.getTime() ?? null) !== (current.deadline?.getTime() ?? null)) {
      set.deadline = next
      events.push({
        type: 'step.deadline_set',
        payload: {
          deadline: next?.toISOString() ?? null,
          previous: current.deadline?.toISOString() ?? null,
          // A moved deadline keeps the reason sent with it; a reopening's reason stays with that event.
          ...(change.reason && !set.status ? { reason: change.reason } : {}),
        },
      })
    }
  }
  if (events.length === 0) return
  await tx
    .update(caseSteps)
    .set({ ...set, version: current.version + 1, updatedAt: now })
    .where(and(eq(caseSteps.caseId, caseId), eq(caseSteps.step, step)))
  for (const e of events) {
    await appendEvent(tx, {
      caseId,
      type: e.type,
      actor: who,
      entityType: 'step',
      entityId: null,
      step,
      payload: e.payload,
    })
  }
  // The tool pushes forward: closing a step opens the next one that has not started yet.
  if (set.status === 'closed' && step < 6) {
    const next = await findStep(tx, caseId, step + 1)
    if (next.status === 'not_started') {
      await tx
        .update(caseSteps)
        .set({
          status: 'open',
          openedAt: now,
          openedByUserId: actor.user.id,
          version: next.version + 1,
          updatedAt: now,
        })
        .where(and(eq(caseSteps.caseId, caseId), eq(caseSteps.step, step + 1)))
      await appendEvent(tx, {
        caseId,
        type: 'step.opened',
        actor: who,
        entityType: 'step',
        entityId: null,
        step: step + 1,
        payload: { after: step },
      })
    }
  }
}

/**
 * Who was not done when a step closed, as ids only (the reader names them at read time; an
 * action's title never enters a step event, which every member reads): contributing organisations
 * without a done mark, and the pending commitments on the step's actions (step 5).
 */
async function notDoneAt(tx: Tx, caseId: string, step: number) {
  const [orgs, marks, open] = await inParallel(tx, [
    () => contributingOrganisations(tx, caseId),
    () =>
      tx
        .select({ organisationId: stepDone.organisationId })
        .from(stepDone)
        .where(and(eq(stepDone.caseId, caseId), eq(stepDone.step, step), eq(stepDone.done, true))),
    () =>
      tx
        .select({ actionId: commitments.actionId, organisationId: commitments.organisationId })
        .from(commitments)
        .innerJoin(items, eq(items.id, commitments.actionId))
        .innerJoin(organisations, eq(organisations.id, commitments.organisationId))
        .where(
          and(
            eq(items.caseId, caseId),
            eq(items.step, step),
            eq(items.kind, 'action'),
            isNull(items.deletedAt),
            eq(commitments.status, 'pending'),
          ),
        )
        // By organisation, then action, as the activity reads them out.
        .orderBy(organisations.name, items.createdAt, items.id),
  ] as const)
  const done = new Set(marks.map((m) => m.organisationId))
  return { notDone: orgs.filter((o) => !done.has(o.id)).map((o) => o.id), openCommitments: open }
}

/**
 * Closes every open step of a case that is being closed, each with its own `step.closed` event
 * recording who was not done (`withCase: true`), and opens nothing after them: a closed case has no
 * open step, so nothing in it shows as overdue. Call inside the transaction that closes the case.
 */
export async function closeOpenSteps(tx: Tx, actor: Member, caseId: string) {
  const open = await tx
    .select()
    .from(caseSteps)
    .where(and(eq(caseSteps.caseId, caseId), eq(caseSteps.status, 'open')))
    .orderBy(caseSteps.step)
  const now = new Date()
  for (const row of open) {
    await tx
      .update(caseSteps)
      .set({ status: 'closed', closedAt: now, closedByUserId: actor.user.id, version: row.version + 1, updatedAt: now })
      .where(and(eq(caseSteps.caseId, caseId), eq(caseSteps.step, row.step)))
    await appendEvent(tx, {
      caseId,
      type: 'step.closed',
      actor: eventActor(actor.user, actor.membership.organisationId),
      entityType: 'step',
      entityId: null,
      step: row.step,
      payload: { ...(await notDoneAt(tx, caseId, row.step)), withCase: true },
    })
  }
}

/** Clears every "bijdrage klaar" mark of a step (a reopened step asks again); returns whose were cleared. */
async function clearDoneMarks(tx: Tx, caseId: string, step: number, byUserId: string): Promise<string[]> {
  const rows = await tx
    .update(stepDone)
    .set({ done: false, byUserId, version: sql`${stepDone.version} + 1`, updatedAt: new Date() })
    .where(and(eq(stepDone.caseId, caseId), eq(stepDone.step, step), eq(stepDone.done, true)))
    .returning({ organisationId: stepDone.organisationId })
  return rows.map((r) => r.organisationId).sort()
}

/**
 * Sets or clears the caller's organisation's "bijdrage klaar" mark for a step, on top of `version`,
 * the mark's version the client saw (If-Match; 0 for a mark never set): 412 with the step as it is
 * now when a colleague of the same organisation changed it first. Returns the mark's version after
 * the change; a mark that already says so stays as it is.
 */
export async function markDone(
  db: Db,
  actor: Member,
  caseId: string,
  step: number,
  version: number,
  done: boolean,
): Promise<number> {
  return inTransaction(db, async (tx) => {
    await lockCase(tx, caseId)
    const current = await findStep(tx, caseId, step)
    if (current.status === 'closed') throw conflict('Deze stap is gesloten')
    const organisationId = actor.membership.organisationId
    const byUserId = actor.user.id
    const mark = and(eq(stepDone.caseId, caseId), eq(stepDone.step, step), eq(stepDone.organisationId, organisationId))
    // The version check is the write's own condition, under the row lock: of two colleagues marking
    // from the same version exactly one succeeds. Version 0 means no mark yet, so the insert must not
    // meet one. Clearing a mark never set writes nothing.
    const [stored] =
      version === 0
        ? done
          ? await tx
              .insert(stepDone)
              .values({ caseId, step, organisationId, done, byUserId, version: 1 })
              .onConflictDoNothing()
              .returning({ version: stepDone.version })
          : []
        : await tx
            .update(stepDone)
            .set({ done, byUserId, version: sql`${stepDone.version} + 1`, updatedAt: new Date() })
            .where(and(mark, eq(stepDone.version, version), ne(stepDone.done, done)))
            .returning({ version: stepDone.version })
    if (!stored) {
      const [now] = await tx.select({ version: stepDone.version, done: stepDone.done }).from(stepDone).where(mark)
      if ((now?.version ?? 0) === version && (now?.done ?? false) === done) return version
      throw preconditionFailed((await listSteps(tx, caseId)).find((s) => s.step === step))
    }
    await appendEvent(tx, {
      caseId,
      type: done ? 'step.done_marked' : 'step.done_cleared',
      actor: eventActor(actor.user, organisationId),
      entityType: 'step',
      entityId: null,
      step,
      payload: { organisationId },
    })
    return stored.version
  })
}

/** Steps of many cases at once, for lists and the agenda (one query). */
export async function stepsOfCases(db: DbOrTx, caseIds: string[]) {
  if (caseIds.length === 0) return []
  return db.select().from(caseSteps).where(inArray(caseSteps.caseId, caseIds)).orderBy(caseSteps.caseId, caseSteps.step)
}
