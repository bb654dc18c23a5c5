import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Step, StepDetailSchema, StepNumber, UpdateStepBodySchema } from '@vp/shared'
import type { z } from 'zod'
import { agendaKey, caseKeys, casePath } from './cases.ts'
import { ApiError, api, ifMatch } from './client.ts'

/** One step with every item the caller may see (placeholders for restricted ones). */
export type StepDetail = z.infer<typeof StepDetailSchema>

export type { StepNumber }
export const STEP_NUMBERS: readonly StepNumber[] = [1, 2, 3, 4, 5, 6]

export function isStepNumber(value: number): value is StepNumber {
  return Number.isInteger(value) && value >= 1 && value <= 6
}

const stepPath = (caseId: string, step: number) => `${casePath(caseId)}/steps/${step}`

export function useSteps(caseId: string) {
  return useQuery({
    queryKey: caseKeys.steps(caseId),
    queryFn: ({ signal }) => api.get<{ items: Step[] }>(`${casePath(caseId)}/steps`, { signal }),
  })
}

export function useStep(caseId: string, step: number, enabled = true) {
  return useQuery({
    queryKey: caseKeys.step(caseId, step),
    queryFn: ({ signal }) => api.get<StepDetail>(stepPath(caseId, step), { signal }),
    enabled,
  })
}

/** After a change to a step: its own page, the step list, the case header and the overviews. */
export function invalidateSteps(queryClient: QueryClient, caseId: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: caseKeys.steps(caseId) }),
    queryClient.invalidateQueries({ queryKey: ['case', caseId, 'step'] }),
    queryClient.invalidateQueries({ queryKey: caseKeys.detail(caseId) }),
    queryClient.invalidateQueries({ queryKey: caseKeys.dashboard(caseId) }),
    queryClient.invalidateQueries({ queryKey: caseKeys.list }),
    queryClient.invalidateQueries({ queryKey: agendaKey }),
  ])
}

/** Puts the step as the server now has it into the step page, keeping its items. */
function storeStep(queryClient: QueryClient, caseId: string, step: Step) {
  queryClient.setQueryData<StepDetail>(caseKeys.step(caseId, step.step), (old) =>
    old ? { ...old, ...step, items: old.items } : old,
  )
}

export type StepChange = z.input<typeof UpdateStepBodySchema>

/** Open, close or reopen a step, or set its deadline (projectleider), on top of the version shown. */
export function useUpdateStep(caseId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ step, version, body }: { step: number; version: number; body: StepChange }) =>
      api.patch<Step>(stepPath(caseId, step), body, { headers: ifMatch(version) }),
    onSuccess: (saved) => {
      storeStep(queryClient, caseId, saved)
      void invalidateSteps(queryClient, caseId)
    },
    onError: (err, { step }) => {
      // Someone else changed the step meanwhile: show it as it is now, so a retry builds on it.
      const current = err instanceof ApiError ? err.current<Step>() : undefined
      if (current) storeStep(queryClient, caseId, current)
      else if (err instanceof ApiError && err.status === 409)
        void queryClient.invalidateQueries({ queryKey: caseKeys.step(caseId, step) })
    },
  })
}

/**
 * Marks (or unmarks) my organisation's contribution to a step as done, on top of the version of
 * that mark the screen showed (0 before the first). When a colleague of the same organisation
 * changed it meanwhile, the 412 carries the step as it is now, which the screen shows at once.
 */
export function useMarkDone(caseId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ step, version, done }: { step: number; version: number; done: boolean }) =>
      api.put<Step>(`${stepPath(caseId, step)}/done`, { done }, { headers: ifMatch(version) }),
    onSuccess: (saved) => {
      storeStep(queryClient, caseId, saved)
      void invalidateSteps(queryClient, caseId)
    },
    onError: (err) => {
      const current = err instanceof ApiError ? err.current<Step>() : undefined
      if (!current) return
      storeStep(queryClient, caseId, current)
      void invalidateSteps(queryClient, caseId)
    },
  })
}
