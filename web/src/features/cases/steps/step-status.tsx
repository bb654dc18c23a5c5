import { Button, Checkbox, FormLabel, Paragraph, StatusBadge } from '@utrecht/component-library-react'
import { type Case, type Item, type Step, UpdateStepBodySchema } from '@vp/shared'
import {
  type DeadlineUnit,
  dutchMoment,
  dutchParts,
  endOfDutchDay,
  formatDateInput,
  parseDateInput,
  parseTimeInput,
  proposedDeadlines,
} from '@vp/shared/constants'
import { useEffect, useId, useState } from 'react'
import { type Control, type FieldPath, type FieldValues, useWatch } from 'react-hook-form'
import { useIntl } from 'react-intl'
import { z } from 'zod'
import { ApiError } from '../../../api/client.ts'
import { type StepChange, type StepDetail, useMarkDone, useSteps, useUpdateStep } from '../../../api/steps.ts'
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx'
import { FormDateField, FormDateTimeField } from '../../../components/date-field.tsx'
import { inputLanguage, useDates } from '../../../components/dates.ts'
import { Dialog } from '../../../components/dialog.tsx'
import { FormAlert, useDescribeError } from '../../../components/errors.tsx'
import {
  type FieldMessages,
  FormCheckboxField,
  FormRadioGroupField,
  FormTextField,
  showServerErrors,
} from '../../../components/form-fields.tsx'
import { Notice } from '../../../components/notice.tsx'
import { StatusRegion } from '../../../components/status-region.tsx'
import { useT } from '../../../components/use-t.ts'
import { useZodForm } from '../../../components/use-zod-form.ts'
import { STEP_STATUS_BADGE } from '../status-badges.ts'
import { countdown } from './countdown.ts'
import './step-status.css'

/** The deadline fields as the form holds them: the date as typed, the time (acuut), the confirmation of a past one. */
interface DeadlineValues {
  date: string
  time: string
  confirmPast: boolean
}

/** The moment the typed date (and time) stand for, or null when they are no date: a date alone means the end of that Dutch day. */
function typedMoment(values: Pick<DeadlineValues, 'date' | 'time'>, acuut: boolean): string | null {
  const day = parseDateInput(values.date ?? '')
  if (!day) return null
  if (!acuut) return endOfDutchDay(day)
  const time = parseTimeInput(values.time ?? '')
  return time ? dutchMoment(day, time) : null
}

/** A deadline as the fields show it: 29-06-2027 (29/06/2027 in English) and, for acuut, 17:00 — in Dutch time. */
function deadlineFields(iso: string | null, language: 'nl' | 'en'): Pick<DeadlineValues, 'date' | 'time'> {
  if (!iso) return { date: '', time: '' }
  const { day, time } = dutchParts(iso)
  return { date: formatDateInput(day, language), time }
}

/**
 * Checks the deadline fields and adds their issues: an empty or impossible date, a missing time
 * (acuut), and a moment in the past that was not explicitly confirmed. Returns the moment (ISO).
 */
function checkDeadline(values: DeadlineValues, acuut: boolean, check: z.RefinementCtx): string {
  const day = parseDateInput(values.date)
  if (!day) {
    check.addIssue({ code: 'custom', path: ['date'], message: values.date.trim() ? 'invalid' : 'required' })
  }
  if (acuut && !parseTimeInput(values.time)) check.addIssue({ code: 'custom', path: ['time'], message: 'invalid' })
  const moment = typedMoment(values, acuut)
  if (moment && Date.parse(moment) < Date.now() && !values.confirmPast) {
    check.addIssue({ code: 'custom', path: ['confirmPast'], message: 'confirm' })
  }
  return moment ?? ''
}

const deadlineShape = { date: z.string(), time: z.string(), confirmPast: z.boolean() }
const deadlineSchema = (acuut: boolean) =>
  z.object(deadlineShape).transform((values, check) => ({ deadline: checkDeadline(values, acuut, check) }))

const DATE_MESSAGES: FieldMessages = { required: 'stepPanel.deadlineRequired' }
const CONFIRM_MESSAGES: FieldMessages = { invalid: 'stepPanel.confirmPastRequired' }
const REASON_MESSAGES: FieldMessages = { required: 'stepPanel.reasonRequired', invalid: 'stepPanel.reasonRequired' }

