import { Button, Heading2, Paragraph } from '@utrecht/component-library-react'
import type { PendingAccount } from '@vp/shared'
import { useRef, useState } from 'react'
import { useDecidePendingAccount, usePendingAccounts } from '../../api/admin.ts'
import { ConfirmDialog } from '../../components/confirm-dialog.tsx'
import { DataTable } from '../../components/data-table.tsx'
import { FormAlert, LoadError, useDescribeError } from '../../components/errors.tsx'
import { Loading } from '../../components/loading.tsx'
import { TextLink } from '../../components/router-links.tsx'
import { StatusRegion } from '../../components/status-region.tsx'
import { useT } from '../../components/use-t.ts'

/**
 * Accounts made through an invitation for an address outside the organisation's e-mail domains:
 * they cannot sign in until the admin approves them here.
 */
export function PendingAccountsSection() {
  const t = useT()
  const describeError = useDescribeError()
  const pending = usePendingAccounts()
  const decide = useDecidePendingAccount()
  const [status, setStatus] = useState<string | null>(null)
  const [rejecting, setRejecting] = useState<PendingAccount | null>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const items = pending.data?.items ?? []

  const run = (account: PendingAccount, decision: 'approve' | 'reject') => {
    setStatus(null)
    decide.mutate(
      { id: account.id, decision },
      {
        onSuccess: () => {
          setRejecting(null)
          setStatus(
            t(decision === 'approve' ? 'admin.pending.approved' : 'admin.pending.rejected', { name: account.name }),
          )
          // The row and its buttons are gone: keep focus in the section.
          requestAnimationFrame(() => headingRef.current?.focus())
        },
      },
    )
  }

  return (
    <section aria-labelledby="wachtende-accounts" className="vp-section">
      <Heading2 id="wachtende-accounts" ref={headingRef} tabIndex={-1}>
        {t('admin.pending.title')}
      </Heading2>
      <Paragraph>{t('admin.pending.intro')}</Paragraph>
      <StatusRegion>{status}</StatusRegion>
      {decide.error && !rejecting && <FormAlert>{describeError(decide.error)}</FormAlert>}
      {pending.isPending ? (
        <Loading />
      ) : pending.isError ? (
        <LoadError onRetry={() => void pending.refetch()} />
      ) : (
        <DataTable
          caption={t('admin.pending.caption', { count: items.length })}
          empty={t('admin.pending.none')}
          rows={items}
          rowKey={(a) => a.id}
          columns={[
            {
              key: 'person',
              header: t('admin.pending.person'),
              cell: (a) => (
                <>
                  {a.name}
                  <span className="vp-table__sub">{a.email}</span>
                </>
              ),
            },
            { key: 'organisation', header: t('admin.pending.organisation'), cell: (a) => a.organisation?.name ?? '–' },
            {
              key: 'case',
              header: t('admin.pending.case'),
              cell: (a) =>
                a.invitation ? (
                  <TextLink to={`/dossiers/${a.invitation.caseId}`}>{a.invitation.caseTitle}</TextLink>
                ) : (
                  '–'
                ),
            },
            {
              key: 'invitedBy',
              header: t('admin.pending.invitedBy'),
              cell: (a) =>
                a.invitation ? (
                  <>
                    {a.invitation.invitedBy.name}
                    <span className="vp-table__sub">{a.invitation.invitedBy.email}</span>
                  </>
                ) : (
                  '–'
                ),
            },
            {
              key: 'actions',
              header: t('invitations.actions'),
              cell: (a) => (
                <span className="vp-table__actions">
                  <Button
                    appearance="secondary-action-button"
                    busy={decide.isPending && decide.variables?.id === a.id}
                    onClick={() => run(a, 'approve')}
                  >
                    {t('admin.pending.approve')}
                    <span className="vp-visually-hidden"> ({a.name})</span>
                  </Button>
                  <Button
                    appearance="subtle-button"
                    onClick={() => {
                      decide.reset()
                      setRejecting(a)
                    }}
                  >
                    {t('admin.pending.reject')}
                    <span className="vp-visually-hidden"> ({a.name})</span>
                  </Button>
                </span>
              ),
            },
          ]}
        />
      )}
      <ConfirmDialog
        open={rejecting !== null}
        title={t('admin.pending.rejectTitle', { name: rejecting?.name ?? '' })}
        confirmLabel={t('admin.pending.reject')}
        busy={decide.isPending}
        error={decide.error ? describeError(decide.error) : null}
        onConfirm={() => rejecting && run(rejecting, 'reject')}
        onCancel={() => setRejecting(null)}
        returnFocus={() => headingRef.current}
      >
        <Paragraph>{t('admin.pending.rejectBody', { name: rejecting?.name ?? '' })}</Paragraph>
      </ConfirmDialog>
    </section>
  )
}
