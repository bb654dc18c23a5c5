import { Button, Heading2, Heading3, Paragraph, StatusBadge } from '@utrecht/component-library-react'
import { CreateOrganisationBodySchema, type Organisation } from '@vp/shared'
import { ORGANISATION_TYPES } from '@vp/shared/constants'
import { useEffect, useId, useRef, useState } from 'react'
import { z } from 'zod'
import { useAdminOrganisations, useCreateOrganisation, useUpdateOrganisation } from '../../api/admin.ts'
import { ApiError } from '../../api/client.ts'
import { DataTable } from '../../components/data-table.tsx'
import { Dialog } from '../../components/dialog.tsx'
import { FormAlert, LoadError, useDescribeError } from '../../components/errors.tsx'
import { type FieldMessages, FormSelectField, FormTextField, showServerErrors } from '../../components/form-fields.tsx'
import { Loading } from '../../components/loading.tsx'
import { Notice } from '../../components/notice.tsx'
import { StatusRegion } from '../../components/status-region.tsx'
import { useT } from '../../components/use-t.ts'
import { useZodForm } from '../../components/use-zod-form.ts'

export function OrganisationsSection() {
  const t = useT()
  const organisations = useAdminOrganisations()
  const [editing, setEditing] = useState<Organisation | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const items = organisations.data?.pages.flatMap((p) => p.items) ?? []
  const openerRef = useRef<HTMLButtonElement | null>(null)
  const describeError = useDescribeError()
  const confirm = useUpdateOrganisation()
  const [merging, setMerging] = useState<Organisation | null>(null)
  // Merge targets: organisations an administrator made or confirmed, never another proposal.
  const targets = items.filter((o) => o.confirmed && !o.mergedInto)

  return (
    <section aria-labelledby="organisaties" className="vp-section">
      <Heading2 id="organisaties">{t('admin.organisations.title')}</Heading2>
      <StatusRegion>{status}</StatusRegion>
      {organisations.isPending ? (
        <Loading />
      ) : organisations.isError ? (
        <LoadError onRetry={() => void organisations.refetch()} />
      ) : (
        <DataTable
          caption={t('admin.organisations.caption', { count: items.length })}
          rows={items}
          rowKey={(org) => org.id}
          columns={[
            {
              key: 'name',
              header: t('admin.organisations.name'),
              cell: (org) => (
                <>
                  {org.name}
                  {org.mergedInto ? (
                    <>
                      {' '}
                      <StatusBadge status="inactive">
                        {t('admin.organisations.merged', { name: org.mergedInto.name })}
                      </StatusBadge>
                    </>
                  ) : (
                    !org.confirmed && (
                      <>
                        {' '}
                        <StatusBadge status="warning">{t('admin.organisations.unconfirmed')}</StatusBadge>
                      </>
                    )
                  )}
                  {org.proposedBy && (
                    <span className="vp-table__sub">
                      {org.proposedInCase
                        ? t('admin.organisations.proposedIn', {
                            name: org.proposedBy.name,
                            case: org.proposedInCase.title,
                          })
                        : t('admin.organisations.proposedBy', { name: org.proposedBy.name })}
                    </span>
                  )}
                </>
              ),
            },
            { key: 'type', header: t('admin.organisations.type'), cell: (org) => t(`orgType.${org.type}`) },
            {
              key: 'domains',
              header: t('admin.organisations.domains'),
              cell: (org) =>
                org.emailDomains.length ? (
                  org.emailDomains.join(', ')
                ) : (
                  <span className="vp-muted">{t('admin.organisations.domainsNone')}</span>
                ),
            },
            {
              key: 'actions',
              header: t('invitations.actions'),
              cell: (org) =>
                org.mergedInto ? (
                  <span className="vp-muted">–</span>
                ) : org.confirmed ? (
                  <Button
                    appearance="subtle-button"
                    onClick={(event) => {
                      openerRef.current = event.currentTarget
                      setStatus(null)
                      setEditing(org)
                    }}
                  >
                    {t('app.edit')}
                    <span className="vp-visually-hidden"> ({org.name})</span>
                  </Button>
                ) : (
                  <span className="vp-table__actions">
                    <Button
                      appearance="subtle-button"
                      busy={confirm.isPending && confirm.variables?.id === org.id}
                      onClick={() => {
                        setStatus(null)
                        confirm.mutate(
                          { id: org.id, version: org.version, body: { confirmed: true } },
                          { onSuccess: (saved) => setStatus(t('admin.organisations.confirmed', { name: saved.name })) },
                        )
                      }}
                    >
                      {t('admin.organisations.confirm')}
                      <span className="vp-visually-hidden"> ({org.name})</span>
                    </Button>
                    <Button
                      appearance="subtle-button"
                      onClick={(event) => {
                        openerRef.current = event.currentTarget
                        setStatus(null)
                        setEditing(org)
                      }}
                    >
                      {t('admin.organisations.rename')}
                      <span className="vp-visually-hidden"> ({org.name})</span>
                    </Button>
                    <Button
                      appearance="subtle-button"
                      onClick={() => {
                        setStatus(null)
                        setMerging(org)
                      }}
                    >
                      {t('admin.organisations.mergeWith')}
                      <span className="vp-visually-hidden"> ({org.name})</span>
                    </Button>
                  </span>
                ),
            },
          ]}
        />
      )}
      {confirm.error && <FormAlert>{describeError(confirm.error)}</FormAlert>}
      {organisations.hasNextPage && (
        <Button appearance="secondary-action-button" onClick={() => void organisations.fetchNextPage()}>
          {t('app.loadMore')}
        </Button>
      )}
      {editing ? (
        <OrganisationForm
          key={editing.id}
          organisation={editing}
          onDone={(message) => {
            setEditing(null)
            setStatus(message)
            requestAnimationFrame(() => openerRef.current?.focus())
          }}
        />
      ) : (
        <OrganisationForm key="new" organisation={null} onDone={setStatus} />
      )}
      <MergeDialog
        organisation={merging}
        targets={targets}
        onDone={(message) => {
          setMerging(null)
          if (message) setStatus(message)
        }}
      />
    </section>
  )
}

