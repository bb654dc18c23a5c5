import { type QueryClient, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type {
  ActivityEvent,
  Case,
  CaseSummary,
  CreateCaseBody,
  CreateInvitationBody,
  Invitation,
  InvitationWithLinkSchema,
  Member,
  OutboxMessageSchema,
  UpdateCaseBody,
  UpdateMemberBody,
} from '@vp/shared'
import type { z } from 'zod'
import { ApiError, api, ifMatch } from './client.ts'

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export type OutboxMessage = z.infer<typeof OutboxMessageSchema>

/** `link` is set when the invitation was not emailed: the projectleider passes it on personally. */
export type InvitationWithLink = z.infer<typeof InvitationWithLinkSchema>

const ACTIVITY_PAGE_SIZE = 25
const OUTBOX_PAGE_SIZE = 20

/** Everything loaded for one case sits under this key, so one invalidation refreshes all of it. */
export const caseKeys = {
  list: ['cases'] as const,
  all: (caseId: string) => ['case', caseId] as const,
  detail: (caseId: string) => ['case', caseId, 'detail'] as const,
  members: (caseId: string) => ['case', caseId, 'members'] as const,
  invitations: (caseId: string) => ['case', caseId, 'invitations'] as const,
  outbox: (caseId: string) => ['case', caseId, 'outbox'] as const,
  activity: (caseId: string, organisationId: string | null) => ['case', caseId, 'activity', organisationId] as const,
  steps: (caseId: string) => ['case', caseId, 'steps'] as const,
  step: (caseId: string, step: number) => ['case', caseId, 'step', step] as const,
  item: (caseId: string, itemId: string) => ['case', caseId, 'item', itemId] as const,
  comments: (caseId: string, itemId: string) => ['case', caseId, 'item', itemId, 'comments'] as const,
  history: (caseId: string, itemId: string) => ['case', caseId, 'item', itemId, 'history'] as const,
  dashboard: (caseId: string) => ['case', caseId, 'dashboard'] as const,
}

/** What needs me now, across my cases (Mijn overzicht). */
export const agendaKey = ['agenda'] as const

export const casePath = (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}`

export function useCases() {
  return useQuery({
    queryKey: caseKeys.list,
    queryFn: ({ signal }) => api.get<Page<CaseSummary>>('/api/cases?limit=200', { signal }),
  })
}

export function useCase(caseId: string) {
  return useQuery({
    queryKey: caseKeys.detail(caseId),
    queryFn: ({ signal }) => api.get<Case>(casePath(caseId), { signal }),
  })
}

function useInvalidateCase(caseId: string) {
  const queryClient = useQueryClient()
  return () => refreshCase(queryClient, caseId)
}

/**
 * Reloads a case and everything under it. The case itself first: its abilities decide which parts
 * are on screen (invitations, outbox), so a part the user may no longer see is gone before it
 * would be reloaded, rather than answered with a 403.
 */
export async function refreshCase(queryClient: QueryClient, caseId: string) {
  await queryClient.invalidateQueries({ queryKey: caseKeys.detail(caseId) })
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: caseKeys.all(caseId) }),
    queryClient.invalidateQueries({ queryKey: caseKeys.list }),
  ])
}

/** After a stale write (412) or a vanished seat (404), load the project group as it is now. */
function refreshOnStale(invalidate: () => Promise<unknown>) {
  return (err: Error) => {
    if (err instanceof ApiError && (err.status === 412 || err.status === 404 || err.status === 409)) void invalidate()
  }
}

export function useCreateCase() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateCaseBody) => api.post<Case>('/api/cases', body),
    onSuccess: (created) => {
      queryClient.setQueryData(caseKeys.detail(created.id), created)
      void queryClient.invalidateQueries({ queryKey: caseKeys.list })
    },
  })
}

/** Changes the profile or the status on top of `version`; a 412 carries the case as it is now. */
export function useUpdateCase(caseId: string) {
  const queryClient = useQueryClient()
  const invalidate = useInvalidateCase(caseId)
  return useMutation({
    mutationFn: ({ version, body }: { version: number; body: UpdateCaseBody }) =>
      api.patch<Case>(casePath(caseId), body, { headers: ifMatch(version) }),
    onSuccess: (saved) => {
      queryClient.setQueryData(caseKeys.detail(caseId), saved)
      void invalidate()
    },
    onError: (err) => {
      // Someone else changed the case: show their version from now on, so a retry builds on it.
      const current = err instanceof ApiError ? err.current<Case>() : undefined
      if (current) queryClient.setQueryData(caseKeys.detail(caseId), current)
    },
  })
}

export function useHandover(caseId: string) {
  const invalidate = useInvalidateCase(caseId)
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (userId: string) => api.post<Case>(`${casePath(caseId)}/handover`, { userId }),
    onSuccess: (saved) => {
      // The answer holds the new abilities: projectleider-only parts stop fetching before the reload.
      queryClient.setQueryData(caseKeys.detail(caseId), saved)
      void invalidate()
    },
    onError: refreshOnStale(invalidate),
  })
}

export function useMembers(caseId: string) {
  return useQuery({
    queryKey: caseKeys.members(caseId),
    queryFn: ({ signal }) => api.get<{ items: Member[] }>(`${casePath(caseId)}/members`, { signal }),
  })
}

export function useUpdateMember(caseId: string) {
  const invalidate = useInvalidateCase(caseId)
  return useMutation({
    mutationFn: ({ member, body }: { member: Pick<Member, 'id' | 'version'>; body: UpdateMemberBody }) =>
      api.patch<Member>(`${casePath(caseId)}/members/${encodeURIComponent(member.id)}`, body, {
        headers: ifMatch(member.version),
      }),
    onSuccess: () => invalidate(),
    onError: refreshOnStale(invalidate),
  })
}

export function useRemoveMember(caseId: string) {
  const invalidate = useInvalidateCase(caseId)
  return useMutation({
    mutationFn: (member: Pick<Member, 'id' | 'version'>) =>
      api.delete<{ ok: true }>(`${casePath(caseId)}/members/${encodeURIComponent(member.id)}`, {
        headers: ifMatch(member.version),
      }),
    onSuccess: () => invalidate(),
    onError: refreshOnStale(invalidate),
  })
}

/**
 * Whether the cached case still grants an ability, asked each time a fetch would run rather than
 * when the part was drawn: after a hand-over or a role change arrives, a part the user no longer
 * may see is not fetched (and answered 403) in the moment before it leaves the screen.
 */
function whileCaseGrants(queryClient: QueryClient, caseId: string, ability: keyof Case['abilities']) {
  return () => queryClient.getQueryData<Case>(caseKeys.detail(caseId))?.abilities[ability] === true
}

export function useInvitations(caseId: string) {
  const queryClient = useQueryClient()
  return useQuery({
    queryKey: caseKeys.invitations(caseId),
    queryFn: ({ signal }) => api.get<{ items: Invitation[] }>(`${casePath(caseId)}/invitations`, { signal }),
    enabled: whileCaseGrants(queryClient, caseId, 'invite'),
  })
}

export function useCreateInvitation(caseId: string) {
  const invalidate = useInvalidateCase(caseId)
  return useMutation({
    mutationFn: (body: CreateInvitationBody) => api.post<InvitationWithLink>(`${casePath(caseId)}/invitations`, body),
    onSuccess: () => invalidate(),
  })
}

export function useResendInvitation(caseId: string) {
  const invalidate = useInvalidateCase(caseId)
  return useMutation({
    mutationFn: (invitationId: string) =>
      api.post<InvitationWithLink>(`${casePath(caseId)}/invitations/${encodeURIComponent(invitationId)}/resend`),
    onSuccess: () => invalidate(),
  })
}

export function useRevokeInvitation(caseId: string) {
  const invalidate = useInvalidateCase(caseId)
  return useMutation({
    mutationFn: (invitationId: string) =>
      api.delete<{ ok: true }>(`${casePath(caseId)}/invitations/${encodeURIComponent(invitationId)}`),
    onSuccess: () => invalidate(),
  })
}

export function useOutbox(caseId: string) {
  const queryClient = useQueryClient()
  return useInfiniteQuery({
    queryKey: caseKeys.outbox(caseId),
    queryFn: ({ signal, pageParam }) =>
      api.get<Page<OutboxMessage>>(`${casePath(caseId)}/outbox?${pageQuery(OUTBOX_PAGE_SIZE, pageParam)}`, {
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: whileCaseGrants(queryClient, caseId, 'readOutbox'),
  })
}

/** The case's event log, newest first, optionally only what one organisation did. */
export function useActivity(caseId: string, organisationId: string | null) {
  return useInfiniteQuery({
    queryKey: caseKeys.activity(caseId, organisationId),
    queryFn: ({ signal, pageParam }) => {
      const query = pageQuery(ACTIVITY_PAGE_SIZE, pageParam)
      const filter = organisationId ? `&organisationId=${encodeURIComponent(organisationId)}` : ''
      return api.get<Page<ActivityEvent>>(`${casePath(caseId)}/activity?${query}${filter}`, { signal })
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  })
}

function pageQuery(limit: number, cursor: string | null) {
  return `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
}
