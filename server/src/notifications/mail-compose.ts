import type { Notification, NotificationType } from '@vp/shared'
import type { DbOrTx } from '../db/client.ts'
import type { notifications } from '../db/schema.ts'

export type NotificationRow = typeof notifications.$inferSelect

/** Composes the text of notifications for one person under the read rule now (ADR 026). */
export type Compose = (
  db: DbOrTx,
  userId: string,
  rows: readonly NotificationRow[],
  locale: 'nl',
) => Promise<Notification[]>

const TITLES: Record<NotificationType, string> = {
  invited: 'U bent uitgenodigd voor een dossier',
  invitation_accepted: 'Een uitnodiging is geaccepteerd',
  removed: 'U bent uit een dossier gehaald',
  step_opened: 'Een stap is geopend',
  step_closed: 'Een stap is afgesloten',
  step_reopened: 'Een stap is heropend',
  deadline_changed: 'De deadline van een stap is gewijzigd',
  action_assigned: 'U bent aan een actie gekoppeld',
  commitment_declined: 'Een toezegging is afgewezen',
  mentioned: 'U bent genoemd in een reactie',
  reply: 'Er is gereageerd in een gesprek',
  document_added: 'Er is een document toegevoegd',
  document_version: 'Er is een nieuwe versie van een document',
  step_reminder: 'Herinnering: deadline van een stap',
  step_overview: 'Overzicht: wie is te laat met een stap',
  action_reminder: 'Herinnering: deadline van een actie',
}

/**
 * Text that names no item, document or comment at all: what the case's outbox keeps of a
 * notification mail (its projectleider may be outside an item's audience, and an item may be
 * restricted later), and so what a retry from the outbox sends. Links lead to the step or the item.
 */
export const composeWithoutTitles: Compose = async (_db, _userId, rows) =>
  rows.map((r) => {
    const base = `/dossiers/${r.caseId}`
    const link =
      r.entityType === 'item' && r.entityId && r.step
        ? `${base}/stap/${r.step}#item-${r.entityId}`
        : r.step
          ? `${base}/stap/${r.step}`
          : r.entityType === 'document'
            ? `${base}/documenten`
            : base
    return {
      id: r.id,
      type: r.type,
      caseId: r.caseId,
      title: TITLES[r.type],
      body: r.step ? `Stap ${r.step}` : '',
      link,
      createdAt: r.createdAt.toISOString(),
      readAt: r.readAt?.toISOString() ?? null,
    }
  })
