import { describe, expect, it } from 'vitest'
import { CreateItemBodySchema, UpdateStepBodySchema } from './items.ts'

const measurement = (measuredAt: string) =>
  CreateItemBodySchema.safeParse({
    kind: 'measurement',
    step: 6,
    title: 'Meting',
    goalId: '00000000-0000-4000-8000-000000000000',
    value: 1,
    measuredAt,
  })

describe('dates in requests', () => {
  it('refuse a year outside 1–9999, naming the field, before anything reaches the database', () => {
    for (const bad of ['0000-01-01', '0000-12-31']) {
      const r = measurement(bad)
      expect(r.success).toBe(false)
      expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['measuredAt'])
    }
    const deadline = UpdateStepBodySchema.safeParse({ deadline: '0000-06-01T00:00:00+00:00' })
    expect(deadline.error?.issues.map((i) => i.path.join('.'))).toEqual(['deadline'])
  })

  it('accept ordinary dates and the edges of the range', () => {
    for (const ok of ['2027-03-12', '0001-01-01', '9999-12-31']) expect(measurement(ok).success).toBe(true)
    expect(UpdateStepBodySchema.safeParse({ deadline: '2027-03-12T17:00:00+01:00' }).success).toBe(true)
  })
})
