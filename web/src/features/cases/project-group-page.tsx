import { Button, Heading3, Paragraph, StatusBadge } from '@utrecht/component-library-react'
import type { Case, CaseRole, Member, OrganisationRef } from '@vp/shared'
import { useEffect, useId, useRef, useState } from 'react'
import { useLocation } from 'react-router'
import { useHandover, useMembers, useRemoveMember, useUpdateMember } from '../../api/cases.ts'
import { ConfirmDialog } from '../../components/confirm-dialog.tsx'
import { FormAlert, LoadError, useDescribeError } from '../../components/errors.tsx'
import { SelectField } from '../../components/form.tsx'
import { Loading } from '../../components/loading.tsx'
import { SectionHeading } from '../../components/section-heading.tsx'
import { StatusRegion } from '../../components/status-region.tsx'
import { useFocusAfter } from '../../components/use-focus-after.ts'
import { useT } from '../../components/use-t.ts'
import { organisationAnchor, useCaseContext } from './case-layout.tsx'
import { InvitationsSection } from './invitations-section.tsx'
import { OutboxSection } from './outbox-section.tsx'
import { SeatForm } from './seat-form.tsx'
import { COMMITMENT_BADGE } from './status-badges.ts'

interface OrganisationGroup {
  organisation: OrganisationRef
  members: Member[]
}

/** Members grouped by organisation, in the server's order (projectleider first). */
function groupByOrganisation(members: Member[]): OrganisationGroup[] {
  const groups = new Map<string, OrganisationGroup>()
  for (const member of members) {
    const group = groups.get(member.organisation.id)
    if (group) group.members.push(member)
    else groups.set(member.organisation.id, { organisation: member.organisation, members: [member] })
  }
  return [...groups.values()]
}

/** Projectgroep: who takes part for which organisation, with belang, role and commitment; invitations. */
export function ProjectGroupPage() {
  const t = useT()
  const describeError = useDescribeError()
  const theCase = useCaseContext()
  const members = useMembers(theCase.id)
  const removeMember = useRemoveMember(theCase.id)
  const handover = useHandover(theCase.id)
  const [status, setStatus] = useState<string | null>(null)
  const [pending, setPending] = useState<PendingAction | null>(null)
  // After a removal or hand-over the button that opened the dialog is gone: focus goes to the heading.
  const doneRef = useRef(false)
  const returnFocus = () => (doneRef.current ? document.getElementById('projectgroep') : null)

  const ask = (action: PendingAction) => {
    removeMember.reset()
    handover.reset()
    doneRef.current = false
    setStatus(null)
    setPending(action)
  }

  const confirm = () => {
    if (!pending) return
    const { member } = pending
    const onSuccess = () => {
      doneRef.current = true
      setPending(null)
      setStatus(t(pending.kind === 'remove' ? 'member.removed' : 'member.handedOver', { name: member.name }))
    }
    if (pending.kind === 'remove') removeMember.mutate(member, { onSuccess })
    else handover.mutate(member.userId, { onSuccess })
  }

  const running = pending?.kind === 'remove' ? removeMember : handover

  return (
    <>
      <section aria-labelledby="projectgroep" className="vp-section">
        <SectionHeading id="projectgroep">{t('projectGroup.title')}</SectionHeading>
        <Paragraph>{t('projectGroup.intro')}</Paragraph>
        <StatusRegion>{status}</StatusRegion>
        {members.isPending ? (
          <Loading />
        ) : members.isError ? (
          <LoadError onRetry={() => void members.refetch()} />
        ) : (
          <div className="vp-org-list">
            {groupByOrganisation(members.data.items).map((group) => (
              <OrganisationCard
                key={group.organisation.id}
                theCase={theCase}
                group={group}
                onStatus={setStatus}
                onAsk={ask}
              />
            ))}
          </div>
        )}
        <ConfirmDialog
          open={pending !== null}
          title={
            pending
              ? t(pending.kind === 'remove' ? 'member.removeConfirm.title' : 'member.handoverConfirm.title', {
                  name: pending.member.name,
                })
              : ''
          }
          confirmLabel={t(pending?.kind === 'handover' ? 'member.handover' : 'member.remove')}
          busy={running.isPending}
          error={running.error ? describeError(running.error) : undefined}
          returnFocus={returnFocus}
          onConfirm={confirm}
          onCancel={() => setPending(null)}
        >
          {pending && (
            <Paragraph>
              {t(pending.kind === 'remove' ? 'member.removeConfirm.body' : 'member.handoverConfirm.body', {
                name: pending.member.name,
              })}
            </Paragraph>
          )}
        </ConfirmDialog>
      </section>
      {theCase.abilities.invite && <InvitationsSection theCase={theCase} />}
      {theCase.abilities.readOutbox && <OutboxSection caseId={theCase.id} />}
    </>
  )
}

