import { getTableName, type SQL, sql } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Tx } from '../db/client.ts'
import {
  caseMembers,
  caseOrganisations,
  caseSteps,
  cases,
  comments,
  commitments,
  documentAcknowledgements,
  documents,
  documentVersions,
  invitations,
  items,
  outbox,
  positions,
  ratings,
  stepDone,
} from '../db/schema.ts'

/**
 * The demo seed replays weeks of history through the commands in one go, and the commands stamp
 * rows with the real now (ADR 017). This is the one place that moves those stamps to the moment
 * the demo says the command happened. Events are not here: the log is append-only, so they are
 * dated as they are written (`appendingAt` in events/append.ts).
 *
 * A stamp is "fresh" when it is no older than `fresh`, a moment before the seed began: every
 * stamp of an earlier command has already been moved into the demo's past, which lies before it.
 */

/** Columns that record when something happened. Deadlines and other dates the data names are not here. */
const STAMPS: [table: PgTable, columns: PgColumn[]][] = [
  [cases, [cases.createdAt, cases.updatedAt, cases.closedAt]],
  [caseOrganisations, [caseOrganisations.createdAt, caseOrganisations.updatedAt]],
  [caseMembers, [caseMembers.createdAt, caseMembers.updatedAt]],
  [invitations, [invitations.createdAt, invitations.updatedAt, invitations.acceptedAt]],
  [outbox, [outbox.createdAt]],
  [caseSteps, [caseSteps.openedAt, caseSteps.closedAt, caseSteps.updatedAt]],
  [stepDone, [stepDone.updatedAt]],
  [items, [items.createdAt, items.updatedAt]],
  [ratings, [ratings.updatedAt]],
  [positions, [positions.updatedAt]],
  [commitments, [commitments.requestedAt, commitments.updatedAt]],
  [comments, [comments.createdAt]],
  [documents, [documents.createdAt, documents.updatedAt]],
  [documentVersions, [documentVersions.createdAt]],
  [documentAcknowledgements, [documentAcknowledgements.acknowledgedAt]],
]

/**
 * Moments a command computes from its now: an invitation expires a fixed time after it was made.
 * They keep their distance from the command's real now, counted from the moment it is moved to.
 */
const FOLLOWERS: [table: PgTable, column: PgColumn][] = [[invitations, invitations.expiresAt]]

const name = (c: PgColumn) => sql.identifier(c.name)

interface Window {
  /** The start of the commands' own time: a stamp from here on was made by the command just run. */
  fresh: Date
  /** The real moment the command began; a follower's distance from it is kept. */
  ranAt: Date
}

/** One UPDATE per table, as CTEs of a single statement: one round trip per command. */
function backdateStatement(at: Date, { fresh, ranAt }: Window): SQL {
  const when = sql`${at.toISOString()}::timestamptz`
  const since = sql`${fresh.toISOString()}::timestamptz`
  const began = sql`${ranAt.toISOString()}::timestamptz`
  const updates = STAMPS.map(([table, columns], i) => {
    const set = columns.map((c) => sql`${name(c)} = case when ${name(c)} >= ${since} then ${when} else ${name(c)} end`)
    for (const [t, follower] of FOLLOWERS) {
      if (t !== table) continue
      set.push(
        sql`${name(follower)} = case when ${name(columns[0]!)} >= ${since} then ${when} + (${name(follower)} - ${began}) else ${name(follower)} end`,
      )
    }
    const anyFresh = sql.join(
      columns.map((c) => sql`${name(c)} >= ${since}`),
      sql` or `,
    )
    return sql`${sql.identifier(`u${i}`)} as (update ${sql.identifier(getTableName(table))} set ${sql.join(set, sql`, `)} where ${anyFresh} returning 1)`
  })
  return sql`with ${sql.join(updates, sql`, `)} select 1`
}

/** Moves every fresh stamp to `at`, the moment the command that made it happened in the demo. */
export async function backdate(tx: Tx, at: Date, window: Window) {
  if (at.getTime() >= window.fresh.getTime()) {
    throw new Error(
      `demo moment ${at.toISOString()} is not before ${window.fresh.toISOString()}: it could not be told apart`,
    )
  }
  await tx.execute(backdateStatement(at, window))
}
