import { describe, expect, it } from 'vitest'
import { amsterdamDay } from './mail.ts'

// The daily digest goes once per Amsterdam calendar day, at the hour a person picked. The day's
// start must be right on the two days a year the clocks change, or a digest is sent twice or skipped.
describe('the Amsterdam day of an instant', () => {
  it('on an ordinary winter and summer day', () => {
    expect(amsterdamDay(new Date('2026-12-07T16:05:00Z'))).toEqual({
      hour: 17,
      dayStart: new Date('2026-12-06T23:00:00Z'),
    })
    expect(amsterdamDay(new Date('2027-07-01T06:30:00Z'))).toEqual({
      hour: 8,
      dayStart: new Date('2027-06-30T22:00:00Z'),
    })
  })

  it('on the day summer time starts (midnight was still winter time)', () => {
    // 28 March 2027: 02:00 CET becomes 03:00 CEST.
    expect(amsterdamDay(new Date('2027-03-28T12:00:00Z'))).toEqual({
      hour: 14,
      dayStart: new Date('2027-03-27T23:00:00Z'),
    })
    expect(amsterdamDay(new Date('2027-03-27T23:30:00Z'))).toEqual({
      hour: 0,
      dayStart: new Date('2027-03-27T23:00:00Z'),
    })
  })

  it('on the day summer time ends (midnight was still summer time)', () => {
    // 25 October 2026: 03:00 CEST becomes 02:00 CET.
    expect(amsterdamDay(new Date('2026-10-25T12:00:00Z'))).toEqual({
      hour: 13,
      dayStart: new Date('2026-10-24T22:00:00Z'),
    })
    expect(amsterdamDay(new Date('2026-10-25T22:59:00Z'))).toEqual({
      hour: 23,
      dayStart: new Date('2026-10-24T22:00:00Z'),
    })
    // The next day starts at midnight CET.
    expect(amsterdamDay(new Date('2026-10-25T23:00:00Z')).dayStart).toEqual(new Date('2026-10-25T23:00:00Z'))
  })
})
