import { mkdtemp, readdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, createTestApp, openCase, type TestApp } from '../../test/app.ts'
import { form, NOTHING, stored, upload } from '../../test/fixtures/documents/upload.ts'
import { threeParties } from '../../test/items.ts'

const MB = 1024 * 1024

let t: TestApp
let port: number
let uploadTmp: string
const savedTmp = process.env.TMPDIR
beforeAll(async () => {
  // Uploads stream to os.tmpdir(): a directory of this file's own shows what they leave behind.
  uploadTmp = await mkdtemp(join(tmpdir(), 'vp-upload-limits-'))
  process.env.TMPDIR = uploadTmp
  t = await createTestApp()
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  port = (t.app.server.address() as AddressInfo).port
})
afterAll(async () => {
  process.env.TMPDIR = savedTmp
  await t.close()
})

const BOUNDARY = 'vp-grens-4b1f'
const partHead = (name: string) =>
  Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n`,
  )
const partTail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`)

/** An upload over a real socket, written by hand: the test decides how much of the body ever goes out. */
function rawUpload(client: Client, caseId: string, headers: Record<string, string | number>) {
  const socket = connect(port, '127.0.0.1')
  socket.on('error', () => {})
  const head = [
    `POST /api/cases/${caseId}/documents HTTP/1.1`,
    'Host: 127.0.0.1',
    `Cookie: ${client.cookie}`,
    'X-Requested-With: veiligheidsplanner',
    `Content-Type: multipart/form-data; boundary=${BOUNDARY}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    '',
    '',
  ].join('\r\n')
  socket.write(head)
  let response = ''
  const answered = new Promise<string>((resolve) => {
    socket.on('data', (d) => {
      response += d.toString('latin1')
      if (response.includes('\r\n\r\n')) resolve(response)
    })
    socket.on('close', () => resolve(response))
  })
  return { socket, answered, answer: () => response }
}

/** Back-pressure: the socket can take more, or it is gone (a server that stopped reading closed it). */
const drained = (socket: Socket) =>
  new Promise<void>((resolve) => {
    const done = () => {
      socket.off('drain', done).off('close', done)
      resolve()
    }
    socket.once('drain', done).once('close', done)
  })

/** Writes `bytes` in pieces, honouring back-pressure, until done or `stop()` says the server has answered. */
async function send(socket: Socket, bytes: number, stop: () => boolean): Promise<number> {
  const piece = Buffer.alloc(256 * 1024, 'a')
  let sent = 0
  while (sent < bytes && !stop() && !socket.destroyed) {
    const chunk = piece.subarray(0, Math.min(piece.length, bytes - sent))
    sent += chunk.length
    if (!socket.write(chunk)) await drained(socket)
  }
  return sent
}

async function eventually(check: () => Promise<boolean>, what: string, ms = 5000) {
  const until = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

const tempEmpty = async () => (await readdir(uploadTmp)).length === 0
const statusOf = (raw: string) => Number(raw.split(' ')[1])

describe('an upload over the size limit (real sockets)', () => {
  it('with Content-Length 60 MB: 413 naming file before the body is sent, nothing stored', async () => {
    const p = await threeParties(t)
    const size = 60 * MB
    const req = rawUpload(p.police, p.caseId, {
      'Content-Length': partHead('groot.txt').length + size + partTail.length,
    })
    req.socket.write(partHead('groot.txt'))
    const sent = await send(req.socket, MB, () => false)
    const raw = await req.answered
    expect(statusOf(raw)).toBe(413)
    expect(raw.toLowerCase()).toContain('connection: close')
    await eventually(async () => req.answer().includes('"path":"file"'), 'the error body')
    expect(sent).toBe(MB)
    req.socket.destroy()
    expect(await stored(t.testDb.database.db, p.caseId)).toEqual(NOTHING)
    await eventually(tempEmpty, 'an empty temp directory')
  })

  it('chunked, without Content-Length: reading stops past the limit with 413, nothing stored', async () => {
    const p = await threeParties(t)
    const req = rawUpload(p.police, p.caseId, { 'Transfer-Encoding': 'chunked' })
    const chunked = (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')])
    req.socket.write(chunked(partHead('groot.txt')))
    const piece = chunked(Buffer.alloc(MB, 'a'))
    let sent = 0
    while (sent < 60 && req.answer() === '' && !req.socket.destroyed) {
      sent += 1
      if (!req.socket.write(piece)) await drained(req.socket)
    }
    const raw = await req.answered
    expect(statusOf(raw)).toBe(413)
    // The server answered before the whole file was sent: it did not read to the end.
    expect(sent).toBeLessThan(60)
    req.socket.destroy()
    expect(await stored(t.testDb.database.db, p.caseId)).toEqual(NOTHING)
    await eventually(tempEmpty, 'an empty temp directory')
  })
})

describe('a broken upload', () => {
  it('a connection cut halfway leaves no row, no chunk and no temporary file', async () => {
    const p = await threeParties(t)
    const size = 5 * MB
    const req = rawUpload(p.police, p.caseId, {
      'Content-Length': partHead('half.txt').length + size + partTail.length,
    })
    req.socket.write(partHead('half.txt'))
    await send(req.socket, size / 2, () => false)
    // The server has started writing the file before the connection goes.
    await eventually(async () => !(await tempEmpty()), 'the upload to reach the temp directory')
    req.socket.destroy()
    await eventually(tempEmpty, 'an empty temp directory')
    expect(await stored(t.testDb.database.db, p.caseId)).toEqual(NOTHING)
    // And the server is fine.
    expect((await upload(p.police, p.caseId, form('heel.txt', Buffer.from('heel')))).statusCode).toBe(201)
  })
})

describe('parallel uploads of one person', () => {
  it('past DOCUMENT_PARALLEL_UPLOADS: 429; a slot is free again once an upload ends', async () => {
    const p = await threeParties(t)
    const bound = t.config.DOCUMENT_PARALLEL_UPLOADS
    const length = partHead('traag.txt').length + MB + partTail.length
    const slow = Array.from({ length: bound }, () => rawUpload(p.police, p.caseId, { 'Content-Length': length }))
    for (const s of slow) s.socket.write(partHead('traag.txt'))
    await eventually(async () => (await readdir(uploadTmp)).length === bound, 'every slow upload to start')
    const refused = await upload(p.police, p.caseId, form('nog-een.txt', Buffer.from('x')))
    expect(refused.statusCode).toBe(429)
    expect(refused.json().error.code).toBe('rate_limited')
    // Someone else is not held up by this person's uploads.
    expect((await upload(p.housing, p.caseId, form('ander.txt', Buffer.from('x')))).statusCode).toBe(201)
    // One slow upload finishes: its slot is free again.
    await send(slow[0]!.socket, MB, () => false)
    slow[0]!.socket.write(partTail)
    expect(statusOf(await slow[0]!.answered)).toBe(201)
    expect((await upload(p.police, p.caseId, form('nu-wel.txt', Buffer.from('x')))).statusCode).toBe(201)
    for (const s of slow) s.socket.destroy()
    await eventually(tempEmpty, 'an empty temp directory')
  })
})

describe('space', () => {
  let small: TestApp
  beforeAll(async () => {
    small = await createTestApp({ DOCUMENT_MAX_MB: '1', DOCUMENT_CASE_QUOTA_MB: '2', DOCUMENT_PERSON_QUOTA_MB: '3' })
  })
  afterAll(() => small.close())

  const file = (kb: number) => Buffer.alloc(kb * 1024, 'a')

  it('a file over DOCUMENT_MAX_MB: 413 naming the maximum', async () => {
    const p = await threeParties(small)
    const res = await upload(p.police, p.caseId, form('groot.txt', file(1100)))
    expect(res.statusCode).toBe(413)
    expect(res.json().error).toMatchObject({
      code: 'payload_too_large',
      message: 'Het bestand is te groot; het maximum is 1 MB',
      fields: [{ path: 'file' }],
    })
  })

  it('over the case’s quota: 413 naming the space left; then over the person’s, across cases', async () => {
    const p = await threeParties(small)
    for (const name of ['a.txt', 'b.txt'])
      expect((await upload(p.lead, p.caseId, form(name, file(900)))).statusCode).toBe(201)
    const full = await upload(p.police, p.caseId, form('c.txt', file(900)))
    expect(full.statusCode).toBe(413)
    expect(full.json().error.message).toMatch(/^De opslagruimte van dit dossier is bijna vol; er is nog \d+ MB over$/)
    expect((await stored(small.testDb.database.db, p.caseId)).versions).toBe(2)

    // The projectleider in a second case: 1.8 MB of their 3 MB is used in the first.
    const second = await openCase(p.lead)
    expect((await upload(p.lead, second, form('d.txt', file(900)))).statusCode).toBe(201)
    const mine = await upload(p.lead, second, form('e.txt', file(900)))
    expect(mine.statusCode).toBe(413)
    expect(mine.json().error.message).toBe('Uw opslagruimte is bijna vol; er is nog 0 MB over')
    expect((await stored(small.testDb.database.db, second)).versions).toBe(1)
  })

  it('two uploads at once that each fit but not together: one is stored, the other gets 413', async () => {
    const p = await threeParties(small)
    expect((await upload(p.police, p.caseId, form('a.txt', file(1000)))).statusCode).toBe(201)
    const answers = await Promise.all([
      upload(p.housing, p.caseId, form('b.txt', file(700))),
      upload(p.lead, p.caseId, form('c.txt', file(700))),
    ])
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 413])
    expect((await stored(small.testDb.database.db, p.caseId)).versions).toBe(2)
  })
})
