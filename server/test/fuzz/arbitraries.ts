import fc from 'fast-check'

/**
 * fast-check arbitraries from the JSON schemas of the OpenAPI document, and mutations of the values
 * they make. The generator knows the ids of a real case (`KnownIds`) so that generated requests get
 * past "not found" into the service code, where the interesting mistakes live.
 */

export interface JsonSchema {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  format?: string
  pattern?: string
  default?: unknown
}

/** Ids of real rows, by the name of the field or parameter that usually carries them. */
export interface KnownIds {
  caseId: string[]
  itemId: string[]
  memberId: string[]
  invitationId: string[]
  organisationId: string[]
  userId: string[]
  token: string[]
}

const FIELD_KIND: Record<string, keyof KnownIds> = {
  caseId: 'caseId',
  itemId: 'itemId',
  actionId: 'itemId',
  goalId: 'itemId',
  signalIds: 'itemId',
  subproblemIds: 'itemId',
  goalIds: 'itemId',
  memberId: 'memberId',
  invitationId: 'invitationId',
  organisationId: 'organisationId',
  ownerOrganisationId: 'organisationId',
  trekkerOrganisationId: 'organisationId',
  payerOrganisationId: 'organisationId',
  audience: 'organisationId',
  participants: 'organisationId',
  userId: 'userId',
  trekkerUserId: 'userId',
  mentions: 'userId',
  token: 'token',
}

/** Strings that break naive code: NUL, lone surrogates, RTL marks, SQL and JSON look-alikes, emoji. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  "'; drop table cases; --",
  '%00',
  '../../etc/passwd',
  '{"a":1}',
  '__proto__',
  'constructor',
  'null',
  'NaN',
  '-1',
  '1e309',
  '👩‍👩‍👧‍👦'.repeat(50),
  'Z̸̡̢͖̤͕a̵l̶g̷o̴',
  '\n\r\t\b\f',
  '<script>alert(1)</script>',
]

export const uuidLike = fc.oneof(
  fc.uuid(),
  fc.constantFrom(
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '00000000-0000-4000-8000-000000000000',
  ),
)

/** Any JSON value, including the awkward ones. */
export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(0, -0, -1, 1, 0.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e308, -1e308, 5e-324),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ maxLength: 30, unit: 'binary' }),
  fc.constant('x'.repeat(70_000)),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
  uuidLike,
)

const ISO_DATE = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString())

function knownOr(known: string[] | undefined, other: fc.Arbitrary<string>): fc.Arbitrary<string> {
  if (!known || known.length === 0) return other
  return fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: other })
}

function uuidFor(name: string | undefined, ids: KnownIds): fc.Arbitrary<string> {
  const kind = name ? FIELD_KIND[name] : undefined
  const all = [...ids.caseId, ...ids.itemId, ...ids.memberId, ...ids.organisationId, ...ids.userId]
  return knownOr(kind ? ids[kind] : all, fc.oneof(uuidLike, fc.constantFrom(...all)))
}

function stringFor(s: JsonSchema, name: string | undefined, ids: KnownIds): fc.Arbitrary<string> {
  switch (s.format) {
    case 'uuid':
      return uuidFor(name, ids)
    case 'date':
      return ISO_DATE.map((d) => d.slice(0, 10))
    case 'date-time':
      return ISO_DATE
    case 'email':
      return fc.oneof(fc.emailAddress(), fc.constant('noreply@example.test'))
  }
  if (name === 'token') return knownOr(ids.token, fc.string({ minLength: 16, maxLength: 60 }))
  if (name === 'cursor') return cursorArb
  const min = s.minLength ?? 0
  const max = Math.min(s.maxLength ?? 60, 200)
  return fc
    .oneof(
      { weight: 4, arbitrary: fc.string({ minLength: min, maxLength: max }) },
      { weight: 1, arbitrary: fc.string({ minLength: min, maxLength: max, unit: 'grapheme' }) },
      { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    )
    .map((x) => (x.length < min ? x.padEnd(min, 'x') : x))
}

/** Keyset cursors as the server makes them (base64url JSON arrays of strings), filled with nonsense. */
export const cursorArb: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.string({ maxLength: 12 }), ISO_DATE, uuidLike), {
      minLength: 1,
      maxLength: 3,
    })
    .map((key) => Buffer.from(JSON.stringify(key)).toString('base64url')),
  fc.json({ maxDepth: 2 }).map((j) => Buffer.from(j).toString('base64url')),
  fc.string({ maxLength: 40 }),
)

function numberFor(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1e6)
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1e6)
  if (integer) {
    const lo = Math.max(Math.ceil(min), Number.MIN_SAFE_INTEGER)
    const hi = Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER)
    return fc.oneof(
      fc.integer({ min: Math.max(lo, -(2 ** 31)), max: Math.min(hi, 2 ** 31 - 1) }),
      fc.constantFrom(lo, hi),
    )
  }
  return fc.oneof(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(min, max, 0))
}

