import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type {
  ChangePasswordBody,
  PasswordLinkInfo,
  PasswordResetBody,
  PasswordResetResult,
  SetPasswordBody,
  SetupBody,
  UserResponse,
} from '@vp/shared'
import { startSession } from './auth.ts'
import { api } from './client.ts'

const passwordLinkPath = (token: string) => `/api/auth/password-links/${encodeURIComponent(token)}`
const setupPath = (token: string) => `/api/setup/${encodeURIComponent(token)}`

export function usePasswordLink(token: string) {
  return useQuery({
    queryKey: ['password-link', token],
    queryFn: ({ signal }) => api.get<PasswordLinkInfo>(passwordLinkPath(token), { signal }),
  })
}

/** Sets the password through a single-use link; the server signs the browser in as that account. */
export function useSetPassword(token: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (body: SetPasswordBody) => (await api.post<UserResponse>(passwordLinkPath(token), body)).user,
    onSuccess: (user) => startSession(queryClient, user),
  })
}

export function useSetupLink(token: string) {
  return useQuery({
    queryKey: ['setup-link', token],
    queryFn: ({ signal }) => api.get<PasswordLinkInfo>(setupPath(token), { signal }),
  })
}

/** Creates the first admin through the set-up link, and signs in as them. */
export function useSetup(token: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (body: SetupBody) => (await api.post<UserResponse>(setupPath(token), body)).user,
    onSuccess: (user) => startSession(queryClient, user),
  })
}

/** Changes the signed-in user's password; every other session of the account ends. */
export function useChangePassword() {
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => api.post<{ ok: true }>('/api/auth/password', body),
  })
}

/** "Wachtwoord vergeten?": the same answer for every address; says whether this instance sends mail. */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (body: PasswordResetBody) => api.post<PasswordResetResult>('/api/auth/password-reset', body),
  })
}
