import { describe, expect, it } from 'vitest'
import { judgeSession, SessionCache, touchAfterMs } from './sessions.ts'

const policy = { idleMs: 30 * 60_000, maxMs: 12 * 3_600_000 }
const now = Date.parse('2026-12-06T10:00:00Z')
const open = { endedAt: null, endReason: null, disabled: false, expiresAt: now + 3_600_000, lastSeenAt: now - 60_000 }

describe('judgeSession: the one rule for HTTP and live', () => {
  it('a session in its limits counts until the earlier of its maximum age and its idle limit', () => {
    expect(judgeSession(open, policy, now)).toEqual({ live: true, until: now - 60_000 + policy.idleMs })
    expect(judgeSession({ ...open, expiresAt: now + 1000 }, policy, now)).toEqual({ live: true, until: now + 1000 })
  })

  it('past its idle limit or maximum age a session must be ended, with that reason', () => {
    expect(judgeSession({ ...open, lastSeenAt: now - policy.idleMs }, policy, now)).toEqual({
      live: false,
      reason: 'idle',
      mustEnd: true,
    })
    expect(judgeSession({ ...open, expiresAt: now }, policy, now)).toEqual({
      live: false,
      reason: 'expired',
      mustEnd: true,
    })
  })

  it('an ended session keeps the reason it ended with; a disabled account counts as ended', () => {
    const ended = { ...open, endedAt: new Date(now - 1000) }
    expect(judgeSession({ ...ended, endReason: 'logout' }, policy, now)).toEqual({
      live: false,
      reason: 'logout',
      mustEnd: false,
    })
    expect(judgeSession({ ...ended, endReason: 'something else' }, policy, now)).toMatchObject({ reason: 'ended' })
    expect(judgeSession({ ...open, disabled: true }, policy, now)).toMatchObject({ live: false, reason: 'disabled' })
  })

  it('last_seen_at is written at most once a minute, or a tenth of a short idle limit', () => {
    expect(touchAfterMs(policy)).toBe(60_000)
    expect(touchAfterMs({ idleMs: 4000, maxMs: 60_000 })).toBe(400)
  })
})

describe('SessionCache', () => {
  const user = {
    id: 'u1',
    email: 'a@example.test',
    name: 'A',
    organisation: null,
    isAdmin: false,
    locale: 'nl' as const,
  }
  const entry = (userId: string) => ({ userId, user: { ...user, id: userId }, expiresAt: now, lastSeenAt: now })

  it('answers only for the session’s own user, and forgets every session of a user at once', () => {
    const cache = new SessionCache(60_000)
    cache.set('s1', entry('u1'))
    cache.set('s2', entry('u1'))
    cache.set('s3', entry('u2'))
    expect(cache.get('s1', 'u2')).toBeNull()
    // A mismatch drops the entry: it is not asked again for the right user either.
    expect(cache.get('s1', 'u1')).toBeNull()
    cache.forgetUser('u1')
    expect(cache.get('s2', 'u1')).toBeNull()
    expect(cache.get('s3', 'u2')?.userId).toBe('u2')
  })

  it('holds at most maxEntries, dropping the least recently used', () => {
    const cache = new SessionCache(60_000, 2)
    cache.set('s1', entry('u1'))
    cache.set('s2', entry('u2'))
    expect(cache.get('s1', 'u1')).not.toBeNull()
    cache.set('s3', entry('u3'))
    expect(cache.get('s2', 'u2')).toBeNull()
    expect(cache.get('s1', 'u1')).not.toBeNull()
    expect(cache.get('s3', 'u3')).not.toBeNull()
  })

  it('keeps nothing with a ttl of 0, and nothing past its ttl', async () => {
    const off = new SessionCache(0)
    off.set('s1', entry('u1'))
    expect(off.get('s1', 'u1')).toBeNull()
    const short = new SessionCache(20)
    short.set('s1', entry('u1'))
    expect(short.get('s1', 'u1')).not.toBeNull()
    await new Promise((r) => setTimeout(r, 40))
    expect(short.get('s1', 'u1')).toBeNull()
  })
})
