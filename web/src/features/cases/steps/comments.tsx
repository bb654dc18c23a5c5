import { Button, Paragraph } from '@utrecht/component-library-react'
import { CreateCommentBodySchema, type Item } from '@vp/shared'
import { Fragment, type ReactNode, useId, useState } from 'react'
import { useCurrentUser } from '../../../api/auth.ts'
import { useAddComment, useComments } from '../../../api/items.ts'
import { ClampedText } from '../../../components/clamped-text.tsx'
import { useDates } from '../../../components/dates.ts'
import { FormAlert, LoadError, useDescribeError } from '../../../components/errors.tsx'
import { SelectField } from '../../../components/form.tsx'
import { type FieldMessages, FormTextField, showServerErrors } from '../../../components/form-fields.tsx'
import { Loading } from '../../../components/loading.tsx'
import { StatusRegion } from '../../../components/status-region.tsx'
import { useT } from '../../../components/use-t.ts'
import { useZodForm } from '../../../components/use-zod-form.ts'
import type { ItemContext } from './fields.ts'

/** A comment's text with each mentioned person's "@Name" marked. */
function withMentions(body: string, names: string[]): ReactNode {
  if (names.length === 0) return body
  const escaped = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const parts = body.split(new RegExp(`(@(?:${escaped.join('|')}))`, 'g'))
  let offset = 0
  return parts.map((part) => {
    const at = offset
    offset += part.length
    return part.startsWith('@') && names.includes(part.slice(1)) ? (
      <mark key={at} className="vp-mention">
        {part}
      </mark>
    ) : (
      <Fragment key={at}>{part}</Fragment>
    )
  })
}

const BODY_MESSAGES: FieldMessages = { required: 'comments.required' }

/** The comment thread of an item, and a form to react, mentioning members with @. */
export function CommentThread({ ctx, item }: { ctx: ItemContext; item: Item }) {
  const t = useT()
  const dates = useDates()
  const me = useCurrentUser()
  const describeError = useDescribeError()
  const comments = useComments(ctx.theCase.id, item.id, true)
  const add = useAddComment(ctx.theCase.id, item.id)
  const form = useZodForm(CreateCommentBodySchema, { body: '', mentions: [] })
  const [pick, setPick] = useState('')
  const [status, setStatus] = useState<string | null>(null)
  const headingId = useId()
  const canComment = item.abilities.comment && ctx.theCase.status === 'active'

  // Only people who can see the item can be mentioned (the server checks it too).
  const candidates = ctx.members.filter(
    (m) => m.userId !== me.id && (item.audience === null || item.audience.includes(m.organisation.id)),
  )
  const nameOf = (userId: string) => ctx.members.find((m) => m.userId === userId)?.name

  const mention = () => {
    const member = candidates.find((m) => m.userId === pick)
    if (!member) return
    const body = form.getValues('body')
    form.setValue('body', `${body}${body && !body.endsWith(' ') ? ' ' : ''}@${member.name} `)
    const mentioned = form.getValues('mentions') ?? []
    if (!mentioned.includes(member.userId)) form.setValue('mentions', [...mentioned, member.userId])
    setPick('')
  }

  const submit = form.handleSubmit(
    ({ body, mentions }) => {
      if (add.isPending) return
      setStatus(null)
      add.mutate(
        // Someone whose @name was deleted from the text is no longer mentioned.
        { body, mentions: mentions.filter((id) => body.includes(`@${nameOf(id)}`)) },
        {
          onSuccess: () => {
            form.reset({ body: '', mentions: [] })
            setStatus(t('comments.added'))
          },
          onError: (err) => showServerErrors(form, err, ['body']),
        },
      )
    },
    () => setStatus(null),
  )

  const list = comments.data?.items ?? []
  return (
    <section aria-labelledby={headingId} className="vp-comments">
      <h5 id={headingId} className="utrecht-heading-5">
        {t('comments.title', { title: item.title })}
      </h5>
      {comments.isPending ? (
        <Loading />
      ) : comments.isError ? (
        <LoadError onRetry={() => void comments.refetch()} />
      ) : list.length === 0 ? (
        <Paragraph className="vp-muted">{t('comments.none')}</Paragraph>
      ) : (
        <ol className="vp-comments__list">
          {list.map((c) => (
            <li key={c.id} className="vp-comment">
              <p className="vp-comment__who">
                <span className="vp-comment__name">
                  {c.author.organisation
                    ? t('person.withOrganisation', { name: c.author.name, organisation: c.author.organisation.name })
                    : c.author.name}
                </span>{' '}
                <time className="vp-muted" dateTime={c.createdAt}>
                  {dates.dateTime(c.createdAt)}
                </time>
              </p>
              <ClampedText className="vp-comment__body" lines={8}>
                {withMentions(
                  c.body,
                  c.mentions.map(nameOf).filter((n): n is string => !!n),
                )}
              </ClampedText>
            </li>
          ))}
        </ol>
      )}
      <StatusRegion>{status}</StatusRegion>
      {canComment && (
        <form className="vp-comment-form" noValidate onSubmit={submit} aria-label={t('comments.formLabel')}>
          {add.error && !form.formState.errors.body && <FormAlert>{describeError(add.error, ['body'])}</FormAlert>}
          <FormTextField
            control={form.control}
            name="body"
            label={t('comments.body')}
            rows={3}
            messages={BODY_MESSAGES}
          />
          {candidates.length > 0 && (
            <div className="vp-comment-form__mention">
              <SelectField
                name="mention"
                label={t('comments.mention')}
                description={t('comments.mention.description')}
                value={pick}
                placeholder={t('comments.mention.placeholder')}
                options={candidates.map((m) => ({
                  value: m.userId,
                  label: t('person.withOrganisation', { name: m.name, organisation: m.organisation.name }),
                }))}
                onChange={setPick}
              />
              <Button appearance="secondary-action-button" disabled={!pick} onClick={mention}>
                {t('comments.mention.add')}
              </Button>
            </div>
          )}
          <div className="vp-form__actions">
            <Button type="submit" appearance="primary-action-button" busy={add.isPending}>
              {t('comments.submit')}
            </Button>
          </div>
        </form>
      )}
    </section>
  )
}
