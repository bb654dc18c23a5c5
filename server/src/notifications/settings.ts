import type { NotificationSettings } from '@vp/shared'
import { eq } from 'drizzle-orm'
import type { DbOrTx } from '../db/client.ts'
import { notificationSettings } from '../db/schema.ts'

/** What a person without a settings row gets: e-mail at once, the digest (if chosen) at 8. */
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = { email: 'immediate', digestHour: 8 }

/** A person's notification preferences, or the defaults when they never chose. */
export async function readNotificationSettings(db: DbOrTx, userId: string): Promise<NotificationSettings> {
  const [row] = await db
    .select({ email: notificationSettings.email, digestHour: notificationSettings.digestHour })
    .from(notificationSettings)
    .where(eq(notificationSettings.userId, userId))
  return row ?? DEFAULT_NOTIFICATION_SETTINGS
}

/**
 * Changes some of a person's preferences in one statement; what is not given keeps its value (or
 * its default). In-app notifications cannot be switched off, so there is nothing to say about them.
 */
export async function updateNotificationSettings(
  db: DbOrTx,
  userId: string,
  change: Partial<NotificationSettings>,
): Promise<NotificationSettings> {
  const set = { ...change, updatedAt: new Date() }
  const [row] = await db
    .insert(notificationSettings)
    .values({ userId, ...DEFAULT_NOTIFICATION_SETTINGS, ...change })
    .onConflictDoUpdate({ target: notificationSettings.userId, set })
    .returning({ email: notificationSettings.email, digestHour: notificationSettings.digestHour })
  return row!
}
