import { useQuery } from '@tanstack/react-query'
import type { Summary, SummaryFormat, SummaryVariant } from '@vp/shared'
import { caseKeys, casePath } from './cases.ts'
import { api } from './client.ts'

/**
 * Under the overview's key: every live event of the case invalidates that key (live-cache.ts), so
 * the summary on screen follows the case as the overview does.
 */
export const summaryKey = (caseId: string, variant: SummaryVariant) =>
  [...caseKeys.dashboard(caseId), 'summary', variant] as const

/** The case on one page, built by the server under the reader's visibility (`raad`: what every member may see). */
export function useSummary(caseId: string, variant: SummaryVariant) {
  return useQuery({
    queryKey: summaryKey(caseId, variant),
    queryFn: ({ signal }) =>
      api.get<Summary>(`${casePath(caseId)}/summary?variant=${encodeURIComponent(variant)}`, { signal }),
  })
}

/** The PDF or Word file of the summary: a plain GET, so a link with `download` fetches it with the session cookie. */
export function summaryDownloadUrl(caseId: string, format: SummaryFormat, variant: SummaryVariant): string {
  return `${casePath(caseId)}/summary.${format}?variant=${encodeURIComponent(variant)}`
}
