import type { Invitation } from '@vp/shared'
import { and, desc, eq } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Db, DbOrTx } from '../db/client.ts'
import { invitations, organisations, outbox, users } from '../db/schema.ts'

export const inviterOrganisations = alias(organisations, 'inviter_organisations')
const acceptingUsers = alias(users, 'accepting_users')

type InvitationRow = typeof invitations.$inferSelect

/** A pending invitation past its expiry reads as expired. */
export function stateOf(inv: InvitationRow): Invitation['state'] {
  if (inv.state !== 'pending') return inv.state
  return inv.expiresAt.getTime() <= Date.now() ? 'expired' : 'pending'
}

/** The case's invitations as the projectleider sees them (one, when `id` is given), newest first. */
export async function presentInvitations(db: DbOrTx, caseId: string, id?: string): Promise<Invitation[]> {
  const rows = await db
    .select({
      inv: invitations,
      org: organisations,
      by: users,
      byOrg: inviterOrganisations,
      approval: acceptingUsers.approval,
    })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .innerJoin(users, eq(users.id, invitations.invitedByUserId))
    .leftJoin(inviterOrganisations, eq(inviterOrganisations.id, users.organisationId))
    .leftJoin(acceptingUsers, eq(acceptingUsers.id, invitations.acceptedByUserId))
    .where(and(eq(invitations.caseId, caseId), id ? eq(invitations.id, id) : undefined))
    .orderBy(desc(invitations.createdAt))
  const deliveries = await db
    .select({ invitationId: outbox.invitationId, status: outbox.status, createdAt: outbox.createdAt })
    .from(outbox)
    .where(eq(outbox.caseId, caseId))
    .orderBy(desc(outbox.createdAt))
  const latest = new Map<string, Invitation['delivery']>()
  for (const d of deliveries) if (d.invitationId && !latest.has(d.invitationId)) latest.set(d.invitationId, d.status)
  return rows.map(({ inv, org, by, byOrg, approval }) => ({
    id: inv.id,
    email: inv.email,
    organisation: { id: org.id, name: org.name, type: org.type },
    role: inv.role,
    message: inv.message,
    state: stateOf(inv),
    expiresAt: inv.expiresAt.toISOString(),
    invitedBy: {
      userId: by.id,
      name: by.name,
      organisation: byOrg ? { id: byOrg.id, name: byOrg.name, type: byOrg.type } : null,
    },
    createdAt: inv.createdAt.toISOString(),
    acceptedAt: inv.acceptedAt?.toISOString() ?? null,
    revokedAt: inv.revokedAt?.toISOString() ?? null,
    sendCount: inv.sendCount,
    delivery: latest.get(inv.id) ?? 'not_sent',
    approval: inv.state === 'accepted' ? (approval ?? null) : null,
  }))
}

/** Every invitation of the case, newest first. */
export const listInvitations = (db: Db, caseId: string) => presentInvitations(db, caseId)
