import { describe, expect, it } from 'vitest'
import { countdown } from './countdown.ts'

const deadline = '2027-03-12T16:00:00.000Z'
const at = (iso: string) => Date.parse(iso)

describe('the countdown to an acuut deadline', () => {
  it('gives hours and minutes left', () => {
    expect(countdown(deadline, at('2027-03-12T12:39:30.000Z'))).toEqual({ over: false, hours: 3, minutes: 20 })
    expect(countdown(deadline, at('2027-03-12T15:59:59.000Z'))).toEqual({ over: false, hours: 0, minutes: 0 })
  })

  it('gives how long the deadline has passed', () => {
    expect(countdown(deadline, at('2027-03-12T17:05:00.000Z'))).toEqual({ over: true, hours: 1, minutes: 5 })
  })
})
