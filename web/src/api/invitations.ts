import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type {
  AcceptInvitationBody,
  AcceptInvitationResult,
  PickableOrganisation,
  ProposeOrganisationBody,
  PublicInvitation,
} from '@vp/shared'
import { startSession } from './auth.ts'
import { api } from './client.ts'

const invitationPath = (token: string) => `/api/invitations/${encodeURIComponent(token)}`

/** What an invitation link is for, and whether it still works; anyone with the link may ask. */
export function usePublicInvitation(token: string) {
  return useQuery({
    queryKey: ['invitation', token],
    queryFn: ({ signal }) => api.get<PublicInvitation>(invitationPath(token), { signal }),
  })
}

/**
 * Joins the case (creating the account or signing in when needed); the server then signs us in,
 * unless the new account waits for the administrator's approval (`user` is null).
 */
export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: AcceptInvitationBody) =>
      api.post<AcceptInvitationResult>(`${invitationPath(token)}/accept`, body),
    onSuccess: ({ user }) => {
      if (user) startSession(queryClient, user)
    },
  })
}

/** Organisations to invite for in this case: every confirmed one, and the ones proposed in this case. */
export function useInvitableOrganisations(caseId: string) {
  return useQuery({
    queryKey: ['organisations', caseId],
    queryFn: ({ signal }) =>
      api.get<{ items: PickableOrganisation[] }>(`/api/organisations?caseId=${encodeURIComponent(caseId)}`, {
        signal,
      }),
    staleTime: 5 * 60_000,
  })
}

/** Adds an organisation that is not listed yet (projectleider); usable at once in this case. */
export function useProposeOrganisation(caseId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: ProposeOrganisationBody) =>
      api.post<PickableOrganisation>(`/api/cases/${encodeURIComponent(caseId)}/organisations`, body),
    onSuccess: (org) => {
      queryClient.setQueryData<{ items: PickableOrganisation[] }>(['organisations', caseId], (list) =>
        list ? { items: [...list.items, org].sort((a, b) => a.name.localeCompare(b.name, 'nl')) } : { items: [org] },
      )
      void queryClient.invalidateQueries({ queryKey: ['organisations', caseId] })
    },
  })
}
