import type { QueryClient, QueryKey } from '@tanstack/react-query'
import type { ActivityEvent } from '@vp/shared'
import { agendaKey, caseKeys } from './cases.ts'

/**
 * The cached queries one event of a case can change. Invalidating them refetches only what is on
 * screen; what a user is typing lives in component state and is never touched by a refetch.
 */
export function keysForEvent(caseId: string, event: ActivityEvent): QueryKey[] {
  const keys: QueryKey[] = [caseKeys.dashboard(caseId), ['case', caseId, 'activity'], caseKeys.list, agendaKey]
  const [domain] = event.type.split('.')
  switch (domain) {
    case 'step':
      // Closing a step opens the next; done marks and deadlines show in the header and on every step.
      keys.push(caseKeys.steps(caseId), ['case', caseId, 'step'], caseKeys.detail(caseId))
      break
    case 'item':
    case 'comment':
      if (event.step) keys.push(caseKeys.step(caseId, event.step))
      else keys.push(['case', caseId, 'step'])
      if (event.entityId) keys.push(['case', caseId, 'item', event.entityId])
      break
    case 'document':
      // Every list of documents (case, step, item) and the open detail; nothing else shows them.
      keys.push(['case', caseId, 'documents'])
      break
    case 'case':
      keys.push(caseKeys.detail(caseId), ['case', caseId, 'step'])
      break
    case 'member':
    case 'invitation':
      // The project group, and the organisations that owe a done mark on every step.
      keys.push(
        caseKeys.detail(caseId),
        caseKeys.members(caseId),
        caseKeys.invitations(caseId),
        caseKeys.outbox(caseId),
        caseKeys.steps(caseId),
        ['case', caseId, 'step'],
      )
      break
    default:
      keys.push(caseKeys.all(caseId))
  }
  return keys
}

/**
 * Collects the keys of a burst of events (a catch-up replays many at once) and invalidates each
 * once, a moment later.
 */
export function createInvalidator(queryClient: QueryClient, delayMs = 40) {
  const pending = new Map<string, QueryKey>()
  let timer: ReturnType<typeof setTimeout> | null = null
  const flush = async () => {
    timer = null
    const keys = [...pending.values()]
    pending.clear()
    // The case itself first: its abilities decide which parts are on screen (see refreshCase).
    const isDetail = (key: QueryKey) => key[0] === 'case' && key[2] === 'detail'
    await Promise.all(keys.filter(isDetail).map((queryKey) => queryClient.invalidateQueries({ queryKey })))
    for (const queryKey of keys.filter((k) => !isDetail(k))) void queryClient.invalidateQueries({ queryKey })
  }
  return {
    add(keys: QueryKey[]) {
      for (const key of keys) pending.set(JSON.stringify(key), key)
      if (!timer) timer = setTimeout(() => void flush(), delayMs)
    },
    cancel() {
      if (timer) clearTimeout(timer)
      timer = null
      pending.clear()
    },
  }
}
