import { QueryClient } from '@tanstack/react-query'
import type { Notification } from '@vp/shared'
import { describe, expect, it } from 'vitest'
import { applyLiveNotification, notificationKeys } from './notifications.ts'

const CASE = '00000000-0000-4000-8000-000000000001'
const notification = (n: number, readAt: string | null = null): Notification => ({
  id: `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
  type: 'mentioned',
  caseId: CASE,
  title: `Melding ${n}`,
  body: '',
  link: `/dossiers/${CASE}`,
  createdAt: new Date(2026, 0, n).toISOString(),
  readAt,
})

function withList(items: Notification[], unreadCount: number) {
  const client = new QueryClient()
  client.setQueryData(notificationKeys.list, {
    pages: [{ items, nextCursor: null, unreadCount }],
    pageParams: [null],
  })
  client.setQueryData(notificationKeys.unread, unreadCount)
  return client
}

const listOf = (client: QueryClient) =>
  client
    .getQueryData<{ pages: { items: Notification[] }[] }>(notificationKeys.list)!
    .pages[0]!.items.map((n) => n.title)

describe('a notification that arrives live', () => {
  it('goes on top of the loaded list and adds one to the bell', () => {
    const client = withList([notification(1)], 1)
    expect(applyLiveNotification(client, notification(2))).toBe(true)
    expect(listOf(client)).toEqual(['Melding 2', 'Melding 1'])
    expect(client.getQueryData(notificationKeys.unread)).toBe(2)
  })

  it('counts once when the same notification arrives twice', () => {
    const client = withList([notification(1)], 1)
    applyLiveNotification(client, notification(2))
    expect(applyLiveNotification(client, notification(2))).toBe(false)
    expect(listOf(client)).toEqual(['Melding 2', 'Melding 1'])
    expect(client.getQueryData(notificationKeys.unread)).toBe(2)
  })

  it('leaves the count alone when it was already read (read on another tab)', () => {
    const client = withList([], 0)
    applyLiveNotification(client, notification(3, new Date().toISOString()))
    expect(client.getQueryData(notificationKeys.unread)).toBe(0)
    expect(listOf(client)).toEqual(['Melding 3'])
  })

  it('adds to the bell when the list page was never opened', () => {
    const client = new QueryClient()
    client.setQueryData(notificationKeys.unread, 4)
    applyLiveNotification(client, notification(5))
    expect(client.getQueryData(notificationKeys.unread)).toBe(5)
    expect(client.getQueryData(notificationKeys.list)).toBeUndefined()
  })
})
