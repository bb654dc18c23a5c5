import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import CFB from 'cfb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixture, odf, ooxml, zip, zipBombDocx } from '../../test/fixtures/documents/make.ts'
import { inspectFile } from './inspect.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vp-inspect-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

let n = 0
/** Inspects bytes as an upload named `name`: the media type it gets, or the 415's message. */
async function verdict(name: string, bytes: Buffer): Promise<string> {
  const path = join(dir, `f${n++}`)
  await writeFile(path, bytes)
  try {
    return (await inspectFile(path, name, bytes.length)).mediaType
  } catch (err) {
    const e = err as { statusCode?: number; message: string; fields?: { path: string }[] }
    expect(e.statusCode).toBe(415)
    expect(e.fields?.[0]?.path).toBe('file')
    return `415 ${e.message}`
  }
}

const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)])
const PE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(200)])

describe('the type of a file', () => {
  it('is refused when the bytes are an executable, whatever the name says', async () => {
    expect(await verdict('factuur.pdf', PE)).toMatch(/^415/)
    expect(await verdict('factuur.pdf', ELF)).toMatch(/^415/)
    expect(await verdict('notitie.txt', ELF)).toMatch(/^415/)
    expect(await verdict('lijst.csv', PE)).toMatch(/^415/)
  })

  it('must match its extension', async () => {
    expect(await verdict('foto.pdf', fixture('foto.png'))).toMatch(/^415 De inhoud/)
    expect(await verdict('wijkscan.png', fixture('wijkscan-libreoffice.pdf'))).toMatch(/^415 De inhoud/)
    expect(await verdict('verslag.xlsx', fixture('verslag-libreoffice.docx'))).toMatch(/^415/)
    expect(await verdict('verslag.txt', fixture('verslag-libreoffice.docx'))).toMatch(/^415/)
    expect(await verdict('verslag.ods', odf('text'))).toMatch(/^415/)
  })

  it('needs an extension on the list: nothing a browser would run', async () => {
    for (const name of ['rapport', 'rapport.exe', 'plaatje.svg', 'pagina.html', 'script.js', 'rapport.pdf.exe']) {
      expect(await verdict(name, Buffer.from('<svg onload="alert(1)"/>'))).toBe(
        '415 Dit bestandstype is niet toegestaan',
      )
    }
  })

  it('takes text as text: UTF-8 or plain Windows-1252 for csv and txt, never NUL bytes', async () => {
    expect(await verdict('a.txt', Buffer.from('Café ✓\n'))).toBe('text/plain')
    expect(await verdict('a.csv', Buffer.from('Caf\xe9;1\r\n', 'latin1'))).toBe('text/csv')
    expect(await verdict('a.txt', Buffer.from('tekst\u0000meer'))).toMatch(/^415/)
    // Bytes Windows-1252 does not define, and not UTF-8 either.
    expect(await verdict('a.csv', Buffer.from([0x61, 0x81, 0x62]))).toMatch(/^415/)
    // UTF-8 split over a read boundary is still UTF-8.
    expect(await verdict('lang.txt', Buffer.from(`${'a'.repeat(65535)}é`))).toBe('text/plain')
  })

  it('takes an e-mail only with a header block', async () => {
    const mail = 'From: a@example.test\r\nSubject: Overlast\r\n  vervolg\r\n\r\nTekst\r\n'
    expect(await verdict('bericht.eml', Buffer.from(mail))).toBe('message/rfc822')
    expect(await verdict('bericht.eml', Buffer.from('Gewoon een notitie\r\n'))).toMatch(/^415/)
    expect(await verdict('bericht.eml', Buffer.from('X-Custom: 1\r\n\r\nTekst'))).toMatch(/^415/)
  })

  it('refuses an empty file', async () => {
    expect(await verdict('leeg.txt', Buffer.alloc(0))).toBe('415 Het bestand is leeg')
  })
})

