import { and, asc, desc, eq, lt, lte, or, sql } from 'drizzle-orm'
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../config.ts'
import type { Db, Tx } from '../db/client.ts'
import { invitations, outbox } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { decodeCursor, toPage } from '../http/paging.ts'
import type { Mailer } from '../mail/mailer.ts'
import { unsubscribeHeaders } from '../notifications/mail-headers.ts'
import { newLink } from './links.ts'
import { composeMessage, type MailFacts, mailFactsOf, withLink } from './message.ts'
import { stateOf } from './present.ts'

export interface Delivery {
  outboxId: string
  to: string
  subject: string
  /** The mail as sent, link included; never stored. */
  text: string
  link: string
  /** Extra mail headers, e.g. List-Unsubscribe on notification mail. */
  headers?: Record<string, string>
}

/** How long a queued message waits before its next attempt: doubling from MAIL_RETRY_SECONDS, at most 6 hours. */
export function retryDelayMs(config: Config, attempts: number) {
  return Math.min(config.MAIL_RETRY_SECONDS * 1000 * 2 ** Math.max(0, attempts - 1), 6 * 3_600_000)
}

/**
 * While a message is being sent its `nextAttemptAt` lies this far ahead, so no retry (on this or
 * another instance) picks it up meanwhile; a crash mid-send leaves it to be retried after this.
 */
const SENDING_LEASE_MS = 2 * 60_000

/**
 * Sends after the commit; the outbox row records the attempt. A failed attempt stays queued for
 * `retryQueuedMail` until MAIL_MAX_ATTEMPTS. Returns whether it was sent.
 */
export async function deliver(db: Db, mailer: Mailer, config: Config, d: Delivery, log?: FastifyBaseLogger) {
  if (!mailer.enabled) return false
  try {
    await mailer.send({ to: d.to, subject: d.subject, text: d.text, headers: d.headers })
    await db
      .update(outbox)
      .set({
        status: 'sent',
        sentAt: new Date(),
        error: null,
        nextAttemptAt: null,
        attempts: sql`${outbox.attempts} + 1`,
      })
      .where(eq(outbox.id, d.outboxId))
    return true
  } catch (err) {
    const [row] = await db.select({ attempts: outbox.attempts }).from(outbox).where(eq(outbox.id, d.outboxId))
    const attempts = (row?.attempts ?? 0) + 1
    const giveUp = attempts >= config.MAIL_MAX_ATTEMPTS
    log?.warn({ outboxId: d.outboxId, attempts, giveUp, err: (err as Error).message }, 'mail not sent')
    await db
      .update(outbox)
      .set({
        status: giveUp ? 'failed' : 'queued',
        attempts,
        nextAttemptAt: giveUp ? null : new Date(Date.now() + retryDelayMs(config, attempts)),
        error: String((err as Error).message ?? err).slice(0, 500),
      })
      .where(eq(outbox.id, d.outboxId))
    return false
  }
}

/** Queued mail of an invitation that a newer sending (or its end) replaces: never sent after all. */
export async function cancelQueued(tx: Tx, invitationId: string, reason: string) {
  await tx
    .update(outbox)
    .set({ status: 'failed', error: reason, nextAttemptAt: null })
    .where(and(eq(outbox.invitationId, invitationId), eq(outbox.status, 'queued')))
}

/** Records the message in the outbox without its link; returns what to send after the commit. */
export async function recordMessage(
  tx: Tx,
  mailer: Mailer,
  caseId: string,
  inv: { id: string; email: string },
  issued: { link: string; expiresAt: Date },
  facts: MailFacts,
): Promise<Delivery> {
  const { subject, body } = composeMessage(facts, issued.expiresAt)
  const [row] = await tx
    .insert(outbox)
    .values({
      caseId,
      invitationId: inv.id,
      toEmail: inv.email,
      subject,
      body,
      status: mailer.enabled ? 'queued' : 'not_sent',
      nextAttemptAt: mailer.enabled ? new Date(Date.now() + SENDING_LEASE_MS) : null,
    })
    .returning({ id: outbox.id })
  return { outboxId: row!.id, to: inv.email, subject, text: withLink(body, issued.link), link: issued.link }
}

