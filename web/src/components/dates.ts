import { CALENDAR_TIME_ZONE } from '@vp/shared/constants'
import { useIntl } from 'react-intl'

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
]

/** The language tag dates are written in: Dutch, or British English (day before month, 24-hour clock). */
export const dateLocale = (locale: string) => (locale === 'en' ? 'en-GB' : 'nl-NL')

/** The language of the date fields: dd-mm-jjjj in Dutch, dd/mm/yyyy in English. */
export const inputLanguage = (locale: string): 'nl' | 'en' => (locale === 'en' ? 'en' : 'nl')

/** A calendar day (YYYY-MM-DD) spelled out: "dinsdag 29 juni 2027", "Tuesday 29 June 2027". */
export function spellDay(day: string, locale: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return new Intl.DateTimeFormat(dateLocale(locale), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(Date.UTC(y, m - 1, d))
}

/**
 * Dates as people read them in the chosen language, in Dutch time: "12 maart 2026 om 14:05",
 * "3 dagen geleden". English reads as in Britain (12 March 2026, 14:05).
 */
export function useDates() {
  const intl = useIntl()
  const tag = dateLocale(intl.locale)
  const format = (iso: string, options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(tag, { timeZone: CALENDAR_TIME_ZONE, ...options }).format(new Date(iso))
  return {
    dateTime: (iso: string) => format(iso, { dateStyle: 'long', timeStyle: 'short' }),
    date: (iso: string) => format(iso, { dateStyle: 'long' }),
    /** "5 dec.", with the year only when it is not this year. */
    short: (iso: string) => {
      const sameYear = new Date(iso).getFullYear() === new Date().getFullYear()
      return format(iso, { day: 'numeric', month: 'short', year: sameYear ? undefined : 'numeric' })
    },
    /** A deadline: a date, or for an acuut case (deadlines in hours) a date and time. */
    deadline: (iso: string, withTime: boolean) =>
      withTime
        ? format(iso, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
        : format(iso, { dateStyle: 'long' }),
    relative: (iso: string, now = Date.now()) => {
      const seconds = Math.round((new Date(iso).getTime() - now) / 1000)
      for (const [unit, size] of UNITS) {
        if (Math.abs(seconds) >= size)
          return intl.formatRelativeTime(Math.trunc(seconds / size), unit, { numeric: 'auto' })
      }
      return intl.formatRelativeTime(0, 'minute', { numeric: 'auto' })
    },
  }
}
