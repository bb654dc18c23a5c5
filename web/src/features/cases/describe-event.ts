import type { ActivityEvent, Theme } from '@vp/shared'
import { CALENDAR_TIME_ZONE, CASE_ROLES, COMMITMENT_STATES, ITEM_KINDS, POSITIONS } from '@vp/shared/constants'
import type { useIntl } from 'react-intl'
import type { MessageId } from '../../i18n/messages.ts'

type Intl = ReturnType<typeof useIntl>

/** What the activity log needs to name people, organisations and items that appear in payloads by id. */
export interface EventNames {
  person: (userId: unknown) => string | undefined
  organisation: (organisationId: unknown) => string | undefined
  /** Kind and title of an item or a document, from the events loaded so far (its creation or a later change). */
  item: (itemId: string | null) => { kind: string; title: string } | undefined
}

/** Whether a payload's string is one of a contract's slugs (payloads are not parsed here). */
const isOneOf = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value)

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

const str = (value: unknown) => (typeof value === 'string' && value ? value : undefined)

/**
 * One Dutch (or English) sentence for an event, without its subject: the log shows who did it in
 * front ("Iris Brinkhorst (Gemeente Rivierstede)" + "heeft het dossier aangemaakt"). Unknown types,
 * e.g. from steps built later, get a generic sentence instead of an error.
 */
