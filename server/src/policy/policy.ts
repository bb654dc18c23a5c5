import type { ActiveSession } from '../auth/sessions.ts'
import { forbidden, unauthenticated } from '../http/errors.ts'

/**
 * Who is asking. `membership` is filled per case by the cases domain; instance-level actions
 * (administration) look only at the user.
 */
export interface Actor {
  user: ActiveSession['user'] | null
}

type Resources = {
  /** Manage organisations of the instance. */
  'organisation.manage': null
  /** Manage accounts of the instance. */
  'user.manage': null
  /** Read the organisation list to pick from when inviting. */
  'organisation.list': null
}
export type Action = keyof Resources

const rules: { [A in Action]: (actor: Actor & { user: NonNullable<Actor['user']> }, r: Resources[A]) => boolean } = {
  // Only the instance's functional admins manage organisations and accounts.
  'organisation.manage': (a) => a.user.isAdmin,
  'user.manage': (a) => a.user.isAdmin,
  // Any signed-in person may see which organisations exist; names and types are not case content.
  'organisation.list': () => true,
}

/** The only place that decides access. Pure: the caller loads the facts first. */
export function can<A extends Action>(actor: Actor, action: A, resource: Resources[A]): boolean {
  if (!actor.user) return false
  return rules[action](actor as Actor & { user: NonNullable<Actor['user']> }, resource)
}

/** 401 for anonymous callers, 403 for signed-in callers without the right. */
export function authorize<A extends Action>(actor: Actor, action: A, resource: Resources[A]): void {
  if (!actor.user) throw unauthenticated()
  if (!can(actor, action, resource)) throw forbidden()
}

export const ACTIONS = Object.keys(rules) as Action[]
