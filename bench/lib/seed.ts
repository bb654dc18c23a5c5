import type pg from 'pg'
import { hashPassword } from '../../server/src/auth/passwords.ts'
import { SessionTokens } from '../../server/src/auth/session-token.ts'
import { openDatabase } from '../../server/src/db/client.ts'
import { migrateDatabase } from '../../server/src/db/migrate.ts'

/** The session key every benchmark server gets, so the benchmark can sign session cookies itself. */
export const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789'
export const BENCH_PASSWORD = 'bench-wachtwoord-lang-genoeg'

/**
 * Deterministic ids, the same in SQL (`bench_uid(kind, n)`) and here, so seeding needs no
 * round trips: 1 organisation, 2 user, 3 case, 4 member, 5 item, 6 session.
 */
export const uid = (kind: number, n: number) =>
  `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`

export interface Shape {
  organisations: number
  users: number
  cases: number
  membersPerCase: number
  itemsPerCase: number
}

/** Member k (0 = projectleider) of case c, both 1-based/0-based as in the SQL below. */
export const memberOf = (s: Shape, c: number, k: number) => (((c - 1) * s.membersPerCase + k) % s.users) + 1
export const orgOf = (s: Shape, u: number) => ((u - 1) % s.organisations) + 1
export const itemOf = (s: Shape, c: number, i: number) => (c - 1) * s.itemsPerCase + i + 1
/** Events per case after seeding: case.created, one member.added per member, one item.created per item. */
export const seqAfterSeed = (s: Shape) => 1 + s.membersPerCase + s.itemsPerCase

/** Applies the migrations to a PostgreSQL database (the server would do it too, at start-up). */
export async function migrate(url: string) {
  const database = await openDatabase({ url, poolSize: 2 })
  try {
    await migrateDatabase(database)
  } finally {
    await database.close()
  }
}

/**
 * Fills a migrated database with generate_series, not through the API: organisations, users (all
 * with one password), cases with steps 1 closed and 2 open, members (member 0 is projectleider, the
 * others partners of other organisations), signal items authored by the projectleider, the
 * matching event log, and one live session per user. Returns how long it took.
 */
