import type { FastifyInstance } from 'fastify'
import { badRequest } from './errors.ts'

// PostgreSQL text cannot hold U+0000, and a lone surrogate is not valid UTF-8: neither may reach it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const UNSTORABLE = { test: (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s) }

/** The path of the first string (or key) that cannot be stored, or null. */
export function findUnstorable(value: unknown, path = 'body'): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorable(value[i], `${path}.${i}`)
      if (found) return found
    }
    return null
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (UNSTORABLE.test(k)) return `${path}.?`
      const found = findUnstorable(v, `${path}.${k}`)
      if (found) return found
    }
  }
  return null
}

/**
 * JSON bodies are parsed by Fastify's own safe parser (no prototype poisoning), then checked for
 * characters the database cannot store, which get a 400 naming the field instead of a 500.
 */
export function registerJsonParser(app: FastifyInstance) {
  const parse = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    parse(req, body as string, (err, value) => {
      if (err) return done(err, undefined)
      const bad = findUnstorable(value)
      if (bad)
        return done(
          badRequest('Tekst met een ongeldig teken (zoals U+0000)', [{ path: bad, message: 'Ongeldig teken' }]),
          undefined,
        )
      done(null, value)
    })
  })
}
