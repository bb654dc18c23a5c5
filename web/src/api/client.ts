import type { ErrorCode, ErrorResponse, FieldErrorSchema } from '@vp/shared'
import type { z } from 'zod'

/** Sent on every state-changing request; the server refuses them without it (CSRF defence). */
const CSRF_HEADER = { 'X-Requested-With': 'veiligheidsplanner' }

/** One field the server rejected; `path` is dotted as the server names it, e.g. `body.email`. */
export type FieldError = z.infer<typeof FieldErrorSchema>

/** `network`: no answer at all; `invalid_response`: an answer that is not the API's error shape. */
export type ApiErrorCode = ErrorCode | 'network' | 'invalid_response'

/** Every failed API call rejects with this; components decide which text to show from `code`. */
export class ApiError extends Error {
  override readonly name = 'ApiError'

  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
    /** From the Retry-After header of a 429, when given. */
    readonly retryAfterSeconds: number | null = null,
    /** Members of the error body besides `error`, e.g. `current` on a 412. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
  }

  /** On a 412: the resource as it is now on the server (the other person's version). */
  current<T>(): T | undefined {
    return this.status === 412 ? (this.extra.current as T | undefined) : undefined
  }

  /** The server's message for one field, matched on the last part of its path (`body.email` → `email`). */
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.path === field || f.path.endsWith(`.${field}`))?.message
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

/**
 * Decides what a 401 means: `retry` once the person has signed in again (the request is then sent
 * again, unchanged), or `fail` (reject with the 401 as usual).
 */
export type UnauthorizedHandler = (request: { method: Method; path: string }) => Promise<'retry' | 'fail'>

let unauthorizedHandler: UnauthorizedHandler | null = null

/** Installs the app's answer to a 401 (see app/providers.tsx); returns the uninstall. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): () => void {
  unauthorizedHandler = handler
  return () => {
    if (unauthorizedHandler === handler) unauthorizedHandler = null
  }
}

/**
 * The app's answer to a 401 for a request sent outside `apiRequest` (uploads go by XMLHttpRequest,
 * for their progress): the same sign-in dialog, and `retry` once the person is signed in again.
 */
export function answerUnauthorized(request: { method: Method; path: string }): Promise<'retry' | 'fail'> {
  return unauthorizedHandler ? unauthorizedHandler(request) : Promise.resolve('fail')
}

interface RequestOptions {
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
}

/** One JSON request to our own API. Resolves with the parsed body of a 2xx answer. */
export async function apiRequest<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers }
  if (method !== 'GET') Object.assign(headers, CSRF_HEADER)
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'

  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err))
  }

  const payload: unknown = await readJson(response)
  if (response.ok) return payload as T
  // The session ended while the page was open: the request waits for the sign-in dialog, then goes again.
  if (response.status === 401 && unauthorizedHandler && !options.signal?.aborted) {
    if ((await unauthorizedHandler({ method, path })) === 'retry') return apiRequest<T>(method, path, options)
  }
  throw toApiError(response, payload)
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined
  const text = await response.text()
  if (!text) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** An error answer as an ApiError; also for requests sent another way (uploads go by XMLHttpRequest, for progress). */
export function toApiError(response: Response, payload: unknown): ApiError {
  const retryAfter = Number(response.headers.get('retry-after'))
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null
  if (!isErrorResponse(payload)) {
    return new ApiError(response.status, 'invalid_response', `HTTP ${response.status}`, [], retryAfterSeconds)
  }
  const { error, ...extra } = payload as ErrorResponse & Record<string, unknown>
  return new ApiError(response.status, error.code, error.message, error.fields ?? [], retryAfterSeconds, extra)
}

// A hand-written guard rather than ErrorResponseSchema.parse: importing zod schemas at runtime would
// pull zod and the whole contract into the first-route bundle: +26 KB gzip of a 150 KB budget.
function isErrorResponse(value: unknown): value is ErrorResponse {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false
  const error = (value as { error: unknown }).error
  if (typeof error !== 'object' || error === null) return false
  const { code, message, fields } = error as Record<string, unknown>
  return (
    typeof code === 'string' &&
    typeof message === 'string' &&
    (fields === undefined ||
      (Array.isArray(fields) && fields.every((f) => typeof f?.path === 'string' && typeof f?.message === 'string')))
  )
}

/** The If-Match header for a write on top of the version the user saw (the server's ETag is that version). */
export function ifMatch(version: number): Record<string, string> {
  return { 'If-Match': `"${version}"` }
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => apiRequest<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    apiRequest<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) =>
    apiRequest<T>('PATCH', path, { ...options, body }),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => apiRequest<T>('PUT', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => apiRequest<T>('DELETE', path, options),
}
