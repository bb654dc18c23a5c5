import {
  type InfiniteData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query'
import type { MarkNotificationsReadBody, Notification, NotificationList, NotificationSettings } from '@vp/shared'
import { api } from './client.ts'

// Kept small and free of components: the bell in the header (first route) imports this module.

export const NOTIFICATIONS_PAGE_SIZE = 20

export const notificationKeys = {
  all: ['me', 'notifications'] as const,
  list: ['me', 'notifications', 'list'] as const,
  unread: ['me', 'notifications', 'unread'] as const,
  settings: ['me', 'notification-settings'] as const,
  calendar: ['me', 'calendar'] as const,
}

interface MarkReadResult {
  marked: number
  unreadCount: number
}

/** The number on the bell: one item asked for, only its unreadCount is used. */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: async ({ signal }) =>
      (await api.get<NotificationList>('/api/me/notifications?unread=true&limit=1', { signal })).unreadCount,
    enabled,
  })
}

/** My notifications, newest first, a page at a time ("Meer laden"). */
export function useNotifications() {
  const queryClient = useQueryClient()
  return useInfiniteQuery({
    queryKey: notificationKeys.list,
    queryFn: async ({ signal, pageParam }) => {
      const cursor = pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''
      const page = await api.get<NotificationList>(`/api/me/notifications?limit=${NOTIFICATIONS_PAGE_SIZE}${cursor}`, {
        signal,
      })
      // Every page carries the count as it is now: the bell follows it.
      queryClient.setQueryData(notificationKeys.unread, page.unreadCount)
      return page
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  })
}

/** Marks some notifications, or all, as read; the bell and the list follow at once. */
export function useMarkRead() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: MarkNotificationsReadBody) => api.post<MarkReadResult>('/api/me/notifications/read', body),
    onSuccess: (result, body) => {
      queryClient.setQueryData(notificationKeys.unread, result.unreadCount)
      const readAt = new Date().toISOString()
      const ids = 'ids' in body ? new Set(body.ids) : null
      queryClient.setQueryData<InfiniteData<NotificationList, string | null>>(notificationKeys.list, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                unreadCount: result.unreadCount,
                items: page.items.map((n) => (!n.readAt && (!ids || ids.has(n.id)) ? { ...n, readAt } : n)),
              })),
            }
          : data,
      )
    },
  })
}

/**
 * A notification that arrived live: on top of the list if it is loaded, and one more on the bell.
 * Returns false when it was already known (a second socket, a refetch that raced it).
 */
export function applyLiveNotification(queryClient: QueryClient, notification: Notification): boolean {
  const data = queryClient.getQueryData<InfiniteData<NotificationList, string | null>>(notificationKeys.list)
  if (data?.pages.some((page) => page.items.some((n) => n.id === notification.id))) return false
  if (data && data.pages.length > 0) {
    const [first, ...rest] = data.pages
    queryClient.setQueryData(notificationKeys.list, {
      ...data,
      pages: [{ ...first!, items: [notification, ...first!.items] }, ...rest],
    })
  }
  if (!notification.readAt) {
    const count = queryClient.getQueryData<number>(notificationKeys.unread)
    if (typeof count === 'number') queryClient.setQueryData(notificationKeys.unread, count + 1)
    else void queryClient.invalidateQueries({ queryKey: notificationKeys.unread })
  }
  return true
}

export function useNotificationSettings() {
  return useQuery({
    queryKey: notificationKeys.settings,
    queryFn: ({ signal }) => api.get<NotificationSettings>('/api/me/notification-settings', { signal }),
  })
}

export function useUpdateNotificationSettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: Partial<NotificationSettings>) =>
      api.put<NotificationSettings>('/api/me/notification-settings', body),
    onSuccess: (settings) => queryClient.setQueryData(notificationKeys.settings, settings),
  })
}

/** My secret calendar address (ICS) with the deadlines of my steps and actions. */
export function useCalendarAddress() {
  return useQuery({
    queryKey: notificationKeys.calendar,
    queryFn: ({ signal }) => api.get<{ url: string }>('/api/me/calendar', { signal }),
  })
}

/** A new secret address; the old one stops working at once. */
export function useRotateCalendar() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => api.post<{ url: string }>('/api/me/calendar/rotate', {}),
    onSuccess: (address) => queryClient.setQueryData(notificationKeys.calendar, address),
  })
}
