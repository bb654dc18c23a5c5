import { describe, expect, it } from 'vitest'
import {
  addDays,
  dutchMoment,
  dutchParts,
  endOfDutchDay,
  formatDateInput,
  parseDateInput,
  parseTimeInput,
} from './calendar.ts'

describe('parseDateInput', () => {
  it('reads day first, with dashes, slashes or dots, and ISO dates', () => {
    expect(parseDateInput('29-06-2027')).toBe('2027-06-29')
    expect(parseDateInput('29/06/2027')).toBe('2027-06-29')
    expect(parseDateInput(' 29.06.2027 ')).toBe('2027-06-29')
    expect(parseDateInput('9-6-2027')).toBe('2027-06-09')
    expect(parseDateInput('2027-06-29')).toBe('2027-06-29')
  })

  it('never reads the American month-first order: 06/29/2027 is no date', () => {
    expect(parseDateInput('06/29/2027')).toBeNull()
  })

  it('refuses impossible days and other text', () => {
    for (const text of ['31-06-2027', '29-02-2027', '00-01-2027', '12-13-2027', '29-06-27', '', 'morgen', '1-1-0999']) {
      expect(parseDateInput(text), text).toBeNull()
    }
    expect(parseDateInput('29-02-2028')).toBe('2028-02-29')
  })
})

describe('formatDateInput', () => {
  it('shows dd-mm-jjjj in Dutch and dd/mm/yyyy in English (en-GB)', () => {
    expect(formatDateInput('2027-06-29')).toBe('29-06-2027')
    expect(formatDateInput('2027-06-29', 'en')).toBe('29/06/2027')
    expect(formatDateInput('')).toBe('')
  })

  it('reads back what it writes', () => {
    expect(parseDateInput(formatDateInput('2027-01-05', 'en'))).toBe('2027-01-05')
  })
})

describe('parseTimeInput', () => {
  it('reads hh:mm, h:mm, hh.mm and hhmm', () => {
    expect(parseTimeInput('17:00')).toBe('17:00')
    expect(parseTimeInput('9:05')).toBe('09:05')
    expect(parseTimeInput('09.30')).toBe('09:30')
    expect(parseTimeInput('0930')).toBe('09:30')
  })

  it('refuses times that do not exist', () => {
    for (const text of ['24:00', '12:60', '9', '', 'half tien']) expect(parseTimeInput(text), text).toBeNull()
  })
})

describe('Dutch moments', () => {
  it('turns a Dutch day and time into UTC, in summer and in winter time', () => {
    expect(dutchMoment('2027-06-29', '17:00')).toBe('2027-06-29T15:00:00.000Z')
    expect(dutchMoment('2027-01-15', '17:00')).toBe('2027-01-15T16:00:00.000Z')
    expect(endOfDutchDay('2027-06-29')).toBe('2027-06-29T21:59:00.000Z')
  })

  it('handles the nights the clocks change', () => {
    // 28 March 2027: 02:00 CET becomes 03:00 CEST; 31 October 2027: 03:00 CEST becomes 02:00 CET.
    expect(dutchMoment('2027-03-28', '01:30')).toBe('2027-03-28T00:30:00.000Z')
    expect(dutchMoment('2027-03-28', '03:30')).toBe('2027-03-28T01:30:00.000Z')
    expect(dutchMoment('2027-10-31', '12:00')).toBe('2027-10-31T11:00:00.000Z')
  })

  it('gives the Dutch day and time of a moment, the inverse of dutchMoment', () => {
    expect(dutchParts('2027-06-29T21:59:00.000Z')).toEqual({ day: '2027-06-29', time: '23:59' })
    expect(dutchParts('2027-06-29T22:30:00.000Z')).toEqual({ day: '2027-06-30', time: '00:30' })
    expect(dutchParts(dutchMoment('2027-12-01', '08:15'))).toEqual({ day: '2027-12-01', time: '08:15' })
  })

  it('adds calendar days across months and years', () => {
    expect(addDays('2027-12-30', 7)).toBe('2028-01-06')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
  })
})
