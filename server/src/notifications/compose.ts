import type { CaseRole, ItemKind, Notification } from '@vp/shared'
import { and, eq, inArray, isNull } from 'drizzle-orm'
import type { DbOrTx } from '../db/client.ts'
import {
  caseMembers,
  cases,
  comments,
  documents,
  items,
  type notifications,
  organisations,
  users,
} from '../db/schema.ts'
import { inParallel } from '../db/tx.ts'
import { type DocumentFacts, type ItemFacts, seatCan } from '../policy/policy.ts'

export type NotificationRow = typeof notifications.$inferSelect
export type Locale = 'nl' | 'en'

/** A composed notification with what a mail needs besides: the case's name and the sender's organisation. */
export interface ComposedNotification extends Notification {
  caseTitle: string
  actorOrganisationName: string | null
}

interface Seat {
  userId: string
  memberId: string
  role: CaseRole
  organisationId: string
}

/** Types a person reads about a case they are not (or no longer) a member of. */
const WITHOUT_SEAT = new Set<string>(['removed', 'invited'])

const QUOTE_MAX = 140

const uniq = <T>(xs: (T | null | undefined)[]) => [...new Set(xs.filter((x): x is T => x !== null && x !== undefined))]
const str = (v: unknown) => (typeof v === 'string' ? v : null)

function quote(body: string) {
  const flat = body.replace(/\s+/g, ' ').trim()
  return flat.length > QUOTE_MAX ? `${flat.slice(0, QUOTE_MAX - 1)}…` : flat
}

function formatMoment(value: unknown, locale: Locale) {
  const s = str(value)
  if (!s) return null
  // A calendar day (an action's due date) has no time of day to show.
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const [y, m, d] = s.split('-').map(Number)
    return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'nl-NL', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(Date.UTC(y!, m! - 1, d!)))
  }
  const date = new Date(s)
  if (Number.isNaN(date.getTime())) return null
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'nl-NL', {
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Amsterdam',
  }).format(date)
}

/**
 * Title, body and link of notifications for one person, from the facts as they are now and under
 * the read rule for their seat now (ADR 026): an item or document they may not read shows only what
 * a placeholder shows; a case they left drops out, except the notice that they were removed.
 * A fixed number of queries whatever the number of rows.
 */