export function describeEvent(intl: Intl, event: ActivityEvent, names: EventNames): string {
  const t = (id: MessageId, values?: Record<string, string | number>) => intl.formatMessage({ id }, values)
  const p = event.payload ?? {}
  const role = (value: unknown) =>
    typeof value === 'string' && isOneOf(CASE_ROLES, value) ? t(`role.${value}`) : undefined
  const organisation =
    names.organisation(p.organisationId) ?? event.actor?.organisation?.name ?? t('activity.unknownOrganisation')
  const orgNames = (ids: unknown[]) => ids.map((id) => names.organisation(id) ?? t('activity.unknownOrganisation'))
  const fieldList = (labels: Record<string, MessageId>) =>
    intl.formatList(
      Object.keys(labels)
        .filter((k) => k in p)
        .map((k) => t(labels[k]!)),
    )

  const step = () => {
    const n = event.step
    return n && n >= 1 && n <= 6
      ? t('event.stepName', { n, name: t(`step.${n as 1 | 2 | 3 | 4 | 5 | 6}`) })
      : t('event.aStep')
  }
  // "het signaal “168 meldingen…”", or without a known title "een deelprobleem".
  const item = (fallback: MessageId) => {
    const known = names.item(event.entityId)
    const kind = str(p.kind) ?? known?.kind
    const title = str(p.title) ?? known?.title
    if (kind && isOneOf(ITEM_KINDS, kind)) {
      const what = t(`itemKind.${kind}`)
      return title ? t('event.itemWithTitle', { what, title }) : what
    }
    return t(fallback)
  }

  // "het document ‘Wijkscan’": an event carries the title when it sets it (its visibility follows the
  // document); a read mark or a download is named from the document's other events loaded so far.
  const documentName = () => {
    const title = str(p.title) ?? names.item(event.entityId)?.title ?? str(p.fileName)
    return title ? t('event.document.withTitle', { title }) : t('event.document.aDocument')
  }

  switch (event.type) {
    case 'step.opened':
      return t('event.step.opened', { step: step() })
    case 'step.closed': {
      // Recorded since closing names who was not done; older events have no list.
      if (!Array.isArray(p.notDone)) return t('event.step.closed', { step: step() })
      const notDone = orgNames(p.notDone)
      const sentence = notDone.length
        ? t('event.step.closedNotDone', { step: step(), organisations: intl.formatList(notDone) })
        : t('event.step.closedAllDone', { step: step() })
      const open = Array.isArray(p.openCommitments) ? (p.openCommitments as unknown[]) : []
      if (open.length === 0) return sentence
      // An action is named only when this reader can see it (known from the events it may read, so
      // only when its creation or a change is loaded); otherwise "een actie".
      const list = open.map((c) => {
        const { actionId, organisationId } = (c ?? {}) as { actionId?: unknown; organisationId?: unknown }
        const action = typeof actionId === 'string' ? names.item(actionId)?.title : undefined
        return t('event.step.commitmentOf', {
          organisation: names.organisation(organisationId) ?? t('activity.unknownOrganisation'),
          action: action ? `“${action}”` : t('event.step.anAction'),
        })
      })
      return `${sentence} ${t('event.step.closedOpenCommitments', { count: open.length, list: intl.formatList(list) })}`
    }
    case 'step.reopened': {
      const head = str(p.reason)
        ? t('event.step.reopenedBecause', { step: step(), reason: str(p.reason)! })
        : t('event.step.reopened', { step: step() })
      // Since reopening takes a deadline and a choice about the done marks, the event says both.
      if (!('deadline' in p)) return head
      const deadline = str(p.deadline)
      const parts = [
        deadline
          ? t('event.step.reopenedDeadline', {
              date: intl.formatDate(deadline, { dateStyle: 'long', timeStyle: 'short', timeZone: CALENDAR_TIME_ZONE }),
            })
          : t('event.step.reopenedNoDeadline'),
      ]
      const cleared = Array.isArray(p.clearedDone) ? orgNames(p.clearedDone) : []
      if (cleared.length > 0) {
        parts.push(t('event.step.reopenedCleared', { count: cleared.length, organisations: intl.formatList(cleared) }))
      } else if (p.keepDone === true) parts.push(t('event.step.reopenedKept'))
      return [head.endsWith('.') ? head : `${head}.`, ...parts].join(' ')
    }
    case 'step.deadline_set': {
      const deadline = str(p.deadline)
      return deadline
        ? t('event.step.deadlineSet', {
            step: step(),
            date: intl.formatDate(deadline, { dateStyle: 'long', timeStyle: 'short', timeZone: CALENDAR_TIME_ZONE }),
          })
        : t('event.step.deadlineCleared', { step: step() })
    }
    case 'step.done_marked':
      return t('event.step.doneMarked', { step: step(), organisation })
    case 'step.done_cleared':
      return t('event.step.doneCleared', { step: step(), organisation })
    case 'item.created':
      return t('event.item.created', { what: item('event.anItem') })
    case 'item.updated':
      return t('event.item.updated', { what: item('event.anItem') })
    case 'item.deleted':
      return t('event.item.deleted', { what: item('event.anItem') })
    case 'item.rated':
      return t('event.item.rated', { what: item('event.aSubproblem'), score: Number(p.score) || 0 })
    case 'item.position_set': {
      const position = str(p.position)
      return position && isOneOf(POSITIONS, position)
        ? t('event.item.positionSet', { what: item('event.anItem'), position: t(`position.${position}`) })
        : t('event.item.positionSetNoValue', { what: item('event.anItem') })
    }
    case 'item.commitment_set':
      return p.status === 'declined'
        ? t('event.item.declined', { what: item('event.anAction') })
        : t('event.item.accepted', { what: item('event.anAction') })
    case 'comment.added':
      return t('event.comment.added', { what: item('event.anItem') })
    case 'document.added':
      return t('event.document.added', { what: documentName() })
    case 'document.version_added':
      return t('event.document.versionAdded', { what: documentName(), n: Number(p.versionNumber) || 2 })
    case 'document.changed':
      return t('event.document.changed', { what: documentName() })
    case 'document.deleted':
      return t('event.document.deleted', { what: documentName() })
    case 'document.acknowledged':
      return t('event.document.acknowledged', { what: documentName() })
    case 'document.downloaded':
      return t('event.document.downloaded', { what: documentName() })
    case 'summary.exported': {
      const format = t(p.format === 'docx' ? 'event.summary.format.docx' : 'event.summary.format.pdf')
      return t(p.variant === 'raad' ? 'event.summary.exportedRaad' : 'event.summary.exported', { format })
    }
    case 'case.created':
      return t('event.case.created')
    case 'case.updated': {
      const fields = fieldList(PROFILE_LABELS)
      const theme = str(p.theme)
      if (theme && Object.keys(p).length === 1)
        return t('event.case.themeChanged', { theme: t(`theme.${theme as Theme}`) })
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
      if (
        commitment &&
        isOneOf(COMMITMENT_STATES, commitment) &&
        Object.keys(SEAT_LABELS).filter((k) => k in p).length === 1
      ) {
        return t('event.member.commitment', {
          organisation,
          commitment: t(`commitment.${commitment}`),
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
      return t(p.approval === 'pending' ? 'event.invitation.acceptedPending' : 'event.invitation.accepted')
    case 'account.approved':
      return t('event.account.approved', { name: str(p.name) ?? t('activity.aPerson') })
    case 'account.rejected':
      return t('event.account.rejected', { name: str(p.name) ?? t('activity.aPerson') })
    case 'organisation.proposed':
      return t('event.organisation.proposed', { name: str(p.name) ?? organisation })
    case 'organisation.confirmed':
      return t('event.organisation.confirmed', { name: str(p.name) ?? organisation })
    case 'organisation.merged':
      return t('event.organisation.merged', { name: str(p.name) ?? '', into: str(p.into) ?? organisation })
    default:
      return t('event.unknown', { type: event.type })
  }
}