const FIELDS = ['name', 'type', 'emailDomains'] as const

/** "politie.nl, Politie.NL oost.politie.nl" → the list the server checks (it lower-cases and dedupes). */
const domainList = (text: string) => text.split(/[\s,;]+/).filter(Boolean)

// The domains stay text here: the server checks each one and names the wrong one by its place.
const FormSchema = CreateOrganisationBodySchema.extend({ emailDomains: z.string() })
const NAME_MESSAGES: FieldMessages = { invalid: 'admin.organisations.nameRequired' }

/** Creates an organisation, or renames / retypes one on top of the version the admin saw. */
function OrganisationForm({
  organisation,
  onDone,
}: {
  organisation: Organisation | null
  onDone: (message: string | null) => void
}) {
  const t = useT()
  const describeError = useDescribeError()
  const create = useCreateOrganisation()
  const update = useUpdateOrganisation()
  const mutation = organisation ? update : create
  const form = useZodForm(FormSchema, {
    name: organisation?.name ?? '',
    type: organisation?.type ?? 'gemeente',
    emailDomains: organisation?.emailDomains.join(', ') ?? '',
  })
  const [version, setVersion] = useState(organisation?.version ?? 0)
  const [theirs, setTheirs] = useState<Organisation | null>(null)
  const headingId = useId()
  const alertId = useId()

  // Opened from a row's "Wijzigen": take the user straight to the form.
  useEffect(() => {
    if (organisation) form.setFocus('name')
  }, [organisation, form.setFocus])

  const submit = form.handleSubmit(
    (values) => {
      if (mutation.isPending) return
      const body = { ...values, emailDomains: domainList(values.emailDomains) }
      const onError = (err: Error) => {
        const current = err instanceof ApiError ? err.current<Organisation>() : undefined
        if (current) {
          setTheirs(current)
          setVersion(current.version)
          mutation.reset()
          return
        }
        const domains = domainError(err, body.emailDomains)
        if (domains) form.setError('emailDomains', { type: 'server', message: domains })
        if (!showServerErrors(form, err, ['name', 'type']) && domains) form.setFocus('emailDomains')
      }
      if (organisation) {
        update.mutate(
          { id: organisation.id, version, body },
          { onSuccess: (saved) => onDone(t('admin.organisations.saved', { name: saved.name })), onError },
        )
      } else {
        create.mutate(body, {
          onSuccess: (created) => {
            form.reset({ name: '', type: 'gemeente', emailDomains: '' })
            onDone(t('admin.organisations.created', { name: created.name }))
          },
          onError,
        })
      }
    },
    () => mutation.reset(),
  )

  const formError = mutation.error ? describeError(mutation.error, FIELDS) : null

  return (
    <form
      className="vp-form"
      noValidate
      onSubmit={submit}
      aria-labelledby={headingId}
      aria-describedby={formError ? alertId : undefined}
    >
      <Heading3 id={headingId}>
        {organisation
          ? t('admin.organisations.editTitle', { name: organisation.name })
          : t('admin.organisations.newTitle')}
      </Heading3>
      {theirs && (
        <div role="alert">
          <Notice type="warning">
            <Paragraph>
              {t('conflict.organisation', { name: theirs.name, type: t(`orgType.${theirs.type}`) })}
            </Paragraph>
          </Notice>
        </div>
      )}
      {formError && <FormAlert id={alertId}>{formError}</FormAlert>}
      <FormTextField
        control={form.control}
        name="name"
        label={t('admin.organisations.nameLabel')}
        required
        messages={NAME_MESSAGES}
      />
      <FormSelectField
        control={form.control}
        name="type"
        label={t('admin.organisations.typeLabel')}
        options={ORGANISATION_TYPES.map((type) => ({ value: type, label: t(`orgType.${type}`) }))}
      />
      <FormTextField
        control={form.control}
        name="emailDomains"
        label={t('admin.organisations.domainsLabel')}
        description={t('admin.organisations.domainsDescription')}
      />
      <div className="vp-form__actions">
        <Button type="submit" appearance="primary-action-button" busy={mutation.isPending}>
          {organisation ? (theirs ? t('conflict.saveAgain') : t('app.save')) : t('admin.organisations.create')}
        </Button>
        {organisation && (
          <Button appearance="secondary-action-button" onClick={() => onDone(null)}>
            {t('app.cancel')}
          </Button>
        )}
      </div>
    </form>
  )
}

