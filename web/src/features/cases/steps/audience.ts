import type { OrganisationRef } from '@vp/shared'
import { DRIEHOEK_TYPES } from '@vp/shared/constants'
import type { FormValues } from './fields.ts'

export type AudienceMode = 'all' | 'driehoek' | 'chosen'

/** The driehoek: gemeente, politie and OM, the usual circle for police information. */
export function driehoekOf(organisations: OrganisationRef[]): string[] {
  return organisations.filter((o) => (DRIEHOEK_TYPES as readonly string[]).includes(o.type)).map((o) => o.id)
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x))

/** The audience as the form shows it: everyone, the driehoek, or chosen organisations. */
export function audienceToForm(
  audience: string[] | null,
  organisations: OrganisationRef[],
  myOrganisationId: string,
): FormValues {
  if (audience === null) return { audience: 'all', audienceOrgs: [] }
  const driehoek = [...new Set([...driehoekOf(organisations), myOrganisationId])]
  if (sameSet(audience, driehoek)) return { audience: 'driehoek', audienceOrgs: [] }
  return { audience: 'chosen', audienceOrgs: audience.filter((id) => id !== myOrganisationId) }
}

/** The audience as the API wants it; the author's own organisation always sees its item. */
export function audienceFromForm(
  values: FormValues,
  organisations: OrganisationRef[],
  myOrganisationId: string,
): string[] | null {
  const mode = values.audience as AudienceMode | undefined
  if (!mode || mode === 'all') return null
  const chosen = mode === 'driehoek' ? driehoekOf(organisations) : ((values.audienceOrgs as string[]) ?? [])
  const ids = organisations.map((o) => o.id)
  return [...new Set([myOrganisationId, ...chosen])].filter((id) => ids.includes(id) || id === myOrganisationId)
}

/** How an audience reads: "driehoek", or the names of the organisations. */
export function describeAudience(audience: string[], organisations: OrganisationRef[]) {
  const driehoek = driehoekOf(organisations)
  const names = audience.map((id) => organisations.find((o) => o.id === id)?.name).filter((n): n is string => !!n)
  return { isDriehoek: driehoek.length > 0 && sameSet(audience, driehoek), names }
}
