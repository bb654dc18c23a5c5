import { z } from 'zod'

export const HealthResponseSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    db: z.enum(['ok', 'unreachable']),
    version: z.string(),
  })
  .meta({ id: 'Health' })
export type HealthResponse = z.infer<typeof HealthResponseSchema>
