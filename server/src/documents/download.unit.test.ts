import { describe, expect, it } from 'vitest'
import { attachmentDisposition, parseRange } from './download.ts'

describe('the Range header of a 100-byte file', () => {
  it.each([
    ['bytes=0-9', { start: 0, end: 9 }],
    ['bytes=90-', { start: 90, end: 99 }],
    ['bytes=-10', { start: 90, end: 99 }],
    ['bytes=-500', { start: 0, end: 99 }],
    ['bytes=50-5000', { start: 50, end: 99 }],
    ['bytes=100-', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    // Not served as a range: the whole file, as RFC 9110 allows.
    ['bytes=0-1,5-6', null],
    ['bytes=9-2', null],
    ['items=0-9', null],
    ['bytes=-', null],
  ])('reads %s', (header, expected) => {
    expect(parseRange(header, 100)).toEqual(expected)
  })
})

describe('the Content-Disposition of a download', () => {
  it('is an attachment whose quoted name cannot be broken out of', () => {
    expect(attachmentDisposition('plan "definitief" \\ v2.pdf')).toBe(
      'attachment; filename="plan \\"definitief\\" \\\\ v2.pdf"',
    )
  })

  it('gives the exact name, percent-encoded, next to an ASCII one', () => {
    expect(attachmentDisposition('café (1).pdf')).toBe(
      `attachment; filename="cafe (1).pdf"; filename*=UTF-8''caf%C3%A9%20%281%29.pdf`,
    )
    expect(attachmentDisposition('新闻.txt')).toBe(
      `attachment; filename="__.txt"; filename*=UTF-8''%E6%96%B0%E9%97%BB.txt`,
    )
  })
})
