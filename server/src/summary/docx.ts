import type { Summary } from '@vp/shared'
import { Document, HeadingLevel, Packer, Paragraph } from 'docx'
import { DOCUMENT_TITLE } from './labels.ts'

/** The summary as an editable Word document. */
export async function renderSummaryDocx(summary: Summary): Promise<Buffer> {
  const doc = new Document({
    title: `${DOCUMENT_TITLE}: ${summary.case.title}`,
    sections: [
      {
        children: [
          new Paragraph({ text: DOCUMENT_TITLE, heading: HeadingLevel.TITLE }),
          new Paragraph({ text: summary.case.title }),
        ],
      },
    ],
  })
  return Packer.toBuffer(doc)
}
