import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { LoginBody, User, UserResponse } from '@vp/shared'
import { ApiError, api } from './client.ts'

export const meQueryKey = ['auth', 'me'] as const

/** The signed-in user, or null when there is no (valid) session. */
export async function fetchMe(): Promise<User | null> {
  try {
    return (await api.get<UserResponse>('/api/auth/me')).user
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null
    throw err
  }
}

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 60_000 })
}

/** Forget the user and everything loaded for them; the router then sends the browser to /inloggen. */
export function forgetSession(queryClient: QueryClient) {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] })
  queryClient.setQueryData(meQueryKey, null)
}

/**
 * A link (invitation, set-password, set-up) signed the browser in as `user`, possibly replacing
 * another session: drop what was loaded for anyone else.
 */
export function startSession(queryClient: QueryClient, user: User) {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] })
  queryClient.setQueryData(meQueryKey, user)
}

export function useLogin() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (body: LoginBody) => (await api.post<UserResponse>('/api/auth/login', body)).user,
    onSuccess: (user) => {
      queryClient.setQueryData(meQueryKey, user)
    },
  })
}

export function useLogout() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/api/auth/logout'),
    onSuccess: () => forgetSession(queryClient),
  })
}

/** The signed-in user on a page below <RequireAuth>, which guarantees there is one. */
export function useCurrentUser(): User {
  const { data } = useMe()
  if (!data) throw new Error('useCurrentUser is only for pages below <RequireAuth>')
  return data
}
