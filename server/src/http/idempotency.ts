import { AsyncLocalStorage } from 'node:async_hooks'
import { and, eq, lt } from 'drizzle-orm'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { CURRENT_HANDLE, type Db, type Tx } from '../db/client.ts'
import { idempotencyKeys } from '../db/schema.ts'
import { AppError, badRequest } from './errors.ts'

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const KEY = /^[\w.:-]{8,200}$/
/** Keys are kept a day: long enough for any client's retries. */
const KEEP_HOURS = 24

interface Answer {
  statusCode: number
  body: string
  headers: Record<string, string>
}

interface Pending {
  userId: string
  key: string
  method: string
  path: string
  /**
   * new: no transaction yet; running: the first transaction runs the change; held: the change is
   * done and its transaction waits for the answer; done: committed (or rolled back) with the answer.
   */
  state: 'new' | 'running' | 'held' | 'done'
  /** Given the answer, the held transaction stores it and commits; null rolls the change back. */
  answer?: (answer: Answer | null) => void
  /** Settles when the held transaction has committed or rolled back. */
  finished?: Promise<void>
  /** This request's view of the held transaction (see `requestScopedDb`). */
  store: Held
}

/** The transaction a request's change is held open in until its answer is known (see below). */
interface Held {
  tx: Tx | null
}
const held = new AsyncLocalStorage<Held>()

/**
 * The database as the current request sees it: inside a request whose idempotent change is held open
 * for its answer, that change's transaction; everywhere else `db` itself. `app.db` is this, so a
 * handler that reads with `app.db` after the service's transaction sees the change (PostgreSQL reads
 * on another connection would not, and PGlite's single connection would wait for the held
 * transaction forever). A `transaction()` inside becomes a savepoint of the held one.
 */
export function requestScopedDb(db: Db): Db {
  const current = () => (held.getStore()?.tx ?? db) as Db
  return new Proxy(db, {
    get(_target, prop) {
      const source = current()
      if (prop === CURRENT_HANDLE) return source
      const value = Reflect.get(source, prop, source)
      return typeof value === 'function' ? value.bind(source) : value
    },
    has: (_target, prop) => prop in current(),
  })
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
 * again and changes nothing. The key, the change and the answer commit in one transaction: the
 * change's transaction stays open until the answer is built, stores it with the key, and only then
 * commits. A retry after the server died at any moment therefore finds either nothing (the change
 * rolled back; it is applied now) or the original status and body. ADR 009.
 *
 * `db` is the plain database; `app.db` must be `requestScopedDb(db)`.
 */
export function registerIdempotency(app: FastifyInstance, db: Db) {
  app.decorateRequest('writeDb', null as unknown as Db)
  const scoped = requestScopedDb(db)

  // Callback-style hooks: most requests are not mutations with a key, and skip the promise.
  app.addHook('preHandler', (req, reply, done) => {
    req.writeDb = scoped
    const key = req.headers['idempotency-key']
    if (key === undefined || !MUTATING.has(req.method)) return done()
    reserve(req, reply, key).then((replayed) => {
      if (replayed) return
      // Everything the handler does from here (and only this request) sees the held transaction
      // once there is one.
      const pending = (req as WithPending)[PENDING]
      if (pending) held.enterWith(pending.store)
      done()
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
    const pending: Pending = {
      userId: session.user.id,
      key,
      method: req.method,
      path,
      state: 'new',
      store: { tx: null },
    }
    ;(req as WithPending)[PENDING] = pending
    req.writeDb = withReservation(db, scoped, pending)
    return false
  }

  app.addHook('onSend', (req, reply, payload, done) => {
    const pending = (req as WithPending)[PENDING]
    if (pending?.state !== 'held') return done(null, payload)
    pending.state = 'done'
    // A 5xx is our fault: the change rolls back and a retry applies it. Anything else commits
    // together with its answer.
    pending.answer!(
      reply.statusCode >= 500
        ? null
        : {
            statusCode: reply.statusCode,
            body: typeof payload === 'string' ? payload : '',
            headers: pickHeaders(reply),
          },
    )
    pending.finished!.then(
      () => done(null, payload),
      // The commit failed: nothing happened, and the client must not be told otherwise.
      (err: Error) => done(err),
    )
  })

  // A safety net: a held transaction whose answer never went through onSend rolls back.
  app.addHook('onResponse', (req, _reply, done) => {
    const pending = (req as WithPending)[PENDING]
    if (pending?.state === 'held') {
      pending.state = 'done'
      pending.answer!(null)
    }
    done()
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
  // Only rows written before the answer was stored with the change (ADR 009, amended) can have no
  // answer; their outcome is unknown.
  if (found.statusCode === 0) {
    throw new AppError(409, 'conflict', 'Deze wijziging is al verwerkt; laad de gegevens opnieuw')
  }
  reply.header('idempotent-replay', 'true')
  for (const [h, v] of Object.entries(found.headers as Record<string, string>)) reply.header(h, v)
  return reply.status(found.statusCode).send(found.body)
}

const ROLLED_BACK = Symbol('rolled back')

/**
 * A Db whose first transaction also inserts the key (a concurrent twin then fails on the key) and,
 * once the change is done, stays open: the caller gets the change's result at once, and the
 * transaction commits when onSend hands it the answer to store with the key. Later transactions and
 * every other query of the request go through `scoped`, i.e. into the held transaction.
 */
function withReservation(db: Db, scoped: Db, pending: Pending): Db {
  return new Proxy(scoped, {
    get(target, prop, receiver) {
      if (prop !== 'transaction' || pending.state !== 'new') return Reflect.get(target, prop, receiver)
      return <T>(fn: (tx: Tx) => Promise<T>) =>
        new Promise<T>((resolve, reject) => {
          pending.state = 'running'
          const { store } = pending
          const answered = new Promise<Answer | null>((r) => {
            pending.answer = r
          })
          pending.finished = db
            .transaction(async (tx) => {
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
              // Holding the transaction is only safe when every read of this request comes into it;
              // otherwise PGlite's one connection would wait for it forever. Fail loudly instead.
              if (held.getStore() !== store) throw new Error('Idempotency-Key: the change runs outside its request')
              const result = await fn(tx)
              store.tx = tx
              pending.state = 'held'
              resolve(result)
              const answer = await answered
              if (!answer) throw ROLLED_BACK
              await tx
                .update(idempotencyKeys)
                .set(answer)
                .where(and(eq(idempotencyKeys.userId, pending.userId), eq(idempotencyKeys.key, pending.key)))
            })
            .then(() => {
              store.tx = null
            })
            .catch((err: unknown) => {
              store.tx = null
              if (pending.state === 'running') {
                // The change itself failed and rolled back, key and all: the caller handles it.
                pending.state = 'new'
                reject(err)
                return
              }
              if (err !== ROLLED_BACK) throw err
            })
        })
    },
  })
}

/** Forgets keys older than a day (ADR 009); the maintenance loop calls it. */
export async function pruneIdempotencyKeys(db: Db) {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(Date.now() - KEEP_HOURS * 3_600_000)))
}
