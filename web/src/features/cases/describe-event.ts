import type { ActivityEvent, CaseRole, CommitmentState, Theme } from '@vp/shared'
import type { useIntl } from 'react-intl'
import type { MessageId } from '../../i18n/messages.ts'

type Intl = ReturnType<typeof useIntl>

/** What the activity log needs to name people and organisations that appear in payloads by id. */
export interface EventNames {
  person: (userId: unknown) => string | undefined
  organisation: (organisationId: unknown) => string | undefined
}

const PROFILE_LABELS: Record<string, MessageId> = {
  title: 'eventField.title',
  gemeente: 'eventField.gemeente',
  theme: 'eventField.theme',
  problemType: 'eventField.problemType',
  area: 'eventField.area',
  context: 'eventField.context',
  aanleiding: 'eventField.aanleiding',
  bestuurder: 'eventField.bestuurder',
}
const SEAT_LABELS: Record<string, MessageId> = {
  belang: 'eventField.belang',
  roleText: 'eventField.roleText',
  commitment: 'eventField.commitment',
  commitmentNote: 'eventField.commitmentNote',
}
const ROLES = new Set<string>(['projectleider', 'partner', 'waarnemer'])
const COMMITMENTS = new Set<string>(['pending', 'agreed', 'declined'])

const str = (value: unknown) => (typeof value === 'string' && value ? value : undefined)

/**
 * One Dutch (or English) sentence for an event, without its subject: the log shows who did it in
 * front ("Iris Brinkhorst (Gemeente Rivierstede)" + "heeft het dossier aangemaakt"). Unknown types,
 * e.g. from steps built later, get a generic sentence instead of an error.
 */
export function describeEvent(intl: Intl, event: ActivityEvent, names: EventNames): string {
  const t = (id: MessageId, values?: Record<string, string | number>) => intl.formatMessage({ id }, values)
  const p = event.payload ?? {}
  const role = (value: unknown) => (typeof value === 'string' && ROLES.has(value) ? t(`role.${value as CaseRole}`) : undefined)
  const organisation =
    names.organisation(p.organisationId) ?? event.actor?.organisation?.name ?? t('activity.unknownOrganisation')
  const fieldList = (labels: Record<string, MessageId>) =>
    intl.formatList(
      Object.keys(labels)
        .filter((k) => k in p)
        .map((k) => t(labels[k]!)),
    )

  switch (event.type) {
    case 'case.created':
      return t('event.case.created')
    case 'case.updated': {
      const fields = fieldList(PROFILE_LABELS)
      const theme = str(p.theme)
      if (theme && Object.keys(p).length === 1) return t('event.case.themeChanged', { theme: t(`theme.${theme as Theme}`) })
      return fields ? t('event.case.updated', { fields }) : t('event.case.updatedNoFields')
    }
    case 'case.closed':
      return t('event.case.closed')
    case 'case.reopened':
      return t('event.case.reopened')
    case 'case.handed_over':
      return t('event.case.handed_over', { name: names.person(p.toUserId) ?? t('activity.anotherMember') })
    case 'member.added': {
      const name = str(p.name) ?? names.person(p.userId) ?? t('activity.aPerson')
      const asRole = role(p.role) ?? t('activity.member')
      if (event.actor && p.userId === event.actor.userId) {
        return p.role === 'projectleider'
          ? t('event.member.addedSelfLead')
          : t('event.member.joined', { role: asRole, organisation })
      }
      return t('event.member.added', { name, role: asRole, organisation })
    }
    case 'member.updated': {
      const newRole = role(p.role)
      const name = names.person(p.userId) ?? t('activity.aPerson')
      if (newRole) return t('event.member.roleChanged', { name, role: newRole })
      const commitment = str(p.commitment)
      const fields = fieldList(SEAT_LABELS)
      if (commitment && COMMITMENTS.has(commitment) && Object.keys(SEAT_LABELS).filter((k) => k in p).length === 1) {
        return t('event.member.commitment', {
          organisation,
          commitment: t(`commitment.${commitment as CommitmentState}`),
        })
      }
      return t('event.member.updated', { organisation, fields: fields || t('eventField.belang') })
    }
    case 'member.removed':
      return t('event.member.removed', {
        name: names.person(p.userId) ?? t('activity.aPersonOf', { organisation }),
      })
    case 'invitation.created':
      return t('event.invitation.created', {
        email: str(p.email) ?? '',
        role: role(p.role) ?? t('activity.member'),
        organisation,
      })
    case 'invitation.resent':
      return t('event.invitation.resent', { email: str(p.email) ?? '' })
    case 'invitation.revoked':
      return t('event.invitation.revoked', { email: str(p.email) ?? '' })
    case 'invitation.accepted':
      return t('event.invitation.accepted')
    default:
      return t('event.unknown', { type: event.type })
  }
}
