import { describe, expect, it } from 'vitest'
import { judgeSession, touchAfterMs } from './sessions.ts'

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
