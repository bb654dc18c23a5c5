/** Longest stored file name or title, in characters (code points). */
export const MAX_NAME_LENGTH = 200

/**
 * Characters that change how a name reads without showing: C0 and C1 controls and DEL (\p{Cc}),
 * the bidi embeddings, overrides, isolates and marks ("factuur\u202Efdp.exe" shows as
 * "factuurexe.pdf"), and the byte-order mark.
 */
const INVISIBLE = /[\p{Cc}\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\uFEFF]/gu

/** Characters Windows refuses in a file name: a download must save under the name we send. */
const UNSAVEABLE = /[<>:"|?*]/g

/** An extension we keep when shortening: a few letters or digits after the last dot. */
const EXTENSION = /\.([\p{L}\p{N}]{1,16})$/u

const trimDotsAndSpaces = (s: string) => s.replace(/^[\s.]+|[\s.]+$/gu, '')

/** Without invisible and reordering characters, in NFC, with runs of white space as one space. */
export function cleanText(raw: string): string {
  // Line breaks and tabs separate words: they become spaces before the other controls go.
  return raw
    .normalize('NFC')
    .replace(/[\t\n\v\f\r]+/g, ' ')
    .replace(INVISIBLE, '')
    .replace(/\s+/gu, ' ')
    .trim()
}

const cut = (s: string, n: number) => Array.from(s).slice(0, n).join('')

/**
 * The name a file is stored and served under: the base name only (a path in either slash style
 * is dropped), without invisible or reordering characters, never empty and at most
 * MAX_NAME_LENGTH characters with its extension kept, so the type a person sees is the real one.
 */
export function sanitizeFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? ''
  // Trailing dots go first (Windows drops them); leading ones only after the extension is found,
  // so ".pdf" is a PDF without a name rather than a file called "pdf".
  const cleaned = cleanText(base)
    .replace(UNSAVEABLE, '_')
    .replace(/[\s.]+$/u, '')
  const ext = EXTENSION.exec(cleaned)?.[1]
  const stem = trimDotsAndSpaces(ext ? cleaned.slice(0, -(ext.length + 1)) : cleaned)
  if (!ext) return cut(stem, MAX_NAME_LENGTH) || 'document'
  return `${trimDotsAndSpaces(cut(stem || 'document', MAX_NAME_LENGTH - ext.length - 1))}.${ext}`
}

/** A title as given, cleaned like a file name's characters; null when nothing is left. */
export function cleanTitle(raw: string): string | null {
  return cut(cleanText(raw), MAX_NAME_LENGTH).trim() || null
}

/** The default title: the stored file name without its extension. */
export function titleFromFileName(fileName: string): string {
  const ext = EXTENSION.exec(fileName)
  return (ext ? fileName.slice(0, ext.index) : fileName) || fileName
}
