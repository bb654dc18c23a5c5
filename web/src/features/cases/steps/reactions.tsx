import { Button, StatusBadge } from '@utrecht/component-library-react'
import { CommitmentBodySchema, type Item, type ItemView, PositionBodySchema } from '@vp/shared'
import { POSITIONS } from '@vp/shared/constants'
import { type ReactNode, useState } from 'react'
import { useIntl } from 'react-intl'
import { z } from 'zod'
import { ApiError } from '../../../api/client.ts'
import { useCommit, useRateItem, useTakePosition } from '../../../api/items.ts'
import { Disclosure } from '../../../components/disclosure.tsx'
import { FormAlert, useDescribeError } from '../../../components/errors.tsx'
import {
  type FieldMessages,
  FormRadioGroupField,
  FormTextField,
  showServerErrors,
} from '../../../components/form-fields.tsx'
import { useT } from '../../../components/use-t.ts'
import { useZodForm } from '../../../components/use-zod-form.ts'
import { RatingStrip } from '../charts/rating-strip.tsx'
import { AGREEMENT_BADGE, COMMITMENT_STATUS_BADGE, POSITION_BADGE } from '../status-badges.ts'
import type { ItemContext } from './fields.ts'

/** A position on the shared PositionBodySchema; anything but akkoord needs a reason. */
const PositionFormSchema = z
  .object({
    position: z.string().pipe(PositionBodySchema.shape.position),
    // Empty text is no reason: null, as the shared schema takes it.
    reason: z
      .string()
      .trim()
      .transform((v) => (v === '' ? null : v))
      .pipe(PositionBodySchema.shape.reason.unwrap()),
  })
  .refine((v) => v.position === 'akkoord' || Boolean(v.reason), { path: ['reason'] })
const POSITION_MESSAGES: FieldMessages = { required: 'position.required', invalid: 'position.required' }
const POSITION_REASON_MESSAGES: FieldMessages = { custom: 'position.reasonRequired' }

/** Declining a commitment takes a reason (CommitmentBodySchema's reason, required here). */
const DeclineFormSchema = z.object({
  reason: z.string().trim().min(1).pipe(CommitmentBodySchema.shape.reason.unwrap().unwrap()),
})
const DECLINE_MESSAGES: FieldMessages = {
  required: 'commitment.reasonRequired',
  too_small: 'commitment.reasonRequired',
}

/** A short announcement after a reaction was saved, in its own live region. */
function Saved({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="vp-reaction__saved">
      {children}
    </p>
  )
}

/**
 * After a 412: my organisation's reaction as a colleague of the same organisation left it. The
 * server sends the item as it is now; the screen already shows it, the alert says what changed.
 */
function colleaguesReaction<R extends { organisationId: string }>(
  error: unknown,
  organisationId: string,
  pick: (item: Item) => R[],
): R | undefined {
  const current = error instanceof ApiError ? error.current<ItemView>() : undefined
  if (!current || current.restricted) return undefined
  return pick(current).find((r) => r.organisationId === organisationId)
}

interface RatingBlockProps {
  ctx: ItemContext
  item: Item
  /** Reactions are possible now: the step is open and the case active. */
  open: boolean
  /** How the overview classifies the spread, when known. */
  agreement?: 'eens' | 'gemengd' | 'verdeeld' | 'geen'
}

/** The priority ratings of a sub-problem (spread and mean), and my organisation's rating 1–5. */
export function RatingBlock({ ctx, item, open, agreement }: RatingBlockProps) {
  const t = useT()
  const intl = useIntl()
  const describeError = useDescribeError()
  const rate = useRateItem(ctx.theCase.id)
  const [saved, setSaved] = useState<string | null>(null)
  const mine = ctx.theCase.me.organisation
  const myRating = item.ratings.find((r) => r.organisationId === mine.id)
  const myScore = myRating?.score ?? null
  const theirs = colleaguesReaction(rate.error, mine.id, (i) => i.ratings)
  const scores = item.ratings.map((r) => r.score)
  const mean = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null
  const orgName = (id: string) => ctx.organisations.find((o) => o.id === id)?.name ?? t('activity.unknownOrganisation')

  return (
    <div className="vp-reaction vp-rating">
      <p className="vp-reaction__summary">
        <strong>{t('rating.title')}</strong>{' '}
        {mean === null
          ? t('rating.none')
          : t('rating.summary', {
              mean: intl.formatNumber(mean, { maximumFractionDigits: 1 }),
              count: scores.length,
              min: Math.min(...scores),
              max: Math.max(...scores),
            })}{' '}
        {agreement && agreement !== 'geen' && (
          <StatusBadge status={AGREEMENT_BADGE[agreement]}>{t(`agreement.${agreement}`)}</StatusBadge>
        )}
      </p>
      {scores.length > 0 && (
        <div className="vp-rating__picture">
          <RatingStrip ratings={item.ratings} highlight={mine.id} />
          <Disclosure summary={t('rating.perOrganisation')}>
            <ul className="vp-plain-list">
              {item.ratings.map((r) => (
                <li key={r.organisationId}>
                  {t('rating.of', { organisation: orgName(r.organisationId), score: r.score })}
                </li>
              ))}
            </ul>
          </Disclosure>
        </div>
      )}
      {item.abilities.rate && open && (
        <fieldset className="vp-rating__mine">
          <legend className="vp-rating__label">{t('rating.mine', { organisation: mine.name })}</legend>
          <span className="vp-rating__buttons">
            {[1, 2, 3, 4, 5].map((score) => (
              <Button
                key={score}
                appearance={myScore === score ? 'primary-action-button' : 'secondary-action-button'}
                pressed={myScore === score}
                className="vp-rating__button"
                disabled={rate.isPending}
                onClick={() => {
                  setSaved(null)
                  rate.mutate(
                    // On top of my organisation's rating as shown: a colleague's change meanwhile is a 412.
                    { itemId: item.id, version: myRating?.version ?? 0, body: { score } },
                    { onSuccess: () => setSaved(t('rating.saved', { score, title: item.title })) },
                  )
                }}
              >
                {score}
              </Button>
            ))}
          </span>
          <span className="vp-muted vp-rating__scale">{t('rating.scale')}</span>
        </fieldset>
      )}
      {rate.error && (
        <FormAlert>
          {theirs ? t('rating.stale', { organisation: mine.name, score: theirs.score }) : describeError(rate.error)}
        </FormAlert>
      )}
      <Saved>{saved}</Saved>
    </div>
  )
}