/** Reopening a closed step: a reason (the shared schema's check), a new deadline or none, and what happens to the done marks. */
const reopenSchema = (acuut: boolean) =>
  z
    .object({
      reason: z.string(),
      deadlineMode: z.enum(['new', 'none']),
      keepDone: z.enum(['clear', 'keep']),
      ...deadlineShape,
    })
    .transform((values, check) => {
      const reason = UpdateStepBodySchema.shape.reason.unwrap().safeParse(values.reason)
      if (!reason.success) check.addIssue({ code: 'custom', path: ['reason'], message: 'required' })
      const deadline = values.deadlineMode === 'new' ? checkDeadline(values, acuut, check) : null
      return { reason: reason.data ?? '', deadline, keepDone: values.keepDone === 'keep' }
    })

/** A proposed deadline for one step and what it follows ("2 weken na de deadline van stap 1"). */
interface Proposal {
  step: number
  deadline: string
  amount: number
  unit: DeadlineUnit
  /** The step whose deadline it follows; null when it counts from now. */
  afterStep: number | null
}

/**
 * Proposed deadlines (shared rule `proposedDeadlines`) for every step that is not closed and has no
 * deadline, one after the other: each counts from the deadline before it (when that is still to
 * come) or from now.
 */
export function proposeDeadlines(theCase: Case, steps: Step[], now = new Date()): Proposal[] {
  const out: Proposal[] = []
  let from = now
  let afterStep: number | null = null
  for (const s of [...steps].sort((a, b) => a.step - b.step)) {
    if (s.status === 'closed') continue
    if (s.deadline) {
      if (Date.parse(s.deadline) > from.getTime()) {
        from = new Date(s.deadline)
        afterStep = s.step
      }
      continue
    }
    const [p] = proposedDeadlines(theCase.problemType, from, s.step)
    if (!p) continue
    out.push({ ...p, afterStep })
    from = new Date(p.deadline)
    afterStep = s.step
  }
  return out
}

/** "Voorstel: 14 juni 2027 (standaard: 2 weken na de deadline van stap 1)". */
function useProposalText() {
  const t = useT()
  const dates = useDates()
  return (theCase: Case, p: Proposal) => {
    const amount = t(`stepPanel.unit.${p.unit}`, { n: p.amount })
    return {
      date: dates.deadline(p.deadline, theCase.problemType === 'acuut'),
      after:
        p.afterStep === null
          ? t('stepPanel.proposal.fromNow', { amount })
          : t('stepPanel.proposal.afterStep', { amount, step: p.afterStep }),
    }
  }
}

/** The date (and, acuut, time) fields of a deadline, the warning for one in the past and its confirmation. */
function DeadlineFields<V extends DeadlineValues, O extends FieldValues>({
  control,
  acuut,
  label,
  description,
}: {
  control: Control<V, unknown, O>
  acuut: boolean
  label: string
  description?: string
}) {
  const t = useT()
  // The fields every deadline form has (DeadlineValues), by name.
  const [dateName, timeName, confirmName] = ['date', 'time', 'confirmPast'] as FieldPath<V>[] as [
    FieldPath<V>,
    FieldPath<V>,
    FieldPath<V>,
  ]
  const [date, time] = useWatch({ control, name: [dateName, timeName] }) as [string, string]
  const moment = typedMoment({ date, time }, acuut)
  const past = moment !== null && Date.parse(moment) < Date.now()
  return (
    <>
      {acuut ? (
        <FormDateTimeField
          control={control}
          dateName={dateName}
          timeName={timeName}
          legend={label}
          description={description}
          messages={{ date: DATE_MESSAGES }}
        />
      ) : (
        <FormDateField
          control={control}
          name={dateName}
          label={label}
          description={description}
          messages={DATE_MESSAGES}
        />
      )}
      {past && (
        <div className="vp-past-deadline">
          <Notice type="warning">{t('stepPanel.pastDeadline')}</Notice>
          <FormCheckboxField
            control={control}
            name={confirmName}
            label={t('stepPanel.confirmPast')}
            messages={CONFIRM_MESSAGES}
          />
        </div>
      )}
    </>
  )
}

/**
 * For the projectleider of an acuut case: the time left until an open step's deadline, or how long
 * it has passed, updated every minute. A timer region: screen readers do not announce each change.
 */
