import type { FastifyRequest } from 'fastify'
import type { Actor } from './policy.ts'

/** The caller as the policy module sees them (anonymous when there is no live session). */
export async function actorOf(req: FastifyRequest): Promise<Actor> {
  const session = await req.currentSession()
  return { user: session?.user ?? null }
}
