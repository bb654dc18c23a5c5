import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

// The PDF's fonts: the web app's Noto Sans for text and Noto Serif for headings, with Noto fonts
// for the scripts and symbols Noto Sans has no glyph for. Each file is read once per process (and
// once per worker thread); a document gets them from memory.

const require = createRequire(import.meta.url)
const fontDir = (name: string) => dirname(require.resolve(`@expo-google-fonts/${name}/package.json`))

/** The font families a PDF uses, by the name the document definition gives them. */
export type FontFamily = 'NotoSans' | 'NotoSerif' | 'NotoSansHebrew' | 'NotoSansArabic' | 'NotoEmoji'
type Styles = { normal: string; bold: string; italics: string; bolditalics: string }

const file = (pkg: string, weight: string, base: string) => join(fontDir(pkg), weight, `${base}_${weight}.ttf`)
// The fallback families have no italic: their regular and bold stand in, so a run in an italic
// paragraph still finds its glyphs.
const FILES: Record<FontFamily, Styles> = {
  NotoSans: {
    normal: file('noto-sans', '400Regular', 'NotoSans'),
    bold: file('noto-sans', '700Bold', 'NotoSans'),
    italics: file('noto-sans', '400Regular_Italic', 'NotoSans'),
    bolditalics: file('noto-sans', '700Bold_Italic', 'NotoSans'),
  },
  NotoSerif: {
    normal: file('noto-serif', '400Regular', 'NotoSerif'),
    bold: file('noto-serif', '700Bold', 'NotoSerif'),
    italics: file('noto-serif', '400Regular_Italic', 'NotoSerif'),
    bolditalics: file('noto-serif', '700Bold_Italic', 'NotoSerif'),
  },
  NotoSansHebrew: regularAndBold('noto-sans-hebrew', 'NotoSansHebrew'),
  NotoSansArabic: regularAndBold('noto-sans-arabic', 'NotoSansArabic'),
  NotoEmoji: regularAndBold('noto-emoji', 'NotoEmoji'),
}

function regularAndBold(pkg: string, base: string): Styles {
  const normal = file(pkg, '400Regular', base)
  const bold = file(pkg, '700Bold', base)
  return { normal, bold, italics: normal, bolditalics: bold }
}

/**
 * pdfmake's font table with every file loaded into its virtual file system, keyed by file name:
 * pdfmake reads a font from there before it looks on disk, so no document touches the disk.
 */
export function loadPdfFonts(virtualfs: { writeFileSync(name: string, content: Buffer): void }) {
  const loaded = new Set<string>()
  const table: Record<string, Styles> = {}
  for (const [family, styles] of Object.entries(FILES)) {
    for (const path of Object.values(styles)) {
      if (loaded.has(path)) continue
      virtualfs.writeFileSync(path, readFileSync(path))
      loaded.add(path)
    }
    table[family] = styles
  }
  return table
}

/** The part of fontkit's font this module uses. */
interface GlyphFont {
  hasGlyphForCodePoint(codePoint: number): boolean
}
// fontkit is pdfkit's own font reader (pdfmake → pdfkit → fontkit): resolved through them rather
// than imported by name, so the version that draws the text is the one that says what it can draw.
const fontkit = createRequire(createRequire(require.resolve('pdfmake')).resolve('pdfkit'))('fontkit') as {
  create(buffer: Buffer): GlyphFont
}

/** The families that may stand in for Noto Sans, in the order they are tried. */
export const FALLBACK_FAMILIES = ['NotoSansHebrew', 'NotoSansArabic', 'NotoEmoji'] as const satisfies FontFamily[]
const COVERAGE_FAMILIES = ['NotoSans', ...FALLBACK_FAMILIES] as const
const coverageFonts = new Map<FontFamily, GlyphFont>(
  COVERAGE_FAMILIES.map((family) => [family, fontkit.create(readFileSync(FILES[family].normal))]),
)
const familyByCodePoint = new Map<number, FontFamily>()

/** Whether a family's regular face has a glyph for a code point. */
export const hasGlyph = (family: FontFamily, codePoint: number) =>
  family === 'NotoSerif' ? false : (coverageFonts.get(family)?.hasGlyphForCodePoint(codePoint) ?? false)

/** The family that draws a code point: Noto Sans when it can, else the first fallback that has it. */
export function familyFor(codePoint: number): FontFamily {
  let family = familyByCodePoint.get(codePoint)
  if (family === undefined) {
    family = COVERAGE_FAMILIES.find((f) => coverageFonts.get(f)?.hasGlyphForCodePoint(codePoint)) ?? 'NotoSans'
    familyByCodePoint.set(codePoint, family)
  }
  return family
}
