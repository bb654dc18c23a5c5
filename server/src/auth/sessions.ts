import { randomBytes } from 'node:crypto'
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import { LRUCache } from 'lru-cache'
import { type Db, type DbOrTx, preparedPerHandle } from '../db/client.ts'
import { organisations, sessions, settings, users } from '../db/schema.ts'

/** The two limits of every session, in milliseconds (config: SESSION_IDLE_*, SESSION_MAX_*). */
export interface SessionPolicy {
  idleMs: number
  maxMs: number
}

export type EndReason = 'logout' | 'password_changed' | 'password_reset' | 'disabled' | 'idle' | 'expired'

/** The signed-in person as every route sees them. */
export interface SessionUser {
  id: string
  email: string
  name: string
  isAdmin: boolean
  locale: 'nl' | 'en'
  organisation: { id: string; name: string; type: (typeof organisations.$inferSelect)['type'] } | null
}

export interface ActiveSession {
  sessionId: string
  user: SessionUser
  /**
   * Until when the session counts as far as known now (epoch ms): its maximum age, or its idle
   * limit counted from the last activity, whichever comes first. Activity elsewhere can move it.
   */
  until: number
}

/** What the session module says about one session at one moment. */
export type SessionState =
  | { live: true; until: number }
  | {
      live: false
      reason: EndReason | 'ended'
      /** Past a limit but not yet marked ended in the database. */
      mustEnd: boolean
    }

interface SessionFacts {
  endedAt: Date | null
  endReason: string | null
  disabled: boolean
  expiresAt: number
  lastSeenAt: number
}

/**
 * The one rule for whether a session still counts, used by HTTP requests and live sockets alike:
 * not ended, account not disabled, before its maximum age and within its idle limit.
 */
export function judgeSession(f: SessionFacts, policy: SessionPolicy, now: number): SessionState {
  if (f.endedAt) return { live: false, reason: isEndReason(f.endReason) ? f.endReason : 'ended', mustEnd: false }
  if (f.disabled) return { live: false, reason: 'disabled', mustEnd: false }
  if (f.expiresAt <= now) return { live: false, reason: 'expired', mustEnd: true }
  const idleAt = f.lastSeenAt + policy.idleMs
  if (idleAt <= now) return { live: false, reason: 'idle', mustEnd: true }
  return { live: true, until: Math.min(f.expiresAt, idleAt) }
}

const END_REASONS: readonly EndReason[] = [
  'logout',
  'password_changed',
  'password_reset',
  'disabled',
  'idle',
  'expired',
]
const isEndReason = (r: string | null): r is EndReason => END_REASONS.includes(r as EndReason)

/**
 * The session secret: from configuration, or generated once and stored in the database so that
 * every instance signs and checks with the same key.
 */
export async function loadSessionSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured
  const generated = randomBytes(48).toString('base64url')
  await db.insert(settings).values({ key: 'session_secret', value: generated }).onConflictDoNothing()
  const [row] = await db.select().from(settings).where(eq(settings.key, 'session_secret'))
  return row!.value
}

/** Starts a session for a user who just proved who they are. */
export async function startSession(db: DbOrTx, userId: string, policy: SessionPolicy, userAgent?: string) {
  const expiresAt = new Date(Date.now() + policy.maxMs)
  const [row] = await db
    .insert(sessions)
    .values({ userId, expiresAt, userAgent: userAgent?.slice(0, 300) })
    .returning({ id: sessions.id, expiresAt: sessions.expiresAt })
  return row!
}

interface CachedSession {
  userId: string
  user: SessionUser
  expiresAt: number
  lastSeenAt: number
}

/**
 * Recently read sessions of one server, so that a burst of requests from one person reads the
 * session row once. An entry lives `ttlMs` at most; past `maxEntries` the least recently used
 * goes. The routes that end sessions or change accounts make their own server forget at once,
 * after the commit; the other instances forget when they hear the change on the sessions channel
 * (the live hub's LISTEN connection).
 */
export class SessionCache {
  // lru-cache reads a ttl of 0 as "never expires"; here 0 means no cache at all.
  private readonly entries: LRUCache<string, CachedSession> | null

  constructor(
    readonly ttlMs: number,
    maxEntries = 50_000,
  ) {
    this.entries = ttlMs > 0 ? new LRUCache({ max: maxEntries, ttl: ttlMs }) : null
  }

  get(sessionId: string, userId: string): CachedSession | null {
    const e = this.entries?.get(sessionId)
    if (!e) return null
    if (e.userId !== userId) {
      this.entries?.delete(sessionId)
      return null
    }
    return e
  }

  set(sessionId: string, e: CachedSession) {
    this.entries?.set(sessionId, e)
  }

  forgetSession(sessionId: string) {
    this.entries?.delete(sessionId)
  }

  forgetUser(userId: string) {
    if (!this.entries) return
    // Collected first: deleting while lru-cache iterates would skip entries.
    const ids = [...this.entries.entries()].filter(([, e]) => e.userId === userId).map(([id]) => id)
    for (const id of ids) this.entries.delete(id)
  }

  clear() {
    this.entries?.clear()
  }
}

/**
 * Writing last_seen_at on every request would turn every read into a write; a minute is precise
 * enough for a 30-minute idle limit. Shorter limits (tests) are touched at a tenth of the limit.
 */
export const touchAfterMs = (policy: SessionPolicy) => Math.min(60_000, policy.idleMs / 10)

const sessionQuery = preparedPerHandle((db: Db) =>
  db
    .select({ session: sessions, user: users, organisation: organisations })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(sessions.id, sql.placeholder('sessionId')), eq(sessions.userId, sql.placeholder('userId'))))
    .prepare('find_session'),
)