export async function seed(pool: pg.Pool, s: Shape): Promise<number> {
  if (s.users % s.organisations !== 0 || s.membersPerCase > s.organisations)
    throw new Error('users must be a multiple of organisations, and members per case at most organisations')
  const started = Date.now()
  const hash = await hashPassword(BENCH_PASSWORD)
  const q = async (text: string, values: unknown[] = []) => {
    await pool.query(text, values)
  }
  const M = s.membersPerCase
  const I = s.itemsPerCase
  const member = `(((c - 1) * ${M} + k) % ${s.users}) + 1`
  const orgOfSql = (u: string) => `(((${u}) - 1) % ${s.organisations}) + 1`
  await q(`create or replace function bench_uid(kind int, n bigint) returns uuid language sql immutable as $$
    select (lpad(to_hex(kind), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid $$`)
  await q(
    `insert into organisations (id, name, type)
     select bench_uid(1, g), 'Bench organisatie ' || g, (array['gemeente','politie','om','woningcorporatie','bewoners'])[1 + g % 5]
     from generate_series(1, $1) g`,
    [s.organisations],
  )
  await q(
    `insert into users (id, email, name, organisation_id, password_hash)
     select bench_uid(2, g), 'bench-' || g || '@example.test', 'Persoon ' || g, bench_uid(1, ${orgOfSql('g')}), $2
     from generate_series(1, $1) g`,
    [s.users, hash],
  )
  await q(
    `insert into cases (id, title, gemeente, theme, problem_type, created_by_user_id, last_seq)
     select bench_uid(3, c), 'Dossier ' || c, 'Gemeente ' || (c % 342), 'overig', 'complex',
            bench_uid(2, (((c - 1) * ${M}) % ${s.users}) + 1), $2
     from generate_series(1, $1) c`,
    [s.cases, seqAfterSeed(s)],
  )
  await q(
    `insert into case_organisations (case_id, organisation_id, commitment)
     select bench_uid(3, c), bench_uid(1, ${orgOfSql(member)}), 'agreed'
     from generate_series(1, $1) c, generate_series(0, ${M - 1}) k`,
    [s.cases],
  )
  await q(
    `insert into case_members (id, case_id, user_id, organisation_id, role)
     select bench_uid(4, (c - 1) * ${M} + k + 1), bench_uid(3, c), bench_uid(2, ${member}),
            bench_uid(1, ${orgOfSql(member)}), case when k = 0 then 'projectleider' else 'partner' end
     from generate_series(1, $1) c, generate_series(0, ${M - 1}) k`,
    [s.cases],
  )
  await q(
    `insert into case_steps (case_id, step, status, opened_at)
     select bench_uid(3, c), st, case when st = 1 then 'closed' when st = 2 then 'open' else 'not_started' end,
            case when st <= 2 then now() end
     from generate_series(1, $1) c, generate_series(1, 6) st`,
    [s.cases],
  )
  if (I > 0) {
    await q(
      `insert into items (id, case_id, kind, step, title, author_organisation_id, author_user_id)
       select bench_uid(5, (c - 1) * ${I} + i + 1), bench_uid(3, c), 'signal', 2, 'Signaal ' || i || ' van dossier ' || c,
              bench_uid(1, ${orgOfSql(`(((c - 1) * ${M}) % ${s.users}) + 1`)}), bench_uid(2, (((c - 1) * ${M}) % ${s.users}) + 1)
       from generate_series(1, $1) c, generate_series(0, ${I - 1}) i`,
      [s.cases],
    )
    await q(
      `insert into signals (item_id, source, reliability)
       select bench_uid(5, g), 'meldingen', 'bevestigd' from generate_series(1, $1) g`,
      [s.cases * I],
    )
  }
  const lead = `bench_uid(2, (((c - 1) * ${M}) % ${s.users}) + 1)`
  const leadOrg = `bench_uid(1, ${orgOfSql(`(((c - 1) * ${M}) % ${s.users}) + 1`)})`
  await q(
    `insert into case_events (case_id, seq, type, actor_user_id, actor_organisation_id, entity_type, entity_id, step, payload)
     select bench_uid(3, c), 1, 'case.created', ${lead}, ${leadOrg}, 'case', bench_uid(3, c), 1,
            jsonb_build_object('title', 'Dossier ' || c)
     from generate_series(1, $1) c`,
    [s.cases],
  )
  await q(
    `insert into case_events (case_id, seq, type, actor_user_id, actor_organisation_id, entity_type, entity_id, step, payload)
     select bench_uid(3, c), 2 + k, 'member.added', ${lead}, ${leadOrg}, 'member', bench_uid(4, (c - 1) * ${M} + k + 1), 1,
            jsonb_build_object('userId', bench_uid(2, ${member}), 'name', 'Persoon ' || ${member},
              'organisationId', bench_uid(1, ${orgOfSql(member)}), 'role', case when k = 0 then 'projectleider' else 'partner' end)
     from generate_series(1, $1) c, generate_series(0, ${M - 1}) k`,
    [s.cases],
  )
  if (I > 0) {
    await q(
      `insert into case_events (case_id, seq, type, actor_user_id, actor_organisation_id, entity_type, entity_id, step, payload)
       select bench_uid(3, c), 2 + ${M} + i, 'item.created', ${lead}, ${leadOrg}, 'item', bench_uid(5, (c - 1) * ${I} + i + 1), 2,
              jsonb_build_object('kind', 'signal', 'title', 'Signaal ' || i || ' van dossier ' || c, 'version', 1)
       from generate_series(1, $1) c, generate_series(0, ${I - 1}) i`,
      [s.cases],
    )
  }
  await q(
    `insert into sessions (id, user_id, expires_at)
     select bench_uid(6, g), bench_uid(2, g), now() + interval '12 hours' from generate_series(1, $1) g`,
    [s.users],
  )
  await q('analyze')
  return Date.now() - started
}

/** Session cookies for seeded users, signed with the key the benchmark servers get. */
export class Cookies {
  private readonly tokens: SessionTokens
  private readonly cache = new Map<number, string>()

  constructor(publicOrigin: string) {
    this.tokens = new SessionTokens(BENCH_SECRET, publicOrigin)
  }

  async of(user: number): Promise<string> {
    let c = this.cache.get(user)
    if (!c) {
      const jwt = await this.tokens.sign(
        { userId: uid(2, user), sessionId: uid(6, user) },
        new Date(Date.now() + 12 * 3_600_000),
      )
      c = `vp_session=${jwt}`
      this.cache.set(user, c)
    }
    return c
  }
}

/** Environment for a server process on a seeded database. */
export function serverEnv(databaseUrl: string | undefined, publicUrl: string, extra: Record<string, string> = {}) {
  return {
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    PUBLIC_URL: publicUrl,
    SESSION_SECRET: BENCH_SECRET,
    SESSION_IDLE_MINUTES: '600',
    // One seeded session per user stands for many browser tabs: lift the per-session socket limit.
    LIVE_MAX_SOCKETS_PER_SESSION: '1000000',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'info',
    ...extra,
  }
}
