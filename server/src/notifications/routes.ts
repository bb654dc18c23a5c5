import {
  CalendarAddressSchema,
  CalendarTokenParamsSchema,
  ErrorResponseSchema,
  MarkNotificationsReadBodySchema,
  MarkNotificationsReadResultSchema,
  NotificationListQuerySchema,
  NotificationListSchema,
  NotificationSettingsSchema,
  RateLimitedResponseSchema,
  UpdateNotificationSettingsBodySchema,
} from '@vp/shared'
import { and, count, desc, eq, exists, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { loadSessionSecret } from '../auth/sessions.ts'
import type { DbOrTx } from '../db/client.ts'
import { caseMembers, notifications } from '../db/schema.ts'
import { notFound } from '../http/errors.ts'
import { decodeCursor, toPage } from '../http/paging.ts'
import { takeHit } from '../limits/counters.ts'
import { clientAddress, limitsFrom } from '../limits/limits.ts'
import { calendarAddress, calendarFor, calendarOwner, rotateCalendarAddress } from './calendar.ts'
import { composeNotifications, type Locale } from './compose.ts'
import { readNotificationSettings, updateNotificationSettings } from './settings.ts'

const E = ErrorResponseSchema
const tags = ['notifications']

/**
 * The person's notifications they may still see: those of cases they are a member of now, and the
 * notices about being invited or removed. Filtered here, not only when composed, so a page is full
 * and the unread count counts what the list shows.
 */
function visibleTo(userId: string): SQL {
  return and(
    eq(notifications.userId, userId),
    or(
      inArray(notifications.type, ['removed', 'invited']),
      exists(
        sql`(select 1 from ${caseMembers} where ${caseMembers.caseId} = ${notifications.caseId} and ${caseMembers.userId} = ${userId} and ${caseMembers.removedAt} is null)`,
      ),
    ),
  )!
}

async function unreadCount(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(visibleTo(userId), isNull(notifications.readAt)))
  return row?.n ?? 0
}

export async function listNotifications(
  db: DbOrTx,
  user: { id: string; locale: Locale },
  query: { unread?: boolean; limit: number; cursor?: string },
) {
  const after = decodeCursor(query.cursor, ['date', 'uuid'])
  const rows = await db
    .select()
    .from(notifications)
    .where(
      and(
        visibleTo(user.id),
        query.unread === true ? isNull(notifications.readAt) : undefined,
        after
          ? or(
              lt(notifications.createdAt, new Date(after[0]!)),
              and(eq(notifications.createdAt, new Date(after[0]!)), lt(notifications.id, after[1]!)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(query.limit + 1)
  const page = toPage(
    rows,
    query.limit,
    (r) => r,
    (r) => [r.createdAt.toISOString(), r.id],
  )
  return {
    items: await composeNotifications(db, user.id, page.items, user.locale),
    nextCursor: page.nextCursor,
    unreadCount: await unreadCount(db, user.id),
  }
}

/** Marks the person's own notifications read; ids of anyone else's are passed over without a word. */
export async function markRead(db: DbOrTx, userId: string, body: { ids: string[] } | { all: true }) {
  const marked = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        'ids' in body ? inArray(notifications.id, body.ids) : undefined,
      ),
    )
    .returning({ id: notifications.id })
  return { marked: marked.length, unreadCount: await unreadCount(db, userId) }
}

export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app
  const limits = limitsFrom(config)
  const secret = await loadSessionSecret(db, config.SESSION_SECRET)

  app.get(
    '/me/notifications',
    {
      schema: {
        tags,
        summary: 'My notifications, newest first, composed now under the read rule',
        querystring: NotificationListQuerySchema,
        response: { 200: NotificationListSchema, 400: E, 401: E },
      },
    },
    async (req) => {
      const { user } = await req.requireSession()
      return listNotifications(db, user, req.query)
    },
  )

  app.post(
    '/me/notifications/read',
    {
      schema: {
        tags,
        summary: 'Mark some of my notifications read, or all of them',
        body: MarkNotificationsReadBodySchema,
        response: { 200: MarkNotificationsReadResultSchema, 400: E, 401: E, 403: E },
      },
    },
    async (req) => {
      const { user } = await req.requireSession()
      return markRead(req.writeDb, user.id, req.body)
    },
  )

  app.get(
    '/me/notification-settings',
    {
      schema: {
        tags,
        summary: 'How I am told: e-mail at once, a daily digest or none (in the app always)',
        response: { 200: NotificationSettingsSchema, 401: E },
      },
    },
    async (req) => readNotificationSettings(db, (await req.requireSession()).user.id),
  )

  app.put(
    '/me/notification-settings',
    {
      schema: {
        tags,
        summary: 'Change how I am told',
        body: UpdateNotificationSettingsBodySchema,
        response: { 200: NotificationSettingsSchema, 400: E, 401: E, 403: E },
      },
    },
    async (req) => updateNotificationSettings(req.writeDb, (await req.requireSession()).user.id, req.body),
  )

  app.get(
    '/me/calendar',
    {
      schema: {
        tags,
        summary: 'My secret calendar address (ICS) with the deadlines of my steps and actions; made on the first ask',
        response: { 200: CalendarAddressSchema, 401: E },
      },
    },
    async (req) => calendarAddress(req.writeDb, secret, config.publicOrigin, (await req.requireSession()).user.id),
  )

  app.post(
    '/me/calendar/rotate',
    {
      schema: {
        tags,
        summary: 'A new secret calendar address; the old one answers 404 from now on',
        response: { 200: CalendarAddressSchema, 401: E, 403: E },
      },
    },
    async (req) =>
      rotateCalendarAddress(req.writeDb, secret, config.publicOrigin, (await req.requireSession()).user.id),
  )

  app.get(
    '/calendar/:token.ics',
    {
      schema: {
        tags,
        summary: 'The deadlines behind a secret calendar address (text/calendar); anyone with the address',
        description:
          'A wrong or rotated address answers 404; wrong addresses count against the client address like the other link routes. ' +
          'A working address is limited per person (CALENDAR_FETCHES_PER_HOUR), not per client address: calendar services fetch many people’s addresses from a few addresses of their own.',
        params: CalendarTokenParamsSchema,
        response: {
          200: z.string().describe('An iCalendar file (text/calendar)'),
          404: E,
          429: RateLimitedResponseSchema,
        },
      },
    },
    async (req, reply) => {
      const owner = await calendarOwner(db, req.params.token)
      if (owner === null) {
        // Guessing costs the guesser's address.
        await takeHit(db, limits.linkAddress, clientAddress(req), req.log)
        throw notFound('Agenda niet gevonden')
      }
      await takeHit(db, limits.calendarFeed, owner, req.log)
      const body = await calendarFor(db, config.publicOrigin, owner)
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(body)
    },
  )
}
