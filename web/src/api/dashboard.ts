import { useQuery } from '@tanstack/react-query'
import type { Agenda, Dashboard } from '@vp/shared'
import { agendaKey, caseKeys, casePath } from './cases.ts'
import { api } from './client.ts'

/** How far a case is: steps, done marks, consensus, commitments, indicators, cost and capacity. */
export function useDashboard(caseId: string) {
  return useQuery({
    queryKey: caseKeys.dashboard(caseId),
    queryFn: ({ signal }) => api.get<Dashboard>(`${casePath(caseId)}/dashboard`, { signal }),
  })
}

/** What needs me now across my cases: steps I owe, commitments to give, actions due, everything overdue. */
export function useAgenda() {
  return useQuery({
    queryKey: agendaKey,
    queryFn: ({ signal }) => api.get<Agenda>('/api/me/agenda', { signal }),
  })
}
