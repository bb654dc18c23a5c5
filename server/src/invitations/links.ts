import { randomBytes } from 'node:crypto'
import { hashToken } from '../auth/links.ts'
import type { Config } from '../config.ts'

/** An invitation is valid 14 days; for an acuut case 48 hours, because the work is in hours. */
export function invitationTtlHours(problemType: string) {
  return problemType === 'acuut' ? 48 : 14 * 24
}

/** A fresh personal link for an invitation: the token goes into the mail, only its hash is kept. */
export function newLink(config: Config, problemType: string) {
  const token = randomBytes(32).toString('base64url')
  return {
    link: `${config.publicOrigin}/uitnodiging/${token}`,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + invitationTtlHours(problemType) * 3_600_000),
  }
}
