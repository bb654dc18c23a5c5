import type { ErrorCode, ErrorResponse } from '@vp/shared'

/** An error with a status and code the client may see. Anything else becomes a 500 without details. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: { path: string; message: string }[],
    /** Extra body members, e.g. `current` on a 412 so the client can show the other version. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message)
  }

  toBody(): ErrorResponse & Record<string, unknown> {
    return {
      error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) },
      ...this.extra,
    }
  }
}

export const badRequest = (message: string, fields?: { path: string; message: string }[]) =>
  new AppError(400, 'bad_request', message, fields)
export const unauthenticated = (message = 'Niet ingelogd') => new AppError(401, 'unauthenticated', message)
export const forbidden = (message = 'Geen toegang') => new AppError(403, 'forbidden', message)
export const notFound = (message = 'Niet gevonden') => new AppError(404, 'not_found', message)
export const conflict = (message: string, fields?: { path: string; message: string }[]) =>
  new AppError(409, 'conflict', message, fields)
export const preconditionRequired = () =>
  new AppError(428, 'precondition_required', 'Stuur If-Match met de versie die u wijzigt')
export const preconditionFailed = (current: unknown) =>
  new AppError(412, 'precondition_failed', 'Iemand anders heeft dit intussen gewijzigd', undefined, {
    current,
  })
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError(
    429,
    'rate_limited',
    `Te veel pogingen; probeer het over ${Math.ceil(retryAfterSeconds / 60)} minuten opnieuw`,
    undefined,
    {
      retryAfter: retryAfterSeconds,
    },
  )

/** Parses `If-Match: "3"` (or W/"3"); null when absent. Throws 428/400 as the contract says. */
export function requireIfMatch(header: string | string[] | undefined): number {
  if (header === undefined || header === '') throw preconditionRequired()
  const raw = Array.isArray(header) ? header[0]! : header
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw)
  if (!m)
    throw badRequest('If-Match moet een versie zijn, zoals "3"', [
      { path: 'headers.if-match', message: 'Ongeldige versie' },
    ])
  return Number(m[1])
}
