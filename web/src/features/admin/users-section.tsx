import { Button, Heading2, Heading3, Paragraph, StatusBadge } from '@utrecht/component-library-react'
import { type AdminUser, type AdminUserWithLink, CreateUserBodySchema, type UpdateUserBody } from '@vp/shared'
import { useId, useState } from 'react'
import { z } from 'zod'
import { useAdminOrganisations, useAdminUsers, useCreateUser, useUpdateUser } from '../../api/admin.ts'
import { useCurrentUser } from '../../api/auth.ts'
import { ApiError } from '../../api/client.ts'
import { ConfirmDialog } from '../../components/confirm-dialog.tsx'
import { CopyLink } from '../../components/copy-link.tsx'
import { DataTable } from '../../components/data-table.tsx'
import { useDates } from '../../components/dates.ts'
import { FormAlert, LoadError, useDescribeError } from '../../components/errors.tsx'
import {
  type FieldMessages,
  FormCheckboxField,
  FormSelectField,
  FormTextField,
  showServerErrors,
} from '../../components/form-fields.tsx'
import { Loading } from '../../components/loading.tsx'
import { Notice } from '../../components/notice.tsx'
import { StatusRegion } from '../../components/status-region.tsx'
import { useFocusAfter } from '../../components/use-focus-after.ts'
import { useT } from '../../components/use-t.ts'
import { useZodForm } from '../../components/use-zod-form.ts'
import type { MessageId } from '../../i18n/messages.ts'

type UserAction = 'disable' | 'enable' | 'reset' | 'makeAdmin' | 'revokeAdmin'

const ACTION_BODY: Record<UserAction, UpdateUserBody> = {
  disable: { disabled: true },
  enable: { disabled: false },
  reset: { resetPassword: true },
  makeAdmin: { isAdmin: true },
  revokeAdmin: { isAdmin: false },
}

export function UsersSection() {
  const t = useT()
  const dates = useDates()
  const me = useCurrentUser()
  const describeError = useDescribeError()
  const users = useAdminUsers()
  const update = useUpdateUser()
  const [pending, setPending] = useState<{ user: AdminUser; action: UserAction } | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [issued, setIssued] = useState<{ name: string; url: string; expiresAt: string } | null>(null)
  const issuedBox = useFocusAfter<HTMLDivElement>()
  const items = users.data?.pages.flatMap((p) => p.items) ?? []

  const showLink = (result: AdminUserWithLink) => {
    if (!result.setPasswordLink) return
    setIssued({ name: result.user.name, ...result.setPasswordLink })
    issuedBox.request()
  }

  const ask = (user: AdminUser, action: UserAction) => {
    update.reset()
    setStatus(null)
    setIssued(null)
    setPending({ user, action })
  }

  const run = () => {
    if (!pending) return
    const { user, action } = pending
    update.mutate(
      { id: user.id, version: user.version, body: ACTION_BODY[action] },
      {
        onSuccess: (result) => {
          setPending(null)
          setStatus(t(`admin.users.done.${action}`, { name: user.name }))
          showLink(result)
        },
        onError: (err) => {
          // Someone changed the account meanwhile: show the current list, so the admin can decide again.
          if (err instanceof ApiError && err.status === 412) void users.refetch()
        },
      },
    )
  }

  return (
    <section aria-labelledby="accounts" className="vp-section">
      <Heading2 id="accounts">{t('admin.users.title')}</Heading2>
      <StatusRegion>{status}</StatusRegion>
      {issued && (
        <div ref={issuedBox.ref} tabIndex={-1} className="vp-issued">
          <Notice>
            <Paragraph>
              <strong>{t('admin.users.link.title', { name: issued.name })}</strong>
            </Paragraph>
            <Paragraph>
              {t('admin.users.link.note', { name: issued.name, date: dates.dateTime(issued.expiresAt) })}
            </Paragraph>
            <CopyLink link={issued.url} label={t('admin.users.link.label', { name: issued.name })} />
          </Notice>
        </div>
      )}
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <LoadError onRetry={() => void users.refetch()} />
      ) : (
        <DataTable
          caption={t('admin.users.caption', { count: items.length })}
          rows={items}
          rowKey={(user) => user.id}
          columns={[
            {
              key: 'name',
              header: t('admin.users.name'),
              cell: (user) => (
                <>
                  {user.name}
                  {user.id === me.id && <span className="vp-muted"> ({t('projectGroup.you')})</span>}
                </>
              ),
            },
            { key: 'email', header: t('login.email'), className: 'vp-table__email', cell: (user) => user.email },
            {
              key: 'organisation',
              header: t('admin.users.organisation'),
              cell: (user) => user.organisation?.name ?? <span className="vp-muted">–</span>,
            },
            {
              key: 'status',
              header: t('admin.users.status'),
              cell: (user) => (
                <span className="vp-badges">
                  <StatusBadge status={user.disabled ? 'inactive' : 'active'}>
                    {t(user.disabled ? 'admin.users.disabled' : 'admin.users.enabled')}
                  </StatusBadge>
                  {user.isAdmin && <StatusBadge status="neutral">{t('admin.users.admin')}</StatusBadge>}
                  {!user.hasPassword && <StatusBadge status="warning">{t('admin.users.noPassword')}</StatusBadge>}
                  {user.approval !== 'approved' && (
                    <StatusBadge status={user.approval === 'pending' ? 'warning' : 'danger'}>
                      {t(`approval.${user.approval}`)}
                    </StatusBadge>
                  )}
                </span>
              ),
            },
            {
              key: 'actions',
              header: t('invitations.actions'),
              cell: (user) => (
                <span className="vp-table__actions">
                  {(
                    [user.disabled ? 'enable' : 'disable', 'reset', user.isAdmin ? 'revokeAdmin' : 'makeAdmin'] as const
                  ).map((action) => (
                    <Button key={action} appearance="subtle-button" onClick={() => ask(user, action)}>
                      {t(`admin.users.action.${action}`)}
                      <span className="vp-visually-hidden"> ({user.name})</span>
                    </Button>
                  ))}
                </span>
              ),
            },
          ]}
        />
      )}
      {users.hasNextPage && (
        <Button appearance="secondary-action-button" onClick={() => void users.fetchNextPage()}>
          {t('app.loadMore')}
        </Button>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={pending ? t(`admin.users.confirm.${pending.action}` as MessageId, { name: pending.user.name }) : ''}
        confirmLabel={pending ? t(`admin.users.action.${pending.action}`) : ''}
        busy={update.isPending}
        error={update.error ? describeError(update.error) : undefined}
        onConfirm={run}
        onCancel={() => setPending(null)}
      >
        {pending && <Paragraph>{t(`admin.users.explain.${pending.action}`, { name: pending.user.name })}</Paragraph>}
      </ConfirmDialog>
      <NewUserForm
        onCreated={(result) => {
          setStatus(t('admin.users.created', { name: result.user.name }))
          showLink(result)
        }}
      />
    </section>
  )
}

