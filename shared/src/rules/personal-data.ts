export type PersonalDataKind = 'bsn' | 'geboortedatum' | 'naam'

export type PersonalDataWarning = {
  kind: PersonalDataKind
  /** The text that looks like personal data, as it appears in the input. */
  match: string
  /** Offset of `match` in the input, for highlighting. */
  index: number
}

// Nine digits, plain or grouped 3-3-3 / 4-2-3 with one consistent separator (dot or space), not part of a longer
// number.
const BSN_PATTERN = /(?<!\d|\d[.,\s])(?:\d{9}|\d{3}([.\s])\d{3}\1\d{3}|\d{4}([.\s])\d{2}\2\d{3})(?![\d]|[.,\s]\d)/g

/** True when nine digits pass the BSN elfproef: 9·d1 + 8·d2 + … + 2·d8 − d9 is divisible by 11, not all zeros. */
export function isValidBsn(value: string): boolean {
  const digits = value.replace(/[.\s]/g, '')
  if (!/^\d{9}$/.test(digits) || /^0+$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(digits[i])
  sum -= Number(digits[8])
  return sum % 11 === 0
}

const MONTHS: Record<string, number> = {
  januari: 1,
  jan: 1,
  februari: 2,
  feb: 2,
  maart: 3,
  mrt: 3,
  april: 4,
  apr: 4,
  mei: 5,
  juni: 6,
  jun: 6,
  juli: 7,
  jul: 7,
  augustus: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  oktober: 10,
  okt: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
}

// Day-month-year with -, / or . (one separator throughout), year-month-day (ISO) and "12 maart 1985".
const NUMERIC_DATE = /(?<![\d.\-/])(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?![\d]|[-/.]\d)/g
const ISO_DATE = /(?<![\d.\-/])(\d{4})-(\d{2})-(\d{2})(?![\d]|[-/.]\d)/g
const WRITTEN_DATE = new RegExp(
  `(?<![\\p{L}\\d])(\\d{1,2})\\s+(${Object.keys(MONTHS).join('|')})\\.?\\s+(\\d{4})(?!\\d)`,
  'giu',
)
const BIRTH_CUE = /(?<!\p{L})(?:geboren|geboortedatum|geboortedag|geb|dob|d\.o\.b)(?!\p{L})/iu
const CUE_BEFORE = 40
const CUE_AFTER = 20

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

function hasBirthCue(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - CUE_BEFORE), start)
  const after = text.slice(end, end + CUE_AFTER)
  return BIRTH_CUE.test(before) || BIRTH_CUE.test(after)
}

function findBirthDates(text: string, currentYear: number): PersonalDataWarning[] {
  const found: PersonalDataWarning[] = []
  const consider = (match: RegExpMatchArray, year: number, month: number, day: number, bareAllowed: boolean) => {
    const index = match.index ?? 0
    if (!isCalendarDate(year, month, day) || year < 1900 || year > currentYear) return
    // A bare day-month-year date in an adult's birth range is suspicious on its own; any other date needs a cue.
    const bare = bareAllowed && year <= currentYear - 10
    if (bare || hasBirthCue(text, index, index + match[0].length)) {
      found.push({ kind: 'geboortedatum', match: match[0], index })
    }
  }
  for (const m of text.matchAll(NUMERIC_DATE)) consider(m, Number(m[4]), Number(m[3]), Number(m[1]), true)
  for (const m of text.matchAll(ISO_DATE)) consider(m, Number(m[1]), Number(m[2]), Number(m[3]), false)
  for (const m of text.matchAll(WRITTEN_DATE)) {
    consider(m, Number(m[3]), MONTHS[m[2]!.toLowerCase()] ?? 0, Number(m[1]), false)
  }
  return found
}

