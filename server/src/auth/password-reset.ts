import { and, eq, inArray } from 'drizzle-orm'
import type { FastifyBaseLogger } from 'fastify'
import type { Db, DbOrTx } from '../db/client.ts'
import { singleUseTokens, users } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { type Mailer, singleLine } from '../mail/mailer.ts'
import { createSingleUseToken, hashToken, type TokenState } from './links.ts'

/** How long a link asked for with "Wachtwoord vergeten?" works: short, it travels by mail. */
export const PASSWORD_RESET_LINK_HOURS = 1

/** The purposes whose link sets a password: an administrator's link and a reset link. */
export const PASSWORD_PURPOSES = ['set_password', 'password_reset'] as const
export type PasswordPurpose = (typeof PASSWORD_PURPOSES)[number]

/** A set-password or reset link by its token, with its state. */
export async function findPasswordToken(db: DbOrTx, token: string) {
  const [row] = await db
    .select()
    .from(singleUseTokens)
    .where(
      and(eq(singleUseTokens.tokenHash, hashToken(token)), inArray(singleUseTokens.purpose, [...PASSWORD_PURPOSES])),
    )
  if (!row) return { state: 'unknown' as const, row: null }
  const state: TokenState = row.usedAt ? 'used' : row.expiresAt.getTime() <= Date.now() ? 'expired' : 'valid'
  return { state, row: row as typeof row & { purpose: PasswordPurpose } }
}

export function resetMail(publicOrigin: string, name: string, email: string, token: string) {
  return {
    to: email,
    subject: 'Nieuw wachtwoord voor de Veiligheidsplanner',
    text: [
      `Beste ${singleLine(name)},`,
      '',
      `Er is gevraagd om een nieuw wachtwoord voor uw account bij de Veiligheidsplanner (${singleLine(email)}).`,
      'Stel het in via deze link. De link werkt één keer en is 1 uur geldig:',
      '',
      `${publicOrigin}/wachtwoord-instellen/${token}`,
      '',
      'Met het nieuwe wachtwoord bent u op al uw andere apparaten uitgelogd.',
      'Heeft u dit niet zelf gevraagd? Dan hoeft u niets te doen: uw wachtwoord blijft hetzelfde.',
    ].join('\n'),
  }
}

/**
 * "Wachtwoord vergeten?": mails a single-use link, valid for an hour, when the address belongs to
 * an account that may sign in (not disabled, not waiting for or refused approval). The caller
 * answers the same whatever happens here, and the mail goes out after the answer, so neither the
 * body nor the time taken says whether the address has an account. Earlier reset links of the
 * account stop working.
 */
export async function requestPasswordReset(
  db: Db,
  publicOrigin: string,
  mailer: Mailer,
  email: string,
  log?: FastifyBaseLogger,
): Promise<void> {
  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email, disabled: users.disabled, approval: users.approval })
    .from(users)
    .where(eq(users.email, email))
  if (!mailer.enabled || !user || user.disabled || user.approval !== 'approved') return
  const link = await inTransaction(db, (tx) =>
    createSingleUseToken(tx, 'password_reset', user.id, PASSWORD_RESET_LINK_HOURS),
  )
  // Not awaited: an SMTP round trip would make a known address slower to answer than an unknown one.
  mailer.send(resetMail(publicOrigin, user.name, user.email, link.token)).catch((err: unknown) => {
    log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'password reset mail not sent')
  })
}