/** A value that the schema accepts (as far as JSON Schema can say; refinements in zod may still refuse it). */
export function arbFromSchema(s: JsonSchema, ids: KnownIds, name?: string, depth = 0): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const)
  if (s.enum) return fc.constantFrom(...s.enum)
  const alternatives = s.anyOf ?? s.oneOf
  if (alternatives) return fc.oneof(...alternatives.map((a) => arbFromSchema(a, ids, name, depth + 1)))
  if (s.allOf) return arbFromSchema(Object.assign({}, ...s.allOf), ids, name, depth)
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((type) => arbFromSchema({ ...s, type }, ids, name, depth)))
  switch (s.type) {
    case 'null':
      return fc.constant(null)
    case 'boolean':
      return fc.boolean()
    case 'integer':
      return numberFor(s, true)
    case 'number':
      return numberFor(s, false)
    case 'string':
      return stringFor(s, name, ids)
    case 'array':
      return fc.array(arbFromSchema(s.items ?? {}, ids, name, depth + 1), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 4, 4),
      })
    case 'object': {
      const props = s.properties ?? {}
      const required = new Set(s.required ?? [])
      const record: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [k, p] of Object.entries(props)) record[k] = arbFromSchema(p, ids, k, depth + 1)
      const requiredKeys = Object.keys(props).filter((k) => required.has(k))
      const optional = Object.keys(props).filter((k) => !required.has(k))
      // Mostly few optional fields (as a client sends them), sometimes all: a PATCH with every field
      // of every kind is refused long before the code that matters.
      const chosen = fc.oneof(
        { weight: 3, arbitrary: fc.subarray(optional, { maxLength: Math.min(2, optional.length) }) },
        { weight: 1, arbitrary: fc.subarray(optional) },
      )
      return chosen.chain((keys) => {
        const picked: Record<string, fc.Arbitrary<unknown>> = {}
        for (const k of [...requiredKeys, ...keys]) picked[k] = record[k]!
        return fc.record(picked)
      })
    }
    default:
      return depth > 2 ? fc.constant(null) : weirdValue
  }
}

/** The property schema at a key, looking through anyOf/oneOf. */
function propertiesOf(s: JsonSchema): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = { ...(s.properties ?? {}) }
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) Object.assign(out, propertiesOf(alt))
  return out
}

function firstOf(s: JsonSchema, type: string): JsonSchema | undefined {
  if (s.type === type || (Array.isArray(s.type) && s.type.includes(type))) return s
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) {
    const found = firstOf(alt, type)
    if (found) return found
  }
  return undefined
}

/** Values just inside and just outside a field's limits. */
function boundaryValues(s: JsonSchema): unknown[] {
  const out: unknown[] = []
  const int = firstOf(s, 'integer')
  const num = int ?? firstOf(s, 'number')
  if (num) {
    if (num.minimum !== undefined) out.push(num.minimum, num.minimum - 1, num.minimum - 0.5)
    if (num.maximum !== undefined) out.push(num.maximum, num.maximum + 1, num.maximum + 0.5)
    out.push(2 ** 31, -(2 ** 31) - 1, 1e21, 1.5)
  }
  const str = firstOf(s, 'string')
  if (str) {
    if (str.maxLength !== undefined) out.push('é'.repeat(str.maxLength), 'x'.repeat(str.maxLength + 1))
    if (str.minLength !== undefined && str.minLength > 0) out.push('x'.repeat(str.minLength - 1))
    out.push('x'.repeat(100_000))
  }
  const arr = firstOf(s, 'array')
  if (arr) {
    const item = arr.items?.format === 'uuid' ? '00000000-0000-4000-8000-000000000000' : 'x'
    if (arr.maxItems !== undefined) out.push(Array(arr.maxItems + 1).fill(item))
    if (arr.minItems !== undefined && arr.minItems > 0) out.push([])
    out.push(Array(5_000).fill(item))
  }
  return out.length ? out : [null]
}

export type Mutation =
  | { kind: 'drop'; key: string }
  | { kind: 'set'; key: string; value: unknown }
  | { kind: 'extra'; key: string; value: unknown }
  | { kind: 'replace'; value: unknown }

/** Applies one mutation to a (usually valid) body. */
export function mutate(body: unknown, m: Mutation): unknown {
  if (m.kind === 'replace') return m.value
  const obj = body !== null && typeof body === 'object' && !Array.isArray(body) ? { ...body } : {}
  if (m.kind === 'drop') delete (obj as Record<string, unknown>)[m.key]
  else (obj as Record<string, unknown>)[m.key] = m.value
  return obj
}

/** Mutations that make a valid body invalid, or valid in an unexpected way. */
export function mutationArb(s: JsonSchema): fc.Arbitrary<Mutation> {
  const props = propertiesOf(s)
  const keys = Object.keys(props)
  const options: fc.Arbitrary<Mutation>[] = [
    fc.record({ kind: fc.constant('replace' as const), value: weirdValue }),
    fc.record({
      kind: fc.constant('extra' as const),
      key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'id', 'version', 'caseId', 'isAdmin'), fc.string()),
      value: weirdValue,
    }),
  ]
  if (keys.length) {
    const key = fc.constantFrom(...keys)
    options.push(
      fc.record({ kind: fc.constant('drop' as const), key }),
      fc.record({ kind: fc.constant('set' as const), key, value: weirdValue }),
      key.chain((k) =>
        fc.record({
          kind: fc.constant('set' as const),
          key: fc.constant(k),
          value: fc.constantFrom(...boundaryValues(props[k]!)),
        }),
      ),
    )
  }
  return fc.oneof(...options)
}
