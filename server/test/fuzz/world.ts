import { ItemSchema } from '@vp/shared'
import { sql } from 'drizzle-orm'
import type { Db } from '../../src/db/client.ts'
import { addMember, type Client, openCase, type TestApp, type TestUser } from '../app.ts'
import type { KnownIds } from './arbitraries.ts'

/** Who sends a request: the roles of the case, a signed-in outsider, an administrator, nobody. */
export const ROLES = ['projectleider', 'partner', 'waarnemer', 'outsider', 'admin', 'anonymous'] as const
export type Role = (typeof ROLES)[number]

/**
 * A real case with a projectleider (gemeente), a partner (politie), a waarnemer (woningcorporatie),
 * step 1 closed so step 2 is open, a few items of several kinds and one pending invitation; plus
 * an outsider and an administrator. Requests are sent against it; `repair` puts it back when a
 * successful request changed what the roles rely on (a logout, a handover, a removed member).
 */
export class World {
  clients = new Map<Role, Client>()
  users = new Map<Role, TestUser>()
  ids: KnownIds = {
    caseId: [],
    itemId: [],
    memberId: [],
    invitationId: [],
    organisationId: [],
    userId: [],
    token: [],
  }
  caseId = ''
  orgs = { gem: '', pol: '', won: '', other: '' }
  private itemIds: string[] = []
  private passwordHash = ''
  private memberIds: string[] = []

  constructor(readonly t: TestApp) {}

  get db(): Db {
    return this.t.testDb.database.db
  }

  static async create(t: TestApp) {
    const w = new World(t)
    const gem = await t.make.organisation({ type: 'gemeente' })
    const pol = await t.make.organisation({ type: 'politie' })
    const won = await t.make.organisation({ type: 'woningcorporatie' })
    const other = await t.make.organisation({ type: 'overig' })
    w.orgs = { gem: gem.id, pol: pol.id, won: won.id, other: other.id }
    w.users.set('projectleider', await t.make.user({ organisationId: gem.id }))
    w.users.set('partner', await t.make.user({ organisationId: pol.id }))
    w.users.set('waarnemer', await t.make.user({ organisationId: won.id }))
    w.users.set('outsider', await t.make.user({ organisationId: other.id }))
    w.users.set('admin', await t.make.admin())
    for (const role of ['projectleider', 'outsider', 'admin'] as const)
      w.clients.set(role, await t.as(w.users.get(role)!))
    w.clients.set('anonymous', t.anon)
    const [u] = await rows<{ password_hash: string }>(
      w.db,
      sql`select password_hash from users where id = ${w.users.get('projectleider')!.id}`,
    )
    w.passwordHash = u!.password_hash
    await w.newCase()
    return w
  }

  /** Opens a fresh case with the same people, and collects the ids generated requests aim at. */
  async newCase() {
    const lead = this.clients.get('projectleider')!
    this.caseId = await openCase(lead)
    this.clients.set('partner', await addMember(this.t, lead, this.caseId, this.users.get('partner')!, 'partner'))
    this.clients.set('waarnemer', await addMember(this.t, lead, this.caseId, this.users.get('waarnemer')!, 'waarnemer'))
    const etag = (await lead.get(`/api/cases/${this.caseId}/steps/1`)).headers.etag as string
    await lead.patch(`/api/cases/${this.caseId}/steps/1`, { status: 'closed' }, { 'if-match': etag })

    const partner = this.clients.get('partner')!
    const signal = await this.createItem(partner, {
      kind: 'signal',
      step: 2,
      title: 'Meldingen overlast',
      source: 'meldingen',
    })
    const sub = await this.createItem(lead, {
      kind: 'subproblem',
      step: 2,
      title: 'Overlast jongeren',
      signalIds: [signal],
      audience: [this.orgs.gem, this.orgs.pol],
    })
    const goal = await this.createItem(lead, {
      kind: 'goal',
      step: 4,
      title: 'Minder overlast',
      indicator: 'meldingen',
      unit: 'per maand',
      direction: 'lager',
      subproblemIds: [sub],
    })
    const action = await this.createItem(lead, {
      kind: 'action',
      step: 5,
      title: 'Extra toezicht',
      trekkerOrganisationId: this.orgs.pol,
      goalIds: [goal],
    })
    const inv = await lead.post(`/api/cases/${this.caseId}/invitations`, {
      email: `pending-${Date.now()}@example.test`,
      organisationId: this.orgs.gem,
      role: 'partner',
    })
    if (inv.statusCode !== 201) throw new Error(`invitation: ${inv.statusCode} ${inv.body}`)
    const members = (await lead.get(`/api/cases/${this.caseId}/members`)).json() as { items: { id: string }[] }

    this.itemIds = [signal, sub, goal, action]
    this.memberIds = members.items.map((m) => m.id)
    this.ids = {
      caseId: [this.caseId],
      itemId: this.itemIds,
      memberId: this.memberIds,
      invitationId: [inv.json().id],
      organisationId: Object.values(this.orgs),
      userId: [...this.users.values()].map((u) => u.id),
      token: [(inv.json().link as string).split('/uitnodiging/')[1]!],
    }
  }

