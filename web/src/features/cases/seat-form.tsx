import { Alert, Button, Paragraph } from '@utrecht/component-library-react'
import {
  type CommitmentState,
  type Member,
  type OrganisationRef,
  type UpdateMemberBody,
  UpdateMemberBodySchema,
} from '@vp/shared'
import { COMMITMENT_STATES } from '@vp/shared/constants'
import { useId, useState } from 'react'
import { z } from 'zod'
import { useUpdateMember } from '../../api/cases.ts'
import { ApiError } from '../../api/client.ts'
import { FormAlert, useDescribeError } from '../../components/errors.tsx'
import {
  type FieldMessages,
  FormRadioGroupField,
  FormTextField,
  showServerErrors,
} from '../../components/form-fields.tsx'
import { useFocusAfter } from '../../components/use-focus-after.ts'
import { useT } from '../../components/use-t.ts'
import { useZodForm } from '../../components/use-zod-form.ts'

const FIELDS = ['belang', 'roleText', 'commitment', 'commitmentNote'] as const
type SeatValues = Record<(typeof FIELDS)[number], string> & { commitment: CommitmentState }

const valuesOf = (m: Member): SeatValues => ({
  belang: m.belang ?? '',
  roleText: m.roleText ?? '',
  commitment: m.commitment,
  commitmentNote: m.commitmentNote ?? '',
})

const shape = UpdateMemberBodySchema.shape
const optionalText = (schema: typeof shape.belang) =>
  z
    .string()
    .trim()
    .transform((v): string | null => (v === '' ? null : v))
    .pipe(schema.unwrap())

/** The seat on the shared UpdateMemberBodySchema; turning down the commitment needs a reason. */
const FormSchema = z
  .object({
    belang: optionalText(shape.belang),
    roleText: optionalText(shape.roleText),
    commitment: shape.commitment.unwrap(),
    commitmentNote: optionalText(shape.commitmentNote),
  })
  .refine((v) => v.commitment !== 'declined' || v.commitmentNote !== null, { path: ['commitmentNote'] })
const NOTE_MESSAGES: FieldMessages = { custom: 'seat.noteRequired' }

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
  const form = useZodForm(FormSchema, base.values)
  const [theirs, setTheirs] = useState<SeatValues | null>(null)
  const conflictBox = useFocusAfter<HTMLDivElement>()
  const headingId = useId()
  const alertId = useId()

  const values = form.watch() as SeatValues
  const changed = FIELDS.filter((f) => values[f].trim() !== base.values[f].trim())

  const submit = form.handleSubmit(
    (parsed) => {
      if (update.isPending) return
      if (changed.length === 0) {
        onDone(t('seat.unchanged'))
        return
      }
      const body: UpdateMemberBody = Object.fromEntries(changed.map((f) => [f, parsed[f]]))
      update.mutate(
        { member: { id: member.id, version: base.version }, body },
        {
          onSuccess: () => onDone(t('seat.saved', { organisation: organisation.name })),
          onError: (err) => {
            const current = err instanceof ApiError ? err.current<Member>() : undefined
            if (current) {
              const now = valuesOf(current)
              // Keep what the user typed; take the other person's values where the user changed nothing.
              for (const f of FIELDS) if (!changed.includes(f)) form.setValue(f, now[f])
              setTheirs(now)
              setBase({ version: current.version, values: now })
              update.reset()
              conflictBox.request()
              return
            }
            showServerErrors(form, err, FIELDS)
          },
        },
      )
    },
    () => update.reset(),
  )

  const formError = update.error ? describeError(update.error, FIELDS) : null
  const textarea = (field: 'belang' | 'roleText' | 'commitmentNote', rows: number) => (
    <FormTextField
      control={form.control}
      name={field}
      label={t(`seat.${field}`)}
      description={t(`seat.${field}.description`)}
      rows={rows}
      messages={field === 'commitmentNote' ? NOTE_MESSAGES : undefined}
    />
  )

  return (
    <form
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
      <FormRadioGroupField
        control={form.control}
        name="commitment"
        legend={t('seat.commitment')}
        options={COMMITMENT_STATES.map((c) => ({ value: c, label: t(`commitment.${c}`) }))}
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
