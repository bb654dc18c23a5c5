import { Button, Checkbox, FormLabel, Paragraph, StatusBadge } from '@utrecht/component-library-react'
import { type Case, type Step, UpdateStepBodySchema } from '@vp/shared'
import { useId, useState } from 'react'
import { z } from 'zod'
import { ApiError } from '../../../api/client.ts'
import { type StepChange, type StepDetail, useMarkDone, useUpdateStep } from '../../../api/steps.ts'
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx'
import { useDates } from '../../../components/dates.ts'
import { Dialog } from '../../../components/dialog.tsx'
import { FormAlert, useDescribeError } from '../../../components/errors.tsx'
import { type FieldMessages, FormTextField, showServerErrors } from '../../../components/form-fields.tsx'
import { StatusRegion } from '../../../components/status-region.tsx'
import { useT } from '../../../components/use-t.ts'
import { useZodForm } from '../../../components/use-zod-form.ts'
import { STEP_STATUS_BADGE } from '../status-badges.ts'

const pad = (n: number) => String(n).padStart(2, '0')

/** A deadline as the date (or date and time) input shows it, in local time. */
function toInput(iso: string | null, withTime: boolean): string {
  if (!iso) return ''
  const d = new Date(iso)
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  return withTime ? `${date}T${pad(d.getHours())}:${pad(d.getMinutes())}` : date
}

/** A date means "by the end of that day"; an acuut case gives the hour as well. '' when it is no date. */
function fromInput(value: string, withTime: boolean): string {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number)
  const moment = withTime ? new Date(value) : new Date(y!, m! - 1, d!, 23, 59, 0)
  return Number.isNaN(moment.getTime()) ? '' : moment.toISOString()
}

const shape = UpdateStepBodySchema.shape
/** The deadline as the input gives it, turned into the moment the shared UpdateStepBodySchema takes. */
const deadlineSchema = (withTime: boolean) =>
  z.object({
    deadline: z
      .string()
      .min(1)
      .transform((v) => fromInput(v, withTime))
      .pipe(shape.deadline.unwrap().unwrap()),
  })
const DEADLINE_MESSAGES: FieldMessages = {
  required: 'stepPanel.deadlineRequired',
  invalid: 'stepPanel.deadlineRequired',
}
/** Reopening a closed step takes a reason (the shared schema's check). */
const ReopenSchema = z.object({ reason: shape.reason.unwrap() })
const REASON_MESSAGES: FieldMessages = { required: 'stepPanel.reasonRequired', invalid: 'stepPanel.reasonRequired' }

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
          <dd>{step.deadline ? dates.deadline(step.deadline, acuut) : t('stepPanel.noDeadline')}</dd>
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
  const describeError = useDescribeError()
  const update = useUpdateStep(theCase.id)
  const acuut = theCase.problemType === 'acuut'
  const [dialog, setDialog] = useState<'close' | 'reopen' | null>(null)
  const deadlineForm = useZodForm(deadlineSchema(acuut), { deadline: toInput(step.deadline, acuut) })
  const reopenForm = useZodForm(ReopenSchema, { reason: '' })
  const name = t('step.heading', { n: step.step, name: t(`step.${step.step as 1}`) })

  const change = (body: StepChange, done: string) => {
    onStatus(null)
    update.mutate(
      { step: step.step, version: step.version, body },
      {
        onSuccess: () => {
          setDialog(null)
          reopenForm.reset({ reason: '' })
          onStatus(done)
        },
        onError: (err) => {
          if (body.reason !== undefined) showServerErrors(reopenForm, err, ['reason'])
          else if (body.deadline) showServerErrors(deadlineForm, err, ['deadline'])
        },
      },
    )
  }

  const saveDeadline = deadlineForm.handleSubmit(({ deadline }) =>
    change({ deadline }, t('stepPanel.deadlineSaved', { step: name })),
  )
  const reopen = reopenForm.handleSubmit(({ reason }) =>
    change({ status: 'open', reason }, t('stepPanel.reopened', { step: name })),
  )

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
            onClick={() => change({ status: 'open' }, t('stepPanel.opened', { step: name }))}
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
              reopenForm.reset({ reason: '' })
              setDialog('reopen')
            }}
          >
            {t('stepPanel.reopen')}
          </Button>
        )}
      </div>
      {step.status !== 'closed' && (
        <form className="vp-deadline-form" noValidate onSubmit={saveDeadline}>
          <FormTextField
            control={deadlineForm.control}
            name="deadline"
            label={acuut ? t('stepPanel.deadlineDateTime') : t('stepPanel.deadlineDate')}
            description={acuut ? t('stepPanel.deadline.acuut') : t('stepPanel.deadline.description')}
            type={acuut ? 'datetime-local' : 'date'}
            messages={DEADLINE_MESSAGES}
          />
          <div className="vp-form__actions">
            <Button type="submit" appearance="secondary-action-button" busy={update.isPending}>
              {t('stepPanel.saveDeadline')}
            </Button>
            {step.deadline && (
              <Button
                appearance="subtle-button"
                onClick={() => {
                  deadlineForm.reset({ deadline: '' })
                  change({ deadline: null }, t('stepPanel.deadlineCleared', { step: name }))
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
        title={t('stepPanel.closeConfirm.title', { step: name })}
        confirmLabel={t('stepPanel.close')}
        busy={update.isPending}
        error={update.error ? error : undefined}
        onConfirm={() => change({ status: 'closed' }, t('stepPanel.closed', { step: name }))}
        onCancel={() => setDialog(null)}
      >
        <Paragraph>
          {step.step < 6 ? t('stepPanel.closeConfirm.body', { next: step.step + 1 }) : t('stepPanel.closeConfirm.last')}
        </Paragraph>
      </ConfirmDialog>
      <Dialog
        open={dialog === 'reopen'}
        title={t('stepPanel.reopenConfirm.title', { step: name })}
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
    </div>
  )
}
