import { ErrorResponseSchema, HealthResponseSchema } from '@vp/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, createTestApp, openCase, type TestApp } from '../../test/app.ts'

let t: TestApp
/** Projectleider of a real case, so case routes get past the membership check to validation. */
let lead: Client
const ids = { caseId: '', memberId: '' }
let openapi: {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>
}
type JsonSchema = { type?: string; properties?: Record<string, JsonSchema>; required?: string[] }

beforeAll(async () => {
  t = await createTestApp()
  openapi = (await t.anon.get('/api/openapi.json')).json()
  lead = await t.as(await t.make.user())
  ids.caseId = await openCase(lead)
  ids.memberId = (await lead.get(`/api/cases/${ids.caseId}`)).json().me.memberId
})
afterAll(() => t.close())

/** Every API route the app registered, as OpenAPI writes it (`:id` → `{id}`). */
function apiRoutes() {
  return t.app.routeList
    .filter((r) => r.url.startsWith('/api/') && !r.hidden && r.method !== 'HEAD' && !r.url.startsWith('/api/docs'))
    .map((r) => ({ method: r.method.toLowerCase(), url: r.url, path: r.url.replace(/:(\w+)/g, '{$1}') }))
}

/** A concrete URL for a route pattern, with syntactically valid parameters. */
function fill(url: string) {
  return url
    .replace(':caseId', ids.caseId)
    .replace(':memberId', ids.memberId)
    .replace(':step', '2')
    .replace(/:token/g, 'x'.repeat(43))
    .replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000')
}

