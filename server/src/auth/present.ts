import type { User } from '@vp/shared'
import { can } from '../policy/policy.ts'
import type { SessionUser } from './sessions.ts'

export function presentUser(u: SessionUser): User {
  const actor = { user: u, membership: null }
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    organisation: u.organisation,
    isAdmin: u.isAdmin,
    locale: u.locale,
    abilities: { createCase: can(actor, 'case.create', null), administer: can(actor, 'user.manage', null) },
  }
}
