import type { Summary, SummaryFormat } from '@vp/shared'
import { renderSummaryDocx } from './docx.ts'
import { renderSummaryPdf } from './pdf.ts'

/** One export, in a worker thread: the summary in, the file's bytes out. */
export default async function renderInWorker({ summary, format }: { summary: Summary; format: SummaryFormat }) {
  return format === 'pdf' ? renderSummaryPdf(summary) : renderSummaryDocx(summary)
}
