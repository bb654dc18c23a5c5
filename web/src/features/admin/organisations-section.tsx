import { Button, FormFieldTextbox, Heading2, Heading3, Paragraph } from '@utrecht/component-library-react'
import type { Organisation, OrganisationType } from '@vp/shared'
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react'
import { useAdminOrganisations, useCreateOrganisation, useUpdateOrganisation } from '../../api/admin.ts'
import { ApiError } from '../../api/client.ts'
import { DataTable } from '../../components/data-table.tsx'
import { FormAlert, LoadError, serverFieldError, useDescribeError } from '../../components/errors.tsx'
import { focusField, inputValue, SelectField } from '../../components/form.tsx'
import { Loading } from '../../components/loading.tsx'
import { Notice } from '../../components/notice.tsx'
import { ORGANISATION_TYPE_OPTIONS } from '../../components/organisation-types.ts'
import { StatusRegion } from '../../components/status-region.tsx'
import { useT } from '../../components/use-t.ts'

export function OrganisationsSection() {
  const t = useT()
  const organisations = useAdminOrganisations()
  const [editing, setEditing] = useState<Organisation | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const items = organisations.data?.pages.flatMap((p) => p.items) ?? []
  const openerRef = useRef<HTMLButtonElement | null>(null)

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
            { key: 'name', header: t('admin.organisations.name'), cell: (org) => org.name },
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
              cell: (org) => (
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
              ),
            },
          ]}
        />
      )}
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
    </section>
  )
}

const FIELDS = ['name', 'type', 'emailDomains'] as const

/** "politie.nl, Politie.NL oost.politie.nl" → the list the server checks (it lower-cases and dedupes). */
const domainList = (text: string) => text.split(/[\s,;]+/).filter(Boolean)
type Field = (typeof FIELDS)[number]

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
  const empty = {
    name: organisation?.name ?? '',
    type: organisation?.type ?? 'gemeente',
    emailDomains: organisation?.emailDomains.join(', ') ?? '',
  }
  const [values, setValues] = useState<Record<Field, string>>(empty)
  const [version, setVersion] = useState(organisation?.version ?? 0)
  const [theirs, setTheirs] = useState<Organisation | null>(null)
  const [errors, setErrors] = useState<Partial<Record<Field, ReactNode>>>({})
  const formRef = useRef<HTMLFormElement>(null)
  const headingId = useId()
  const alertId = useId()

  // Opened from a row's "Wijzigen": take the user straight to the form.
  useEffect(() => {
    if (organisation) focusField(formRef.current, 'name')
  }, [organisation])

  const change = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }))
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }))
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (mutation.isPending) return
    if (!values.name.trim()) {
      mutation.reset()
      setErrors({ name: t('admin.organisations.nameRequired') })
      focusField(formRef.current, 'name')
      return
    }
    const body = {
      name: values.name.trim(),
      type: values.type as OrganisationType,
      emailDomains: domainList(values.emailDomains),
    }
    const onError = (err: Error) => {
      const current = err instanceof ApiError ? err.current<Organisation>() : undefined
      if (current) {
        setTheirs(current)
        setVersion(current.version)
        mutation.reset()
        return
      }
      const found = {
        name: serverFieldError(err, 'name'),
        type: serverFieldError(err, 'type'),
        emailDomains: domainError(err, domainList(values.emailDomains)),
      }
      setErrors(found)
      const first = FIELDS.find((f) => found[f])
      if (first) focusField(formRef.current, first)
    }
    if (organisation) {
      update.mutate(
        { id: organisation.id, version, body },
        { onSuccess: (saved) => onDone(t('admin.organisations.saved', { name: saved.name })), onError },
      )
    } else {
      create.mutate(body, {
        onSuccess: (created) => {
          setValues({ name: '', type: 'gemeente', emailDomains: '' })
          onDone(t('admin.organisations.created', { name: created.name }))
        },
        onError,
      })
    }
  }

  const formError = mutation.error ? describeError(mutation.error, FIELDS) : null

  return (
    <form
      ref={formRef}
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
      <FormFieldTextbox
        name="name"
        label={t('admin.organisations.nameLabel')}
        required
        value={values.name}
        onChange={(e) => change('name', inputValue(e))}
        invalid={Boolean(errors.name)}
        errorMessage={errors.name}
      />
      <SelectField
        name="type"
        label={t('admin.organisations.typeLabel')}
        value={values.type}
        options={ORGANISATION_TYPE_OPTIONS.map((type) => ({ value: type, label: t(`orgType.${type}`) }))}
        onChange={(value) => change('type', value)}
        errorMessage={errors.type}
      />
      <FormFieldTextbox
        name="emailDomains"
        label={t('admin.organisations.domainsLabel')}
        description={t('admin.organisations.domainsDescription')}
        value={values.emailDomains}
        onChange={(e) => change('emailDomains', inputValue(e))}
        invalid={Boolean(errors.emailDomains)}
        errorMessage={errors.emailDomains}
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
function domainError(err: Error, domains: string[]): ReactNode | undefined {
  if (!(err instanceof ApiError)) return undefined
  const field = err.fields.find((f) => f.path === 'body.emailDomains' || f.path.startsWith('body.emailDomains.'))
  if (!field) return undefined
  const index = Number(field.path.split('.')[2])
  const domain = Number.isInteger(index) ? domains[index] : undefined
  return domain ? `${domain}: ${field.message}` : field.message
}
