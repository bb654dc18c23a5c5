import type { Case, OrganisationRef } from '@vp/shared'
import { CheckboxGroupField, RadioGroupField } from '../../../components/form.tsx'
import { useT } from '../../../components/use-t.ts'
import { type AudienceMode, audienceFromForm, audienceToForm, driehoekOf } from '../steps/audience.ts'

/** Who may see a document, as the form holds it (the same three choices as for items). */
export interface AudienceValue {
  mode: AudienceMode
  organisations: string[]
}

/** The case's organisations, each once, by name. */
export function caseOrganisations(theCase: Case): OrganisationRef[] {
  const seen = new Map<string, OrganisationRef>()
  for (const m of theCase.members) seen.set(m.organisation.id, m.organisation)
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name, 'nl'))
}

export function audienceValueOf(theCase: Case, audience: string[] | null): AudienceValue {
  const form = audienceToForm(audience, caseOrganisations(theCase), theCase.me.organisation.id)
  return { mode: form.audience as AudienceMode, organisations: (form.audienceOrgs as string[]) ?? [] }
}

/** The audience as the API wants it: null for every member; my own organisation always included. */
export function audienceOf(theCase: Case, value: AudienceValue): string[] | null {
  return audienceFromForm(
    { audience: value.mode, audienceOrgs: value.organisations },
    caseOrganisations(theCase),
    theCase.me.organisation.id,
  )
}

interface AudienceChoiceProps {
  theCase: Case
  name: string
  value: AudienceValue
  onChange: (value: AudienceValue) => void
  errorMessage?: string
}

/** All members, the driehoek, or chosen organisations; the uploader's own organisation always sees it. */
export function AudienceChoice({ theCase, name, value, onChange, errorMessage }: AudienceChoiceProps) {
  const t = useT()
  const organisations = caseOrganisations(theCase)
  const mine = theCase.me.organisation.id
  const options = [
    { value: 'all', label: t('audience.all'), description: t('audience.all.description') },
    ...(driehoekOf(organisations).length > 0
      ? [{ value: 'driehoek', label: t('audience.driehoek'), description: t('documents.audience.driehoek') }]
      : []),
    { value: 'chosen', label: t('audience.chosen'), description: t('audience.chosen.description') },
  ]
  return (
    <div className="vp-audience">
      <RadioGroupField
        name={name}
        legend={t('documents.audience.legend')}
        value={value.mode}
        options={options}
        onChange={(mode) => onChange({ ...value, mode: mode as AudienceMode })}
      />
      {value.mode === 'chosen' && (
        <CheckboxGroupField
          name={`${name}Organisations`}
          legend={t('audience.organisations')}
          description={t('audience.organisations.description')}
          values={value.organisations}
          errorMessage={errorMessage}
          options={organisations.filter((o) => o.id !== mine).map((o) => ({ value: o.id, label: o.name }))}
          onChange={(organisations) => onChange({ ...value, organisations })}
        />
      )}
    </div>
  )
}
