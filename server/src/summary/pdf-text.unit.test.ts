import { describe, expect, it } from 'vitest'
import { cleanText, isRightToLeft, orderWords, pdfText, splitRuns } from './pdf-text.ts'

describe('text for the PDF', () => {
  it('leaves Dutch text, euro amounts and dashes as one plain string', () => {
    const text = 'Ćorić Şahin — € 12.500, “overlast” ’s avonds'
    expect(pdfText(text)).toBe(text)
  })

  it('gives an over-long word a break opportunity every 40 characters and keeps every character', () => {
    const clean = cleanText(`kort ${'x'.repeat(5000)} kort`)
    const parts = clean.split(' ')[1]?.split('\u200b') ?? []
    expect(parts).toHaveLength(125)
    expect(parts.every((p) => p.length === 40)).toBe(true)
    expect(clean.replaceAll('\u200b', '')).toBe(`kort ${'x'.repeat(5000)} kort`)
  })

  it('breaks a long word of emoji between characters, never inside one', () => {
    const clean = cleanText('🚲'.repeat(50))
    expect(Array.from(clean.replaceAll('\u200b', ''))).toEqual(Array(50).fill('🚲'))
    expect(clean).toContain('\u200b')
  })

  it('drops control characters, keeps line breaks and turns tabs into spaces', () => {
    expect(cleanText('a\u0000b\u0007c\td\r\ne')).toBe('abc d\ne')
  })

  it('puts the words of a right-to-left phrase in display order, letters left in reading order', () => {
    expect(orderWords('שלום עליכם')).toBe('עליכם שלום')
    expect(orderWords('Overlast bij שלום עליכם vandaag')).toBe('Overlast bij עליכם שלום vandaag')
    expect(orderWords('gewoon Nederlands')).toBe('gewoon Nederlands')
  })

  it('orders a right-to-left text of 200,000 words without running out of stack', () => {
    const words = 'שלום '.repeat(200_000)
    expect(orderWords(words)).toHaveLength(words.length)
  })

  it('tells a right-to-left text by its first letter', () => {
    expect(isRightToLeft('שלום עליכם — welkom')).toBe(true)
    expect(isRightToLeft('مرحبا')).toBe(true)
    expect(isRightToLeft('Welkom, שלום')).toBe(false)
    expect(isRightToLeft('2027')).toBe(false)
  })

  it('keeps numbers in a right-to-left phrase in their own order', () => {
    expect(orderWords('שלום 2027 עליכם')).toBe('עליכם 2027 שלום')
  })

  it('cuts text into runs by the font that has the glyphs, spaces in Noto Sans', () => {
    expect(splitRuns('Overlast 🚲🔥 bij שלום')).toEqual([
      { text: 'Overlast ' },
      { text: '🚲🔥', font: 'NotoEmoji' },
      { text: ' bij ' },
      { text: 'שלום', font: 'NotoSansHebrew' },
    ])
    expect(splitRuns('مرحبا')).toEqual([{ text: 'مرحبا', font: 'NotoSansArabic' }])
  })

  it('keeps a joined emoji sequence in one run', () => {
    const runs = splitRuns('agent 👮‍♀️ daar')
    expect(runs.find((r) => r.font === 'NotoEmoji')?.text).toBe('👮‍♀️')
  })

  it('shows HTML and field codes as the characters they are', () => {
    const html = '<script>alert(1)</script> { DDEAUTO c:\\\\cmd.exe } &amp;'
    expect(pdfText(html)).toBe(html)
  })
})