/**
 * Tries queued invitation mail again once its `nextAttemptAt` has come (the mail server was down,
 * or an instance stopped mid-send). The outbox holds no link, so each attempt issues a fresh
 * token for the invitation at send time: the previous link stops working. Mail of an invitation
 * that is no longer open is dropped. Never throws; returns how many were sent and tried.
 */
export async function retryQueuedMail(
  db: Db,
  mailer: Mailer,
  config: Config,
  log?: FastifyBaseLogger,
  now = new Date(),
): Promise<{ tried: number; sent: number }> {
  if (!mailer.enabled) return { tried: 0, sent: 0 }
  const due = await db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, 'queued'), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(50)
  let sent = 0
  let tried = 0
  for (const { id } of due) {
    try {
      const delivery = await inTransaction(db, async (tx) => {
        // Claiming the row is the lock: of two instances retrying at once only one gets it.
        const [claimed] = await tx
          .update(outbox)
          .set({ nextAttemptAt: new Date(Date.now() + SENDING_LEASE_MS) })
          .where(and(eq(outbox.id, id), eq(outbox.status, 'queued'), lte(outbox.nextAttemptAt, now)))
          .returning()
        if (!claimed) return null
        if (!claimed.invitationId) {
          return {
            outboxId: id,
            to: claimed.toEmail,
            subject: claimed.subject,
            text: claimed.body,
            link: '',
            // Notification mail and digests keep their way out of the mail on every attempt.
            headers: claimed.kind === 'invitation' ? undefined : unsubscribeHeaders(config),
          }
        }
        const [inv] = await tx.select().from(invitations).where(eq(invitations.id, claimed.invitationId))
        if (!inv || stateOf(inv) !== 'pending') {
          await tx
            .update(outbox)
            .set({ status: 'failed', error: 'De uitnodiging staat niet meer open', nextAttemptAt: null })
            .where(eq(outbox.id, id))
          return null
        }
        const facts = await mailFactsOf(tx, inv.id)
        const issued = newLink(config, facts.problemType)
        await tx
          .update(invitations)
          .set({ tokenHash: issued.tokenHash, expiresAt: issued.expiresAt, updatedAt: new Date() })
          .where(eq(invitations.id, inv.id))
        const { subject, body } = composeMessage(facts, issued.expiresAt)
        await tx.update(outbox).set({ subject, body }).where(eq(outbox.id, id))
        return { outboxId: id, to: claimed.toEmail, subject, text: withLink(body, issued.link), link: issued.link }
      })
      if (!delivery) continue
      tried++
      if (await deliver(db, mailer, config, delivery, log)) sent++
    } catch (err) {
      log?.error({ err, outboxId: id }, 'retrying queued mail failed')
    }
  }
  return { tried, sent }
}

/** The case's outbox, newest first: every message sent or that would have been, without links. */
export async function listOutbox(db: Db, caseId: string, limit: number, cursor?: string) {
  const after = decodeCursor(cursor, ['date', 'uuid'])
  const rows = await db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.caseId, caseId),
        after
          ? or(
              lt(outbox.createdAt, new Date(after[0]!)),
              and(eq(outbox.createdAt, new Date(after[0]!)), lt(outbox.id, after[1]!)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(limit + 1)
  return toPage(
    rows,
    limit,
    (m) => ({
      id: m.id,
      to: m.toEmail,
      subject: m.subject,
      body: m.body,
      status: m.status,
      error: m.error,
      invitationId: m.invitationId,
      createdAt: m.createdAt.toISOString(),
      attempts: m.attempts,
      nextAttemptAt: m.status === 'queued' ? (m.nextAttemptAt?.toISOString() ?? null) : null,
      sentAt: m.sentAt?.toISOString() ?? null,
    }),
    (m) => [m.createdAt.toISOString(), m.id],
  )
}