interface PendingAction {
  kind: 'remove' | 'handover'
  member: Member
}

interface OrganisationCardProps {
  theCase: Case
  group: OrganisationGroup
  onStatus: (message: string | null) => void
  onAsk: (action: PendingAction) => void
}

function OrganisationCard({ theCase, group, onStatus, onAsk }: OrganisationCardProps) {
  const t = useT()
  const headingId = useId()
  const [editing, setEditing] = useState(false)
  const editButton = useFocusAfter<HTMLButtonElement>()
  const { organisation, members } = group
  const seat = members[0]!
  const anchor = organisationAnchor(organisation.id)
  const { hash } = useLocation()
  // Arrived from the welcome's link: bring this card into view, focus on its edit button.
  useEffect(() => {
    if (hash !== `#${anchor}`) return
    const frame = requestAnimationFrame(() => {
      document.getElementById(anchor)?.scrollIntoView({ block: 'start' })
      editButton.ref.current?.focus({ preventScroll: true })
    })
    return () => cancelAnimationFrame(frame)
  }, [hash, anchor, editButton.ref])
  const isOwn = organisation.id === theCase.me.organisation.id
  // Seat fields belong to the organisation; write through one of its seats, preferably our own.
  const target = members.find((m) => m.id === theCase.me.memberId) ?? seat
  // The server's abilities per seat decide; without them (an older server), the projectleider, and a
  // partner for its own organisation's seat.
  const canEdit =
    target.abilities?.update ?? (theCase.abilities.manageMembers || (isOwn && theCase.me.role !== 'waarnemer'))

  return (
    <section className="vp-card vp-org" id={anchor} aria-labelledby={headingId}>
      <div className="vp-org__header">
        <Heading3 id={headingId}>{organisation.name}</Heading3>
        <p className="vp-muted vp-org__type">
          {t(`orgType.${organisation.type}`)}
          {isOwn && ` · ${t('projectGroup.ownOrganisation')}`}
        </p>
      </div>
      {editing ? (
        <SeatForm
          caseId={theCase.id}
          organisation={organisation}
          member={target}
          onDone={(message) => {
            setEditing(false)
            onStatus(message)
            editButton.request()
          }}
        />
      ) : (
        <>
          <dl className="vp-seat">
            <div>
              <dt>{t('seat.belang')}</dt>
              <dd>{seat.belang || <span className="vp-muted">{t('case.notFilledIn')}</span>}</dd>
            </div>
            <div>
              <dt>{t('seat.roleText')}</dt>
              <dd>{seat.roleText || <span className="vp-muted">{t('case.notFilledIn')}</span>}</dd>
            </div>
            <div>
              <dt>{t('seat.commitment')}</dt>
              <dd>
                <StatusBadge status={COMMITMENT_BADGE[seat.commitment]}>
                  {t(`commitment.${seat.commitment}`)}
                </StatusBadge>
                {seat.commitmentNote && <span className="vp-seat__note"> {seat.commitmentNote}</span>}
              </dd>
            </div>
          </dl>
          {canEdit && (
            <div className="vp-form__actions">
              <Button
                ref={editButton.ref}
                appearance="secondary-action-button"
                onClick={() => {
                  onStatus(null)
                  setEditing(true)
                }}
              >
                {t('seat.edit')}
                <span className="vp-visually-hidden"> ({organisation.name})</span>
              </Button>
            </div>
          )}
        </>
      )}
      <ul className="vp-people" aria-label={t('projectGroup.peopleOf', { organisation: organisation.name })}>
        {members.map((member) => (
          <PersonRow key={member.id} theCase={theCase} member={member} onStatus={onStatus} onAsk={onAsk} />
        ))}
      </ul>
    </section>
  )
}