export async function composeDetailed(
  db: DbOrTx,
  userId: string,
  rows: readonly NotificationRow[],
  locale: Locale = 'nl',
): Promise<ComposedNotification[]> {
  const own = rows.filter((r) => r.userId === userId)
  if (own.length === 0) return []
  const caseIds = uniq(own.map((r) => r.caseId))
  const itemIds = uniq(own.filter((r) => r.entityType === 'item').map((r) => r.entityId))
  const documentIds = uniq(own.filter((r) => r.entityType === 'document').map((r) => r.entityId))
  const commentIds = uniq(own.map((r) => str(r.data.commentId)))

  const [caseRows, seatRows, itemRows, documentRows, commentRows] = await inParallel(db, [
    async () => db.select({ id: cases.id, title: cases.title }).from(cases).where(inArray(cases.id, caseIds)),
    async () =>
      db
        .select({
          caseId: caseMembers.caseId,
          memberId: caseMembers.id,
          role: caseMembers.role,
          organisationId: caseMembers.organisationId,
        })
        .from(caseMembers)
        .where(
          and(eq(caseMembers.userId, userId), inArray(caseMembers.caseId, caseIds), isNull(caseMembers.removedAt)),
        ),
    async () =>
      itemIds.length === 0
        ? []
        : db
            .select({
              id: items.id,
              caseId: items.caseId,
              kind: items.kind,
              step: items.step,
              title: items.title,
              audience: items.audience,
              authorOrganisationId: items.authorOrganisationId,
              deletedAt: items.deletedAt,
            })
            .from(items)
            .where(and(inArray(items.id, itemIds), inArray(items.caseId, caseIds))),
    async () =>
      documentIds.length === 0
        ? []
        : db
            .select({
              id: documents.id,
              caseId: documents.caseId,
              title: documents.title,
              step: documents.step,
              itemId: documents.itemId,
              audience: documents.audience,
              uploaderOrganisationId: documents.uploaderOrganisationId,
              deletedAt: documents.deletedAt,
              itemKind: items.kind,
              itemAudience: items.audience,
              itemAuthorOrganisationId: items.authorOrganisationId,
              itemDeletedAt: items.deletedAt,
            })
            .from(documents)
            .leftJoin(items, eq(items.id, documents.itemId))
            .where(and(inArray(documents.id, documentIds), inArray(documents.caseId, caseIds))),
    async () =>
      commentIds.length === 0
        ? []
        : db
            .select({ id: comments.id, itemId: comments.itemId, body: comments.body })
            .from(comments)
            .where(and(inArray(comments.id, commentIds), inArray(comments.caseId, caseIds))),
  ] as const)

  // Names of organisations and people: whose item, who acted, who is late. Not case content.
  const dataOrganisationIds = own.flatMap((r) => {
    const list = r.data.organisationIds ?? r.data.organisations
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []
  })
  const organisationIds = uniq([
    ...own.map((r) => r.actorOrganisationId),
    ...itemRows.map((i) => i.authorOrganisationId),
    ...documentRows.map((d) => d.uploaderOrganisationId),
    ...dataOrganisationIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id)),
  ])
  const actorIds = uniq(own.map((r) => r.actorUserId))
  const [organisationRows, actorRows] = await inParallel(db, [
    async () =>
      organisationIds.length === 0
        ? []
        : db
            .select({ id: organisations.id, name: organisations.name })
            .from(organisations)
            .where(inArray(organisations.id, organisationIds)),
    async () =>
      actorIds.length === 0
        ? []
        : db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, actorIds)),
  ] as const)

  const caseTitle = new Map(caseRows.map((c) => [c.id, c.title]))
  const seatOf = new Map<string, Seat>(seatRows.map((s) => [s.caseId, { userId, ...s }]))
  const itemOf = new Map(itemRows.map((i) => [i.id, i]))
  const documentOf = new Map(documentRows.map((d) => [d.id, d]))
  const commentOf = new Map(commentRows.map((c) => [c.id, c]))
  const organisationName = new Map(organisationRows.map((o) => [o.id, o.name]))
  const actorName = new Map(actorRows.map((u) => [u.id, u.name]))
  const en = locale === 'en'

  const out: ComposedNotification[] = []
  for (const row of own) {
    const seat = seatOf.get(row.caseId) ?? null
    if (!seat && !WITHOUT_SEAT.has(row.type)) continue
    if (!caseTitle.has(row.caseId)) continue
    // Without a seat, the name they were told then: a case renamed since tells them nothing new.
    const title = seat ? caseTitle.get(row.caseId)! : (str(row.data.caseTitle) ?? (en ? 'a case' : 'een dossier'))
    const caseLink = `/dossiers/${row.caseId}`
    const stepLink = (step: number | null | undefined) => (step ? `${caseLink}/stap/${step}` : caseLink)
    const actorOrg = row.actorOrganisationId ? (organisationName.get(row.actorOrganisationId) ?? null) : null
    const who = (() => {
      const name = row.actorUserId ? actorName.get(row.actorUserId) : undefined
      if (name && actorOrg) return `${name} (${actorOrg})`
      return name ?? actorOrg ?? (en ? 'Someone' : 'Iemand')
    })()
    const stepWord = (n: number | null | undefined) =>
      n ? (en ? `step ${n}` : `stap ${n}`) : en ? 'the case' : 'het dossier'

    // The item the notification is about, as the person may see it now.
    let itemText: { readable: boolean; title: string; step: number | null; link: string } | null = null
    if (row.entityType === 'item' && row.entityId) {
      const item = itemOf.get(row.entityId)
      if (!item || item.caseId !== row.caseId) {
        itemText = {
          readable: false,
          title: en ? 'A removed contribution' : 'Een verwijderde bijdrage',
          step: row.step,
          link: stepLink(row.step),
        }
      } else {
        const facts: ItemFacts = {
          kind: item.kind as ItemKind,
          authorOrganisationId: item.authorOrganisationId,
          audience: item.audience,
        }
        const readable = seat !== null && item.deletedAt === null && seatCan(seat, 'item.read', facts)
        const org = organisationName.get(item.authorOrganisationId) ?? '?'
        itemText = {
          readable,
          title: readable
            ? `“${item.title}”`
            : item.deletedAt !== null
              ? en
                ? `A removed contribution of ${org} in step ${item.step}`
                : `Verwijderde bijdrage van ${org} in stap ${item.step}`
              : en
                ? `Confidential contribution of ${org} in step ${item.step}`
                : `Vertrouwelijke bijdrage van ${org} in stap ${item.step}`,
          step: item.step,
          link: readable ? `${caseLink}/stap/${item.step}#item-${item.id}` : `${caseLink}/stap/${item.step}`,
        }
      }
    }
    let documentText: { readable: boolean; title: string; link: string } | null = null
    if (row.entityType === 'document' && row.entityId) {
      const d = documentOf.get(row.entityId)
      if (!d || d.caseId !== row.caseId) {
        documentText = {
          readable: false,
          title: en ? 'A removed document' : 'Een verwijderd document',
          link: stepLink(row.step),
        }
      } else {
        const facts: DocumentFacts = {
          uploaderOrganisationId: d.uploaderOrganisationId,
          audience: d.audience,
          // An item that cannot be found hides the document from everyone (fail closed).
          item: d.itemId
            ? d.itemKind && d.itemAuthorOrganisationId
              ? { kind: d.itemKind, authorOrganisationId: d.itemAuthorOrganisationId, audience: d.itemAudience }
              : { kind: 'signal', authorOrganisationId: '', audience: [] }
            : null,
        }
        const gone = d.deletedAt !== null || d.itemDeletedAt !== null
        const readable = seat !== null && !gone && seatCan(seat, 'document.read', facts)
        const org = organisationName.get(d.uploaderOrganisationId) ?? '?'
        const where = d.step ?? row.step
        documentText = {
          readable,
          title: readable
            ? `“${d.title}”`
            : gone
              ? en
                ? `A removed document of ${org}`
                : `Verwijderd document van ${org}`
              : en
                ? `Confidential document of ${org}${where ? ` in step ${where}` : ''}`
                : `Vertrouwelijk document van ${org}${where ? ` in stap ${where}` : ''}`,
          link: stepLink(where),
        }
      }
    }
    const about = itemText ?? documentText
    const commentId = str(row.data.commentId)
    const comment = commentId ? commentOf.get(commentId) : undefined
    // A comment is quoted only while its item is readable to this person.
    const quoted = comment && itemText?.readable && comment.itemId === row.entityId ? quote(comment.body) : null
    const deadline = formatMoment(row.data.deadline ?? row.data.dueDate, locale)
    const moment = str(row.data.moment)
    const momentText = (() => {
      switch (moment) {
        case '7d':
          return en ? 'in 7 days' : 'over 7 dagen'
        case '1d':
          return en ? 'tomorrow' : 'morgen'
        case '4h':
          return en ? 'in 4 hours' : 'over 4 uur'
        case '1h':
          return en ? 'in 1 hour' : 'over 1 uur'
        case 'due':
          return en ? 'now' : 'nu'
        case 'overdue':
          return en ? 'overdue' : 'verlopen'
        default:
          return null
      }
    })()
    const late = moment === 'due' || moment === 'overdue'

    let t: string
    let b: string
    let link = about?.link ?? stepLink(row.step)
    switch (row.type) {
      case 'invited':
        t = en ? `Invited to ${title}` : `Uitgenodigd voor ${title}`
        b = en ? `${who} invites you to take part in this case.` : `${who} nodigt u uit om mee te doen aan dit dossier.`
        link = seat ? caseLink : '/dossiers'
        break
      case 'invitation_accepted':
        t = en ? `${who} joined` : `${who} doet mee`
        b = en ? `The invitation to ${title} was accepted.` : `De uitnodiging voor ${title} is aangenomen.`
        link = caseLink
        break
      case 'removed':
        t = en ? `Removed from ${title}` : `Verwijderd uit ${title}`
        b = en ? 'You no longer take part in this case.' : 'U neemt niet meer deel aan dit dossier.'
        link = seat ? caseLink : '/dossiers'
        break
      case 'step_opened':
        t = en ? `Step ${row.step} opened` : `Stap ${row.step} geopend`
        b = en ? `${who} opened step ${row.step} of ${title}.` : `${who} heeft stap ${row.step} van ${title} geopend.`
        link = stepLink(row.step)
        break
      case 'step_closed':
        t = en ? `Step ${row.step} closed` : `Stap ${row.step} gesloten`
        b = en ? `${who} closed step ${row.step} of ${title}.` : `${who} heeft stap ${row.step} van ${title} gesloten.`
        link = stepLink(row.step)
        break
      case 'step_reopened':
        t = en ? `Step ${row.step} reopened` : `Stap ${row.step} heropend`
        b = en
          ? `${who} reopened step ${row.step} of ${title}.`
          : `${who} heeft stap ${row.step} van ${title} heropend.`
        link = stepLink(row.step)
        break
      case 'deadline_changed': {
        const previous = formatMoment(row.data.previous, locale)
        t = en ? `Deadline of step ${row.step}` : `Deadline van stap ${row.step}`
        b = deadline
          ? en
            ? `The deadline of step ${row.step} of ${title} is now ${deadline}${previous ? ` (was ${previous})` : ''}.`
            : `De deadline van stap ${row.step} van ${title} is nu ${deadline}${previous ? ` (was ${previous})` : ''}.`
          : en
            ? `The deadline of step ${row.step} of ${title} was removed.`
            : `De deadline van stap ${row.step} van ${title} is vervallen.`
        link = stepLink(row.step)
        break
      }
      case 'action_assigned':
        t = en ? `New action: ${about?.title ?? ''}` : `Nieuwe actie: ${about?.title ?? ''}`
        b = en
          ? `Your organisation is asked to commit to this action in ${title}.`
          : `Uw organisatie wordt gevraagd zich aan deze actie in ${title} te verbinden.`
        break
      case 'commitment_declined':
        t = en ? `${actorOrg ?? who} declined an action` : `${actorOrg ?? who} doet niet mee aan een actie`
        b = en ? `${about?.title ?? ''} in ${title}.` : `${about?.title ?? ''} in ${title}.`
        break
      case 'mentioned':
        t = en ? `${who} mentioned you` : `${who} noemde u`
        b = quoted
          ? `${about?.title ?? ''}: ${quoted}`
          : en
            ? `In a comment on ${about?.title ?? title}.`
            : `In een reactie bij ${about?.title ?? title}.`
        break
      case 'reply':
        t = en ? `${who} replied` : `${who} reageerde`
        b = quoted
          ? `${about?.title ?? ''}: ${quoted}`
          : en
            ? `In a thread on ${about?.title ?? title}.`
            : `In een gesprek bij ${about?.title ?? title}.`
        break
      case 'document_added':
        t = en ? `New document in ${stepWord(row.step)}` : `Nieuw document in ${stepWord(row.step)}`
        b = en
          ? `${who} added ${about?.title ?? 'a document'} to ${title}.`
          : `${who} voegde ${about?.title ?? 'een document'} toe aan ${title}.`
        break
      case 'document_version':
        t = en ? 'New version of a document' : 'Nieuwe versie van een document'
        b = en
          ? `${who} added a new version of ${about?.title ?? 'a document'} you read, in ${title}.`
          : `${who} plaatste een nieuwe versie van ${about?.title ?? 'een document'} dat u las, in ${title}.`
        break
      case 'step_reminder':
        t = late
          ? en
            ? `Step ${row.step} is past its deadline`
            : `Deadline van stap ${row.step} verstreken`
          : en
            ? `Step ${row.step} is due ${momentText ?? ''}`.trim()
            : `Stap ${row.step} moet ${momentText ?? 'binnenkort'} klaar zijn`
        b = en
          ? `${title}: your organisation has not marked its contribution to step ${row.step} done${deadline ? ` (deadline ${deadline})` : ''}.`
          : `${title}: uw organisatie heeft haar bijdrage aan stap ${row.step} nog niet klaar gemeld${deadline ? ` (deadline ${deadline})` : ''}.`
        link = stepLink(row.step)
        break
      case 'step_overview': {
        const list = row.data.organisationIds ?? row.data.organisations
        const names = Array.isArray(list)
          ? list
              .map((x) =>
                typeof x === 'string'
                  ? (organisationName.get(x) ?? x)
                  : x && typeof x === 'object' && 'name' in x
                    ? String((x as { name: unknown }).name)
                    : null,
              )
              .filter((x): x is string => x !== null)
          : []
        t = late
          ? en
            ? `Step ${row.step}: who is late`
            : `Stap ${row.step}: wie is te laat`
          : en
            ? `Step ${row.step}: who is not done`
            : `Stap ${row.step}: wie is nog niet klaar`
        b = en
          ? `${title}${deadline ? `, deadline ${deadline}` : ''}: ${names.length ? names.join(', ') : 'none'} not done.`
          : `${title}${deadline ? `, deadline ${deadline}` : ''}: ${names.length ? names.join(', ') : 'niemand'} nog niet klaar.`
        link = stepLink(row.step)
        break
      }
      case 'action_reminder':
        t = late
          ? en
            ? `Action overdue: ${about?.title ?? ''}`
            : `Actie over tijd: ${about?.title ?? ''}`
          : en
            ? `Action due ${momentText ?? ''}: ${about?.title ?? ''}`
            : `Actie ${momentText ?? 'binnenkort'} af: ${about?.title ?? ''}`
        b = en
          ? `${title}${deadline ? `, due ${deadline}` : ''}.`
          : `${title}${deadline ? `, gepland klaar op ${deadline}` : ''}.`
        break
      default:
        t = title
        b = ''
        link = caseLink
    }
    out.push({
      id: row.id,
      type: row.type,
      caseId: row.caseId,
      title: t,
      body: b,
      link,
      createdAt: row.createdAt.toISOString(),
      readAt: row.readAt ? row.readAt.toISOString() : null,
      caseTitle: title,
      actorOrganisationName: actorOrg,
    })
  }
  return out
}

/** Notifications as the API and the live socket show them to this person now. */
export async function composeNotifications(
  db: DbOrTx,
  userId: string,
  rows: readonly NotificationRow[],
  locale: Locale = 'nl',
): Promise<Notification[]> {
  const composed = await composeDetailed(db, userId, rows, locale)
  return composed.map(({ caseTitle: _c, actorOrganisationName: _a, ...n }) => n)
}

/** For a mail: the composed text with the case's name (the subject) and the sender's organisation. */
export const composeForMail = composeDetailed
