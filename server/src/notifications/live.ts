import type { ServerMessage } from '@vp/shared'
import { and, eq } from 'drizzle-orm'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/client.ts'
import { notifications } from '../db/schema.ts'
import type { Connection } from '../live/connection.ts'
import { composeNotifications, type Locale } from './compose.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Pushes a new notification to its person's open sockets on this instance. Woken by the NOTIFY
 * `<userId>:<id>` that writing the row sends (store.ts); every instance hears it, and only one with
 * a socket of that person reads the row. The text is composed for them now, under the read rule,
 * and goes to their sockets only.
 */
export class NotificationPush {
  constructor(
    private readonly opts: {
      db: Db
      log: FastifyBaseLogger
      /** The person's open sockets on this instance. */
      connectionsOf: (userId: string) => ReadonlySet<Connection>
      send: (conn: Connection, msg: ServerMessage) => boolean
    },
  ) {}

  async onNotify(payload: string) {
    const [userId, id] = payload.split(':')
    if (!userId || !id || !UUID.test(userId) || !UUID.test(id)) return
    const mine = [...this.opts.connectionsOf(userId)]
    if (mine.length === 0) return
    try {
      const [row] = await this.opts.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
      if (!row) return
      // Sockets of one person may differ in language only; compose once per language.
      const byLocale = new Map<Locale, Connection[]>()
      for (const c of mine) byLocale.set(c.user.locale, [...(byLocale.get(c.user.locale) ?? []), c])
      for (const [locale, conns] of byLocale) {
        const [notification] = await composeNotifications(this.opts.db, userId, [row], locale)
        // Nothing to show (a case they left since): nothing is sent.
        if (!notification) continue
        for (const c of conns) this.opts.send(c, { type: 'notification', notification })
      }
    } catch (err) {
      this.opts.log.warn({ err, userId }, 'live notification not sent')
    }
  }
}
