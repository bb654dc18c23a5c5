/** Machine-readable error codes; the HTTP status says the class, the code says the case. */
export const ERROR_CODES = [
  'bad_request',
  'unauthenticated',
  'forbidden',
  'csrf',
  'not_found',
  'conflict',
  /** 409: the case is closed; only reopening it is possible. */
  'case_closed',
  'precondition_failed',
  'precondition_required',
  'payload_too_large',
  'unsupported_media_type',
  /** 416: a `Range` past the end of the file. */
  'range_not_satisfiable',
  'rate_limited',
  'unavailable',
  'internal',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]
