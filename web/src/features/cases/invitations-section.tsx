import { Button, Heading2, Heading3, Paragraph, StatusBadge } from '@utrecht/component-library-react'
import {
  type Case,
  CreateInvitationBodySchema,
  type Invitation,
  type OrganisationRef,
  ProposeOrganisationBodySchema,
} from '@vp/shared'
import { ORGANISATION_TYPES } from '@vp/shared/constants'
import { type ReactNode, useId, useRef, useState } from 'react'
import {
  type InvitationWithLink,
  useCreateInvitation,
  useInvitations,
  useResendInvitation,
  useRevokeInvitation,
} from '../../api/cases.ts'
import { ApiError } from '../../api/client.ts'
import { useInvitableOrganisations, useProposeOrganisation } from '../../api/invitations.ts'
import { ConfirmDialog } from '../../components/confirm-dialog.tsx'
import { CopyLink } from '../../components/copy-link.tsx'
import { DataTable } from '../../components/data-table.tsx'
import { useDates } from '../../components/dates.ts'
import { Dialog } from '../../components/dialog.tsx'
import { FormAlert, LoadError, useDescribeError } from '../../components/errors.tsx'
import {
  type FieldMessages,
  FormRadioGroupField,
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

const INVITATION_BADGE: Record<Invitation['state'], string> = {
  pending: 'warning',
  accepted: 'success',
  expired: 'inactive',
  revoked: 'danger',
}

/** Invitations of the case (projectleider): invite, see what happened, resend or revoke. */
export function InvitationsSection({ theCase }: { theCase: Case }) {
  const t = useT()
  const dates = useDates()
  const describeError = useDescribeError()
  const invitations = useInvitations(theCase.id)
  const resend = useResendInvitation(theCase.id)
  const revoke = useRevokeInvitation(theCase.id)
  const [issued, setIssued] = useState<InvitationWithLink | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [revoking, setRevoking] = useState<Invitation | null>(null)
  const issuedBox = useFocusAfter<HTMLDivElement>()

  const showIssued = (result: InvitationWithLink) => {
    setIssued(result)
    setStatus(
      result.link
        ? t('invitations.created.notSent', { email: result.invitation.email })
        : result.invitation.delivery === 'queued'
          ? t('invitations.created.queued', { email: result.invitation.email })
          : t('invitations.created.sent', { email: result.invitation.email }),
    )
    issuedBox.request()
  }

  const items = invitations.data?.items ?? []

  return (
    <section aria-labelledby="uitnodigingen" className="vp-section">
      <Heading2 id="uitnodigingen">{t('invitations.title')}</Heading2>
      <StatusRegion>{status}</StatusRegion>
      {issued?.link && (
        <div ref={issuedBox.ref} tabIndex={-1} className="vp-issued">
          <Notice>
            <Paragraph>
              <strong>{t('invitations.link.title', { email: issued.invitation.email })}</strong>
            </Paragraph>
            <Paragraph>
              {t(issued.invitation.delivery === 'failed' ? 'invitations.link.noteFailed' : 'invitations.link.note', {
                date: dates.dateTime(issued.invitation.expiresAt),
              })}
            </Paragraph>
            <CopyLink link={issued.link} label={t('invitations.link.label', { email: issued.invitation.email })} />
          </Notice>
        </div>
      )}
      <InviteForm theCase={theCase} onCreated={showIssued} />
      {(resend.error || revoke.error) && !revoking && (
        <FormAlert>{describeError(resend.error ?? revoke.error)}</FormAlert>
      )}
      {invitations.isPending ? (
        <Loading />
      ) : invitations.isError ? (
        <LoadError onRetry={() => void invitations.refetch()} />
      ) : (
        <DataTable
          caption={t('invitations.tableCaption')}
          empty={t('invitations.none')}
          rows={items}
          rowKey={(inv) => inv.id}
          columns={[
            { key: 'email', header: t('invitations.email'), cell: (inv) => inv.email },
            { key: 'organisation', header: t('invitations.organisation'), cell: (inv) => inv.organisation.name },
            { key: 'role', header: t('invitations.role'), cell: (inv) => t(`role.${inv.role}`) },
            {
              key: 'state',
              header: t('invitations.state'),
              cell: (inv) => (
                <>
                  <StatusBadge status={INVITATION_BADGE[inv.state]}>{t(`invitationState.${inv.state}`)}</StatusBadge>
                  {inv.approval === 'pending' && <StatusBadge status="warning">{t('approval.pending')}</StatusBadge>}
                  <span className="vp-table__sub">{invitationDate(t, dates, inv)}</span>
                </>
              ),
            },
            {
              key: 'delivery',
              header: t('invitations.delivery'),
              cell: (inv) => (
                <>
                  {t(`delivery.${inv.delivery}`)}
                  {inv.sendCount > 1 && (
                    <span className="vp-table__sub">{t('invitations.sendCount', { count: inv.sendCount })}</span>
                  )}
                </>
              ),
            },
            {
              key: 'actions',
              header: t('invitations.actions'),
              cell: (inv) =>
                inv.state === 'pending' || inv.state === 'expired' ? (
                  <span className="vp-table__actions">
                    <Button
                      appearance="subtle-button"
                      busy={resend.isPending && resend.variables === inv.id}
                      onClick={() => {
                        revoke.reset()
                        setStatus(null)
                        resend.mutate(inv.id, { onSuccess: showIssued })
                      }}
                    >
                      {t('invitations.resend')}
                      <span className="vp-visually-hidden"> ({inv.email})</span>
                    </Button>
                    <Button
                      appearance="subtle-button"
                      className="vp-button--danger"
                      onClick={() => {
                        resend.reset()
                        revoke.reset()
                        setStatus(null)
                        setRevoking(inv)
                      }}
                    >
                      {t('invitations.revoke')}
                      <span className="vp-visually-hidden"> ({inv.email})</span>
                    </Button>
                  </span>
                ) : (
                  <span className="vp-muted">–</span>
                ),
            },
          ]}
        />
      )}
      <ConfirmDialog
        open={revoking !== null}
        title={t('invitations.revokeConfirm.title')}
        confirmLabel={t('invitations.revoke')}
        busy={revoke.isPending}
        error={revoke.error ? describeError(revoke.error) : undefined}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              setStatus(t('invitations.revoked', { email: revoking.email }))
              setRevoking(null)
            },
          })
        }
        onCancel={() => setRevoking(null)}
      >
        {revoking && <Paragraph>{t('invitations.revokeConfirm.body', { email: revoking.email })}</Paragraph>}
      </ConfirmDialog>
    </section>
  )
}

