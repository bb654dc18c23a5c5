import type { OrganisationType } from '@vp/shared'

// The slugs of shared/src/enums.ts, repeated as data so the contract's runtime (zod) stays out of
// the bundle; tsc checks each one against the OrganisationType type.
export const ORGANISATION_TYPE_OPTIONS: readonly OrganisationType[] = [
  'gemeente',
  'politie',
  'om',
  'woningcorporatie',
  'ondernemers',
  'bewoners',
  'jeugdzorg',
  'welzijn',
  'zorg',
  'veiligheidshuis',
  'riec',
  'onderwijs',
  'brandweer',
  'overig',
]
