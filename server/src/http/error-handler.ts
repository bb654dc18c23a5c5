import type { ErrorResponse } from '@vp/shared'
import type { FastifyError, FastifyInstance } from 'fastify'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod'
import { AppError } from './errors.ts'

/**
 * One error shape for the whole API. Client mistakes get 4xx naming the field; only our own
 * faults become 500, and those never echo internals.
 */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      if (err.statusCode === 429 && typeof err.extra?.retryAfter === 'number') {
        reply.header('retry-after', String(err.extra.retryAfter))
      }
      return reply.status(err.statusCode).send(err.toBody())
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v) => {
        const where = err.validationContext ?? 'body'
        const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.')
        return { path: path ? `${where}.${path}` : where, message: v.message ?? 'Ongeldige waarde' }
      })
      const names = fields.map((f) => f.path).join(', ')
      return reply.status(400).send(body('bad_request', `Ongeldige invoer: ${names}`, fields))
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause?.issues }, 'response does not match its schema')
      return reply.status(500).send(body('internal', 'Interne fout'))
    }
    if (isUniqueViolation(err)) {
      // A check that passed while a simultaneous request wrote the same thing: the database's unique
      // index decides, and the loser is told, never a 500.
      return reply
        .status(409)
        .send(body('conflict', 'Dit bestaat intussen al; iemand sloeg tegelijk hetzelfde op. Laad opnieuw.'))
    }
    const status = err.statusCode ?? 500
    if (status === 413) return reply.status(413).send(body('payload_too_large', 'De aanvraag is te groot'))
    if (status === 415 || err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send(body('unsupported_media_type', 'Stuur JSON (Content-Type: application/json)'))
    }
    if (status === 429)
      return reply.status(429).send(body('rate_limited', 'Te veel aanvragen; probeer het straks opnieuw'))
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, empty body with a JSON type, bad headers.
      const message =
        err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'Lege JSON-body'
          : err.code?.startsWith('FST_ERR_CTP')
            ? 'Ongeldige JSON'
            : err.message
      return reply
        .status(status === 404 ? 404 : 400)
        .send(body(status === 404 ? 'not_found' : 'bad_request', message, [{ path: 'body', message }]))
    }
    req.log.error({ err }, 'unhandled error')
    return reply.status(500).send(body('internal', 'Interne fout'))
  })

  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send(body('not_found', `Onbekend adres: ${req.method} ${req.url.split('?')[0]}`))
  })
}

function body(
  code: ErrorResponse['error']['code'],
  message: string,
  fields?: { path: string; message: string }[],
): ErrorResponse {
  return { error: { code, message, ...(fields ? { fields } : {}) } }
}

/** A unique-index violation (SQLSTATE 23505), from pg or PGlite, possibly wrapped by drizzle. */
export function isUniqueViolation(err: unknown): boolean {
  const codeOf = (e: unknown) => (e && typeof e === 'object' && 'code' in e ? (e as { code: unknown }).code : undefined)
  const cause = err && typeof err === 'object' && 'cause' in err ? (err as { cause: unknown }).cause : undefined
  return codeOf(err) === '23505' || codeOf(cause) === '23505'
}