/**
 * The session and its user if the session still counts (see `judgeSession`): not ended, not past
 * its absolute or idle limit, and the account not disabled and approved. Ends an idle or expired
 * session on the way. `touch: false` reads without counting as activity (the live socket's
 * upgrade: a reconnecting tab is not the person doing something).
 */
export async function findActiveSession(
  db: Db,
  sessionId: string,
  userId: string,
  policy: SessionPolicy,
  cache?: SessionCache,
  touch = true,
): Promise<ActiveSession | null> {
  const now = Date.now()
  let e = cache?.get(sessionId, userId) ?? null
  if (!e) {
    const [row] = await sessionQuery(db).execute({ sessionId, userId })
    if (!row || row.session.endedAt || row.user.disabled || row.user.approval !== 'approved') return null
    e = {
      userId,
      user: toSessionUser(row.user, row.organisation),
      expiresAt: row.session.expiresAt.getTime(),
      lastSeenAt: row.session.lastSeenAt.getTime(),
    }
    cache?.set(sessionId, e)
  }
  const state = judgeSession({ endedAt: null, endReason: null, disabled: false, ...e }, policy, now)
  if (!state.live) {
    cache?.forgetSession(sessionId)
    if (state.mustEnd) await endSession(db, sessionId, state.reason as EndReason)
    return null
  }
  if (touch && now - e.lastSeenAt > touchAfterMs(policy)) {
    e.lastSeenAt = now
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(sessions.id, sessionId))
  }
  const until = Math.min(e.expiresAt, e.lastSeenAt + policy.idleMs)
  return { sessionId, user: e.user, until }
}

/**
 * The state of many sessions in one query (the live hub asks for the sockets whose deadline
 * passed, or whose user changed). Sessions found past a limit are ended on the spot, as over HTTP.
 * A session id without a row is reported ended.
 */
export async function checkSessions(
  db: Db,
  sessionIds: string[],
  policy: SessionPolicy,
): Promise<Map<string, SessionState>> {
  const states = new Map<string, SessionState>()
  if (sessionIds.length === 0) return states
  const rows = await db
    .select({
      id: sessions.id,
      endedAt: sessions.endedAt,
      endReason: sessions.endReason,
      expiresAt: sessions.expiresAt,
      lastSeenAt: sessions.lastSeenAt,
      disabled: users.disabled,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(inArray(sessions.id, sessionIds))
  const now = Date.now()
  const toEnd: Record<'idle' | 'expired', string[]> = { idle: [], expired: [] }
  for (const r of rows) {
    const state = judgeSession(
      { ...r, expiresAt: r.expiresAt.getTime(), lastSeenAt: r.lastSeenAt.getTime() },
      policy,
      now,
    )
    states.set(r.id, state)
    if (!state.live && state.mustEnd) toEnd[state.reason as 'idle' | 'expired'].push(r.id)
  }
  for (const id of sessionIds) if (!states.has(id)) states.set(id, { live: false, reason: 'ended', mustEnd: false })
  for (const reason of ['idle', 'expired'] as const) {
    if (toEnd[reason].length === 0) continue
    const ended = await db
      .update(sessions)
      .set({ endedAt: new Date(now), endReason: reason })
      .where(and(inArray(sessions.id, toEnd[reason]), isNull(sessions.endedAt)))
      .returning({ userId: sessions.userId })
    await announce(
      db,
      ended.map((e) => e.userId),
    )
  }
  return states
}

/** Channel on which every instance hears that sessions of a user ended (to close their sockets). */
export const SESSIONS_CHANNEL = 'session_events'

async function announce(db: DbOrTx, userIds: string[]) {
  for (const id of new Set(userIds)) {
    await db.execute(sql`select pg_notify(${SESSIONS_CHANNEL}, ${id})`)
  }
}

/**
 * A user's account changed (name, language, organisation, rights): every instance forgets its
 * cached sessions of that user and rechecks their live sockets.
 */
export async function userChanged(db: DbOrTx, userId: string) {
  await announce(db, [userId])
}

/** Something every session shows changed (an organisation): every instance forgets all cached sessions. */
export async function everyoneChanged(db: DbOrTx) {
  await db.execute(sql`select pg_notify(${SESSIONS_CHANNEL}, '*')`)
}

export async function endSession(db: DbOrTx, sessionId: string, reason: EndReason) {
  const ended = await db
    .update(sessions)
    .set({ endedAt: new Date(), endReason: reason })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.endedAt)))
    .returning({ userId: sessions.userId })
  await announce(
    db,
    ended.map((e) => e.userId),
  )
}

/** Ends every session of a user, except optionally the one making the request. */
export async function endUserSessions(db: DbOrTx, userId: string, reason: EndReason, exceptSessionId?: string) {
  await announce(db, [userId])
  await db
    .update(sessions)
    .set({ endedAt: new Date(), endReason: reason })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.endedAt),
        exceptSessionId ? sql`${sessions.id} <> ${exceptSessionId}` : undefined,
      ),
    )
}

/** The user as routes present it; throws when the user does not exist. */
export async function loadSessionUser(db: DbOrTx, userId: string): Promise<SessionUser> {
  const [row] = await db
    .select({ user: users, organisation: organisations })
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, userId))
  if (!row) throw new Error(`user ${userId} not found`)
  return toSessionUser(row.user, row.organisation)
}

function toSessionUser(
  user: typeof users.$inferSelect,
  organisation: typeof organisations.$inferSelect | null,
): SessionUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    locale: user.locale,
    organisation: organisation ? { id: organisation.id, name: organisation.name, type: organisation.type } : null,
  }
}
