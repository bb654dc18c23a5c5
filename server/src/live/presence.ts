import { randomUUID } from 'node:crypto'
import type { PresencePerson, ServerMessage } from '@vp/shared'
import { sql } from 'drizzle-orm'
import type { Db } from '../db/client.ts'
import type { Connection } from './connection.ts'

export const PRESENCE_CHANNEL = 'presence'

/** What presence needs from the hub that owns the sockets. */
export interface PresenceHost {
  readonly db: Db
  /** How long an entry announced by another instance lives without being announced again. */
  readonly ttlMs: number
  /** Every socket on this instance. */
  readonly conns: ReadonlySet<Connection>
  /** The sockets following a case here, live or still replaying. */
  followers(caseId: string): ReadonlySet<Connection> | undefined
  send(conn: Connection, msg: ServerMessage): boolean
  isClosing(): boolean
}

interface RemotePresence {
  person: PresencePerson
  expires: number
}

/**
 * Who is where in a case: this instance's sockets, plus what other instances announce over
 * NOTIFY on the presence channel (each re-announces its people, so an entry of a vanished
 * instance expires).
 */
export class Presence {
  private readonly remote = new Map<string, Map<string, RemotePresence>>()
  private readonly instanceId = randomUUID()

  constructor(private readonly host: PresenceHost) {}

  private personOf(conn: Connection, caseId: string): PresencePerson | null {
    const where = conn.presence.get(caseId)
    if (!where) return null
    return {
      userId: conn.user.id,
      name: conn.user.name,
      organisation: conn.user.organisation,
      step: where.step,
      itemId: where.itemId,
    }
  }

  /** Tells the other instances where the socket is in one case, or in all its cases (`null`). */
  announce(conn: Connection, caseId: string | null, leave = false) {
    const targets = caseId ? [caseId] : [...conn.presence.keys()]
    for (const c of targets) {
      const person = leave || caseId === null ? null : this.personOf(conn, c)
      const payload = JSON.stringify({ i: this.instanceId, k: conn.id, c, p: person })
      void this.host.db.execute(sql`select pg_notify(${PRESENCE_CHANNEL}, ${payload})`).catch(() => {})
    }
  }

  /** The socket is no longer in the case: everyone there hears it. */
  leave(conn: Connection, caseId: string) {
    if (!conn.presence.delete(caseId)) return
    this.announce(conn, caseId, true)
    this.broadcast(caseId)
  }

  /** Re-announces every local person, so their entries on other instances do not expire. */
  refresh() {
    for (const conn of this.host.conns) for (const caseId of conn.presence.keys()) this.announce(conn, caseId)
  }

  /** A notice on the presence channel (this instance's own are ignored). */
  onRemote(payload: string) {
    let m: { i: string; k: string; c: string; p: PresencePerson | null }
    try {
      m = JSON.parse(payload)
    } catch {
      return
    }
    if (m.i === this.instanceId) return
    let people = this.remote.get(m.c)
    if (!people) {
      people = new Map()
      this.remote.set(m.c, people)
    }
    if (m.p) people.set(m.k, { person: m.p, expires: Date.now() + this.host.ttlMs })
    else people.delete(m.k)
    this.broadcast(m.c)
  }

  /** Drops the remote entries nobody announced again in time. */
  expire(now: number) {
    for (const [caseId, people] of this.remote) {
      let changed = false
      for (const [k, p] of people) if (p.expires < now) changed = people.delete(k) || changed
      if (changed) this.broadcast(caseId)
    }
  }

  private peopleIn(caseId: string): PresencePerson[] {
    const byUser = new Map<string, PresencePerson>()
    for (const r of this.remote.get(caseId)?.values() ?? []) byUser.set(r.person.userId, r.person)
    for (const conn of this.host.conns) {
      const p = this.personOf(conn, caseId)
      if (p) byUser.set(p.userId, p)
    }
    return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name, 'nl'))
  }

  /** Who is in the case, to one socket (right after it caught up). */
  sendTo(conn: Connection, caseId: string) {
    this.host.send(conn, { type: 'presence', caseId, people: this.peopleIn(caseId) })
  }

  /** Who is in the case, to every socket here that follows it live. */
  broadcast(caseId: string) {
    if (this.host.isClosing()) return
    const followers = this.host.followers(caseId)
    if (!followers) return
    const people = this.peopleIn(caseId)
    for (const conn of followers)
      if (conn.subs.get(caseId)?.live) this.host.send(conn, { type: 'presence', caseId, people })
  }
}
