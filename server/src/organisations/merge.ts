import { sql } from 'drizzle-orm'
import type { Tx } from '../db/client.ts'

/** Tables whose rows belong to an organisation by a plain column: the reference simply moves. */
const MOVED_COLUMNS: [table: string, column: string][] = [
  ['users', 'organisation_id'],
  ['case_members', 'organisation_id'],
  ['invitations', 'organisation_id'],
  ['items', 'author_organisation_id'],
  ['measures', 'owner_organisation_id'],
  ['actions', 'trekker_organisation_id'],
  ['actions', 'payer_organisation_id'],
  ['comments', 'author_organisation_id'],
]

/**
 * Tables with one row per organisation and key (the primary key names both). Where the target
 * already has a row for the same key, the target's row is kept and the proposal's dropped: the
 * confirmed organisation's own rating, position, commitment or "klaar" mark stands.
 */
const KEYED_TABLES: [table: string, keys: string[]][] = [
  ['case_organisations', ['case_id']],
  ['step_done', ['case_id', 'step']],
  ['action_participants', ['action_id']],
  ['ratings', ['item_id']],
  ['positions', ['item_id']],
  ['commitments', ['action_id']],
]

/**
 * Moves everything of organisation `from` to `into`, inside the caller's transaction: people,
 * seats, case organisations, invitations, items' author organisation, audiences, ratings,
 * positions, commitments, done marks and action participants. Events are append-only and keep
 * the old id; the `from` row stays (merged) so presenting an old event still finds its name.
 */
export async function moveOrganisationData(tx: Tx, from: string, into: string) {
  for (const [table, keys] of KEYED_TABLES) {
    const t = sql.identifier(table)
    // Key names are the constants above, never input.
    const same = sql.raw(keys.map((k) => `t.${k} = p.${k}`).join(' and '))
    await tx.execute(
      sql`delete from ${t} p where p.organisation_id = ${from}::uuid
        and exists (select 1 from ${t} t where t.organisation_id = ${into}::uuid and ${same})`,
    )
    await tx.execute(sql`update ${t} set organisation_id = ${into}::uuid where organisation_id = ${from}::uuid`)
  }
  for (const [table, column] of MOVED_COLUMNS) {
    const c = sql.identifier(column)
    await tx.execute(sql`update ${sql.identifier(table)} set ${c} = ${into}::uuid where ${c} = ${from}::uuid`)
  }
  // An audience names each organisation once: replace, then drop the duplicate if both were in it.
  await tx.execute(sql`
    update items set audience = (
      select array_agg(distinct a order by a) from unnest(array_replace(audience, ${from}::uuid, ${into}::uuid)) as a
    )
    where audience @> array[${from}::uuid]`)
}
