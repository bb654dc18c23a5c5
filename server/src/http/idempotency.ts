import { and, eq, lt } from 'drizzle-orm'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db, Tx } from '../db/client.ts'
import { idempotencyKeys } from '../db/schema.ts'
import { AppError, badRequest } from './errors.ts'

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const KEY = /^[\w.:-]{8,200}$/
/** Keys are kept a day: long enough for any client's retries. */
const KEEP_HOURS = 24

interface Pending {
  userId: string
  key: string
  method: string
  path: string
  reserved: boolean
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The database for this request's writes: with an Idempotency-Key, the first transaction records it. */
    writeDb: Db
  }
}

const PENDING = Symbol('idempotency')
type WithPending = FastifyRequest & { [PENDING]?: Pending }

/**
 * `Idempotency-Key` on any mutation: a retry with the same key (same user) gets the first outcome
 * again and changes nothing. The key is recorded inside the same transaction as the change, so
 * a change is never applied twice, even when the server dies between commit and response.
 */
export function registerIdempotency(app: FastifyInstance, db: Db) {
  app.decorateRequest('writeDb', null as unknown as Db)

  // Callback-style hooks: most requests are not mutations with a key, and skip the promise.
  app.addHook('preHandler', (req, reply, done) => {
    req.writeDb = db
    const key = req.headers['idempotency-key']
    if (key === undefined || !MUTATING.has(req.method)) return done()
    reserve(req, reply, key).then((replayed) => {
      if (!replayed) done()
    }, done)
  })

  async function reserve(req: FastifyRequest, reply: FastifyReply, key: string | string[]): Promise<boolean> {
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw badRequest('Idempotency-Key: 8 tot 200 tekens (letters, cijfers, . : _ -)', [
        { path: 'headers.idempotency-key', message: 'Ongeldige sleutel' },
      ])
    }
    const session = await req.currentSession()
    if (!session) return false
    const path = req.url.split('?')[0]!
    const [found] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, session.user.id), eq(idempotencyKeys.key, key)))
    if (found) {
      replay(found, req.method, path, reply)
      return true
    }
    const pending: Pending = { userId: session.user.id, key, method: req.method, path, reserved: false }
    ;(req as WithPending)[PENDING] = pending
    req.writeDb = withReservation(db, pending)
    return false
  }

  app.addHook('onSend', (req, reply, payload, done) => {
    const pending = (req as WithPending)[PENDING]
    if (!pending?.reserved) return done(null, payload)
    // The change committed; record its answer for retries. 5xx after a commit is recorded too.
    db.update(idempotencyKeys)
      .set({
        statusCode: reply.statusCode,
        body: typeof payload === 'string' ? payload : '',
        headers: pickHeaders(reply),
      })
      .where(and(eq(idempotencyKeys.userId, pending.userId), eq(idempotencyKeys.key, pending.key)))
      .then(() => done(null, payload), done)
  })
}

function pickHeaders(reply: FastifyReply) {
  const out: Record<string, string> = {}
  for (const h of ['etag', 'location', 'content-type']) {
    const v = reply.getHeader(h)
    if (typeof v === 'string') out[h] = v
  }
  return out
}

function replay(found: typeof idempotencyKeys.$inferSelect, method: string, path: string, reply: FastifyReply) {
  if (found.method !== method || found.path !== path) {
    throw new AppError(409, 'conflict', 'Deze Idempotency-Key is al gebruikt voor een andere aanvraag')
  }
  if (found.statusCode === 0) {
    throw new AppError(409, 'conflict', 'Deze wijziging is al verwerkt; laad de gegevens opnieuw')
  }
  reply.header('idempotent-replay', 'true')
  for (const [h, v] of Object.entries(found.headers as Record<string, string>)) reply.header(h, v)
  return reply.status(found.statusCode).send(found.body)
}

/** A Db whose first transaction also inserts the key; a concurrent twin then fails on the key. */
function withReservation(db: Db, pending: Pending): Db {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'transaction' || pending.reserved) return Reflect.get(target, prop, receiver)
      return <T>(fn: (tx: Tx) => Promise<T>) =>
        target.transaction(async (tx) => {
          const inserted = await tx
            .insert(idempotencyKeys)
            .values({
              userId: pending.userId,
              key: pending.key,
              method: pending.method,
              path: pending.path,
              statusCode: 0,
              body: '',
            })
            .onConflictDoNothing()
            .returning({ key: idempotencyKeys.key })
          if (inserted.length === 0) throw new AppError(409, 'conflict', 'Deze wijziging wordt al verwerkt')
          const result = await fn(tx)
          pending.reserved = true
          return result
        })
    },
  })
}

/** Forgets keys older than a day. */
export async function pruneIdempotencyKeys(db: Db) {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(Date.now() - KEEP_HOURS * 3_600_000)))
}