/** The server names a wrong domain by its place in the list (`body.emailDomains.1`): say which one. */
function domainError(err: Error, domains: string[]): string | undefined {
  if (!(err instanceof ApiError)) return undefined
  const field = err.fields.find((f) => f.path === 'body.emailDomains' || f.path.startsWith('body.emailDomains.'))
  if (!field) return undefined
  const index = Number(field.path.split('.')[2])
  const domain = Number.isInteger(index) ? domains[index] : undefined
  return domain ? `${domain}: ${field.message}` : field.message
}

const MergeSchema = z.object({ into: z.uuid() })
const MERGE_MESSAGES: FieldMessages = { invalid: 'admin.organisations.mergeTargetRequired' }

/**
 * "Samenvoegen met…": a proposed organisation goes into an existing one. Everything it holds moves;
 * the proposal stays only to name it in old events. Only for unconfirmed organisations (ADR 022).
 */
function MergeDialog({
  organisation,
  targets,
  onDone,
}: {
  organisation: Organisation | null
  targets: Organisation[]
  onDone: (message: string | null) => void
}) {
  const t = useT()
  const describeError = useDescribeError()
  const merge = useUpdateOrganisation()
  const form = useZodForm(MergeSchema, { into: '' })
  const noteId = useId()

  const finish = (message: string | null) => {
    form.reset({ into: '' })
    merge.reset()
    onDone(message)
  }

  const submit = form.handleSubmit(({ into }) => {
    if (!organisation || merge.isPending) return
    const target = targets.find((o) => o.id === into)
    merge.mutate(
      { id: organisation.id, version: organisation.version, body: { mergeInto: into } },
      {
        onSuccess: () =>
          finish(t('admin.organisations.mergedDone', { name: organisation.name, into: target?.name ?? '' })),
        onError: (err) => showServerErrors(form, err, ['into'], () => 'mergeInto'),
      },
    )
  })

  const error = merge.error ? describeError(merge.error, ['mergeInto']) : null

  return (
    <Dialog
      open={organisation !== null}
      title={t('admin.organisations.mergeTitle', { name: organisation?.name ?? '' })}
      busy={merge.isPending}
      describedBy={noteId}
      onCancel={() => finish(null)}
    >
      <form className="vp-dialog__form" noValidate onSubmit={submit}>
        <Paragraph id={noteId}>{t('admin.organisations.mergeNote', { name: organisation?.name ?? '' })}</Paragraph>
        <FormSelectField
          control={form.control}
          name="into"
          label={t('admin.organisations.mergeTarget')}
          required
          placeholder={t('invite.organisation.placeholder')}
          options={targets.map((o) => ({ value: o.id, label: o.name }))}
          messages={MERGE_MESSAGES}
        />
        {error && (
          <div role="alert" className="vp-dialog__error">
            <Paragraph>{error}</Paragraph>
          </div>
        )}
        <div className="vp-form__actions">
          <Button type="submit" appearance="primary-action-button" busy={merge.isPending}>
            {t('admin.organisations.merge')}
          </Button>
          <Button appearance="secondary-action-button" disabled={merge.isPending} onClick={() => finish(null)}>
            {t('app.cancel')}
          </Button>
        </div>
      </form>
    </Dialog>
  )
}