/** The positions on a sub-problem, the problem statement or a goal, and a form for mine. */
export function PositionsBlock({ ctx, item, open }: { ctx: ItemContext; item: Item; open: boolean }) {
  const t = useT()
  const describeError = useDescribeError()
  const take = useTakePosition(ctx.theCase.id)
  const mine = ctx.theCase.me.organisation
  const current = item.positions.find((p) => p.organisationId === mine.id)
  const theirs = colleaguesReaction(take.error, mine.id, (i) => i.positions)
  const [editing, setEditing] = useState(false)
  const valuesNow = () => ({ position: current?.position ?? '', reason: current?.reason ?? '' })
  const form = useZodForm(PositionFormSchema, valuesNow())
  const position = form.watch('position')
  const reasonError = form.formState.errors.reason
  const [saved, setSaved] = useState<string | null>(null)
  const counts = POSITIONS.map((p) => ({ p, n: item.positions.filter((x) => x.position === p).length }))
  const without = ctx.contributors.filter((o) => !item.positions.some((p) => p.organisationId === o.id))
  const orgName = (id: string) => ctx.organisations.find((o) => o.id === id)?.name ?? t('activity.unknownOrganisation')

  const submit = form.handleSubmit((body) => {
    if (take.isPending) return
    take.mutate(
      { itemId: item.id, version: current?.version ?? 0, body },
      {
        onSuccess: () => {
          setEditing(false)
          setSaved(t('position.saved', { position: t(`position.${body.position}`), title: item.title }))
        },
        onError: (err) => showServerErrors(form, err, ['reason']),
      },
    )
  })

  return (
    <div className="vp-reaction vp-positions">
      <p className="vp-reaction__summary">
        <strong>{t('position.title')}</strong>{' '}
        {item.positions.length === 0
          ? t('position.none')
          : counts
              .filter(({ n }) => n > 0)
              .map(({ p, n }) => (
                <StatusBadge key={p} status={POSITION_BADGE[p]}>
                  {t('position.count', { count: n, position: t(`position.${p}`) })}
                </StatusBadge>
              ))}
      </p>
      {item.positions.length > 0 && (
        <ul className="vp-positions__list">
          {item.positions.map((p) => (
            <li key={p.organisationId}>
              <span className="vp-positions__org">{orgName(p.organisationId)}</span>{' '}
              <StatusBadge status={POSITION_BADGE[p.position]}>{t(`position.${p.position}`)}</StatusBadge>
              {p.reason && <span className="vp-positions__reason"> “{p.reason}”</span>}
            </li>
          ))}
          {without.length > 0 && (
            <li className="vp-muted">{t('position.withoutList', { list: without.map((o) => o.name).join(', ') })}</li>
          )}
        </ul>
      )}
      {item.abilities.takePosition && open && !editing && (
        <Button
          appearance="secondary-action-button"
          onClick={() => {
            setSaved(null)
            form.reset(valuesNow())
            setEditing(true)
          }}
        >
          {current ? t('position.change') : t('position.take')}
          <span className="vp-visually-hidden"> ({item.title})</span>
        </Button>
      )}
      {editing && (
        <form className="vp-form vp-form--inline" noValidate onSubmit={submit}>
          <FormRadioGroupField
            control={form.control}
            name="position"
            legend={t('position.mine', { organisation: mine.name })}
            options={POSITIONS.map((p) => ({ value: p, label: t(`position.${p}`) }))}
            messages={POSITION_MESSAGES}
          />
          <FormTextField
            control={form.control}
            name="reason"
            label={position === 'akkoord' || !position ? t('position.reasonOptional') : t('position.reason')}
            description={t('position.reason.description')}
            rows={2}
            messages={POSITION_REASON_MESSAGES}
          />
          {take.error && reasonError?.type !== 'server' && (
            <FormAlert>
              {theirs
                ? t('position.stale', { organisation: mine.name, position: t(`position.${theirs.position}`) })
                : describeError(take.error, ['reason'])}
            </FormAlert>
          )}
          <div className="vp-form__actions">
            <Button type="submit" appearance="primary-action-button" busy={take.isPending}>
              {t('position.save')}
            </Button>
            <Button appearance="secondary-action-button" onClick={() => setEditing(false)}>
              {t('app.cancel')}
            </Button>
          </div>
        </form>
      )}
      <Saved>{saved}</Saved>
    </div>
  )
}

