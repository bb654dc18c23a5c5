import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.ts'
import { fixture, ooxml, zipBombDocx } from '../../test/fixtures/documents/make.ts'
import { form, NOTHING, stored, upload } from '../../test/fixtures/documents/upload.ts'
import { threeParties } from '../../test/items.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const PE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(400)])

/** Uploads as the police partner of a fresh case; returns the answer and what the case holds after. */
async function attempt(name: string, bytes: Buffer) {
  const p = await threeParties(t)
  const res = await upload(p.police, p.caseId, form(name, bytes))
  return { res, p, after: await stored(t.testDb.database.db, p.caseId) }
}

describe('a hostile upload', () => {
  it('a .pdf that is really an executable: 415 naming file, nothing stored', async () => {
    const { res, after } = await attempt('factuur.pdf', PE)
    expect(res.statusCode).toBe(415)
    expect(res.json().error).toMatchObject({ code: 'unsupported_media_type', fields: [{ path: 'file' }] })
    expect(after).toEqual(NOTHING)
  })

  it('a zip bomb disguised as .docx: 415, nothing stored', async () => {
    const { res, after } = await attempt('verslag.docx', await zipBombDocx(300))
    expect(res.statusCode).toBe(415)
    expect(res.json().error.message).toBe('Het archief pakt uit tot een verdacht grote omvang')
    expect(after).toEqual(NOTHING)
  })

  it('a zip bomb whose headers lie about its size: 415 as well', async () => {
    const { res, after } = await attempt('verslag.docx', await zipBombDocx(300, true))
    expect(res.statusCode).toBe(415)
    expect(after).toEqual(NOTHING)
  })

  it('a .docx with a macro project: 415', async () => {
    const macro = ooxml('docx', [{ name: 'word/vbaProject.bin', data: Buffer.from('VBA') }])
    const { res, after } = await attempt('verslag.docx', macro)
    expect(res.statusCode).toBe(415)
    expect(res.json().error.message).toMatch(/macro/)
    expect(after).toEqual(NOTHING)
  })

  it('a type a browser would run, or no extension at all: 415', async () => {
    for (const name of ['kaart.svg', 'pagina.html', 'README']) {
      const { res } = await attempt(name, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'))
      expect(res.statusCode, name).toBe(415)
    }
  })

  it('`../../etc/passwd`: refused, having no allowed extension', async () => {
    const { res, after } = await attempt('../../etc/passwd', Buffer.from('root:x:0:0:root:/root:/bin/bash\n'))
    expect(res.statusCode).toBe(415)
    expect(after).toEqual(NOTHING)
  })

  it('a path and control characters in an allowed name: stored as the sanitised base name', async () => {
    const { res } = await attempt('../../etc/pass\u0000wd\u0007.pdf', fixture('wijkscan-libreoffice.pdf'))
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ fileName: 'passwd.pdf', title: 'passwd' })
  })

  it('an RTL override that hides .exe: refused as the .exe it is', async () => {
    const { res } = await attempt('factuur\u202Efdp.exe', fixture('wijkscan-libreoffice.pdf'))
    expect(res.statusCode).toBe(415)
  })

  it('an RTL override inside an allowed name: stored without it, the real extension visible', async () => {
    const { res } = await attempt('rapport\u202Exslx.pdf', fixture('wijkscan-libreoffice.pdf'))
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ fileName: 'rapportxslx.pdf', title: 'rapportxslx' })
  })

  it('a title with bidi and control characters is cleaned the same way', async () => {
    const p = await threeParties(t)
    const f = form('wijkscan.pdf', fixture('wijkscan-libreoffice.pdf'), {
      title: 'Wijkscan\u202E nacc\u0000\nDe Hoven',
    })
    const res = await upload(p.police, p.caseId, f)
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().title).toBe('Wijkscan nacc De Hoven')
  })

  it('a body that is not multipart: 415 naming file', async () => {
    const p = await threeParties(t)
    for (const [body, type] of [
      [JSON.stringify({ file: 'JVBERi0=' }), 'application/json'],
      ['%PDF-1.7', 'application/pdf'],
    ] as const) {
      const res = await p.police.post(`/api/cases/${p.caseId}/documents`, body, { 'content-type': type })
      expect(res.statusCode, type).toBe(415)
      expect(res.json().error.fields).toEqual([{ path: 'file', message: 'Verwacht multipart/form-data' }])
    }
    expect(await stored(t.testDb.database.db, p.caseId)).toEqual(NOTHING)
  })

  it('a form without a file, or with two: 400 naming file', async () => {
    const p = await threeParties(t)
    const none = new FormData()
    none.append('title', 'Leeg')
    expect((await upload(p.police, p.caseId, none)).json().error.fields).toEqual([
      { path: 'file', message: 'Verplicht' },
    ])
    const two = form('a.txt', Buffer.from('a'))
    two.append('file', new Blob([new Uint8Array(Buffer.from('b'))]), 'b.txt')
    const res = await upload(p.police, p.caseId, two)
    expect(res.statusCode).toBe(400)
    expect(res.json().error.fields[0].path).toBe('file')
    expect(await stored(t.testDb.database.db, p.caseId)).toEqual(NOTHING)
  })
})
