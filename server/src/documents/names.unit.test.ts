import { documentTypeOf } from '@vp/shared'
import { describe, expect, it } from 'vitest'
import { cleanTitle, MAX_NAME_LENGTH, sanitizeFileName, titleFromFileName } from './names.ts'

describe('a stored file name', () => {
  it('is the base name only, whichever slash the path used', () => {
    expect(sanitizeFileName('../../etc/passwd.pdf')).toBe('passwd.pdf')
    expect(sanitizeFileName('..\\..\\Windows\\system32\\rapport.docx')).toBe('rapport.docx')
    expect(sanitizeFileName('/var/tmp/../notulen 2 maart.odt')).toBe('notulen 2 maart.odt')
  })

  it('loses control characters and bidi overrides, so the extension a person sees is the real one', () => {
    // Shown by a browser as "factuurexe.pdf"; stored as what it is, an .exe, which is then refused.
    const rtl = sanitizeFileName('factuur\u202Efdp.exe')
    expect(rtl).toBe('factuurfdp.exe')
    expect(documentTypeOf(rtl)).toBeNull()
    expect(sanitizeFileName('ver\u0000sl\u0007ag\u009b\u007f.pdf')).toBe('verslag.pdf')
    expect(sanitizeFileName('a\u2066b\u2067c\u2068d\u2069e\u200Ef\u200Fg\u061Ch\u202Ai\u202Bj\u202Ck\u202Dl.txt')).toBe(
      'abcdefghijkl.txt',
    )
    expect(sanitizeFileName('regel\neen\r\ntwee.txt')).toBe('regel een twee.txt')
  })

  it('is NFC, without leading or trailing dots and spaces, and saveable on Windows', () => {
    expect(sanitizeFileName('Cafe\u0301 verslag.pdf')).toBe('Café verslag.pdf')
    expect(sanitizeFileName('  ..verslag.pdf. . ')).toBe('verslag.pdf')
    expect(sanitizeFileName('Overleg: "wat nu?".docx')).toBe('Overleg_ _wat nu__.docx')
  })

  it('is never empty', () => {
    expect(sanitizeFileName('')).toBe('document')
    expect(sanitizeFileName('../..')).toBe('document')
    expect(sanitizeFileName('.pdf')).toBe('document.pdf')
    expect(sanitizeFileName('\u202E\u0000.pdf')).toBe('document.pdf')
  })

  it('keeps its extension when shortened to the maximum length', () => {
    const long = sanitizeFileName(`${'wijkscan-'.repeat(40)}.pdf`)
    expect(Array.from(long)).toHaveLength(MAX_NAME_LENGTH)
    expect(long.endsWith('.pdf')).toBe(true)
    // Code points, not UTF-16 units: an emoji is never cut in half.
    const emoji = sanitizeFileName(`${'😀'.repeat(300)}.png`)
    expect(emoji).toBe(`${'😀'.repeat(MAX_NAME_LENGTH - 4)}.png`)
  })
})

describe('a title', () => {
  it('defaults to the stored name without its extension', () => {
    expect(titleFromFileName('Wijkscan De Hoven.pdf')).toBe('Wijkscan De Hoven')
    expect(titleFromFileName('document')).toBe('document')
  })

  it('is cleaned like a name: no control or bidi characters, one line, at most the maximum', () => {
    expect(cleanTitle('Verslag\u202E driehoek\n2 maart\u0000')).toBe('Verslag driehoek 2 maart')
    expect(cleanTitle('\u202E \u0000 ')).toBeNull()
    expect(Array.from(cleanTitle('x'.repeat(500))!)).toHaveLength(MAX_NAME_LENGTH)
  })
})
