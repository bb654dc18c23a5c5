import { Alert, Button, FormFieldTextarea, Paragraph } from '@utrecht/component-library-react'
import type { CommitmentState, Member, OrganisationRef, UpdateMemberBody } from '@vp/shared'
import { COMMITMENT_STATES } from '@vp/shared/constants'
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react'
import { useUpdateMember } from '../../api/cases.ts'
import { ApiError } from '../../api/client.ts'
import { FormAlert, serverFieldError, useDescribeError } from '../../components/errors.tsx'
import { focusField, RadioGroupField } from '../../components/form.tsx'
import { useFocusAfter } from '../../components/use-focus-after.ts'
import { useT } from '../../components/use-t.ts'

const FIELDS = ['belang', 'roleText', 'commitment', 'commitmentNote'] as const
type SeatField = (typeof FIELDS)[number]
type SeatValues = Record<SeatField, string>

const valuesOf = (m: Member): SeatValues => ({
  belang: m.belang ?? '',
  roleText: m.roleText ?? '',
  commitment: m.commitment,
  commitmentNote: m.commitmentNote ?? '',
})

interface SeatFormProps {
  caseId: string
  organisation: OrganisationRef
  /** The seat to write through (its version goes in If-Match). */
  member: Member
  onDone: (message: string | null) => void
}

/**
 * An organisation's belang, role and commitment. Sends only what the user changed; on a 412 the
 * other person's values are shown and the user's text stays in the form, to save again.
 */
export function SeatForm({ caseId, organisation, member, onDone }: SeatFormProps) {
  const t = useT()
  const describeError = useDescribeError()
  const update = useUpdateMember(caseId)
  const [base, setBase] = useState(() => ({ version: member.version, values: valuesOf(member) }))
  const [values, setValues] = useState<SeatValues>(base.values)
  const [errors, setErrors] = useState<Partial<Record<SeatField, ReactNode>>>({})
  const [theirs, setTheirs] = useState<SeatValues | null>(null)
  const formRef = useRef<HTMLFormElement>(null)
  const conflictBox = useFocusAfter<HTMLDivElement>()
  const headingId = useId()
  const alertId = useId()

  const changed = FIELDS.filter((f) => values[f].trim() !== base.values[f].trim())
  const change = (field: SeatField, value: string) => {
    setValues((v) => ({ ...v, [field]: value }))
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }))
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (update.isPending) return
    if (values.commitment === 'declined' && !values.commitmentNote.trim()) {
      update.reset()
      setErrors({ commitmentNote: t('seat.noteRequired') })
      focusField(formRef.current, 'commitmentNote')
      return
    }
    if (changed.length === 0) {
      onDone(t('seat.unchanged'))
      return
    }
    const body: UpdateMemberBody = {}
    for (const f of changed) {
      const value = values[f].trim()
      if (f === 'commitment') body.commitment = value as CommitmentState
      else body[f] = value === '' ? null : value
    }
    update.mutate(
      { member: { id: member.id, version: base.version }, body },
      {
        onSuccess: () => onDone(t('seat.saved', { organisation: organisation.name })),
        onError: (err) => {
          const current = err instanceof ApiError ? err.current<Member>() : undefined
          if (current) {
            const now = valuesOf(current)
            // Keep what the user typed; take the other person's values where the user changed nothing.
            setValues(
              (v) => Object.fromEntries(FIELDS.map((f) => [f, changed.includes(f) ? v[f] : now[f]])) as SeatValues,
            )
            setTheirs(now)
            setBase({ version: current.version, values: now })
            update.reset()
            conflictBox.request()
            return
          }
          const found = Object.fromEntries(FIELDS.map((f) => [f, serverFieldError(err, f)]))
          setErrors(found)
          const first = FIELDS.find((f) => found[f])
          if (first) focusField(formRef.current, first)
        },
      },
    )
  }

  const formError = update.error ? describeError(update.error, FIELDS) : null
  const textarea = (field: 'belang' | 'roleText' | 'commitmentNote', rows: number) => (
    <FormFieldTextarea
      name={field}
      label={t(`seat.${field}`)}
      description={t(`seat.${field}.description`)}
      rows={rows}
      value={values[field]}
      onChange={(e) => change(field, (e.target as HTMLTextAreaElement).value)}
      invalid={Boolean(errors[field])}
      errorMessage={errors[field]}
    />
  )

  return (
    <form
      ref={formRef}
      className="vp-form vp-form--inline"
      noValidate
      onSubmit={submit}
      aria-labelledby={headingId}
      aria-describedby={formError ? alertId : undefined}
    >
      <p id={headingId} className="vp-form__title">
        {t('seat.formTitle', { organisation: organisation.name })}
      </p>
      {theirs && (
        <div ref={conflictBox.ref} tabIndex={-1} className="vp-conflict">
          <Alert type="warning" role="alert">
            <Paragraph>{t('conflict.seat')}</Paragraph>
            <dl className="vp-conflict__list">
              {FIELDS.map((f) => (
                <div key={f}>
                  <dt>{t(`seat.${f}`)}</dt>
                  <dd>
                    {f === 'commitment'
                      ? t(`commitment.${theirs.commitment as CommitmentState}`)
                      : theirs[f] || t('case.notFilledIn')}
                  </dd>
                </div>
              ))}
            </dl>
          </Alert>
        </div>
      )}
      {formError && <FormAlert id={alertId}>{formError}</FormAlert>}
      {textarea('belang', 2)}
      {textarea('roleText', 2)}
      <RadioGroupField
        name="commitment"
        legend={t('seat.commitment')}
        value={values.commitment}
        options={COMMITMENT_STATES.map((c) => ({ value: c, label: t(`commitment.${c}`) }))}
        onChange={(value) => change('commitment', value)}
        errorMessage={errors.commitment}
      />
      {textarea('commitmentNote', 2)}
      <div className="vp-form__actions">
        <Button type="submit" appearance="primary-action-button" busy={update.isPending}>
          {theirs ? t('conflict.saveAgain') : t('app.save')}
        </Button>
        <Button appearance="secondary-action-button" onClick={() => onDone(null)}>
          {t('app.cancel')}
        </Button>
      </div>
    </form>
  )
}
