import { z } from 'zod'
import { pageOf } from './admin.ts'

/**
 * What a notification is about. Triggered by a case event (invited … document_version) or by the
 * reminder scan (step_reminder … action_reminder). The text is composed when it is read, under the
 * policy module's read rule, never stored (ADR 026).
 */
export const NOTIFICATION_TYPES = [
  'invited',
  'invitation_accepted',
  'removed',
  'step_opened',
  'step_closed',
  'step_reopened',
  'deadline_changed',
  'action_assigned',
  'commitment_declined',
  'mentioned',
  'reply',
  'document_added',
  'document_version',
  /** Before and after a step's deadline, to a person of an organisation that is not done. */
  'step_reminder',
  /** To the projectleider: one overview of who is late with a step, instead of one per organisation. */
  'step_overview',
  /** Before and after an action's due date, to the trekker's and participants' people. */
  'action_reminder',
] as const
export const NotificationTypeSchema = z.enum(NOTIFICATION_TYPES)
export type NotificationType = z.infer<typeof NotificationTypeSchema>

/** Moments of a reminder relative to its deadline: before (7 days, 1 day, 4 hours, 1 hour), on it, after. */
export const REMINDER_MOMENTS = ['7d', '1d', '4h', '1h', 'due', 'overdue'] as const
export const ReminderMomentSchema = z.enum(REMINDER_MOMENTS)
export type ReminderMoment = z.infer<typeof ReminderMomentSchema>

export const NotificationSchema = z
  .object({
    id: z.uuid(),
    type: NotificationTypeSchema,
    caseId: z.uuid(),
    /** Composed when read: a restricted item's title never shows outside its audience. */
    title: z.string(),
    body: z.string(),
    /** Where in the web app it leads: the case, the step or the item. */
    link: z.string(),
    createdAt: z.iso.datetime(),
    readAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Notification' })
export type Notification = z.infer<typeof NotificationSchema>

export const NotificationListQuerySchema = z.object({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(500).optional(),
})
export const NotificationListSchema = pageOf(NotificationSchema)
  .extend({ unreadCount: z.number().int() })
  .meta({ id: 'NotificationList' })
export type NotificationList = z.infer<typeof NotificationListSchema>

export const MarkNotificationsReadBodySchema = z.union([
  z.object({ ids: z.array(z.uuid()).min(1).max(200) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
])
export type MarkNotificationsReadBody = z.infer<typeof MarkNotificationsReadBodySchema>
export const MarkNotificationsReadResultSchema = z.object({ marked: z.number().int(), unreadCount: z.number().int() })

/** E-mail per person: each at once (bundled when they come fast), one daily digest, or none. */
export const EMAIL_MODES = ['immediate', 'daily', 'off'] as const
export const EmailModeSchema = z.enum(EMAIL_MODES)
export const NotificationSettingsSchema = z
  .object({
    email: EmailModeSchema,
    /** The hour (Europe/Amsterdam) the daily digest goes out. */
    digestHour: z.number().int().min(0).max(23),
  })
  .meta({ id: 'NotificationSettings' })
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>
export const UpdateNotificationSettingsBodySchema = NotificationSettingsSchema.partial().strict()

export const CalendarAddressSchema = z.object({ url: z.string() }).meta({ id: 'CalendarAddress' })
export const CalendarTokenParamsSchema = z.object({
  token: z
    .string()
    .regex(/^[A-Za-z0-9_-]{20,100}$/)
    .describe('The secret of the calendar address'),
})
