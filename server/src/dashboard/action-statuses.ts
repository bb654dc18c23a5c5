import type { ActionStatus } from '@vp/shared'
import { isKind, type LoadedItem } from '../items/load.ts'

/** The latest status of every action, from its step-6 updates the reader may see; gepland without any. */
export function actionStatuses(visible: LoadedItem[]) {
  const latest = new Map<string, { at: number; status: ActionStatus }>()
  for (const u of visible.filter(isKind('action_update'))) {
    const { actionId, status } = u.fields
    const at = u.row.createdAt.getTime()
    if ((latest.get(actionId)?.at ?? -1) <= at) latest.set(actionId, { at, status })
  }
  return (actionId: string): ActionStatus => latest.get(actionId)?.status ?? 'gepland'
}