function DeadlineCountdown({ deadline }: { deadline: string }) {
  const t = useT()
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(timer)
  }, [])
  const left = countdown(deadline, now)
  return (
    <span role="timer" className={`vp-countdown${left.over ? ' vp-countdown--over' : ''}`}>
      {' '}
      {t(left.over ? 'stepPanel.countdown.over' : 'stepPanel.countdown.left', {
        hours: left.hours,
        minutes: left.minutes,
      })}
    </span>
  )
}

/**
 * A step's status, deadline and who is done; my organisation's "bijdrage klaar"; and for the
 * projectleider: open, close, reopen (with a reason) and the deadline.
 */
export function StepStatusPanel({ theCase, step }: { theCase: Case; step: StepDetail }) {
  const t = useT()
  const dates = useDates()
  const describeError = useDescribeError()
  const markDone = useMarkDone(theCase.id)
  const headingId = useId()
  const [status, setStatus] = useState<string | null>(null)
  const [optimistic, setOptimistic] = useState<boolean | null>(null)
  const acuut = theCase.problemType === 'acuut'
  const active = theCase.status === 'active'
  // Contributing organisations each mark their own part done; a waarnemer only reads (the step has no abilities).
  const mine =
    theCase.me.role === 'waarnemer'
      ? undefined
      : step.done.find((d) => d.organisation.id === theCase.me.organisation.id)
  const doneCount = step.done.filter((d) => d.done).length
  // After a 412: my organisation's mark as a colleague left it (the step on screen already shows it).
  const theirs =
    markDone.error instanceof ApiError
      ? markDone.error.current<Step>()?.done.find((d) => d.organisation.id === theCase.me.organisation.id)
      : undefined
  // The server decides (step.change); the projectleider's case rights stand in for it (the step has no abilities).
  const isLead = theCase.abilities.update

  return (
    <section aria-labelledby={headingId} className="vp-card vp-step-status">
      <h3 id={headingId} className="utrecht-heading-3">
        {t('stepPanel.title')}
      </h3>
      <p className="vp-badges">
        <StatusBadge status={STEP_STATUS_BADGE[step.status]}>{t(`stepStatus.${step.status}`)}</StatusBadge>
        {step.overdue && <StatusBadge status="danger">{t('stepStatus.overdue')}</StatusBadge>}
      </p>
      <dl className="vp-facts">
        <div>
          <dt>{t('stepPanel.deadline')}</dt>
          <dd>
            {step.deadline ? dates.deadline(step.deadline, acuut) : t('stepPanel.noDeadline')}
            {acuut && isLead && step.status === 'open' && step.deadline && (
              <DeadlineCountdown deadline={step.deadline} />
            )}
          </dd>
        </div>
        {step.openedAt && (
          <div>
            <dt>{t('stepPanel.openedAt')}</dt>
            <dd>{dates.date(step.openedAt)}</dd>
          </div>
        )}
        {step.closedAt && step.status === 'closed' && (
          <div>
            <dt>{t('stepPanel.closedAt')}</dt>
            <dd>{dates.date(step.closedAt)}</dd>
          </div>
        )}
        <div>
          <dt>{t('stepPanel.done')}</dt>
          <dd>{t('stepPanel.doneCount', { done: doneCount, total: step.done.length })}</dd>
        </div>
      </dl>
      <ul className="vp-done-list" aria-label={t('stepPanel.doneList')}>
        {step.done.map((d) => (
          <li key={d.organisation.id} className={d.done ? 'vp-done-list__done' : 'vp-done-list__open'}>
            <span aria-hidden="true" className="vp-done-list__mark">
              {d.done ? '✓' : '○'}
            </span>{' '}
            {d.organisation.name}
            <span className="vp-visually-hidden">
              {': '}
              {d.done ? t('stepPanel.isDone') : t('stepPanel.notDone')}
            </span>
          </li>
        ))}
      </ul>
      <StatusRegion>{status}</StatusRegion>
      {mine && active && step.status !== 'closed' && (
        <div className="vp-done-toggle">
          <span className="vp-done-toggle__field">
            <Checkbox
              id={`${headingId}-done`}
              // Shows the choice at once; the server's answer (and every live refresh) confirms it.
              checked={optimistic ?? mine.done}
              aria-busy={markDone.isPending || undefined}
              onChange={(event) => {
                if (markDone.isPending) return
                const done = event.target.checked
                setStatus(null)
                setOptimistic(done)
                markDone.mutate(
                  // On top of my organisation's mark as shown: a colleague's change meanwhile is a 412.
                  { step: step.step, version: mine.version, done },
                  {
                    onSettled: () => setOptimistic(null),
                    onSuccess: () =>
                      setStatus(
                        t(done ? 'stepPanel.doneSaved' : 'stepPanel.undoneSaved', {
                          organisation: mine.organisation.name,
                        }),
                      ),
                  },
                )
              }}
            />
            <FormLabel htmlFor={`${headingId}-done`} type="checkbox">
              {t('stepPanel.myDone', { organisation: mine.organisation.name })}
            </FormLabel>
          </span>
          <Paragraph className="vp-muted vp-done-toggle__hint">{t('stepPanel.myDone.description')}</Paragraph>
          {markDone.error && (
            <FormAlert>
              {theirs
                ? t('stepPanel.doneStale', {
                    organisation: mine.organisation.name,
                    done: theirs.done ? 'true' : 'false',
                  })
                : describeError(markDone.error)}
            </FormAlert>
          )}
        </div>
      )}
      {isLead && active && <LeadControls theCase={theCase} step={step} onStatus={setStatus} />}
    </section>
  )
}

