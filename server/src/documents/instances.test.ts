import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.ts'
import { testDriver } from '../../test/db.ts'
import { documentParties, patternBytes } from '../../test/documents.ts'
import { form } from '../../test/fixtures/documents/upload.ts'
import { buildApp } from '../app.ts'
import { testConfig } from '../config.ts'
import { openDatabase } from '../db/client.ts'

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')

// Several instances behind a proxy share the database and nothing else: no disk, no memory.
describe.runIf(testDriver() === 'postgres')('documents on two instances of one PostgreSQL', () => {
  let t: TestApp
  let baseA: string
  let b: FastifyInstance
  let baseB: string
  let closeB: () => Promise<void>

  beforeAll(async () => {
    t = await createTestApp()
    baseA = await t.app.listen({ port: 0, host: '127.0.0.1' })
    const database = await openDatabase({ url: t.testDb.url!, poolSize: 5 })
    b = await buildApp(testConfig(), { database, serveWeb: false })
    baseB = await b.listen({ port: 0, host: '127.0.0.1' })
    closeB = async () => {
      await b.close()
      await database.close()
    }
  })
  afterAll(async () => {
    await closeB()
    await t.close()
  })

  const request = (base: string, cookie: string, path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: { cookie, 'x-requested-with': 'veiligheidsplanner', ...(init.headers ?? {}) },
    })

  it('a file uploaded through instance A downloads whole, and by range, from instance B', async () => {
    const p = await documentParties(t)
    // A text file of 3.5 MB: several chunks, the last one short.
    const bytes = Buffer.from(patternBytes(3.5 * 1024 * 1024).toString('base64'), 'utf8')
    const up = await request(baseA, p.police.cookie!, `/api/cases/${p.caseId}/documents`, {
      method: 'POST',
      body: form('telling-winkelcentrum.txt', bytes, { title: 'Telling', audience: JSON.stringify(p.driehoek) }),
    })
    expect(up.status).toBe(201)
    const doc = (await up.json()) as { id: string; sha256: string }
    expect(doc.sha256).toBe(sha256(bytes))

    const whole = await request(baseB, p.lead.cookie!, `/api/cases/${p.caseId}/documents/${doc.id}/content`)
    expect(whole.status).toBe(200)
    expect(sha256(Buffer.from(await whole.arrayBuffer()))).toBe(sha256(bytes))

    const part = await request(baseB, p.prosecutor.cookie!, `/api/cases/${p.caseId}/documents/${doc.id}/content`, {
      headers: { range: 'bytes=1048570-1048580' },
    })
    expect(part.status).toBe(206)
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(1048570, 1048581))

    // The shops are outside the driehoek on either instance.
    for (const base of [baseA, baseB]) {
      const outside = await request(base, p.shops.cookie!, `/api/cases/${p.caseId}/documents/${doc.id}/content`)
      expect(outside.status).toBe(404)
    }
  })
})
