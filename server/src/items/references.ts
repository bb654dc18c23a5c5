import type { FieldsOf, ItemKind } from '@vp/shared'
import { and, eq, inArray, isNull } from 'drizzle-orm'
import type { Tx } from '../db/client.ts'
import { caseMembers, caseOrganisations } from '../db/schema.ts'
import { badRequest } from '../http/errors.ts'
import { can, type Member } from '../policy/policy.ts'
import { type LoadedItem, loadItemFacts } from './load.ts'

/** Some fields of some kind: a whole create body, or the changes of an update. */
export type FieldsInput = Partial<FieldsOf<ItemKind>>

/**
 * The audience as stored: null (every member) or the named organisations plus, always, the
 * author's organisation and the writer's own — nobody restricts an item away from the
 * organisation that wrote it, or out of their own sight.
 */
export function withWriters(audience: string[] | null, ...writers: string[]): string[] | null {
  return audience === null ? null : [...new Set([...audience, ...writers])]
}

/** Organisations that take part in the case: owners, trekkers, payers and audiences must be among them. */
async function assertCaseOrganisations(
  tx: Tx,
  caseId: string,
  refs: { path: string; ids: (string | null | undefined)[] }[],
) {
  const wanted = [...new Set(refs.flatMap((r) => r.ids).filter((x): x is string => !!x))]
  if (wanted.length === 0) return
  const found = await tx
    .select({ id: caseOrganisations.organisationId })
    .from(caseOrganisations)
    .where(and(eq(caseOrganisations.caseId, caseId), inArray(caseOrganisations.organisationId, wanted)))
  const ok = new Set(found.map((f) => f.id))
  const fields = refs.flatMap((r) =>
    r.ids.some((id) => id && !ok.has(id)) ? [{ path: r.path, message: 'Geen organisatie van dit dossier' }] : [],
  )
  if (fields.length) throw badRequest('Kies organisaties uit de projectgroep', fields)
}

/**
 * Referenced items must be live items of the expected kind in this case that the caller may read:
 * a reference to an item outside the caller's audience gets the same 400 as one to an item that
 * does not exist, so nobody writes into (or learns of) what they cannot see. References the item
 * already had stay allowed: an author keeps a link someone inside a narrower audience made.
 */
async function assertItemRefs(
  tx: Tx,
  actor: Member,
  caseId: string,
  refs: { path: string; kind: ItemKind; ids: string[] }[],
  kept: ReadonlySet<string>,
) {
  const wanted = [...new Set(refs.flatMap((r) => r.ids))]
  if (wanted.length === 0) return
  const found = await loadItemFacts(tx, caseId, wanted, { liveOnly: true })
  const usable = new Map(found.filter((f) => kept.has(f.id) || can(actor, 'item.read', f)).map((f) => [f.id, f.kind]))
  const fields = refs.flatMap((r) =>
    r.ids.some((id) => usable.get(id) !== r.kind)
      ? [{ path: r.path, message: `Verwijst niet naar een ${r.kind} van dit dossier` }]
      : [],
  )
  if (fields.length) throw badRequest('Ongeldige verwijzing', fields)
}

/** The item ids an item refers to now (links, its action or its goal): kept on an update without a new check. */
function currentRefs(item: LoadedItem | undefined): Set<string> {
  if (!item) return new Set()
  const f = item.fields
  const ids: string[] = []
  if ('signalIds' in f) ids.push(...f.signalIds)
  if ('subproblemIds' in f) ids.push(...f.subproblemIds)
  if ('goalIds' in f) ids.push(...f.goalIds)
  if ('actionId' in f) ids.push(f.actionId)
  if ('goalId' in f) ids.push(f.goalId)
  return new Set(ids)
}

/** An action's trekker person, when named, is a member of the case for the trekker organisation. */
export async function assertTrekkerPerson(
  tx: Tx,
  caseId: string,
  userId: string | null | undefined,
  organisationId: string,
) {
  if (!userId) return
  const [m] = await tx
    .select({ id: caseMembers.id })
    .from(caseMembers)
    .where(
      and(
        eq(caseMembers.caseId, caseId),
        eq(caseMembers.userId, userId),
        eq(caseMembers.organisationId, organisationId),
        isNull(caseMembers.removedAt),
      ),
    )
  if (!m)
    throw badRequest('De trekker moet lid zijn van het dossier namens de trekkende organisatie', [
      { path: 'body.trekkerUserId', message: 'Geen lid van die organisatie' },
    ])
}

/**
 * Every organisation and item the fields name belongs to this case (and, for items, is of the
 * right kind and readable by the caller): one 400 naming every field that does not.
 */
export async function validateReferences(
  tx: Tx,
  actor: Member,
  caseId: string,
  f: FieldsInput,
  audience: string[] | null | undefined,
  current?: LoadedItem,
) {
  const orgRefs: { path: string; ids: (string | null | undefined)[] }[] = []
  if (audience) orgRefs.push({ path: 'body.audience', ids: audience })
  const itemRefs: { path: string; kind: ItemKind; ids: string[] }[] = []
  if ('signalIds' in f && f.signalIds) itemRefs.push({ path: 'body.signalIds', kind: 'signal', ids: f.signalIds })
  if ('subproblemIds' in f && f.subproblemIds)
    itemRefs.push({ path: 'body.subproblemIds', kind: 'subproblem', ids: f.subproblemIds })
  if ('goalIds' in f && f.goalIds) itemRefs.push({ path: 'body.goalIds', kind: 'goal', ids: f.goalIds })
  if ('actionId' in f && f.actionId) itemRefs.push({ path: 'body.actionId', kind: 'action', ids: [f.actionId] })
  if ('goalId' in f && f.goalId) itemRefs.push({ path: 'body.goalId', kind: 'goal', ids: [f.goalId] })
  if ('ownerOrganisationId' in f && f.ownerOrganisationId)
    orgRefs.push({ path: 'body.ownerOrganisationId', ids: [f.ownerOrganisationId] })
  if ('trekkerOrganisationId' in f && f.trekkerOrganisationId)
    orgRefs.push({ path: 'body.trekkerOrganisationId', ids: [f.trekkerOrganisationId] })
  if ('payerOrganisationId' in f && f.payerOrganisationId)
    orgRefs.push({ path: 'body.payerOrganisationId', ids: [f.payerOrganisationId] })
  if ('participants' in f && f.participants)
    orgRefs.push({ path: 'body.participants', ids: f.participants.map((p) => p.organisationId) })
  await assertCaseOrganisations(tx, caseId, orgRefs)
  await assertItemRefs(tx, actor, caseId, itemRefs, currentRefs(current))
}