function invitationDate(t: ReturnType<typeof useT>, dates: ReturnType<typeof useDates>, inv: Invitation): ReactNode {
  if (inv.state === 'accepted' && inv.acceptedAt)
    return t('invitations.acceptedAt', { date: dates.date(inv.acceptedAt) })
  if (inv.state === 'revoked' && inv.revokedAt) return t('invitations.revokedAt', { date: dates.date(inv.revokedAt) })
  if (inv.state === 'expired') return t('invitations.expiredAt', { date: dates.date(inv.expiresAt) })
  return t('invitations.validUntil', { date: dates.dateTime(inv.expiresAt) })
}

const INVITE_FIELDS = ['email', 'organisationId', 'role', 'message'] as const
const EMPTY = { email: '', organisationId: '', role: 'partner' as const, message: '' }
const EMAIL_MESSAGES: FieldMessages = { required: 'invite.emailRequired', invalid: 'login.emailInvalid' }
const ORGANISATION_MESSAGES: FieldMessages = { invalid: 'invite.organisationRequired' }

function InviteForm({ theCase, onCreated }: { theCase: Case; onCreated: (result: InvitationWithLink) => void }) {
  const t = useT()
  const describeError = useDescribeError()
  const organisations = useInvitableOrganisations(theCase.id)
  const create = useCreateInvitation(theCase.id)
  const form = useZodForm(CreateInvitationBodySchema, EMPTY)
  const [adding, setAdding] = useState(false)
  const [added, setAdded] = useState<string | null>(null)
  const formRef = useRef<HTMLFormElement>(null)
  const headingId = useId()
  const alertId = useId()

  const submit = form.handleSubmit(
    (body) => {
      if (create.isPending) return
      create.mutate(
        { ...body, message: body.message?.trim() || null },
        {
          onSuccess: (result) => {
            form.reset(EMPTY)
            setAdded(null)
            onCreated(result)
          },
          onError: (err) => showServerErrors(form, err, INVITE_FIELDS),
        },
      )
    },
    () => create.reset(),
  )

  const pick = (org: OrganisationRef, isNew: boolean) => {
    form.setValue('organisationId', org.id, { shouldValidate: true, shouldDirty: true })
    setAdded(t(isNew ? 'invite.addOrganisation.added' : 'invite.addOrganisation.picked', { name: org.name }))
    setAdding(false)
  }

  const formError = create.error ? describeError(create.error, INVITE_FIELDS) : null
  const items = organisations.data?.items ?? []

  return (
    <>
      <form
        ref={formRef}
        className="vp-form"
        noValidate
        onSubmit={submit}
        aria-labelledby={headingId}
        aria-describedby={formError ? alertId : undefined}
      >
        <Heading3 id={headingId}>{t('invite.title')}</Heading3>
        <Paragraph className="vp-muted">
          {t(theCase.problemType === 'acuut' ? 'invite.intro.acuut' : 'invite.intro')}
        </Paragraph>
        {formError && <FormAlert id={alertId}>{formError}</FormAlert>}
        <FormTextField
          control={form.control}
          name="email"
          type="email"
          autoComplete="off"
          label={t('invite.email')}
          required
          messages={EMAIL_MESSAGES}
        />
        {organisations.isError ? (
          <LoadError onRetry={() => void organisations.refetch()} />
        ) : (
          <FormSelectField
            control={form.control}
            name="organisationId"
            label={t('invite.organisation')}
            description={t('invite.organisation.description')}
            required
            placeholder={organisations.isPending ? t('app.loading') : t('invite.organisation.placeholder')}
            options={items.map((o) => ({
              value: o.id,
              label: o.confirmed ? o.name : t('invite.organisation.unconfirmed', { name: o.name }),
            }))}
            messages={ORGANISATION_MESSAGES}
          />
        )}
        <div>
          <Button type="button" appearance="subtle-button" onClick={() => setAdding(true)}>
            {t('invite.addOrganisation')}
          </Button>
        </div>
        <StatusRegion>{added}</StatusRegion>
        <FormRadioGroupField
          control={form.control}
          name="role"
          legend={t('invite.role')}
          options={(['partner', 'waarnemer'] as const).map((role) => ({
            value: role,
            label: t(`role.${role}`),
            description: t(`role.${role}.description`),
          }))}
        />
        <FormTextField
          control={form.control}
          name="message"
          label={t('invite.message')}
          description={t('invite.message.description')}
          rows={3}
        />
        <div className="vp-form__actions">
          <Button type="submit" appearance="primary-action-button" busy={create.isPending}>
            {t('invite.submit')}
          </Button>
        </div>
      </form>
      <AddOrganisationDialog
        open={adding}
        caseId={theCase.id}
        onCancel={() => setAdding(false)}
        onPicked={pick}
        // Back to the list, which now shows the organisation chosen.
        returnFocus={() => formRef.current?.querySelector<HTMLElement>('select[name="organisationId"]') ?? null}
      />
    </>
  )
}

