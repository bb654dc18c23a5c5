import {
  Button,
  FormFieldTextarea,
  FormFieldTextbox,
  Heading2,
  Heading3,
  Paragraph,
  StatusBadge,
} from '@utrecht/component-library-react'
import type { Case, Invitation } from '@vp/shared'
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react'
import {
  type InvitationWithLink,
  useCreateInvitation,
  useInvitations,
  useOrganisations,
  useResendInvitation,
  useRevokeInvitation,
} from '../../api/cases.ts'
import { ConfirmDialog } from '../../components/confirm-dialog.tsx'
import { CopyLink } from '../../components/copy-link.tsx'
import { DataTable } from '../../components/data-table.tsx'
import { useDates } from '../../components/dates.ts'
import { FormAlert, LoadError, serverFieldError, useDescribeError } from '../../components/errors.tsx'
import { focusField, inputValue, RadioGroupField, SelectField } from '../../components/form.tsx'
import { Loading } from '../../components/loading.tsx'
import { Notice } from '../../components/notice.tsx'
import { StatusRegion } from '../../components/status-region.tsx'
import { useFocusAfter } from '../../components/use-focus-after.ts'
import { useT } from '../../components/use-t.ts'

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
  const invitations = useInvitations(theCase.id, true)
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
type InviteField = (typeof INVITE_FIELDS)[number]
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

function InviteForm({ theCase, onCreated }: { theCase: Case; onCreated: (result: InvitationWithLink) => void }) {
  const t = useT()
  const describeError = useDescribeError()
  const organisations = useOrganisations()
  const create = useCreateInvitation(theCase.id)
  const empty = { email: '', organisationId: '', role: 'partner', message: '' }
  const [values, setValues] = useState<Record<InviteField, string>>(empty)
  const [errors, setErrors] = useState<Partial<Record<InviteField, ReactNode>>>({})
  const formRef = useRef<HTMLFormElement>(null)
  const headingId = useId()
  const alertId = useId()

  const change = (field: InviteField, value: string) => {
    setValues((v) => ({ ...v, [field]: value }))
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }))
  }
  const showErrors = (found: Partial<Record<InviteField, ReactNode>>) => {
    setErrors(found)
    const first = INVITE_FIELDS.find((f) => found[f])
    if (first) focusField(formRef.current, first)
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (create.isPending) return
    const local: Partial<Record<InviteField, ReactNode>> = {}
    if (!values.email.trim()) local.email = t('invite.emailRequired')
    else if (!EMAIL.test(values.email.trim())) local.email = t('login.emailInvalid')
    if (!values.organisationId) local.organisationId = t('invite.organisationRequired')
    if (Object.keys(local).length > 0) {
      create.reset()
      showErrors(local)
      return
    }
    create.mutate(
      {
        email: values.email.trim(),
        organisationId: values.organisationId,
        role: values.role as 'partner' | 'waarnemer',
        message: values.message.trim() || null,
      },
      {
        onSuccess: (result) => {
          setValues(empty)
          setErrors({})
          onCreated(result)
        },
        onError: (err) => showErrors(Object.fromEntries(INVITE_FIELDS.map((f) => [f, serverFieldError(err, f)]))),
      },
    )
  }

  const formError = create.error ? describeError(create.error, INVITE_FIELDS) : null

  return (
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
      <FormFieldTextbox
        name="email"
        type="email"
        autoComplete="off"
        label={t('invite.email')}
        required
        value={values.email}
        onChange={(e) => change('email', inputValue(e))}
        invalid={Boolean(errors.email)}
        errorMessage={errors.email}
      />
      {organisations.isError ? (
        <LoadError onRetry={() => void organisations.refetch()} />
      ) : (
        <SelectField
          name="organisationId"
          label={t('invite.organisation')}
          description={t('invite.organisation.description')}
          required
          value={values.organisationId}
          placeholder={organisations.isPending ? t('app.loading') : t('invite.organisation.placeholder')}
          options={(organisations.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
          onChange={(value) => change('organisationId', value)}
          errorMessage={errors.organisationId}
        />
      )}
      <RadioGroupField
        name="role"
        legend={t('invite.role')}
        value={values.role}
        options={(['partner', 'waarnemer'] as const).map((role) => ({
          value: role,
          label: t(`role.${role}`),
          description: t(`role.${role}.description`),
        }))}
        onChange={(value) => change('role', value)}
        errorMessage={errors.role}
      />
      <FormFieldTextarea
        name="message"
        label={t('invite.message')}
        description={t('invite.message.description')}
        rows={3}
        value={values.message}
        onChange={(e) => change('message', (e.target as HTMLTextAreaElement).value)}
        invalid={Boolean(errors.message)}
        errorMessage={errors.message}
      />
      <div className="vp-form__actions">
        <Button type="submit" appearance="primary-action-button" busy={create.isPending}>
          {t('invite.submit')}
        </Button>
      </div>
    </form>
  )
}
