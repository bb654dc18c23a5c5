import type { Notification } from '@vp/shared'
import { and, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import type { Config } from '../config.ts'
import type { Db, Tx } from '../db/client.ts'
import { caseMembers, cases, notificationSettings, notifications, organisations, outbox, users } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { type Delivery, deliver } from '../invitations/outbox.ts'
import { type Mailer, singleLine } from '../mail/mailer.ts'
import { composeNotifications } from './compose.ts'
import { type Compose, composeWithoutTitles, type NotificationRow } from './mail-compose.ts'
import { settingsUrl, unsubscribeHeaders } from './mail-headers.ts'

/** Reminders about one's own work: never dropped, with e-mail 'off' they go into the daily digest. */
const OWN_WORK_REMINDERS = ['step_reminder', 'action_reminder'] as const

/** While a message is being sent no retry picks it up (as invitations/outbox.ts does). */
const SENDING_LEASE_MS = 2 * 60_000

export interface MailDeps {
  db: Db
  mailer: Mailer
  config: Config
  log?: FastifyBaseLogger
  compose?: Compose
}

/** Adds the notification mail to this instance's reminder loop (ADR 026). */
export function registerNotificationMail(app: FastifyInstance, mailer: Mailer) {
  const deps: MailDeps = { db: app.database.db, mailer, config: app.config, log: app.log }
  app.reminders.addTask('notification mail', async () => {
    await sendNotificationMail(deps)
  })
}

/** One pass: immediate mail (bundled per person and case), then the daily digests that are due. */
export async function sendNotificationMail(deps: MailDeps, now = new Date()) {
  await dropUnmailed(deps.db)
  const immediate = await sendImmediate(deps, now)
  const digests = await sendDigests(deps, now)
  return { immediate, digests }
}

/** With e-mail off nothing is mailed, except reminders about one's own work (those wait for the digest). */
async function dropUnmailed(db: Db) {
  await db
    .update(notifications)
    .set({ mail: 'none' })
    .where(
      and(
        eq(notifications.mail, 'pending'),
        sql`${notifications.type} not in ('step_reminder', 'action_reminder')`,
        inArray(
          notifications.userId,
          db
            .select({ id: notificationSettings.userId })
            .from(notificationSettings)
            .where(eq(notificationSettings.email, 'off')),
        ),
      ),
    )
}

async function sendImmediate(deps: MailDeps, now: Date) {
  const { db, config } = deps
  const groups = await db
    .selectDistinct({ userId: notifications.userId, caseId: notifications.caseId })
    .from(notifications)
    .leftJoin(notificationSettings, eq(notificationSettings.userId, notifications.userId))
    .where(
      and(
        eq(notifications.mail, 'pending'),
        or(isNull(notificationSettings.email), eq(notificationSettings.email, 'immediate')),
      ),
    )
    .limit(500)
  const gapStart = new Date(now.getTime() - config.NOTIFICATION_MAIL_GAP_MINUTES * 60_000)
  let sent = 0
  for (const g of groups) {
    try {
      const delivery = await inTransaction(db, async (tx) => {
        // One decider per person and case at a time, across instances: the gap check and the claim
        // below must see each other's outbox rows.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`notification-mail:${g.userId}:${g.caseId}`}))`)
        const [recent] = await tx
          .select({ id: outbox.id })
          .from(outbox)
          .where(
            and(
              eq(outbox.kind, 'notification'),
              eq(outbox.userId, g.userId),
              eq(outbox.caseId, g.caseId),
              gt(outbox.createdAt, gapStart),
            ),
          )
          .limit(1)
        // Sent to them about this case a moment ago: the rest waits and goes bundled in the next one.
        if (recent) return null
        const rows = await tx
          .update(notifications)
          .set({ mail: 'sent' })
          .where(
            and(
              eq(notifications.userId, g.userId),
              eq(notifications.caseId, g.caseId),
              eq(notifications.mail, 'pending'),
            ),
          )
          .returning()
        if (rows.length === 0) return null
        return await recordMail(tx, deps, g.userId, rows, 'notification', g.caseId)
      })
      if (delivery && (await deliver(db, deps.mailer, config, delivery, deps.log))) sent++
    } catch (err) {
      deps.log?.error({ err, userId: g.userId, caseId: g.caseId }, 'notification mail failed')
    }
  }
  return sent
}

async function sendDigests(deps: MailDeps, now: Date) {
  const { db, config } = deps
  const { hour, dayStart } = amsterdamDay(now)
  // Whose digest is due: their hour has come today, and today's has not gone yet.
  const due = await db
    .select({ userId: notificationSettings.userId, email: notificationSettings.email })
    .from(notificationSettings)
    .where(
      and(
        inArray(notificationSettings.email, ['daily', 'off']),
        sql`${notificationSettings.digestHour} <= ${hour}`,
        or(isNull(notificationSettings.lastDigestAt), lt(notificationSettings.lastDigestAt, dayStart)),
        inArray(
          notificationSettings.userId,
          db.select({ id: notifications.userId }).from(notifications).where(eq(notifications.mail, 'pending')),
        ),
      ),
    )
    .limit(500)
  let sent = 0
  for (const person of due) {
    try {
      const delivery = await inTransaction(db, async (tx) => {
        // Claiming the day is the lock: of two instances only one gets it.
        const [claimed] = await tx
          .update(notificationSettings)
          .set({ lastDigestAt: now })
          .where(
            and(
              eq(notificationSettings.userId, person.userId),
              or(isNull(notificationSettings.lastDigestAt), lt(notificationSettings.lastDigestAt, dayStart)),
            ),
          )
          .returning({ email: notificationSettings.email })
        if (!claimed) return null
        const rows = await tx
          .update(notifications)
          .set({ mail: 'digest' })
          .where(
            and(
              eq(notifications.userId, person.userId),
              eq(notifications.mail, 'pending'),
              claimed.email === 'off' ? inArray(notifications.type, [...OWN_WORK_REMINDERS]) : undefined,
            ),
          )
          .returning()
        if (rows.length === 0) return null
        return await recordMail(tx, deps, person.userId, rows, 'digest', null)
      })
      if (delivery && (await deliver(db, deps.mailer, config, delivery, deps.log))) sent++
    } catch (err) {
      deps.log?.error({ err, userId: person.userId }, 'notification digest failed')
    }
  }
  return sent
}

/**
 * Composes the mail under the read rule now and writes its outbox row, in the transaction that
 * marked the notifications; returns what to send after the commit (or null: nothing to say).
 * Notifications of a case the person has left are not mailed, except that they were removed.
 */
async function recordMail(
  tx: Tx,
  deps: MailDeps,
  userId: string,
  rows: NotificationRow[],
  kind: 'notification' | 'digest',
  caseId: string | null,
): Promise<Delivery | null> {
  const { config, mailer } = deps
  const [person] = await tx
    .select({ email: users.email, disabled: users.disabled, approval: users.approval })
    .from(users)
    .where(eq(users.id, userId))
  const caseIds = [...new Set(rows.map((r) => r.caseId))]
  const memberOf = new Set(
    (
      await tx
        .select({ caseId: caseMembers.caseId })
        .from(caseMembers)
        .where(and(eq(caseMembers.userId, userId), inArray(caseMembers.caseId, caseIds), isNull(caseMembers.removedAt)))
    ).map((m) => m.caseId),
  )
  // As the composer does: being invited or removed is news to someone without a seat.
  const mailable = rows.filter((r) => memberOf.has(r.caseId) || r.type === 'removed' || r.type === 'invited')
  const dropped = rows.filter((r) => !mailable.includes(r))
  // Nothing to an account that may not sign in: disabled, or an address the administrator has not
  // approved yet (its seat exists, but nobody has vouched that the address is the organisation's).
  if (!person || person.disabled || person.approval !== 'approved') {
    await markUnmailed(tx, rows)
    return null
  }
  await markUnmailed(tx, dropped)
  if (mailable.length === 0) return null

  mailable.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
  const composed = await (deps.compose ?? composeNotifications)(tx, userId, mailable, 'nl')
  if (composed.length === 0) {
    await markUnmailed(tx, mailable)
    return null
  }
  const byId = new Map(mailable.map((r) => [r.id, r]))
  const caseRows = await tx
    .select({ id: cases.id, title: cases.title })
    .from(cases)
    .where(inArray(cases.id, [...new Set(mailable.map((r) => r.caseId))]))
  // Without a seat (removed), the name they were told then, as the notification itself says.
  const toldTitle = (id: string) => {
    const told = mailable.find((r) => r.caseId === id && typeof r.data.caseTitle === 'string')?.data.caseTitle
    return typeof told === 'string' ? told : 'Dossier'
  }
  const caseTitle = new Map(caseRows.map((c) => [c.id, singleLine(memberOf.has(c.id) ? c.title : toldTitle(c.id))]))
  const orgIds = [...new Set(mailable.map((r) => r.actorOrganisationId).filter((o): o is string => !!o))]
  const orgName = new Map(
    orgIds.length === 0
      ? []
      : (
          await tx
            .select({ id: organisations.id, name: organisations.name })
            .from(organisations)
            .where(inArray(organisations.id, orgIds))
        ).map((o) => [o.id, singleLine(o.name)]),
  )

  const render = (list: Notification[]) => {
    const entry = (n: Notification) => {
      const from = byId.get(n.id)?.actorOrganisationId
      return [
        `- ${singleLine(n.title)}`,
        n.body ? `  ${singleLine(n.body)}` : null,
        from && orgName.has(from) ? `  Van: ${orgName.get(from)}` : null,
        `  ${absolute(config, n.link)}`,
      ]
        .filter((l): l is string => l !== null)
        .join('\n')
    }
    let subject: string
    let text: string
    if (kind === 'notification') {
      const title = caseTitle.get(caseId!) ?? 'Dossier'
      subject =
        list.length === 1 ? `${title}: ${singleLine(list[0]!.title)}` : `${title}: ${list.length} nieuwe meldingen`
      text = [`Nieuw in het dossier "${title}":`, '', ...list.map(entry)].join('\n')
    } else {
      subject =
        caseRows.length === 1
          ? `Dagoverzicht: ${caseTitle.get(caseRows[0]!.id)}`
          : `Dagoverzicht: ${list.length} meldingen in ${caseRows.length} dossiers`
      const sections = [...caseTitle.keys()].map((id) =>
        [`Dossier "${caseTitle.get(id)}":`, ...list.filter((n) => n.caseId === id).map(entry)].join('\n'),
      )
      text = ['Uw meldingen van de afgelopen dag:', '', sections.join('\n\n')].join('\n')
    }
    text += `\n\n--\nU krijgt deze e-mail van de Veiligheidsplanner. Meldingen per e-mail wijzigen of uitzetten: ${settingsUrl(config)}\n`
    return { subject, text }
  }
  const { subject, text } = render(composed)
  // The case's outbox is read by its projectleider, who may be outside an item's audience, and
  // outlives later restrictions: it keeps a text that names no item, and a retry sends that one.
  const kept = render(await composeWithoutTitles(tx, userId, mailable, 'nl'))

  const [row] = await tx
    .insert(outbox)
    .values({
      kind,
      caseId,
      userId,
      toEmail: person.email,
      subject: kept.subject,
      body: kept.text,
      status: mailer.enabled ? 'queued' : 'not_sent',
      nextAttemptAt: mailer.enabled ? new Date(Date.now() + SENDING_LEASE_MS) : null,
    })
    .returning({ id: outbox.id })
  return { outboxId: row!.id, to: person.email, subject, text, link: '', headers: unsubscribeHeaders(config) }
}

/** Notifications that will never be mailed: nothing to say, or nobody to say it to. */
async function markUnmailed(tx: Tx, rows: readonly NotificationRow[]) {
  if (rows.length === 0) return
  await tx
    .update(notifications)
    .set({ mail: 'none' })
    .where(
      inArray(
        notifications.id,
        rows.map((r) => r.id),
      ),
    )
}

function absolute(config: Config, link: string) {
  return link.startsWith('http') ? link : `${config.publicOrigin}${link.startsWith('/') ? '' : '/'}${link}`
}

const AMSTERDAM = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
})

/** The calendar day, hour and minute in Europe/Amsterdam at an instant. */
function amsterdamClock(at: Date) {
  const p = Object.fromEntries(AMSTERDAM.formatToParts(at).map((x) => [x.type, Number(x.value)]))
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute! }
}

/** How far Amsterdam's clock is ahead of UTC at an instant, in ms. */
function amsterdamOffset(at: Date) {
  const c = amsterdamClock(at)
  const localAsUtc = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute)
  return Math.round((localAsUtc - at.getTime()) / 60_000) * 60_000
}

/**
 * The hour in Europe/Amsterdam now, and the instant that day began. On the days the clocks change,
 * midnight had another offset than the afternoon: the day's start is taken with midnight's offset.
 */
export function amsterdamDay(now: Date) {
  const c = amsterdamClock(now)
  const midnightAsUtc = Date.UTC(c.year, c.month - 1, c.day)
  const guess = midnightAsUtc - amsterdamOffset(now)
  const dayStart = new Date(midnightAsUtc - amsterdamOffset(new Date(guess)))
  return { hour: c.hour, dayStart }
}