/** Which involved organisations committed to an action, and my organisation's toezegging. */
export function CommitmentsBlock({ ctx, item, open }: { ctx: ItemContext; item: Item; open: boolean }) {
  const t = useT()
  const describeError = useDescribeError()
  const commit = useCommit(ctx.theCase.id)
  const mine = ctx.theCase.me.organisation
  const current = item.commitments.find((c) => c.organisationId === mine.id)
  const theirs = colleaguesReaction(commit.error, mine.id, (i) => i.commitments)
  const [declining, setDeclining] = useState(false)
  const form = useZodForm(DeclineFormSchema, { reason: '' })
  const reasonError = form.formState.errors.reason
  const [saved, setSaved] = useState<string | null>(null)
  const orgName = (id: string) => ctx.organisations.find((o) => o.id === id)?.name ?? t('activity.unknownOrganisation')

  const send = (status: 'accepted' | 'declined', reason: string | null) => {
    commit.mutate(
      { itemId: item.id, version: current?.version ?? 0, body: { status, reason } },
      {
        onSuccess: () => {
          setDeclining(false)
          setSaved(
            t(status === 'accepted' ? 'commitment.savedAccepted' : 'commitment.savedDeclined', { title: item.title }),
          )
        },
        onError: (err) => {
          if (status === 'declined') showServerErrors(form, err, ['reason'])
        },
      },
    )
  }
  const decline = form.handleSubmit(({ reason }) => send('declined', reason))

  return (
    <div className="vp-reaction vp-commitments">
      <p className="vp-reaction__summary">
        <strong>{t('commitment.title')}</strong>
      </p>
      <ul className="vp-positions__list">
        {item.commitments.map((c) => (
          <li key={c.organisationId}>
            <span className="vp-positions__org">{orgName(c.organisationId)}</span>{' '}
            <StatusBadge status={COMMITMENT_STATUS_BADGE[c.status]}>{t(`commitmentStatus.${c.status}`)}</StatusBadge>
            {c.reason && <span className="vp-positions__reason"> “{c.reason}”</span>}
          </li>
        ))}
      </ul>
      {item.abilities.commit && open && current && (
        <div className="vp-commitments__mine">
          {!declining && (
            <div className="vp-form__actions">
              {current.status !== 'accepted' && (
                <Button
                  appearance="primary-action-button"
                  busy={commit.isPending}
                  onClick={() => send('accepted', null)}
                >
                  {t('commitment.accept')}
                  <span className="vp-visually-hidden"> ({item.title})</span>
                </Button>
              )}
              {current.status !== 'declined' && (
                <Button
                  appearance="secondary-action-button"
                  onClick={() => {
                    setSaved(null)
                    form.reset({ reason: current.reason ?? '' })
                    setDeclining(true)
                  }}
                >
                  {t('commitment.decline')}
                  <span className="vp-visually-hidden"> ({item.title})</span>
                </Button>
              )}
            </div>
          )}
          {declining && (
            <form className="vp-form vp-form--inline" noValidate onSubmit={decline}>
              <FormTextField
                control={form.control}
                name="reason"
                label={t('commitment.reason', { organisation: mine.name })}
                rows={2}
                messages={DECLINE_MESSAGES}
              />
              <div className="vp-form__actions">
                <Button type="submit" appearance="primary-action-button" busy={commit.isPending}>
                  {t('commitment.declineSubmit')}
                </Button>
                <Button appearance="secondary-action-button" onClick={() => setDeclining(false)}>
                  {t('app.cancel')}
                </Button>
              </div>
            </form>
          )}
          {commit.error && reasonError?.type !== 'server' && (
            <FormAlert>
              {theirs
                ? t('commitment.stale', { organisation: mine.name, status: t(`commitmentStatus.${theirs.status}`) })
                : describeError(commit.error, ['reason'])}
            </FormAlert>
          )}
        </div>
      )}
      <Saved>{saved}</Saved>
    </div>
  )
}
