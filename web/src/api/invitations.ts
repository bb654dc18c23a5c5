import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { AcceptInvitationBody, PublicInvitation, User } from '@vp/shared'
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

/** Joins the case (creating the account or signing in when needed); the server then signs us in. */
export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: AcceptInvitationBody) =>
      api.post<{ caseId: string; user: User }>(`${invitationPath(token)}/accept`, body),
    onSuccess: ({ user }) => startSession(queryClient, user),
  })
}