const FIELDS = ['email', 'name', 'organisationId', 'isAdmin'] as const
// The organisation is a select whose first option ("no organisation") has the empty value.
const FormSchema = CreateUserBodySchema.extend({
  organisationId: z.union([z.literal('').transform(() => null), CreateUserBodySchema.shape.organisationId]),
})
const EMPTY = { email: '', name: '', organisationId: '', isAdmin: false }
const EMAIL_MESSAGES: FieldMessages = { required: 'login.emailRequired', invalid: 'login.emailInvalid' }
const NAME_MESSAGES: FieldMessages = { invalid: 'accept.nameRequired' }

function NewUserForm({ onCreated }: { onCreated: (result: AdminUserWithLink) => void }) {
  const t = useT()
  const describeError = useDescribeError()
  const organisations = useAdminOrganisations()
  const create = useCreateUser()
  const form = useZodForm(FormSchema, EMPTY)
  const headingId = useId()
  const alertId = useId()

  const submit = form.handleSubmit(
    (body) => {
      if (create.isPending) return
      create.mutate(body, {
        onSuccess: (result) => {
          form.reset(EMPTY)
          onCreated(result)
        },
        onError: (err) => showServerErrors(form, err, FIELDS),
      })
    },
    () => create.reset(),
  )

  const formError = create.error ? describeError(create.error, FIELDS) : null
  const orgOptions = (organisations.data?.pages.flatMap((p) => p.items) ?? []).map((o) => ({
    value: o.id,
    label: o.name,
  }))

  return (
    <form
      className="vp-form"
      noValidate
      onSubmit={submit}
      aria-labelledby={headingId}
      aria-describedby={formError ? alertId : undefined}
    >
      <Heading3 id={headingId}>{t('admin.users.newTitle')}</Heading3>
      <Paragraph className="vp-muted">{t('admin.users.newIntro')}</Paragraph>
      {formError && <FormAlert id={alertId}>{formError}</FormAlert>}
      <FormTextField
        control={form.control}
        name="email"
        type="email"
        autoComplete="off"
        label={t('login.email')}
        required
        messages={EMAIL_MESSAGES}
      />
      <FormTextField
        control={form.control}
        name="name"
        autoComplete="off"
        label={t('admin.users.name')}
        required
        messages={NAME_MESSAGES}
      />
      <FormSelectField
        control={form.control}
        name="organisationId"
        label={t('admin.users.organisation')}
        description={t('admin.users.organisation.description')}
        placeholder={t('admin.users.noOrganisation')}
        options={orgOptions}
      />
      <FormCheckboxField
        control={form.control}
        name="isAdmin"
        label={t('admin.users.isAdmin')}
        description={t('admin.users.isAdmin.description')}
      />
      <div className="vp-form__actions">
        <Button type="submit" appearance="primary-action-button" busy={create.isPending}>
          {t('admin.users.create')}
        </Button>
      </div>
    </form>
  )
}