  private async createItem(c: Client, body: Record<string, unknown>) {
    const res = await c.post(`/api/cases/${this.caseId}/items`, body)
    if (res.statusCode !== 201) throw new Error(`item ${body.kind}: ${res.statusCode} ${res.body}`)
    return ItemSchema.parse(res.json()).id
  }

  /**
   * Puts the world back after a successful request changed it: signs people in again whose session
   * ended, restores accounts an administrator changed, and opens a new case when the old one no longer
   * has the same roles, open step 2 and live items. Returns what it repaired, for the log.
   */
  async repair(): Promise<string[]> {
    const done: string[] = []
    const [state] = await rows<{
      accounts: { id: string; is_admin: boolean; disabled: boolean; organisation_id: string | null; hash: string }[]
      open_sessions: string[] | null
      members: { user_id: string; role: string }[] | null
      status: string
      step2: string
      live: number
    }>(
      this.db,
      sql`select
            (select json_agg(json_build_object('id', id, 'is_admin', is_admin, 'disabled', disabled,
               'organisation_id', organisation_id, 'hash', password_hash)) from users
               where id in ${sql.raw(list(this.userIds()))}) as accounts,
            (select array_agg(id::text) from sessions where id in ${sql.raw(list(this.sessionIds()))} and ended_at is null) as open_sessions,
            (select json_agg(json_build_object('user_id', user_id, 'role', role)) from case_members
               where case_id = ${this.caseId} and removed_at is null) as members,
            c.status,
            (select status from case_steps where case_id = c.id and step = 2) as step2,
            (select count(*)::int from items where id in ${sql.raw(list(this.itemIds))} and deleted_at is null) as live
          from cases c where c.id = ${this.caseId}`,
    )
    if (!state) throw new Error('the case of the fuzz world is gone')
    const open = new Set(state.open_sessions ?? [])
    for (const [role, user] of this.users) {
      const a = state.accounts.find((x) => x.id === user.id)!
      const accountChanged =
        a.is_admin !== (role === 'admin') ||
        a.disabled ||
        a.organisation_id !== user.organisationId ||
        a.hash !== this.passwordHash
      if (accountChanged) {
        await this.db.execute(
          sql`update users set is_admin = ${role === 'admin'}, disabled = false,
              organisation_id = ${user.organisationId}, password_hash = ${this.passwordHash} where id = ${user.id}`,
        )
        done.push(`account of ${role}`)
      }
      if (accountChanged || !open.has(sessionIdOf(this.clients.get(role)!))) {
        this.clients.set(role, await this.t.as(user))
        done.push(`session of ${role}`)
      }
    }
    const expected = new Map([
      [this.users.get('projectleider')!.id, 'projectleider'],
      [this.users.get('partner')!.id, 'partner'],
      [this.users.get('waarnemer')!.id, 'waarnemer'],
    ])
    const members = state.members ?? []
    const rolesIntact = members.length === expected.size && members.every((r) => expected.get(r.user_id) === r.role)
    if (!rolesIntact || state.status !== 'active' || state.step2 !== 'open' || state.live !== this.itemIds.length) {
      await this.newCase()
      done.push('new case')
    }
    return done
  }

  private userIds() {
    return [...this.users.values()].map((u) => u.id)
  }

  private sessionIds() {
    return [...this.clients.values()].map(sessionIdOf).filter((s) => s !== '')
  }
}

/** The session id inside a client's session cookie (the JWT's `sid`), or '' when anonymous. */
function sessionIdOf(c: Client): string {
  const jwt = c.cookie?.split('=')[1]
  if (!jwt) return ''
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { sid: string }
  return payload.sid
}

function list(ids: string[]) {
  // Only our own uuids go in here; a literal list keeps the statement simple on both drivers.
  return `(${ids.map((id) => `'${id.replace(/[^0-9a-f-]/g, '')}'`).join(',')})`
}

export async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  // Both drivers answer with `{ rows }`; the shared database type does not say so.
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows
}

/**
 * One row per table with its row count and a hash of its content, in one statement. Left out:
 * `rate_counters` (every attempt at a password or a link is counted before it is checked, on
 * purpose: that is the limit, ADR 005), `login_failures` (no longer written) and
 * `sessions.last_seen_at` (touched by any authenticated request, at most once a minute).
 */
export async function fingerprintQuery(db: Db) {
  const cols = await rows<{ table_name: string; column_name: string }>(
    db,
    sql`select table_name, column_name from information_schema.columns
        where table_schema = 'public' order by table_name, ordinal_position`,
  )
  const byTable = new Map<string, string[]>()
  for (const c of cols) {
    if (c.table_name === 'login_failures' || c.table_name === 'rate_counters') continue
    if (c.table_name === 'sessions' && c.column_name === 'last_seen_at') continue
    byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), `"${c.column_name}"`])
  }
  const parts = [...byTable].map(
    ([table, columns]) =>
      `select '${table}' as t, count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from (select ${columns.join(', ')} from "${table}") x`,
  )
  const query = sql.raw(parts.join(' union all '))
  return async () => {
    const result = await rows<{ t: string; n: number; h: string }>(db, query)
    return Object.fromEntries(result.map((r) => [r.t, `${r.n}:${r.h}`])) as Record<string, string>
  }
}

/** The tables whose fingerprint differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>) {
  return Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k])
}
