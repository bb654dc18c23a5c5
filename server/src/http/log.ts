import type { FastifyRequest } from 'fastify'

/** A path segment or query value that can be a secret: a long random token (not a UUID), maybe with an extension. */
const TOKENISH = /^[A-Za-z0-9_-]{24,}(\.[a-z]{2,5})?$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const redactPart = (part: string) => (TOKENISH.test(part) && !UUID.test(part) ? '[token]' : part)

/**
 * A URL as the log may show it: invitation, set-password and set-up links (and any other path
 * segment or query value that looks like a token) become `[token]`. Ids stay, for tracing.
 */
export function redactUrl(url: string): string {
  const [path = '', query] = url.split('?', 2)
  const safePath = path.split('/').map(redactPart).join('/')
  if (query === undefined) return safePath
  const safeQuery = query
    .split('&')
    .map((pair) => {
      const [k, v] = pair.split('=', 2)
      return v === undefined ? pair : `${k}=${redactPart(decodeURIComponentSafe(v)) === '[token]' ? '[token]' : v}`
    })
    .join('&')
  return `${safePath}?${safeQuery}`
}

function decodeURIComponentSafe(v: string) {
  try {
    return decodeURIComponent(v)
  } catch {
    return v
  }
}

/** The request as logged: no headers (cookies, tokens), and the URL with its secrets removed. */
export function serializeRequest(req: Pick<FastifyRequest, 'method' | 'url' | 'host' | 'ip'>) {
  return { method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip }
}

interface SerializedError {
  [key: string]: unknown
  type: string
  message: string
  stack: string
  code?: string
  table?: string
  column?: string
  constraint?: string
  cause?: SerializedError
}

/**
 * An error as logged. A database error carries the statement's parameters (titles, restricted
 * text, password hashes) in its message, its `params` and the driver's `detail`: the log keeps
 * the statement text (parameterised), the SQLSTATE and the names of table, column and
 * constraint, and never a value. Quoted values in driver messages are elided.
 */
export function serializeError(err: unknown, depth = 0): SerializedError {
  if (!(err instanceof Error)) return { type: typeof err, message: '[not an Error]', stack: '' }
  const e = err as Error & Record<string, unknown>
  const isQueryError = typeof e.query === 'string' && 'params' in e
  const isDriverError = typeof e.severity === 'string' || typeof e.routine === 'string'
  const message = isQueryError
    ? `Failed query: ${e.query as string}`
    : isDriverError
      ? err.message.replace(/"[^"]*"/g, '"…"').replace(/'[^']*'/g, "'…'")
      : err.message
  const type = err.constructor?.name ?? 'Error'
  const frames = (err.stack ?? '').split('\n').filter((l) => l.trimStart().startsWith('at '))
  const out: SerializedError = { type, message, stack: [`${type}: ${message}`, ...frames].join('\n') }
  for (const k of ['code', 'table', 'column', 'constraint'] as const) {
    if (typeof e[k] === 'string') out[k] = e[k] as string
  }
  if (err.cause !== undefined && depth < 5) out.cause = serializeError(err.cause, depth + 1)
  return out
}
