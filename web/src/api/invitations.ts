import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { AcceptInvitationBody, AcceptInvitationResult, PublicInvitation } from '@vp/shared'
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
