import type { Case, Item, OrganisationRef } from '@vp/shared'
import { useMemo } from 'react'
import { useMembers } from '../../../api/cases.ts'
import { useStep } from '../../../api/steps.ts'
import { type ItemContext, isItem } from './fields.ts'

const byName = (a: OrganisationRef, b: OrganisationRef) => a.name.localeCompare(b.name, 'nl')

function uniqueOrganisations(orgs: OrganisationRef[]): OrganisationRef[] {
  const seen = new Map<string, OrganisationRef>()
  for (const o of orgs) seen.set(o.id, o)
  return [...seen.values()].sort(byName)
}

const ofKind = (items: unknown, kind: Item['kind']): Item[] =>
  ((items as Item[] | undefined) ?? []).filter((i) => isItem(i) && i.kind === kind)

/**
 * What a step's forms and cards refer to: the case's organisations and members, and the items of
 * other steps (signals and sub-problems of step 2, goals of step 4, actions of step 5). Loaded only
 * for the steps that are asked for; each refreshes live like the step itself.
 */
export function useItemContext(theCase: Case, needs: { step2?: boolean; step4?: boolean; step5?: boolean }) {
  const members = useMembers(theCase.id)
  const step2 = useStep(theCase.id, 2, Boolean(needs.step2))
  const step4 = useStep(theCase.id, 4, Boolean(needs.step4))
  const step5 = useStep(theCase.id, 5, Boolean(needs.step5))
  const memberList = members.data?.items ?? theCase.members
  const ctx = useMemo<ItemContext>(
    () => ({
      theCase,
      members: memberList,
      organisations: uniqueOrganisations(memberList.map((m) => m.organisation)),
      contributors: uniqueOrganisations(memberList.filter((m) => m.role !== 'waarnemer').map((m) => m.organisation)),
      signals: ofKind(step2.data?.items, 'signal'),
      subproblems: ofKind(step2.data?.items, 'subproblem'),
      goals: ofKind(step4.data?.items, 'goal'),
      actions: ofKind(step5.data?.items, 'action'),
    }),
    [theCase, memberList, step2.data, step4.data, step5.data],
  )
  const pending = [needs.step2 && step2, needs.step4 && step4, needs.step5 && step5].some((q) =>
    q ? q.isPending : false,
  )
  return { ctx, pending }
}
