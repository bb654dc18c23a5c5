import type { Case, ItemKind } from '@vp/shared'

/** Kinds the projectleider writes for the group: the agreed problem statement and the evaluation. */
const LEAD_KINDS = new Set<ItemKind>(['problem_statement', 'evaluation'])

/**
 * Whether to offer "add" for a kind. The server decides (item.create, 403 otherwise); items carry
 * abilities but a step does not say who may add, so this mirrors the policy's rule: partners and
 * the projectleider contribute, waarnemers only read, and two kinds are the projectleider's.
 */
export function canCreate(theCase: Case, kind: ItemKind): boolean {
  if (theCase.me.role === 'waarnemer') return false
  return !LEAD_KINDS.has(kind) || theCase.me.role === 'projectleider'
}
