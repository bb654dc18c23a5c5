// Dates as people type them (dd-mm-jjjj, whatever the browser's language) and the moments the API
// takes (ISO, UTC). A calendar day and a clock time are always Dutch: the partnerships are Dutch.

/** The time zone of every calendar day in the product: Dutch partnerships, Dutch days. */
export const CALENDAR_TIME_ZONE = 'Europe/Amsterdam'

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** True for a real calendar day (no 31 June, 29 February only in leap years). */
function isCalendarDay(y: number, m: number, d: number): boolean {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate()
}

/**
 * A typed date as YYYY-MM-DD, or null when it is no date. Day first, as in the Netherlands and in
 * en-GB: 29-06-2027, 29/06/2027, 29.06.2027, 9-6-2027; an ISO date (2027-06-29) is read as well.
 * Two-digit years are not guessed.
 */
export function parseDateInput(text: string): string | null {
  const value = text.trim()
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value)
  const dmy = /^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$/.exec(value)
  const [y, m, d] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : dmy
      ? [Number(dmy[3]), Number(dmy[2]), Number(dmy[1])]
      : [0, 0, 0]
  return isCalendarDay(y, m, d) ? `${pad(y, 4)}-${pad(m)}-${pad(d)}` : null
}

/** A YYYY-MM-DD day as the date field shows it: 29-06-2027 (Dutch) or 29/06/2027 (English, en-GB). */
export function formatDateInput(day: string, language: 'nl' | 'en' = 'nl'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day)
  if (!m) return ''
  return [m[3], m[2], m[1]].join(language === 'en' ? '/' : '-')
}

/** A typed clock time as HH:MM, or null: 9:30, 09:30, 09.30 and 0930 are read; 24:00 is not. */
export function parseTimeInput(text: string): string | null {
  const m = /^(\d{1,2})(?:[:.]?(\d{2}))$/.exec(text.trim())
  if (!m) return null
  const [h, min] = [Number(m[1]), Number(m[2])]
  return h <= 23 && min <= 59 ? `${pad(h)}:${pad(min)}` : null
}

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: CALENDAR_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/** The Dutch calendar day and clock time of a moment: { day: '2027-06-29', time: '17:00' }. */
export function dutchParts(moment: Date | string): { day: string; time: string } {
  const parts = Object.fromEntries(
    partsFormat.formatToParts(typeof moment === 'string' ? new Date(moment) : moment).map((p) => [p.type, p.value]),
  )
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` }
}

/** Minutes the Netherlands is ahead of UTC at a moment (60 in winter, 120 in summer). */
function dutchOffsetMinutes(at: number): number {
  const { day, time } = dutchParts(new Date(at))
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const [h, min] = time.split(':').map(Number) as [number, number]
  const seconds = new Date(at).getUTCSeconds()
  return Math.round((Date.UTC(y, m - 1, d, h, min, seconds) - at) / 60_000)
}

/**
 * The moment (ISO, UTC) of a Dutch calendar day and clock time: 2027-06-29 17:00 → 15:00Z. A time
 * skipped when the clocks go forward is read as the hour after it.
 */
export function dutchMoment(day: string, time = '00:00'): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const [h, min] = time.split(':').map(Number) as [number, number]
  const asUtc = Date.UTC(y, m - 1, d, h, min)
  let at = asUtc - dutchOffsetMinutes(asUtc) * 60_000
  at = asUtc - dutchOffsetMinutes(at) * 60_000
  return new Date(at).toISOString()
}

/** A date-only deadline means "by the end of that day" in the Netherlands: 23:59 Dutch time. */
export const endOfDutchDay = (day: string) => dutchMoment(day, '23:59')

/** Adds days to a YYYY-MM-DD calendar day. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const next = new Date(Date.UTC(y, m - 1, d + days))
  return `${pad(next.getUTCFullYear(), 4)}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`
}
