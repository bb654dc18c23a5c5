import { and, eq } from 'drizzle-orm'
import type { Tx } from '../db/client.ts'
import { caseSteps, cases } from '../db/schema.ts'
import { conflict, notFound } from '../http/errors.ts'
import type { Member } from '../policy/policy.ts'

/**
 * The step's status, in one statement that also locks the case row until the commit: a close of
 * the case or step waits for this write. A closed case is a conflict.
 */
export async function lockOpenCaseStep(tx: Tx, caseId: string, step: number) {
  const [s] = await tx
    .select({ caseStatus: cases.status, status: caseSteps.status })
    .from(cases)
    .leftJoin(caseSteps, and(eq(caseSteps.caseId, cases.id), eq(caseSteps.step, step)))
    .where(eq(cases.id, caseId))
    .for('update', { of: cases })
  if (!s) throw notFound()
  if (s.caseStatus === 'closed') throw conflict('Het dossier is gesloten')
  if (!s.status) throw notFound('Stap niet gevonden')
  return s.status
}

/** Writes are possible while the case is active and the step open; the projectleider may prepare a step not yet started. */
export async function assertWritableStep(tx: Tx, actor: Member, caseId: string, step: number) {
  const status = await lockOpenCaseStep(tx, caseId, step)
  if (status === 'closed') throw conflict(`Stap ${step} is gesloten; de projectleider kan hem heropenen`)
  if (status === 'not_started' && actor.membership.role !== 'projectleider') {
    throw conflict(`Stap ${step} is nog niet geopend`)
  }
}
