import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type {
  AdminUser,
  AdminUserWithLink,
  CreateOrganisationBody,
  CreateUserBody,
  Organisation,
  PendingAccount,
  UpdateOrganisationBody,
  UpdateUserBody,
} from '@vp/shared'
import type { Page } from './cases.ts'
import { api, ifMatch } from './client.ts'

const PAGE_SIZE = 100

export const adminKeys = {
  organisations: ['admin', 'organisations'] as const,
  users: ['admin', 'users'] as const,
  pendingAccounts: ['admin', 'pending-accounts'] as const,
}

function pagePath(path: string, cursor: string | null) {
  return `${path}?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
}

export function useAdminOrganisations() {
  return useInfiniteQuery({
    queryKey: adminKeys.organisations,
    queryFn: ({ signal, pageParam }) =>
      api.get<Page<Organisation>>(pagePath('/api/admin/organisations', pageParam), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  })
}

export function useAdminUsers() {
  return useInfiniteQuery({
    queryKey: adminKeys.users,
    queryFn: ({ signal, pageParam }) => api.get<Page<AdminUser>>(pagePath('/api/admin/users', pageParam), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  })
}

function useInvalidateAdmin() {
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['admin'] }),
      // The invite form picks from the same organisations.
      queryClient.invalidateQueries({ queryKey: ['organisations'] }),
    ])
}

export function useCreateOrganisation() {
  const invalidate = useInvalidateAdmin()
  return useMutation({
    mutationFn: (body: CreateOrganisationBody) => api.post<Organisation>('/api/admin/organisations', body),
    onSuccess: () => invalidate(),
  })
}

export function useUpdateOrganisation() {
  const invalidate = useInvalidateAdmin()
  return useMutation({
    mutationFn: ({ id, version, body }: { id: string; version: number; body: UpdateOrganisationBody }) =>
      api.patch<Organisation>(`/api/admin/organisations/${encodeURIComponent(id)}`, body, {
        headers: ifMatch(version),
      }),
    onSuccess: () => invalidate(),
  })
}

export function useCreateUser() {
  const invalidate = useInvalidateAdmin()
  return useMutation({
    mutationFn: (body: CreateUserBody) => api.post<AdminUserWithLink>('/api/admin/users', body),
    onSuccess: () => invalidate(),
  })
}

export function useUpdateUser() {
  const invalidate = useInvalidateAdmin()
  return useMutation({
    mutationFn: ({ id, version, body }: { id: string; version: number; body: UpdateUserBody }) =>
      api.patch<AdminUserWithLink>(`/api/admin/users/${encodeURIComponent(id)}`, body, { headers: ifMatch(version) }),
    onSuccess: () => invalidate(),
  })
}

/** Accounts made through an invitation outside their organisation's e-mail domains, waiting for a decision. */
export function usePendingAccounts() {
  return useQuery({
    queryKey: adminKeys.pendingAccounts,
    queryFn: ({ signal }) => api.get<{ items: PendingAccount[] }>('/api/admin/pending-accounts', { signal }),
  })
}

export function useDecidePendingAccount() {
  const invalidate = useInvalidateAdmin()
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: 'approve' | 'reject' }) =>
      api.post<AdminUser>(`/api/admin/pending-accounts/${encodeURIComponent(id)}/${decision}`),
    onSuccess: () => invalidate(),
  })
}