/** Frequent Dutch first names; deliberately short and free of words that double as common nouns (Roos, Fleur, Bas). */
// biome-ignore format: keep the list compact
const FIRST_NAMES = [
  'Jan', 'Piet', 'Kees', 'Henk', 'Gerrit', 'Johan', 'Willem', 'Hendrik', 'Pieter', 'Peter', 'Klaas', 'Dirk', 'Hans',
  'Ruud', 'Joost', 'Erik', 'Marco', 'Martin', 'Sander', 'Jeroen', 'Bart', 'Thomas', 'Tim', 'Daan', 'Sem', 'Lucas',
  'Milan', 'Luuk', 'Bram', 'Jesse', 'Thijs', 'Stijn', 'Ruben', 'Niels', 'Mohamed', 'Mohammed', 'Ahmed', 'Maria',
  'Anna', 'Johanna', 'Elisabeth', 'Anneke', 'Ingrid', 'Monique', 'Marieke', 'Sandra', 'Linda', 'Petra', 'Esther',
  'Femke', 'Sanne', 'Lisa', 'Emma', 'Julia', 'Sophie', 'Tess', 'Lotte', 'Eva', 'Saskia', 'Nicole', 'Iris', 'Noor',
  'Fatima', 'Yasmina',
]
// Capitalised too: "de heer Van den Berg", "meneer El Amrani".
const TUSSENVOEGSEL = `(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]en|[Tt]er|'t|[Ll]a|[Ll]e|[Dd]u|[Dd]a|[Ee]l)`
const CAPITALISED = `\\p{Lu}\\p{Ll}+(?:-\\p{L}+)*`
const INITIALS = `(?:\\p{Lu}\\.\\s?){1,4}`
const SURNAME = `(?:${TUSSENVOEGSEL}\\s+){0,3}${CAPITALISED}`
const TITLE_CUE = `(?:[Dd]hr\\.?|[Mm]evr\\.?|[Mm]w\\.|[Mm]r\\.|[Dd]e\\s+[Hh]eer|[Mm]evrouw|[Mm]eneer)`

// A title followed by optional initials and a surname: "dhr. P. de Vries", "mevrouw Jansen".
const TITLED_NAME = new RegExp(`(?<!\\p{L})${TITLE_CUE}\\s+(?:${INITIALS}\\s*)?${SURNAME}(?!\\p{L})`, 'gu')
// A known first name followed by one or two capitalised words; "@Naam" is a mention of a member, not a subject.
const FIRST_NAME_PATTERN = new RegExp(
  `(?<![\\p{L}@])(?:${FIRST_NAMES.join('|')})\\s+${SURNAME}(?:\\s+${CAPITALISED})?(?!\\p{L})`,
  'gu',
)
const LEADING_TITLE = new RegExp(`^${TITLE_CUE}\\s+`, 'u')
/** Words after a title or first name that make it a function, street or institution rather than a person. */
// biome-ignore format: keep the list compact
const NOT_A_SURNAME = new Set([
  'Burgemeester', 'Wethouder', 'Voorzitter', 'Officier', 'Minister', 'Directeur', 'Commissaris', 'School',
  'College', 'Lyceum', 'Stichting', 'Centrum', 'Kliniek', 'Ziekenhuis',
])
const PLACE_SUFFIX =
  /(?:straat|laan|weg|plein|singel|gracht|kade|park|hof|pad|dreef|plantsoen|steeg|school|huis|brug)$/iu

function looksLikePerson(name: string, skipWords: number): boolean {
  const words = name.split(/\s+/).slice(skipWords)
  return !words.some((w) => NOT_A_SURNAME.has(w) || PLACE_SUFFIX.test(w))
}

function findNames(text: string): PersonalDataWarning[] {
  const found: PersonalDataWarning[] = []
  for (const m of text.matchAll(TITLED_NAME)) {
    if (looksLikePerson(m[0].replace(LEADING_TITLE, ''), 0)) found.push({ kind: 'naam', match: m[0], index: m.index })
  }
  for (const m of text.matchAll(FIRST_NAME_PATTERN)) {
    if (looksLikePerson(m[0], 1)) found.push({ kind: 'naam', match: m[0], index: m.index })
  }
  return found
}

/** Sorts warnings by position; overlapping names merge into one ("de heer" + "Piet Jansen"), other overlaps keep the first. */
function withoutOverlaps(text: string, warnings: PersonalDataWarning[]): PersonalDataWarning[] {
  const sorted = [...warnings].sort((a, b) => a.index - b.index || b.match.length - a.match.length)
  const kept: PersonalDataWarning[] = []
  let end = -1
  for (const w of sorted) {
    const last = kept.at(-1)
    if (last && w.index < end) {
      if (last.kind === 'naam' && w.kind === 'naam' && w.index + w.match.length > end) {
        end = w.index + w.match.length
        last.match = text.slice(last.index, end)
      }
      continue
    }
    kept.push({ ...w })
    end = w.index + w.match.length
  }
  return kept
}

/**
 * Warns (never blocks) where free text looks like a BSN (passing the elfproef), a date of birth or a named person;
 * tuned to miss rather than to flag places and organisations such as "De Hoven" or "Openbaar Ministerie".
 */
export function detectPersonalData(text: string, currentYear = 2026): PersonalDataWarning[] {
  const bsns: PersonalDataWarning[] = []
  for (const m of text.matchAll(BSN_PATTERN)) {
    if (isValidBsn(m[0])) bsns.push({ kind: 'bsn', match: m[0], index: m.index })
  }
  return withoutOverlaps(text, [...bsns, ...findBirthDates(text, currentYear), ...findNames(text)])
}
