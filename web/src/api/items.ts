import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type {
  CommentListSchema,
  CommentSchema,
  CommitmentBodySchema,
  CreateCommentBodySchema,
  CreateItemBodySchema,
  Item,
  ItemHistoryEntrySchema,
  ItemHistorySchema,
  ItemView,
  PositionBodySchema,
  RatingBodySchema,
  UpdateItemBody,
} from '@vp/shared'
import type { z } from 'zod'
import { agendaKey, caseKeys, casePath } from './cases.ts'
import { ApiError, api, ifMatch } from './client.ts'
import type { StepDetail } from './steps.ts'

export type Comment = z.infer<typeof CommentSchema>
export type HistoryEntry = z.infer<typeof ItemHistoryEntrySchema>

/** What a create sends: fields with a default on the server may be left out. */
export type CreateItemBody = z.input<typeof CreateItemBodySchema>

const itemPath = (caseId: string, itemId: string) => `${casePath(caseId)}/items/${encodeURIComponent(itemId)}`

/** A random key for Idempotency-Key: the same submission sent twice creates one item. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** Puts an item as the server returned it into its step page: replaces it, or adds it at the end. */
export function storeItem(queryClient: QueryClient, caseId: string, item: ItemView) {
  queryClient.setQueryData<StepDetail>(caseKeys.step(caseId, item.step), (old) => {
    if (!old) return old
    const at = old.items.findIndex((i) => i.id === item.id)
    const items = at === -1 ? [...old.items, item] : old.items.map((i, n) => (n === at ? item : i))
    return { ...old, items }
  })
  queryClient.setQueryData(caseKeys.item(caseId, item.id), item)
}

function dropItem(queryClient: QueryClient, caseId: string, step: number, itemId: string) {
  queryClient.setQueryData<StepDetail>(caseKeys.step(caseId, step), (old) =>
    old ? { ...old, items: old.items.filter((i) => i.id !== itemId) } : old,
  )
}

/** What an item change can show elsewhere: the overview, the agenda, the activity, the case list. */
function invalidateAround(queryClient: QueryClient, caseId: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: caseKeys.dashboard(caseId) }),
    queryClient.invalidateQueries({ queryKey: ['case', caseId, 'activity'] }),
    queryClient.invalidateQueries({ queryKey: agendaKey }),
    queryClient.invalidateQueries({ queryKey: caseKeys.list }),
  ])
}

export function useCreateItem(caseId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateItemBody; idempotencyKey: string }) =>
      api.post<Item>(`${casePath(caseId)}/items`, body, { headers: { 'Idempotency-Key': idempotencyKey } }),
    onSuccess: (item) => {
      storeItem(queryClient, caseId, item)
      void invalidateAround(queryClient, caseId)
    },
  })
}

/** Changes an item on top of the version the user started from; a 412 carries the current one. */
export function useUpdateItem(caseId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ itemId, version, body }: { itemId: string; version: number; body: UpdateItemBody }) =>
      api.patch<Item>(itemPath(caseId, itemId), body, { headers: ifMatch(version) }),
    onSuccess: (item) => {
      storeItem(queryClient, caseId, item)
      void invalidateAround(queryClient, caseId)
    },
  })
}

export function useDeleteItem(caseId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ item }: { item: Pick<Item, 'id' | 'version' | 'step'> }) =>
      api.delete<{ ok: true }>(itemPath(caseId, item.id), { headers: ifMatch(item.version) }),
    onSuccess: (_ok, { item }) => {
      dropItem(queryClient, caseId, item.step, item.id)
      void invalidateAround(queryClient, caseId)
    },
    onError: (_err, { item }) => {
      void queryClient.invalidateQueries({ queryKey: caseKeys.step(caseId, item.step) })
    },
  })
}

/**
 * My organisation's reaction to an item, on top of the version of that reaction the screen showed
 * (0 when my organisation had none yet). A colleague of the same organisation may have changed it
 * meanwhile: then the 412 carries the item as it is now, which the screen shows at once.
 */
function useItemReaction<Body>(caseId: string, what: 'rating' | 'position' | 'commitment') {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ itemId, version, body }: { itemId: string; version: number; body: Body }) =>
      api.put<Item>(`${itemPath(caseId, itemId)}/${what}`, body, { headers: ifMatch(version) }),
    onSuccess: (item) => {
      storeItem(queryClient, caseId, item)
      void invalidateAround(queryClient, caseId)
    },
    onError: (err, { itemId }) => {
      const current = err instanceof ApiError ? err.current<ItemView>() : undefined
      if (!current) return
      storeItem(queryClient, caseId, current)
      void queryClient.invalidateQueries({ queryKey: caseKeys.step(caseId, current.step) })
      void queryClient.invalidateQueries({ queryKey: caseKeys.item(caseId, itemId) })
      void invalidateAround(queryClient, caseId)
    },
  })
}

/** My organisation's priority (1–5) of a sub-problem. */
export const useRateItem = (caseId: string) => useItemReaction<z.input<typeof RatingBodySchema>>(caseId, 'rating')
/** My organisation's position on a sub-problem, the problem statement or a goal. */
export const useTakePosition = (caseId: string) =>
  useItemReaction<z.input<typeof PositionBodySchema>>(caseId, 'position')
/** Accept or decline an action assigned to my organisation. */
export const useCommit = (caseId: string) => useItemReaction<z.input<typeof CommitmentBodySchema>>(caseId, 'commitment')

export function useComments(caseId: string, itemId: string, enabled: boolean) {
  return useQuery({
    queryKey: caseKeys.comments(caseId, itemId),
    queryFn: ({ signal }) =>
      api.get<z.infer<typeof CommentListSchema>>(`${itemPath(caseId, itemId)}/comments`, { signal }),
    enabled,
  })
}

export function useAddComment(caseId: string, itemId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: z.input<typeof CreateCommentBodySchema>) =>
      api.post<Comment>(`${itemPath(caseId, itemId)}/comments`, body),
    onSuccess: (comment) => {
      queryClient.setQueryData<z.infer<typeof CommentListSchema>>(caseKeys.comments(caseId, itemId), (old) =>
        old && !old.items.some((c) => c.id === comment.id) ? { items: [...old.items, comment] } : old,
      )
      void queryClient.invalidateQueries({ queryKey: ['case', caseId, 'step'] })
      void queryClient.invalidateQueries({ queryKey: caseKeys.history(caseId, itemId) })
      void invalidateAround(queryClient, caseId)
    },
  })
}

export function useHistory(caseId: string, itemId: string, enabled: boolean) {
  return useQuery({
    queryKey: caseKeys.history(caseId, itemId),
    queryFn: ({ signal }) =>
      api.get<z.infer<typeof ItemHistorySchema>>(`${itemPath(caseId, itemId)}/history`, { signal }),
    enabled,
  })
}
