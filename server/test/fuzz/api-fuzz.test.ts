import { ErrorResponseSchema } from '@vp/shared'
import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../app.ts'
import {
  arbFromSchema,
  cursorArb,
  type JsonSchema,
  type KnownIds,
  mutate,
  mutationArb,
  NASTY_STRINGS,
  weirdValue,
} from './arbitraries.ts'
import { changedTables, fingerprintQuery, ROLES, type Role, rows, World } from './world.ts'

/**
 * Every route of the OpenAPI document gets requests generated from its JSON schemas and from
 * mutations of valid ones, sent by every role of a real case. Properties: never a 5xx; every error
 * has the one error shape; a rejected request (4xx) leaves the database as it was.
 *
 * Fixed seed in `npm test`; `npm run fuzz` runs longer with a random seed (FUZZ_SEED=random or a
 * number to replay one, FUZZ_RUNS per route; FUZZ_VERBOSE=1 prints the statuses per route).
 */
const SEED =
  process.env.FUZZ_SEED === 'random'
    ? Math.floor(Math.random() * 2 ** 31)
    : process.env.FUZZ_SEED
      ? Number(process.env.FUZZ_SEED)
      : 20_260_801
const RUNS = Number(process.env.FUZZ_RUNS ?? 30)

interface Operation {
  requestBody?: { content?: Record<string, { schema: JsonSchema }> }
  parameters?: { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: JsonSchema }[]
  responses?: Record<string, unknown>
}
interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  op: Operation
}

const t = await createTestApp()
const openapi = (await t.anon.get('/api/openapi.json')).json() as { paths: Record<string, Record<string, Operation>> }
/** Every route but the WebSocket (fuzzed by the live tests) and the documentation pages. */
const routes: Route[] = Object.entries(openapi.paths)
  .filter(([path]) => path !== '/api/live' && !path.startsWith('/api/docs'))
  .flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase() as Route['method'], path, op })),
  )

/**
 * Server bugs this test found that are reported but not fixed yet: a response that matches one is
 * counted, not failed, and an `it.fails` reproduction below turns red once the bug is fixed (then
 * the entry goes, and the reproduction becomes a plain regression test). None open right now.
 */
const KNOWN_BUGS: { id: string; matches: (route: Route, r: GenRequest, status: number, body: string) => boolean }[] = []
const knownHits = new Map<string, number>()

let world: World
let fingerprint: () => Promise<Record<string, string>>
let before: Record<string, string>
const undeclared = new Map<string, Set<number>>()
const statusCounts = new Map<number, number>()
const perRoute = new Map<string, Map<number, number>>()

