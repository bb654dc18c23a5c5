// The notification centre and the account page with its notification settings, as one chunk.
export { AccountPage } from '../features/account/account-page.tsx'
export { NotificationsPage } from '../features/notifications/notifications-page.tsx'
