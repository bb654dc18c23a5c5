import { Alert, Button, Heading3, Paragraph } from '@utrecht/component-library-react'
import type { Case } from '@vp/shared'
import { type ReactNode, useId, useState } from 'react'
import { useUpdateCase } from '../../api/cases.ts'
import { ApiError } from '../../api/client.ts'
import { ConfirmDialog } from '../../components/confirm-dialog.tsx'
import { useDates } from '../../components/dates.ts'
import { FormAlert, useDescribeError } from '../../components/errors.tsx'
import { showServerErrors } from '../../components/form-fields.tsx'
import { StatusRegion } from '../../components/status-region.tsx'
import { useFocusAfter } from '../../components/use-focus-after.ts'
import { useT } from '../../components/use-t.ts'
import { useZodForm } from '../../components/use-zod-form.ts'
import {
  PROFILE_FIELDS,
  type ProfileField,
  ProfileFields,
  ProfileFormSchema,
  type ProfileValues,
  profileOf,
} from './profile-fields.tsx'

/** Step 1, Profiel: area, context and aanleiding of the case; the projectleider changes them. */
export function ProfileSection({ theCase }: { theCase: Case }) {
  const t = useT()
  const [editing, setEditing] = useState(false)
  const [status, setStatus] = useState<string | null>(null)
  const editButton = useFocusAfter<HTMLButtonElement>()

  return (
    <section aria-labelledby="profiel" className="vp-section">
      <div className="vp-section__header">
        <Heading3 id="profiel">{t('case.profileDetails')}</Heading3>
        {theCase.abilities.update && !editing && (
          <Button
            ref={editButton.ref}
            appearance="secondary-action-button"
            onClick={() => {
              setStatus(null)
              setEditing(true)
            }}
          >
            {t('case.editProfile')}
          </Button>
        )}
      </div>
      <StatusRegion>{status}</StatusRegion>
      {editing ? (
        <ProfileForm
          theCase={theCase}
          onDone={(message) => {
            setEditing(false)
            setStatus(message)
            // The edit button comes back once the form is gone.
            editButton.request()
          }}
        />
      ) : (
        <ProfileView theCase={theCase} />
      )}
    </section>
  )
}

function ProfileView({ theCase }: { theCase: Case }) {
  const t = useT()
  const row = (label: string, value: string | null) => (
    <div className="vp-profile__item">
      <dt>{label}</dt>
      <dd className={value ? 'vp-profile__text' : 'vp-muted'}>{value || t('case.notFilledIn')}</dd>
    </div>
  )
  return (
    <dl className="vp-profile">
      {row(t('profile.area'), theCase.area)}
      {row(t('profile.context'), theCase.context)}
      {row(t('profile.aanleiding'), theCase.aanleiding)}
      {row(t('profile.bestuurder'), theCase.bestuurder)}
    </dl>
  )
}

interface Conflict {
  /** Fields the user changed that someone else changed too, with the other person's value. */
  fields: { field: ProfileField; current: string }[]
}

/**
 * Changes the profile on top of the version the user started from. On a 412 nothing typed is lost:
 * fields the user did not touch take the other person's values, and where both changed a field the
 * other value is shown next to the user's text, to compare and save again.
 */