const PROPOSE_FIELDS = ['name', 'type'] as const
const PROPOSE_EMPTY = { name: '', type: 'overig' as const }
const PROPOSE_NAME_MESSAGES: FieldMessages = { invalid: 'admin.organisations.nameRequired' }

/**
 * "Organisatie staat er niet bij? Voeg toe": name and type of an organisation that is not listed.
 * It is usable at once in this case and chosen in the invite form; the administrator confirms it
 * later. A name that exists offers that organisation instead.
 */
function AddOrganisationDialog(props: {
  open: boolean
  caseId: string
  onCancel: () => void
  onPicked: (org: OrganisationRef, isNew: boolean) => void
  returnFocus: () => HTMLElement | null
}) {
  const t = useT()
  const describeError = useDescribeError()
  const propose = useProposeOrganisation(props.caseId)
  const form = useZodForm(ProposeOrganisationBodySchema, PROPOSE_EMPTY)
  const [existing, setExisting] = useState<OrganisationRef | null>(null)
  const noteId = useId()

  const close = () => {
    form.reset(PROPOSE_EMPTY)
    propose.reset()
    setExisting(null)
  }

  const submit = form.handleSubmit(
    (body) => {
      if (propose.isPending) return
      setExisting(null)
      propose.mutate(body, {
        onSuccess: (org) => {
          close()
          props.onPicked(org, true)
        },
        onError: (err) => {
          if (err instanceof ApiError && err.status === 409) {
            setExisting((err.extra.existing as OrganisationRef | undefined) ?? null)
          }
          showServerErrors(form, err, PROPOSE_FIELDS)
        },
      })
    },
    () => propose.reset(),
  )

  const conflictShown = propose.error instanceof ApiError && propose.error.status === 409
  const error = propose.error && !conflictShown ? describeError(propose.error, PROPOSE_FIELDS) : null

  return (
    <Dialog
      open={props.open}
      title={t('invite.addOrganisation.title')}
      busy={propose.isPending}
      describedBy={noteId}
      returnFocus={props.returnFocus}
      onCancel={() => {
        close()
        props.onCancel()
      }}
    >
      <form className="vp-dialog__form" noValidate onSubmit={submit}>
        <Paragraph id={noteId}>{t('invite.addOrganisation.note')}</Paragraph>
        <FormTextField
          control={form.control}
          name="name"
          label={t('admin.organisations.nameLabel')}
          required
          messages={PROPOSE_NAME_MESSAGES}
        />
        {existing && (
          <div>
            <Button
              type="button"
              appearance="secondary-action-button"
              onClick={() => {
                const org = existing
                close()
                props.onPicked(org, false)
              }}
            >
              {t('invite.addOrganisation.pickExisting', { name: existing.name })}
            </Button>
          </div>
        )}
        <FormSelectField
          control={form.control}
          name="type"
          label={t('admin.organisations.typeLabel')}
          options={ORGANISATION_TYPES.map((type) => ({ value: type, label: t(`orgType.${type}`) }))}
        />
        {error && (
          <div role="alert" className="vp-dialog__error">
            <Paragraph>{error}</Paragraph>
          </div>
        )}
        <div className="vp-form__actions">
          <Button type="submit" appearance="primary-action-button" busy={propose.isPending}>
            {t('invite.addOrganisation.submit')}
          </Button>
          <Button
            appearance="secondary-action-button"
            disabled={propose.isPending}
            onClick={() => {
              close()
              props.onCancel()
            }}
          >
            {t('app.cancel')}
          </Button>
        </div>
      </form>
    </Dialog>
  )
}