function LeadControls({
  theCase,
  step,
  onStatus,
}: {
  theCase: Case
  step: StepDetail
  onStatus: (message: string | null) => void
}) {
  const t = useT()
  const { locale } = useIntl()
  const language = inputLanguage(locale)
  const describeError = useDescribeError()
  const dates = useDates()
  const update = useUpdateStep(theCase.id)
  const steps = useSteps(theCase.id)
  const proposalText = useProposalText()
  const acuut = theCase.problemType === 'acuut'
  const [dialog, setDialog] = useState<'close' | 'reopen' | 'proposeAll' | null>(null)
  const deadlineForm = useZodForm(deadlineSchema(acuut), {
    ...deadlineFields(step.deadline, language),
    confirmPast: false,
  })
  // A deadline set elsewhere (all proposed at once, a colleague, a live update) shows in the form.
  const resetDeadline = deadlineForm.reset
  useEffect(() => {
    resetDeadline({ ...deadlineFields(step.deadline, language), confirmPast: false })
  }, [resetDeadline, step.deadline, language])
  const reopenDefaults = () => {
    const [p] = proposedDeadlines(theCase.problemType, new Date(), step.step)
    return {
      reason: '',
      deadlineMode: 'new' as const,
      keepDone: 'clear' as const,
      ...deadlineFields(p?.deadline ?? null, language),
      confirmPast: false,
    }
  }
  const reopenForm = useZodForm(reopenSchema(acuut), reopenDefaults())
  const deadlineMode = useWatch({ control: reopenForm.control, name: 'deadlineMode' })
  const typeName = t(`problemType.${theCase.problemType}`)

  const allProposals = steps.data ? proposeDeadlines(theCase, steps.data.items) : []
  const proposal =
    step.status !== 'closed' && !step.deadline ? allProposals.find((p) => p.step === step.step) : undefined
  const doneBefore = step.done.filter((d) => d.done)
  const notDone = step.done.filter((d) => !d.done)
  const openCommitments = step.items
    .filter((i): i is Item => i.kind === 'action' && !i.restricted)
    .flatMap((action) =>
      action.commitments
        .filter((c) => c.status === 'pending')
        .map((c) => ({
          key: `${action.id}-${c.organisationId}`,
          action: action.title,
          organisation:
            theCase.members.find((m) => m.organisation.id === c.organisationId)?.organisation.name ??
            step.done.find((d) => d.organisation.id === c.organisationId)?.organisation.name ??
            '',
        })),
    )

  const change = (body: StepChange, done: string, onFieldErrors?: (err: unknown) => void) => {
    onStatus(null)
    update.mutate(
      { step: step.step, version: step.version, body },
      {
        onSuccess: () => {
          setDialog(null)
          onStatus(done)
        },
        onError: (err) => onFieldErrors?.(err),
      },
    )
  }

  const saveDeadline = deadlineForm.handleSubmit(({ deadline }) =>
    change({ deadline }, t('stepPanel.deadlineSaved', { n: step.step }), (err) =>
      showServerErrors(deadlineForm, err, ['date'], serverField),
    ),
  )
  const reopen = reopenForm.handleSubmit(({ reason, deadline, keepDone }) =>
    change({ status: 'open', reason, deadline, keepDone }, t('stepPanel.reopened', { n: step.step }), (err) =>
      showServerErrors(reopenForm, err, ['reason', 'date'], serverField),
    ),
  )
  const proposeAll = async () => {
    onStatus(null)
    const current = steps.data?.items ?? []
    let count = 0
    try {
      for (const p of allProposals) {
        const version = current.find((s) => s.step === p.step)?.version ?? 0
        await update.mutateAsync({ step: p.step, version, body: { deadline: p.deadline } })
        count += 1
      }
      setDialog(null)
      onStatus(t('stepPanel.proposeAll.saved', { count }))
    } catch {
      // The error shows in the dialog; the deadlines set so far stay.
    }
  }

  const stale = update.error instanceof ApiError && update.error.status === 412
  const error = update.error ? (stale ? t('error.stale') : describeError(update.error, ['reason', 'deadline'])) : null

  return (
    <div className="vp-lead-controls">
      <h4 className="utrecht-heading-4">{t('stepPanel.leadTitle')}</h4>
      {error && !dialog && <FormAlert>{error}</FormAlert>}
      <div className="vp-form__actions">
        {step.status === 'not_started' && (
          <Button
            appearance="primary-action-button"
            busy={update.isPending}
            onClick={() => change({ status: 'open' }, t('stepPanel.opened', { n: step.step }))}
          >
            {t('stepPanel.open')}
          </Button>
        )}
        {step.status === 'open' && (
          <Button
            appearance="primary-action-button"
            onClick={() => {
              update.reset()
              setDialog('close')
            }}
          >
            {t('stepPanel.close')}
          </Button>
        )}
        {step.status === 'closed' && (
          <Button
            appearance="secondary-action-button"
            onClick={() => {
              update.reset()
              reopenForm.reset(reopenDefaults())
              setDialog('reopen')
            }}
          >
            {t('stepPanel.reopen')}
          </Button>
        )}
        {allProposals.length > 0 && (
          <Button
            appearance="secondary-action-button"
            onClick={() => {
              update.reset()
              setDialog('proposeAll')
            }}
          >
            {t('stepPanel.proposeAll')}
          </Button>
        )}
      </div>
      {step.status !== 'closed' && (
        <form className="vp-deadline-form" noValidate onSubmit={saveDeadline}>
          <DeadlineFields
            control={deadlineForm.control}
            acuut={acuut}
            label={acuut ? t('stepPanel.deadlineDateTime') : t('stepPanel.deadlineDate')}
            description={acuut ? t('stepPanel.deadline.acuut') : t('stepPanel.deadline.description')}
          />
          {proposal && (
            <div className="vp-deadline-proposal">
              <Paragraph>{t('stepPanel.proposal', { ...proposalText(theCase, proposal), type: typeName })}</Paragraph>
              <Button
                appearance="subtle-button"
                onClick={() =>
                  deadlineForm.reset({ ...deadlineFields(proposal.deadline, language), confirmPast: false })
                }
              >
                {t('stepPanel.proposal.use')}
              </Button>
            </div>
          )}
          <div className="vp-form__actions">
            <Button type="submit" appearance="secondary-action-button" busy={update.isPending}>
              {t('stepPanel.saveDeadline')}
            </Button>
            {step.deadline && (
              <Button
                appearance="subtle-button"
                onClick={() => {
                  deadlineForm.reset({ date: '', time: '', confirmPast: false })
                  change({ deadline: null }, t('stepPanel.deadlineCleared', { n: step.step }))
                }}
              >
                {t('stepPanel.clearDeadline')}
              </Button>
            )}
          </div>
        </form>
      )}
      <ConfirmDialog
        open={dialog === 'close'}
        title={t('stepPanel.closeConfirm.title', { n: step.step })}
        confirmLabel={t('stepPanel.close')}
        busy={update.isPending}
        error={update.error ? error : undefined}
        onConfirm={() => change({ status: 'closed' }, t('stepPanel.closed', { n: step.step }))}
        onCancel={() => setDialog(null)}
      >
        {notDone.length > 0 ? (
          <>
            <h3 className="utrecht-heading-4">{t('stepPanel.closeConfirm.notDone')}</h3>
            <Paragraph>{t('stepPanel.closeConfirm.notDoneIntro', { count: notDone.length })}</Paragraph>
            <ul className="vp-close-list">
              {notDone.map((d) => (
                <li key={d.organisation.id}>{d.organisation.name}</li>
              ))}
            </ul>
          </>
        ) : (
          <Paragraph>{t('stepPanel.closeConfirm.allDone')}</Paragraph>
        )}
        {openCommitments.length > 0 && (
          <>
            <h3 className="utrecht-heading-4">{t('stepPanel.closeConfirm.openCommitments')}</h3>
            <ul className="vp-close-list">
              {openCommitments.map((c) => (
                <li key={c.key}>
                  {t('stepPanel.closeConfirm.commitment', { organisation: c.organisation, action: c.action })}
                </li>
              ))}
            </ul>
          </>
        )}
        {(notDone.length > 0 || openCommitments.length > 0) && (
          <Paragraph className="vp-muted">{t('stepPanel.closeConfirm.recorded')}</Paragraph>
        )}
        <Paragraph>
          {step.step < 6 ? t('stepPanel.closeConfirm.body', { next: step.step + 1 }) : t('stepPanel.closeConfirm.last')}
        </Paragraph>
      </ConfirmDialog>
      <Dialog
        open={dialog === 'reopen'}
        title={t('stepPanel.reopenConfirm.title', { n: step.step })}
        busy={update.isPending}
        onCancel={() => setDialog(null)}
      >
        <form className="vp-dialog__form" noValidate onSubmit={reopen}>
          <Paragraph>{t('stepPanel.reopenConfirm.body')}</Paragraph>
          <FormTextField
            control={reopenForm.control}
            name="reason"
            label={t('stepPanel.reason')}
            rows={3}
            messages={REASON_MESSAGES}
          />
          <FormRadioGroupField
            control={reopenForm.control}
            name="deadlineMode"
            legend={t('stepPanel.reopen.deadline')}
            description={
              step.deadline
                ? t('stepPanel.reopen.deadline.previous', { date: dates.deadline(step.deadline, acuut) })
                : undefined
            }
            options={[
              { value: 'new', label: t('stepPanel.reopen.deadline.new') },
              { value: 'none', label: t('stepPanel.reopen.deadline.none') },
            ]}
          />
          {deadlineMode === 'new' && (
            <DeadlineFields
              control={reopenForm.control}
              acuut={acuut}
              label={acuut ? t('stepPanel.deadlineDateTime') : t('stepPanel.deadlineDate')}
              description={acuut ? t('stepPanel.deadline.acuut') : t('stepPanel.deadline.description')}
            />
          )}
          {doneBefore.length > 0 && (
            <FormRadioGroupField
              control={reopenForm.control}
              name="keepDone"
              legend={t('stepPanel.reopen.done')}
              description={t('stepPanel.reopen.done.description', { count: doneBefore.length })}
              options={[
                { value: 'clear', label: t('stepPanel.reopen.done.clear') },
                { value: 'keep', label: t('stepPanel.reopen.done.keep') },
              ]}
            />
          )}
          {error && (
            <div role="alert" className="vp-dialog__error">
              <Paragraph>{error}</Paragraph>
            </div>
          )}
          <div className="vp-form__actions">
            <Button type="submit" appearance="primary-action-button" busy={update.isPending}>
              {t('stepPanel.reopen')}
            </Button>
            <Button appearance="secondary-action-button" disabled={update.isPending} onClick={() => setDialog(null)}>
              {t('app.cancel')}
            </Button>
          </div>
        </form>
      </Dialog>
      <ConfirmDialog
        open={dialog === 'proposeAll'}
        title={t('stepPanel.proposeAll.title')}
        confirmLabel={t('stepPanel.proposeAll.confirm')}
        busy={update.isPending}
        error={update.error ? error : undefined}
        onConfirm={() => void proposeAll()}
        onCancel={() => setDialog(null)}
      >
        <Paragraph>{t('stepPanel.proposeAll.body', { type: typeName })}</Paragraph>
        <ul className="vp-close-list">
          {allProposals.map((p) => {
            const text = proposalText(theCase, p)
            return (
              <li key={p.step}>
                <strong>{t('step.heading', { n: p.step, name: t(`step.${p.step as 1}`) })}</strong>: {text.date} (
                {text.after})
              </li>
            )
          })}
        </ul>
      </ConfirmDialog>
    </div>
  )
}

/** The server names the deadline (`deadline`); the form has it in its date field. */
const serverField = (field: string) => (field === 'date' ? 'deadline' : field)