function ProfileForm({ theCase, onDone }: { theCase: Case; onDone: (message: string | null) => void }) {
  const t = useT()
  const describeError = useDescribeError()
  const update = useUpdateCase(theCase.id)
  const [base, setBase] = useState<{ version: number; values: ProfileValues }>(() => ({
    version: theCase.version,
    values: profileOf(theCase),
  }))
  const form = useZodForm(ProfileFormSchema, base.values)
  const [conflict, setConflict] = useState<Conflict | null>(null)
  const conflictBox = useFocusAfter<HTMLDivElement>()
  const headingId = useId()
  const alertId = useId()

  const values = form.watch() as ProfileValues
  const changed = PROFILE_FIELDS.filter((f) => values[f].trim() !== base.values[f].trim())

  const handleStale = (current: Case) => {
    const theirs = profileOf(current)
    const mine = changed
    for (const f of PROFILE_FIELDS) if (!mine.includes(f)) form.setValue(f, theirs[f])
    setConflict({
      fields: mine
        .filter((f) => theirs[f].trim() !== base.values[f].trim() && theirs[f].trim() !== values[f].trim())
        .map((f) => ({ field: f, current: theirs[f] })),
    })
    setBase({ version: current.version, values: theirs })
    update.reset()
    conflictBox.request()
  }

  const submit = form.handleSubmit(
    (body) => {
      if (update.isPending) return
      if (changed.length === 0) {
        onDone(t('case.profileUnchanged'))
        return
      }
      update.mutate(
        // Only what the user changed: a field someone else changed meanwhile stays theirs.
        { version: base.version, body: Object.fromEntries(changed.map((f) => [f, body[f]])) },
        {
          onSuccess: () => onDone(t('case.profileSaved')),
          onError: (err) => {
            const current = err instanceof ApiError ? err.current<Case>() : undefined
            if (current) return handleStale(current)
            showServerErrors(form, err, PROFILE_FIELDS)
          },
        },
      )
    },
    () => update.reset(),
  )

  const formError = update.error ? describeError(update.error, PROFILE_FIELDS) : null

  return (
    <form
      className="vp-form"
      noValidate
      onSubmit={submit}
      aria-labelledby={headingId}
      aria-describedby={formError ? alertId : undefined}
    >
      <h4 id={headingId} className="utrecht-heading-4">
        {t('case.editProfile')}
      </h4>
      {conflict && (
        <div ref={conflictBox.ref} tabIndex={-1} className="vp-conflict">
          <Alert type="warning" role="alert">
            <Paragraph>{t('conflict.profile')}</Paragraph>
            {conflict.fields.length > 0 ? (
              <>
                <Paragraph>{t('conflict.compare')}</Paragraph>
                <dl className="vp-conflict__list">
                  {conflict.fields.map(({ field, current }) => (
                    <div key={field}>
                      <dt>{t(`profile.${field}`)}</dt>
                      <dd>{displayValue(t, field, current)}</dd>
                    </div>
                  ))}
                </dl>
              </>
            ) : (
              <Paragraph>{t('conflict.noOverlap')}</Paragraph>
            )}
          </Alert>
        </div>
      )}
      {formError && <FormAlert id={alertId}>{formError}</FormAlert>}
      <ProfileFields form={form} />
      <div className="vp-form__actions">
        <Button type="submit" appearance="primary-action-button" busy={update.isPending}>
          {conflict ? t('conflict.saveAgain') : t('app.save')}
        </Button>
        <Button appearance="secondary-action-button" onClick={() => onDone(null)}>
          {t('app.cancel')}
        </Button>
      </div>
    </form>
  )
}

function displayValue(t: ReturnType<typeof useT>, field: ProfileField, value: string): ReactNode {
  if (!value) return <span className="vp-muted">{t('case.notFilledIn')}</span>
  if (field === 'theme') return t(`theme.${value as Case['theme']}`)
  if (field === 'problemType') return t(`problemType.${value as Case['problemType']}`)
  return <span className="vp-profile__text">{value}</span>
}

/** Close or reopen the case (the projectleider); closing asks for confirmation first. */
export function CaseStatusSection({ theCase }: { theCase: Case }) {
  const t = useT()
  const dates = useDates()
  const describeError = useDescribeError()
  const update = useUpdateCase(theCase.id)
  const [confirming, setConfirming] = useState(false)
  const [status, setStatus] = useState<string | null>(null)
  const closed = theCase.status === 'closed'

  const change = () =>
    update.mutate(
      { version: theCase.version, body: { status: closed ? 'active' : 'closed' } },
      {
        onSuccess: () => {
          setConfirming(false)
          setStatus(closed ? t('case.reopened') : t('case.closed'))
        },
      },
    )

  return (
    <section aria-labelledby="status" className="vp-section">
      <Heading3 id="status">{t('case.statusTitle')}</Heading3>
      <Paragraph>
        {closed && theCase.closedAt
          ? t('case.closedSince', { date: dates.date(theCase.closedAt) })
          : t('case.activeExplanation')}
      </Paragraph>
      <StatusRegion>{status}</StatusRegion>
      {update.error && !confirming && <FormAlert>{describeError(update.error)}</FormAlert>}
      <div className="vp-form__actions">
        <Button
          appearance="secondary-action-button"
          onClick={() => {
            update.reset()
            setStatus(null)
            setConfirming(true)
          }}
        >
          {closed ? t('case.reopen') : t('case.close')}
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={closed ? t('case.reopenConfirm.title') : t('case.closeConfirm.title')}
        confirmLabel={closed ? t('case.reopen') : t('case.close')}
        busy={update.isPending}
        error={update.error ? describeError(update.error) : undefined}
        onConfirm={change}
        onCancel={() => setConfirming(false)}
      >
        <Paragraph>{closed ? t('case.reopenConfirm.body') : t('case.closeConfirm.body')}</Paragraph>
      </ConfirmDialog>
    </section>
  )
}
