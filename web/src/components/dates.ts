import { useIntl } from 'react-intl'

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
]

/** Dates as people read them in the chosen language: "12 maart 2026 om 14:05", "3 dagen geleden". */
export function useDates() {
  const intl = useIntl()
  return {
    dateTime: (iso: string) => intl.formatDate(iso, { dateStyle: 'long', timeStyle: 'short' }),
    date: (iso: string) => intl.formatDate(iso, { dateStyle: 'long' }),
    /** "5 dec.", with the year only when it is not this year. */
    short: (iso: string) => {
      const sameYear = new Date(iso).getFullYear() === new Date().getFullYear()
      return intl.formatDate(iso, { day: 'numeric', month: 'short', year: sameYear ? undefined : 'numeric' })
    },
    /** A deadline: a date, or for an acuut case (deadlines in hours) a date and time. */
    deadline: (iso: string, withTime: boolean) =>
      withTime
        ? intl.formatDate(iso, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
        : intl.formatDate(iso, { dateStyle: 'long' }),
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
