import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Summary } from '@vp/shared'
import pdfmake from 'pdfmake'
import type { TDocumentDefinitions } from 'pdfmake/interfaces'
import { DOCUMENT_TITLE } from './labels.ts'

const require = createRequire(import.meta.url)
const NOTO = dirname(require.resolve('@expo-google-fonts/noto-sans/package.json'))

pdfmake.setFonts({
  NotoSans: {
    normal: join(NOTO, '400Regular/NotoSans_400Regular.ttf'),
    bold: join(NOTO, '700Bold/NotoSans_700Bold.ttf'),
    italics: join(NOTO, '400Regular_Italic/NotoSans_400Regular_Italic.ttf'),
    bolditalics: join(NOTO, '700Bold_Italic/NotoSans_700Bold_Italic.ttf'),
  },
})
// Nothing but the fonts is read, and nothing is fetched: no text in a summary can make it read a file.
pdfmake.setLocalAccessPolicy((path) => path.startsWith(NOTO))
pdfmake.setUrlAccessPolicy(() => false)

/** The summary as an A4 PDF with its fonts embedded. */
export async function renderSummaryPdf(summary: Summary): Promise<Buffer> {
  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    info: { title: `${DOCUMENT_TITLE}: ${summary.case.title}` },
    language: 'nl-NL',
    defaultStyle: { font: 'NotoSans', fontSize: 10 },
    content: [{ text: DOCUMENT_TITLE, fontSize: 18, bold: true }, { text: summary.case.title }],
  }
  return pdfmake.createPdf(definition).getBuffer()
}
