import { z } from 'zod'

import { ERROR_CODES } from './constants/errors.ts'

export * from './constants/errors.ts'

export const ErrorCodeSchema = z.enum(ERROR_CODES)

export const FieldErrorSchema = z.object({
  path: z.string().meta({ description: 'Dotted path of the field, e.g. `body.email`' }),
  message: z.string(),
})

/** The one error shape of the API. */
export const ErrorResponseSchema = z
  .object({
    error: z.object({
      code: ErrorCodeSchema,
      message: z.string(),
      fields: z.array(FieldErrorSchema).optional(),
    }),
  })
  .meta({ id: 'Error' })
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>

/** 412 body: the error plus the current representation, so a client can show both versions. */
export function staleResponseOf<T extends z.ZodType>(current: T) {
  return ErrorResponseSchema.extend({ current })
}

/** 429 body: the error plus the seconds to wait (also in the Retry-After header). */
export const RateLimitedResponseSchema = ErrorResponseSchema.extend({ retryAfter: z.number().int().optional() })
