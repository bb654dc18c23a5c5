import { eq } from 'drizzle-orm'
import type { DbOrTx } from '../db/client.ts'
import { cases, invitations, organisations, users } from '../db/schema.ts'
import { notFound } from '../http/errors.ts'
import { singleLine } from '../mail/mailer.ts'
import { inviterOrganisations } from './present.ts'

/** Stands in the outbox (and the message shown there) where the mail had the personal link. */
export const LINK_PLACEHOLDER = '[persoonlijke link]'

const ROLE_TEXT: Record<string, string> = { projectleider: 'projectleider', partner: 'partner', waarnemer: 'waarnemer' }

export interface MailFacts {
  caseTitle: string
  gemeente: string
  organisation: string
  role: string
  inviter: string
  inviterOrganisation: string | null
  message: string | null
}

/**
 * The invitation mail, in Dutch, with LINK_PLACEHOLDER on its own line where the link goes: that
 * is what the outbox keeps. Names and the title are single-line wherever they appear; the
 * inviter's own message is quoted, so it cannot pass for the instance's text.
 */
export function composeMessage(facts: MailFacts, expiresAt: Date) {
  const until = expiresAt.toLocaleString('nl-NL', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Amsterdam',
  })
  const title = singleLine(facts.caseTitle)
  const inviter = singleLine(facts.inviter)
  const inviterOrg = facts.inviterOrganisation ? singleLine(facts.inviterOrganisation) : null
  const who = inviterOrg ? `${inviter} (${inviterOrg})` : inviter
  const lines = [
    `${who} nodigt u uit om als ${ROLE_TEXT[facts.role] ?? facts.role} namens ${singleLine(facts.organisation)} mee te werken aan het dossier "${title}" (${singleLine(facts.gemeente)}) in de Veiligheidsplanner.`,
    '',
    'De Veiligheidsplanner is de online werkplek waarin de gemeente en haar partners, zoals politie, woningcorporaties en welzijnsorganisaties, samen een veiligheidsprobleem aanpakken: in zes stappen, onder regie van een projectleider.',
    '',
    ...(facts.message
      ? [
          `Persoonlijk bericht van ${inviter}:`,
          ...facts.message.split(/\r\n|\r|\n/).map((l) => `> ${singleLine(l)}`),
          '',
        ]
      : []),
    'Open deze persoonlijke link om mee te doen:',
    LINK_PLACEHOLDER,
    '',
    `De link werkt één keer en is geldig tot ${until}. Stuur hem niet door: hij is alleen voor u.`,
    `Kent u ${inviter} niet, of verwacht u deze uitnodiging niet? Dan kunt u dit bericht negeren.`,
  ]
  return { subject: `Uitnodiging: ${title}`, body: lines.join('\n') }
}

/** The body as mailed: the placeholder line replaced by the link (a quoted line never matches). */
export function withLink(body: string, link: string) {
  return body
    .split('\n')
    .map((line) => (line === LINK_PLACEHOLDER ? link : line))
    .join('\n')
}

/** What the invitation mail says, from the invitation, its case and its inviter as they are now. */
export async function mailFactsOf(tx: DbOrTx, invitationId: string): Promise<MailFacts & { problemType: string }> {
  const [row] = await tx
    .select({ inv: invitations, theCase: cases, org: organisations, by: users, byOrg: inviterOrganisations })
    .from(invitations)
    .innerJoin(cases, eq(cases.id, invitations.caseId))
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .innerJoin(users, eq(users.id, invitations.invitedByUserId))
    .leftJoin(inviterOrganisations, eq(inviterOrganisations.id, users.organisationId))
    .where(eq(invitations.id, invitationId))
  if (!row) throw notFound('Uitnodiging niet gevonden')
  return {
    caseTitle: row.theCase.title,
    gemeente: row.theCase.gemeente,
    problemType: row.theCase.problemType,
    organisation: row.org.name,
    role: row.inv.role,
    inviter: row.by.name,
    inviterOrganisation: row.byOrg?.name ?? null,
    message: row.inv.message,
  }
}
