import { badRequest } from './errors.ts'

/** Opaque keyset cursors: the sort key of the last row, base64url-encoded JSON. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

export function decodeCursor(cursor: string | undefined, arity: number): string[] | null {
  if (!cursor) return null
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === 'string')) return key
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('Ongeldige cursor', [{ path: 'querystring.cursor', message: 'Ongeldige cursor' }])
}

/** Takes one row more than asked to know whether another page exists. */
export function toPage<R, T>(rows: R[], limit: number, present: (r: R) => T, keyOf: (r: R) => unknown[]) {
  const more = rows.length > limit
  const page = more ? rows.slice(0, limit) : rows
  return { items: page.map(present), nextCursor: more ? encodeCursor(keyOf(page[page.length - 1]!)) : null }
}