const ROLE_BADGE: Record<CaseRole, string> = { projectleider: 'active', partner: 'neutral', waarnemer: 'neutral' }

function PersonRow({
  theCase,
  member,
  onStatus,
  onAsk,
}: {
  theCase: Case
  member: Member
  onStatus: (message: string | null) => void
  onAsk: (action: PendingAction) => void
}) {
  const t = useT()
  const describeError = useDescribeError()
  const updateMember = useUpdateMember(theCase.id)
  const [mode, setMode] = useState<'view' | 'role'>('view')
  const [role, setRole] = useState<string>(member.role)
  const roleButton = useFocusAfter<HTMLButtonElement>()
  const isMe = member.id === theCase.me.memberId
  const isLead = member.role === 'projectleider'
  const canManage = !isLead && (member.abilities?.changeRole ?? theCase.abilities.manageMembers)
  const canRemove = !isLead && (member.abilities?.remove ?? theCase.abilities.manageMembers)
  const canHandover = theCase.abilities.handover && !isLead

  const saveRole = () => {
    if (role === member.role) {
      setMode('view')
      return
    }
    updateMember.mutate(
      { member, body: { role: role as Exclude<CaseRole, 'projectleider'> } },
      {
        onSuccess: () => {
          setMode('view')
          onStatus(t('member.roleSaved', { name: member.name, role: t(`role.${role as CaseRole}`) }))
          roleButton.request()
        },
      },
    )
  }

  return (
    <li className="vp-person">
      <div className="vp-person__who">
        <span className="vp-person__name">
          {member.name}
          {isMe && <span className="vp-muted"> ({t('projectGroup.you')})</span>}
        </span>
        <StatusBadge status={ROLE_BADGE[member.role]}>{t(`role.${member.role}`)}</StatusBadge>
        {member.approval === 'pending' && <StatusBadge status="warning">{t('approval.pending')}</StatusBadge>}
        <span className="vp-person__email vp-muted">{member.email}</span>
      </div>
      {mode === 'role' ? (
        <div className="vp-person__role-form">
          <SelectField
            name="role"
            label={t('member.roleOf', { name: member.name })}
            value={role}
            options={(['partner', 'waarnemer'] as const).map((r) => ({ value: r, label: t(`role.${r}`) }))}
            onChange={setRole}
          />
          {updateMember.error && <FormAlert>{describeError(updateMember.error)}</FormAlert>}
          <div className="vp-form__actions">
            <Button appearance="primary-action-button" busy={updateMember.isPending} onClick={saveRole}>
              {t('app.save')}
            </Button>
            <Button
              appearance="secondary-action-button"
              onClick={() => {
                updateMember.reset()
                setMode('view')
                roleButton.request()
              }}
            >
              {t('app.cancel')}
            </Button>
          </div>
        </div>
      ) : (
        (canManage || canRemove || canHandover) && (
          <div className="vp-person__actions">
            {canManage && (
              <Button
                ref={roleButton.ref}
                appearance="subtle-button"
                onClick={() => {
                  setRole(member.role)
                  onStatus(null)
                  setMode('role')
                }}
              >
                {t('member.changeRole')}
                <span className="vp-visually-hidden"> ({member.name})</span>
              </Button>
            )}
            {canHandover && (
              <Button appearance="subtle-button" onClick={() => onAsk({ kind: 'handover', member })}>
                {t('member.handover')}
                <span className="vp-visually-hidden"> ({member.name})</span>
              </Button>
            )}
            {canRemove && (
              <Button
                appearance="subtle-button"
                className="vp-button--danger"
                onClick={() => onAsk({ kind: 'remove', member })}
              >
                {t('member.remove')}
                <span className="vp-visually-hidden"> ({member.name})</span>
              </Button>
            )}
          </div>
        )
      )}
    </li>
  )
}
