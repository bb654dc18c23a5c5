import type { User } from '@vp/shared'
import type { SessionUser } from './sessions.ts'

export function presentUser(u: SessionUser): User {
  return { id: u.id, email: u.email, name: u.name, organisation: u.organisation, isAdmin: u.isAdmin, locale: u.locale }
}
