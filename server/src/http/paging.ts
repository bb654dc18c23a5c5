import { badRequest } from './errors.ts'

/** Opaque keyset cursors: the sort key of the last row, base64url-encoded JSON. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

type KeyPart = 'text' | 'date' | 'uuid' | 'int'

const FIRST_MOMENT = Date.parse('0001-01-01T00:00:00.000Z')

const VALID: Record<KeyPart, (s: string) => boolean> = {
  text: (s) => !s.includes('\u0000') && s.length <= 500,
  // From year 1: JavaScript reads a year 0 that the database has no moment for.
  date: (s) => /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(s) && Date.parse(s) >= FIRST_MOMENT,
  uuid: (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s),
  int: (s) => /^\d{1,9}$/.test(s),
}

/**
 * Decodes a cursor made by `encodeCursor`; `parts` says what each key part must be. Anything else
 * (tampered, truncated, from another list) is a 400 naming the cursor, never a database error.
 */
export function decodeCursor(cursor: string | undefined, parts: KeyPart[]): string[] | null {
  if (!cursor) return null
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (
      Array.isArray(key) &&
      key.length === parts.length &&
      key.every((k, i) => typeof k === 'string' && VALID[parts[i]!](k))
    ) {
      return key
    }
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