describe('the API contract', () => {
  it('lists every route in the OpenAPI document', () => {
    const routes = apiRoutes()
    expect(routes.length).toBeGreaterThan(15)
    const missing = routes.filter((r) => !openapi.paths[r.path]?.[r.method]).map((r) => `${r.method} ${r.path}`)
    expect(missing).toEqual([])
  })

  it('serves readable API documentation', async () => {
    const res = await t.anon.get('/api/docs')
    expect([200, 302]).toContain(res.statusCode)
    const page = res.statusCode === 302 ? await t.anon.get(res.headers.location as string) : res
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toContain('text/html')
  })

  it('answers 400 naming "body" to a body that is not an object, on every route that takes one', async () => {
    const withBody = apiRoutes().filter((r) => openapi.paths[r.path]?.[r.method]?.requestBody)
    expect(withBody.length).toBeGreaterThan(8)
    for (const r of withBody) {
      const res = await lead.request(r.method.toUpperCase() as 'POST', fill(r.url), 42, {
        'content-type': 'application/json',
      })
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(400)
      const body = ErrorResponseSchema.parse(res.json())
      expect(body.error.fields?.map((f) => f.path)).toContain('body')
    }
  })

  it('answers 400 naming the field when any one field has the wrong type, on every route', async () => {
    let checked = 0
    for (const r of apiRoutes()) {
      const schema = openapi.paths[r.path]?.[r.method]?.requestBody?.content['application/json']?.schema
      for (const field of Object.keys(schema?.properties ?? {})) {
        const res = await lead.request(r.method.toUpperCase() as 'POST', fill(r.url), { [field]: { wrong: [1] } })
        expect(res.statusCode, `${r.method} ${r.url} ${field}`).toBe(400)
        const paths = ErrorResponseSchema.parse(res.json()).error.fields?.map((f) => f.path)
        expect(paths, `${r.method} ${r.url} ${field}`).toContain(`body.${field}`)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(20)
  })

  it('answers 400 naming the parameter when an id is not a UUID', async () => {
    const res = await (await t.as(await t.make.admin())).get('/api/admin/users/42')
    expect(res.statusCode).toBe(400)
    expect(res.json().error.fields[0].path).toBe('params.id')
  })

  it('answers 400 to malformed JSON and 415 to a body that is not JSON, never 500', async () => {
    const bad = await t.anon.request('POST', '/api/auth/login', '{"email": ', { 'content-type': 'application/json' })
    expect(bad.statusCode).toBe(400)
    expect(ErrorResponseSchema.parse(bad.json()).error.code).toBe('bad_request')
    const xml = await t.anon.request('POST', '/api/auth/login', '<login/>', { 'content-type': 'application/xml' })
    expect(xml.statusCode).toBe(415)
    expect(ErrorResponseSchema.parse(xml.json()).error.code).toBe('unsupported_media_type')
  })

  it('answers 400 naming the field to text the database cannot store (NUL, lone surrogates)', async () => {
    for (const bad of ['Hoven\u0000plein', 'half \ud800 teken', '\udc00']) {
      const res = await lead.post(`/api/cases/${ids.caseId}/items`, {
        kind: 'signal',
        step: 2,
        title: bad,
        source: 'meldingen',
      })
      expect(res.statusCode).toBe(400)
      expect(res.json().error.fields).toEqual([{ path: 'body.title', message: 'Ongeldig teken' }])
    }
    const nested = await lead.patch(
      `/api/cases/${ids.caseId}`,
      { context: 'ok', area: 'a\u0000b' },
      { 'if-match': '"1"' },
    )
    expect(nested.json().error.fields[0].path).toBe('body.area')
  })

  it('answers 400 to a cursor that was tampered with, on every paged list', async () => {
    const forged = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url')
    const admin = await t.as(await t.make.admin())
    const cases = [
      [lead, '/api/cases', forged(['geen datum', 'x'])],
      [lead, `/api/cases/${ids.caseId}/activity`, forged(['12; drop table'])],
      [lead, `/api/cases/${ids.caseId}/outbox`, forged(['2026-01-01T00:00:00.000Z', 'geen-uuid'])],
      [admin, '/api/admin/organisations', forged(['naam\u0000', '00000000-0000-4000-8000-000000000000'])],
      [admin, '/api/admin/users', forged([42])],
    ] as const
    for (const [c, url, cursor] of cases) {
      const res = await c.get(`${url}?cursor=${cursor}`)
      expect(res.statusCode, url).toBe(400)
      expect(res.json().error.fields[0].path, url).toBe('querystring.cursor')
    }
  })

  it('answers 413 to a body over the limit', async () => {
    const res = await t.anon.post('/api/auth/login', { email: 'a@b.nl', password: 'x'.repeat(2 * 1024 * 1024) })
    expect(res.statusCode).toBe(413)
  })

  it('answers an undecodable URL and an over-long path parameter with the one error shape', async () => {
    for (const url of ['/api/cases/%ED%A0%80', `/api/cases/${'a'.repeat(150)}`]) {
      const res = await t.anon.get(url)
      expect(res.statusCode, url).toBe(400)
      expect(ErrorResponseSchema.parse(res.json()).error.code).toBe('bad_request')
      expect(res.headers['x-content-type-options']).toBe('nosniff')
    }
  })

  it('answers unknown API paths with the JSON error shape', async () => {
    const res = await t.anon.get('/api/bestaat-niet')
    expect(res.statusCode).toBe(404)
    expect(ErrorResponseSchema.parse(res.json()).error.code).toBe('not_found')
  })

  it('sets the security headers and a request id on every response', async () => {
    const res = await t.anon.get('/api/health')
    expect(res.headers['content-security-policy']).toContain("default-src 'self'")
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin')
    expect(res.headers['x-request-id']).toMatch(/^[\w-]{8,}/)
    const err = await t.anon.get('/api/bestaat-niet', { 'x-request-id': 'trace-123' })
    expect(err.headers['x-request-id']).toBe('trace-123')
    expect(err.headers['x-content-type-options']).toBe('nosniff')
  })
})

describe('health', () => {
  it('reports the database as reachable', async () => {
    const res = await t.anon.get('/api/health')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(HealthResponseSchema.parse(res.json())).toMatchObject({ status: 'ok', db: 'ok' })
  })

  it('answers 503 when the database is unreachable', async () => {
    const other = await createTestApp()
    await other.testDb.database.close()
    try {
      const res = await other.anon.get('/api/health')
      expect(res.statusCode).toBe(503)
      expect(res.json()).toMatchObject({ status: 'degraded', db: 'unreachable' })
    } finally {
      await other.app.close()
      await other.testDb.close().catch(() => {})
    }
  })
})

describe('per-address login limit', () => {
  it('answers 429 after too many logins from one address, whatever the accounts', async () => {
    const limited = await createTestApp({ LOGIN_MAX_PER_IP: '3' })
    try {
      const codes: number[] = []
      for (let i = 0; i < 4; i++) {
        const res = await limited.anon.post('/api/auth/login', { email: `x${i}@example.test`, password: 'x' })
        codes.push(res.statusCode)
      }
      expect(codes).toEqual([401, 401, 401, 429])
    } finally {
      await limited.close()
    }
  })
})