beforeAll(async () => {
  world = await World.create(t)
  fingerprint = await fingerprintQuery(t.testDb.database.db)
  before = await fingerprint()
}, 120_000)
afterAll(async () => {
  const lines = [...undeclared].map(([r, s]) => `  ${r}: ${[...s].sort().join(', ')}`)
  const counts = [...statusCounts].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`)
  if (process.env.FUZZ_VERBOSE) {
    for (const [r, m] of perRoute)
      console.log(
        `${r.padEnd(60)} ${[...m]
          .sort(([a], [b]) => a - b)
          .map(([st, n]) => `${st}×${n}`)
          .join(' ')}`,
      )
  }
  console.log(
    `fuzz seed ${SEED}, ${RUNS} runs per route; statuses ${counts.join(' ')}` +
      (knownHits.size ? `\nknown bugs hit: ${[...knownHits].map(([id, n]) => `${id}×${n}`).join(' ')}` : '') +
      (lines.length ? `\nstatuses not declared in the OpenAPI document:\n${lines.join('\n')}` : ''),
  )
  await t.close()
})

/** A request as generated: who sends it, and everything that goes on the wire. */
interface GenRequest {
  role: Role
  params: Record<string, string>
  query: [string, string][]
  body: { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; contentType?: string }
  headers: Record<string, string>
}

/** `CURRENT` is replaced by the resource's version in the database just before sending. */
const ifMatchArb = fc.oneof(
  { weight: 5, arbitrary: fc.constant('CURRENT') },
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 6 }).map((n) => `"${n}"`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('W/"1"', '*', 'abc', '""', '"0"', '"999999999"', '"9999999999"', '"1", "2"', '\t"2" '),
  },
)
const idempotencyArb = fc.oneof(
  { weight: 5, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.constantFrom('fuzz-shared-key-1', 'fuzz-shared-key-2') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'short',
      'x'.repeat(201),
      'met spatie!',
      '\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9',
    ),
  },
)

/** A path or query value that is not what the schema wants. */
const wrongParam = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS.filter((s) => s !== '')),
  fc.constantFrom('0', '-1', '7', '2.5', '1e3', '99999999999999999999', 'true', '%', '..', 'a'.repeat(5000)),
  fc.string({ minLength: 1, maxLength: 40 }),
)

function paramArb(p: { name: string; schema: JsonSchema }, ids: KnownIds): fc.Arbitrary<string> {
  const valid = arbFromSchema(p.schema, ids, p.name).map(String)
  return fc.oneof({ weight: 9, arbitrary: valid }, { weight: 1, arbitrary: wrongParam })
}

function requestArb(route: Route, ids: KnownIds): fc.Arbitrary<GenRequest> {
  const params = route.op.parameters ?? []
  const pathParams: Record<string, fc.Arbitrary<string>> = {}
  for (const p of params.filter((p) => p.in === 'path')) pathParams[p.name] = paramArb(p, ids)
  const queryParams = params.filter((p) => p.in === 'query')
  const query: fc.Arbitrary<[string, string][]> = queryParams.length
    ? fc
        .tuple(
          fc.subarray(queryParams),
          fc.array(fc.tuple(fc.constantFrom(...queryParams.map((p) => p.name), 'onbekend'), wrongParam), {
            maxLength: 2,
          }),
        )
        .chain(([chosen, extra]) =>
          fc
            .tuple(...chosen.map((p) => (p.name === 'cursor' ? cursorArb : paramArb(p, ids)).map((v) => [p.name, v])))
            .map((pairs) => [...(pairs as [string, string][]), ...extra]),
        )
    : fc.constant([])
  const schema = route.op.requestBody?.content?.['application/json']?.schema
  const body: fc.Arbitrary<GenRequest['body']> = schema
    ? fc.oneof(
        { weight: 5, arbitrary: arbFromSchema(schema, ids).map((value) => ({ kind: 'json' as const, value })) },
        {
          weight: 5,
          arbitrary: fc
            .tuple(arbFromSchema(schema, ids), mutationArb(schema))
            .map(([v, m]) => ({ kind: 'json' as const, value: mutate(v, m) })),
        },
        { weight: 1, arbitrary: rawBody },
      )
    : route.method === 'GET'
      ? fc.constant({ kind: 'none' as const })
      : fc.oneof(
          { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
          { weight: 2, arbitrary: weirdValue.map((value) => ({ kind: 'json' as const, value })) },
          { weight: 1, arbitrary: rawBody },
        )
  const headers = fc
    .record({
      ifMatch: ifMatchArb,
      idempotencyKey: idempotencyArb,
      csrf: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      origin: fc.oneof(
        { weight: 8, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constant(t.config.publicOrigin) },
        { weight: 1, arbitrary: fc.constantFrom('https://evil.example', 'null') },
      ),
    })
    .map(({ ifMatch, idempotencyKey, csrf, origin }) => {
      const h: Record<string, string> = {}
      if (ifMatch !== undefined) h['if-match'] = ifMatch
      if (idempotencyKey !== undefined) h['idempotency-key'] = idempotencyKey
      if (csrf) h['x-requested-with'] = 'veiligheidsplanner'
      if (origin !== undefined) h.origin = origin
      return h
    })
  return fc.record({ role: roleArb, params: fc.record(pathParams), query, body, headers })
}

/** Members of the case most often: they get past the membership check into the services. */
const roleArb = fc.oneof(
  ...ROLES.map((role) => ({
    weight: { projectleider: 4, partner: 4, waarnemer: 2, outsider: 1, admin: 1, anonymous: 1 }[role],
    arbitrary: fc.constant(role),
  })),
)

const rawBody: fc.Arbitrary<GenRequest['body']> = fc.oneof(
  fc.constantFrom(
    { kind: 'raw' as const, text: '{"title": ', contentType: 'application/json' },
    { kind: 'raw' as const, text: '', contentType: 'application/json' },
    { kind: 'raw' as const, text: 'null', contentType: 'application/json' },
    { kind: 'raw' as const, text: '{"__proto__": {"isAdmin": true}}', contentType: 'application/json' },
    { kind: 'raw' as const, text: '{"a":1,"a":2}', contentType: 'application/json; charset=utf-8' },
    { kind: 'raw' as const, text: 'title=x', contentType: 'application/x-www-form-urlencoded' },
    { kind: 'raw' as const, text: '<x/>', contentType: 'text/xml' },
    { kind: 'raw' as const, text: '{}', contentType: 'text/plain' },
    { kind: 'raw' as const, text: '{}' },
    { kind: 'raw' as const, text: `${'['.repeat(5000)}${']'.repeat(5000)}`, contentType: 'application/json' },
  ),
  fc
    .string({ maxLength: 50, unit: 'binary' })
    .map((text) => ({ kind: 'raw' as const, text, contentType: 'application/json' })),
)

/** Percent-encodes like encodeURIComponent, but sends a lone surrogate as its (invalid) UTF-8 bytes. */
function encode(s: string) {
  let out = ''
  for (const ch of s) {
    const c = ch.charCodeAt(0)
    if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('')
    } else out += encodeURIComponent(ch)
  }
  return out
}

/**
 * The version an If-Match should carry for this route's resource, read from the database. For a
 * reaction (rating, position, commitment, done mark) that is the sender's organisation's, 0 when
 * it has none yet.
 */
async function currentVersion(route: Route, p: Record<string, string>, role: Role): Promise<string> {
  const db = t.testDb.database.db
  const org = world.users.get(role)?.organisationId ?? null
  const reactions: [RegExp, () => ReturnType<typeof sql>][] = [
    [
      /\/items\/\{itemId\}\/rating$/,
      () => sql`select version from ratings where item_id::text = ${p.itemId} and organisation_id = ${org}`,
    ],
    [
      /\/items\/\{itemId\}\/position$/,
      () => sql`select version from positions where item_id::text = ${p.itemId} and organisation_id = ${org}`,
    ],
    [
      /\/items\/\{itemId\}\/commitment$/,
      () => sql`select version from commitments where action_id::text = ${p.itemId} and organisation_id = ${org}`,
    ],
    [
      /\/steps\/\{step\}\/done$/,
      () =>
        sql`select version from step_done where case_id::text = ${p.caseId} and step::text = ${p.step} and organisation_id = ${org}`,
    ],
  ]
  const lookups: [RegExp, () => ReturnType<typeof sql>][] = [
    [/\/items\/\{itemId\}$/, () => sql`select version from items where id::text = ${p.itemId}`],
    [/\/members\/\{memberId\}$/, () => sql`select version from case_members where id::text = ${p.memberId}`],
    [
      /\/steps\/\{step\}$/,
      () => sql`select version from case_steps where case_id::text = ${p.caseId} and step::text = ${p.step}`,
    ],
    [/^\/api\/cases\/\{caseId\}$/, () => sql`select version from cases where id::text = ${p.caseId}`],
    [/\/organisations\/\{id\}$/, () => sql`select version from organisations where id::text = ${p.id}`],
    [/\/users\/\{id\}$/, () => sql`select version from users where id::text = ${p.id}`],
  ]
  const reaction = reactions.find(([re]) => re.test(route.path))
  const found = reaction ?? lookups.find(([re]) => re.test(route.path))
  // A mangled parameter (NUL, a lone surrogate) would break this lookup, not the server under test.
  const sane = Object.values(p).every((v) => /^[0-9a-fA-F-]{36}$|^\d{1,3}$/.test(v))
  const absent = reaction ? 0 : 1
  if (!found || !sane) return `"${absent}"`
  const [row] = await rows<{ version: number }>(db, found[1]())
  return `"${row?.version ?? absent}"`
}

async function toInject(route: Route, r: GenRequest): Promise<InjectOptions> {
  let url = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encode(r.params[name] ?? ''))
  if (r.query.length) url += `?${r.query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}`
  const headers: Record<string, string> = { ...r.headers }
  if (headers['if-match'] === 'CURRENT') headers['if-match'] = await currentVersion(route, r.params, r.role)
  const cookie = world.clients.get(r.role)?.cookie
  if (cookie) headers.cookie = cookie
  const opts: InjectOptions = { method: route.method, url, headers }
  if (r.body.kind === 'json') {
    opts.payload = JSON.stringify(r.body.value) ?? 'null'
    headers['content-type'] = 'application/json'
  } else if (r.body.kind === 'raw') {
    opts.payload = r.body.text
    if (r.body.contentType) headers['content-type'] = r.body.contentType
  }
  return opts
}

function describeRequest(r: GenRequest, opts: InjectOptions, res: { statusCode: number; body: string }) {
  const { cookie: _cookie, ...headers } = (opts.headers ?? {}) as Record<string, string>
  const payload = typeof opts.payload === 'string' ? opts.payload : ''
  return [
    `as ${r.role}: ${opts.method} ${String(opts.url).slice(0, 300)}`,
    `headers ${JSON.stringify(headers)}`,
    `body ${payload.length > 400 ? `${payload.slice(0, 400)}… (${payload.length} chars)` : payload}`,
    `→ ${res.statusCode} ${res.body.slice(0, 600)}`,
  ].join('\n')
}

function hash(s: string) {
  let h = 0
  for (const c of s) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0
  return h
}

describe('fuzzing every route from its schema, as every role', () => {
  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: never a 5xx, errors in the one shape, and a rejected request changes nothing',
    async (name, route) => {
      const declared = new Set(Object.keys(route.op.responses ?? {}).map(Number))
      await fc.assert(
        fc.asyncProperty(
          fc.constant(null).chain(() => requestArb(route, world.ids)),
          async (r) => {
            const opts = await toInject(route, r)
            const res = await t.app.inject(opts)
            const status = res.statusCode
            statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1)
            const mine = perRoute.get(name) ?? new Map<number, number>()
            perRoute.set(name, mine.set(status, (mine.get(status) ?? 0) + 1))
            if (!declared.has(status) && status !== 413 && status !== 415) {
              undeclared.set(name, (undeclared.get(name) ?? new Set()).add(status))
            }
            const what = () => describeRequest(r, opts, res)
            const known = KNOWN_BUGS.find((b) => b.matches(route, r, status, res.body))
            if (known) {
              knownHits.set(known.id, (knownHits.get(known.id) ?? 0) + 1)
              before = await fingerprint()
              return
            }
            if (status >= 500) throw new Error(`server error\n${what()}`)
            if (status >= 400) {
              let json: unknown
              try {
                json = res.json()
              } catch {
                throw new Error(`error body is not JSON\n${what()}`)
              }
              if (!ErrorResponseSchema.safeParse(json).success)
                throw new Error(`error body not in the one shape\n${what()}`)
              const after = await fingerprint()
              const changed = changedTables(before, after)
              before = after
              if (changed.length) throw new Error(`a rejected request changed ${changed.join(', ')}\n${what()}`)
            } else {
              await world.repair()
              before = await fingerprint()
            }
          },
        ),
        // Shrinking re-sends requests against a world that moved on; the first failure, in full, says more.
        { seed: SEED ^ hash(name), numRuns: RUNS, endOnFailure: true },
      )
    },
  )
})

describe('regressions this fuzzer found first (issue 8), each fixed since', () => {
  it('a URL that cannot be decoded gets the one error shape', async () => {
    const res = await t.anon.get('/api/cases/%ED%A0%80')
    expect(res.statusCode).toBe(400)
    ErrorResponseSchema.parse(res.json())
  })

  it('a path parameter over the length limit gets the one error shape', async () => {
    const res = await t.anon.get(`/api/cases/${'a'.repeat(101)}`)
    expect(res.statusCode).toBeLessThan(500)
    ErrorResponseSchema.parse(res.json())
  })

  it('a NUL character in a name is refused with 400', async () => {
    const res = await world.clients.get('outsider')!.patch('/api/auth/me', { name: 'a\u0000b' })
    expect(res.statusCode).toBe(400)
  })

  it('a lone surrogate in a case field is refused with 400', async () => {
    const res = await world.clients.get('outsider')!.post('/api/cases', {
      title: 'Dossier',
      gemeente: 'Rivierstede',
      theme: 'overig',
      problemType: 'complex',
      aanleiding: '\udfff',
    })
    expect(res.statusCode).toBe(400)
  })

  const cursor = (key: string[]) => Buffer.from(JSON.stringify(key)).toString('base64url')
  it.each([
    ['partner', () => `/api/cases?cursor=${cursor(['00000000-0000-4000-8000-000000000000', 'x'])}`],
    ['partner', () => `/api/cases/${world.caseId}/activity?cursor=${cursor(['x'])}`],
    ['admin', () => `/api/admin/organisations?cursor=${cursor(['a', 'x'])}`],
    ['projectleider', () => `/api/cases/${world.caseId}/outbox?cursor=${cursor(['x', 'y'])}`],
  ] as const)('a cursor with keys of the wrong type is refused with 400 (as %s)', async (role, url) => {
    const res = await world.clients.get(role)!.get(url())
    expect(res.statusCode).toBe(400)
  })
})