describe('the archive check of office files', () => {
  it('passes office files written by LibreOffice', async () => {
    expect(await verdict('verslag.docx', fixture('verslag-libreoffice.docx'))).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    )
    expect(await verdict('verslag.odt', fixture('verslag-libreoffice.odt'))).toBe(
      'application/vnd.oasis.opendocument.text',
    )
  })

  it('refuses a zip bomb whose headers admit its size', async () => {
    expect(await verdict('verslag.docx', await zipBombDocx(200))).toBe(
      '415 Het archief pakt uit tot een verdacht grote omvang',
    )
  })

  it('refuses a zip bomb whose headers lie about its size, by counting what it inflates to', async () => {
    expect(await verdict('verslag.docx', await zipBombDocx(200, true))).toBe(
      '415 Het archief pakt uit tot een verdacht grote omvang',
    )
  })

  it('refuses too many entries', async () => {
    const many = Array.from({ length: 5001 }, (_, i) => ({ name: `word/media/${i}.xml`, data: Buffer.from('x') }))
    expect(await verdict('verslag.docx', ooxml('docx', many))).toBe('415 Het archief bevat te veel onderdelen')
  })

  it('refuses a macro project in a .docx, .xlsx or .pptx', async () => {
    const vba = { name: 'word/vbaProject.bin', data: Buffer.from('Attribute VB_Name = "ThisDocument"') }
    expect(await verdict('verslag.docx', ooxml('docx', [vba]))).toBe('415 Documenten met macro’s zijn niet toegestaan')
    expect(await verdict('cijfers.xlsx', ooxml('xlsx', [{ ...vba, name: 'xl/vbaProject.bin' }]))).toMatch(/macro/)
  })

  it('refuses LibreOffice Basic macros and scripts in an OpenDocument file, and accepts LibreOffice’s own files', async () => {
    const basic = { name: 'Basic/Standard/Module1.xml', data: Buffer.from('<script:module/>') }
    expect(await verdict('verslag.odt', odf('text', [basic]))).toBe('415 Documenten met macro’s zijn niet toegestaan')
    const script = { name: 'Scripts/python/macro.py', data: Buffer.from('import os') }
    expect(await verdict('cijfers.ods', odf('spreadsheet', [script]))).toMatch(/macro/)
    for (const name of ['verslag-libreoffice.odt', 'cijfers-libreoffice.ods', 'presentatie-libreoffice.odp'])
      expect(await verdict(name, fixture(name))).toMatch(/^application\/vnd\.oasis\.opendocument\./)
  })

  it('refuses encrypted entries, paths that leave the archive, and a package without its main part', async () => {
    expect(
      await verdict('v.docx', ooxml('docx', [{ name: 'word/x.xml', data: Buffer.from('x'), encrypted: true }])),
    ).toBe('415 Versleutelde documenten zijn niet toegestaan')
    expect(await verdict('v.docx', ooxml('docx', [{ name: '../../evil.sh', data: Buffer.from('x') }]))).toMatch(/^415/)
    expect(await verdict('v.docx', ooxml('docx', [{ name: '/etc/cron.d/x', data: Buffer.from('x') }]))).toMatch(/^415/)
    expect(await verdict('v.docx', ooxml('docx', [{ name: 'word\\..\\x', data: Buffer.from('x') }]))).toMatch(/^415/)
    const twice = ooxml('docx', [{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }])
    expect(await verdict('v.docx', twice)).toBe('415 Het bestand is geen geldig kantoordocument')
    const noMain = zip([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }])
    expect(await verdict('v.docx', noMain)).toMatch(/^415/)
    expect(await verdict('v.docx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]))).toMatch(/^415/)
  })
})

/** A compound file (the legacy Office container) holding these streams. */
function compound(streams: string[]): Buffer {
  const container = CFB.utils.cfb_new()
  for (const name of streams) CFB.utils.cfb_add(container, name, Buffer.from(`inhoud van ${name}`))
  return Buffer.from(CFB.write(container, { type: 'buffer' }) as Uint8Array)
}

describe('the check of legacy Office files (.doc, .xls, .ppt, .msg)', () => {
  it('passes files written by LibreOffice as Word 97, Excel 97 and PowerPoint 97', async () => {
    expect(await verdict('verslag.doc', fixture('verslag-libreoffice.doc'))).toBe('application/msword')
    expect(await verdict('cijfers.xls', fixture('cijfers-libreoffice.xls'))).toBe('application/vnd.ms-excel')
    expect(await verdict('presentatie.ppt', fixture('presentatie-libreoffice.ppt'))).toBe(
      'application/vnd.ms-powerpoint',
    )
  })

  it('refuses one legacy format renamed as another: the container is the same, the main stream is not', async () => {
    const mismatch = '415 De inhoud van het bestand past niet bij de extensie'
    expect(await verdict('cijfers.xls', fixture('verslag-libreoffice.doc'))).toBe(mismatch)
    expect(await verdict('verslag.doc', fixture('cijfers-libreoffice.xls'))).toBe(mismatch)
    expect(await verdict('presentatie.ppt', fixture('verslag-libreoffice.doc'))).toBe(mismatch)
    expect(await verdict('mail.msg', fixture('verslag-libreoffice.doc'))).toBe(mismatch)
    // Any other compound file (an installer, a thumbnail cache) is none of them.
    expect(await verdict('verslag.doc', compound(['Contents']))).toBe(mismatch)
  })

  it('takes an Outlook message by its property stream', async () => {
    expect(await verdict('mail.msg', compound(['__properties_version1.0', '__substg1.0_0037001F']))).toBe(
      'application/vnd.ms-outlook',
    )
  })

  it('refuses a macro project in a Word or Excel file', async () => {
    const macros = '415 Documenten met macro’s zijn niet toegestaan'
    expect(await verdict('verslag.doc', compound(['WordDocument', 'Macros/VBA/dir']))).toBe(macros)
    expect(await verdict('cijfers.xls', compound(['Workbook', '_VBA_PROJECT_CUR/VBA/dir']))).toBe(macros)
  })

  it('refuses a container that is cut off', async () => {
    const whole = fixture('verslag-libreoffice.doc')
    expect(await verdict('verslag.doc', whole.subarray(0, 1024))).toMatch(/^415 /)
  })
})
