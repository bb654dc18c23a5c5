import { describe, expect, it } from 'vitest'
import { slugOf } from './model.ts'

describe('the case slug in a summary’s file name', () => {
  it('is lower-case ASCII words joined by single hyphens, accents dropped', () => {
    expect(slugOf('Verloedering en overlast winkelcentrum De Hoven')).toBe(
      'verloedering-en-overlast-winkelcentrum-de-hoven',
    )
    expect(slugOf('  Café "’t Hoekje" — overlast & drugs!  ')).toBe('cafe-t-hoekje-overlast-drugs')
    expect(slugOf('Overlast Kerkstraat 12a (fase 2)')).toBe('overlast-kerkstraat-12a-fase-2')
  })

  it('is at most 60 characters and never ends in a hyphen', () => {
    const slug = slugOf(`${'woord '.repeat(30)}einde`)
    expect(slug.length).toBeLessThanOrEqual(60)
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  })

  it('is "dossier" when nothing of the title is left', () => {
    for (const title of ['     ', '🚨🚨', 'שלום עולם', 'سلام', '---']) expect(slugOf(title)).toBe('dossier')
  })
})
