import bidiFactory from 'bidi-js'
import { removeControlCharacters } from './clean-text.ts'
import { type FontFamily, familyFor, hasGlyph } from './pdf-fonts.ts'

// Text as pdfmake should draw it. pdfmake (through pdfkit) draws a string in one font, left to
// right, and breaks lines only where Unicode allows a break. So before a string reaches it:
// - a word too long for any line gets break opportunities (zero-width spaces), so it wraps;
// - right-to-left words are put in display order (pdfkit shapes and mirrors the letters inside
//   one Hebrew or Arabic word itself, but not the order of the words);
// - the string is cut into runs by the font that has their glyphs (Noto Sans, else Noto Sans
//   Hebrew, Noto Sans Arabic or Noto Emoji).
// The display order is that of the whole line as if it did not wrap: a right-to-left phrase that
// pdfmake wraps over two lines keeps its words in that order, so its first line holds its last
// words. Short titles and names, where right-to-left text occurs here, are not affected.
// Text is never interpreted: HTML and Word field codes are characters like any other.

/** A piece of text in one font, as a pdfmake inline. */
export type TextRun = { text: string; font?: FontFamily }

/** Longer unbroken runs than this get a break opportunity after every this many characters. */
const MAX_WORD = 40
const ZWSP = '\u200b'
const LONG_WORD = new RegExp(`\\S{${MAX_WORD + 1},}`, 'gu')
// Latin, Latin-1 and Latin Extended, general punctuation and the euro sign: Noto Sans has all of it.
const PLAIN = /^[\n\u0020-\u024f\u2010-\u2027\u2030-\u205e\u20ac]*$/
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/
const MARK = /^\p{M}$/u
/**
 * Whether a character belongs to the glyph before it: joiners, variation selectors, combining
 * marks, skin tones and emoji tags. It stays in that glyph's run, whatever font has it on its own.
 */
function isAttached(char: string, codePoint: number): boolean {
  return (
    codePoint === 0x200c ||
    codePoint === 0x200d ||
    (codePoint >= 0xfe00 && codePoint <= 0xfe0f) ||
    (codePoint >= 0x1f3fb && codePoint <= 0x1f3ff) ||
    (codePoint >= 0xe0020 && codePoint <= 0xe007f) ||
    MARK.test(char)
  )
}
const PUNCTUATION = /^\p{P}$/u

const bidi = bidiFactory()

/** Removes control characters and adds break opportunities to over-long words. */
export function cleanText(value: string): string {
  return removeControlCharacters(value).replace(LONG_WORD, (word) => {
    const chars = Array.from(word)
    const parts: string[] = []
    for (let i = 0; i < chars.length; i += MAX_WORD) parts.push(chars.slice(i, i + MAX_WORD).join(''))
    return parts.join(ZWSP)
  })
}

type Token = { text: string; level: number }

/**
 * One line in display order, word by word (rule L2 of the Unicode bidi algorithm applied to words
 * instead of characters): the letters inside a word stay in reading order for pdfkit to shape.
 */
export function orderWords(line: string): string {
  if (!RTL.test(line)) return line
  const { levels } = bidi.getEmbeddingLevels(line)
  const tokens: Token[] = []
  for (const match of line.matchAll(/\s+|\S+/gu)) tokens.push({ text: match[0], level: levels[match.index] ?? 0 })
  // Not Math.max(...levels): a long text has more words than a call takes arguments.
  const highest = tokens.reduce((max, t) => Math.max(max, t.level), 0)
  const lowestOdd = tokens.reduce((min, t) => Math.min(min, t.level % 2 === 1 ? t.level : t.level + 1), 255)
  for (let level = highest; level >= lowestOdd; level--) {
    let start = 0
    while (start < tokens.length) {
      if ((tokens[start]?.level ?? 0) < level) {
        start++
        continue
      }
      let end = start
      while (end + 1 < tokens.length && (tokens[end + 1]?.level ?? 0) >= level) end++
      for (let i = start, j = end; i < j; i++, j--) [tokens[i], tokens[j]] = [tokens[j] as Token, tokens[i] as Token]
      start = end + 1
    }
  }
  return tokens.map((t) => t.text).join('')
}

/** Whether a text reads right to left as a whole (its first letter is Hebrew or Arabic, say). */
export function isRightToLeft(value: string): boolean {
  return RTL.test(value) && bidi.getEmbeddingLevels(value).paragraphs[0]?.level === 1
}

/** Cuts a string into runs by the font that draws them; a run in Noto Sans has no `font`. */
export function splitRuns(value: string): TextRun[] {
  const runs: { text: string; family: FontFamily }[] = []
  let current: { text: string; family: FontFamily } | null = null
  for (const char of value) {
    const codePoint = char.codePointAt(0) ?? 0
    let family: FontFamily
    if (current && isAttached(char, codePoint)) family = current.family
    // Punctuation stays in the run it is in when that font has it. Spaces are always Noto Sans: a
    // right-to-left word must not end in a space, or pdfkit, turning the word around, moves the
    // space to its other side.
    else if (current && PUNCTUATION.test(char) && hasGlyph(current.family, codePoint)) family = current.family
    else family = familyFor(codePoint)
    if (current && current.family === family) current.text += char
    else {
      if (current) runs.push(current)
      current = { text: char, family }
    }
  }
  if (current) runs.push(current)
  return runs.map(({ text, family }) => (family === 'NotoSans' ? { text } : { text, font: family }))
}

/**
 * Any user text as pdfmake content: a plain string when Noto Sans draws all of it, else runs in
 * the fonts that do, right-to-left words in display order, long words breakable.
 */
export function pdfText(value: string): string | TextRun[] {
  const clean = cleanText(value)
  if (PLAIN.test(clean)) return clean
  const ordered = RTL.test(clean) ? clean.split('\n').map(orderWords).join('\n') : clean
  const runs = splitRuns(ordered)
  const only = runs.length === 1 ? runs[0] : undefined
  return only && only.font === undefined ? only.text : runs
}
