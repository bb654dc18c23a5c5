import { useQuery } from '@tanstack/react-query'
import type { Agenda, Dashboard, FollowUp } from '@vp/shared'
import { agendaKey, caseKeys, casePath } from './cases.ts'
import { api } from './client.ts'

/** How far a case is: steps, done marks, consensus, commitments, indicators, cost and capacity. */
export function useDashboard(caseId: string) {
  return useQuery({
    queryKey: caseKeys.dashboard(caseId),
    queryFn: ({ signal }) => api.get<Dashboard>(`${casePath(caseId)}/dashboard`, { signal }),
  })
}

/**
 * Whom the projectleider should chase in a case. Its key lies under the overview's, so whatever
 * refreshes the overview (every live event of the case, every change made here) refreshes it too.
 * Only asked while `enabled` (the projectleider).
 */
export function useFollowUp(caseId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...caseKeys.dashboard(caseId), 'follow-up'] as const,
    queryFn: ({ signal }) => api.get<FollowUp>(`${casePath(caseId)}/follow-up`, { signal }),
    enabled,
  })
}

/**
 * What needs me now across my cases: steps I owe, commitments to give, actions due, everything
 * overdue, whom to chase in the cases I lead, and where I was mentioned.
 */
export function useAgenda() {
  return useQuery({
    queryKey: agendaKey,
    queryFn: ({ signal }) => api.get<Agenda>('/api/me/agenda', { signal }),
  })
}
