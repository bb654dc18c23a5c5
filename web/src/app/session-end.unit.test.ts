import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, api, setUnauthorizedHandler } from '../api/client.ts'
import { SessionEndStore } from './session-hooks.ts'

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
const UNAUTHENTICATED = { error: { code: 'unauthenticated', message: 'Niet ingelogd.' } }

describe('a request that meets an ended session', () => {
  let uninstall: (() => void) | null = null
  afterEach(() => {
    uninstall?.()
    vi.unstubAllGlobals()
  })

  it('waits for the same person to sign in again, then goes again unchanged', async () => {
    const store = new SessionEndStore()
    uninstall = setUnauthorizedHandler(async () => {
      store.end()
      return (await store.waitForResume()) ? 'retry' : 'fail'
    })
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(json(401, UNAUTHENTICATED))
      .mockResolvedValueOnce(json(201, { id: 'nieuw' }))
    vi.stubGlobal('fetch', fetch)

    const saving = api.post<{ id: string }>('/api/cases/1/items', { title: 'Wat ik typte' })
    await vi.waitFor(() => expect(store.state.ended).toBe(true))
    expect(fetch).toHaveBeenCalledTimes(1)
    store.resume(true)
    await expect(saving).resolves.toEqual({ id: 'nieuw' })
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(fetch.mock.calls[1]![1].body).toBe(JSON.stringify({ title: 'Wat ik typte' }))
    expect(store.state).toEqual({ ended: false, resumedCount: 1 })
  })

  it('fails with the 401 when the person gives up, and without a handler', async () => {
    const store = new SessionEndStore()
    uninstall = setUnauthorizedHandler(async () => {
      store.end()
      return (await store.waitForResume()) ? 'retry' : 'fail'
    })
    vi.stubGlobal(
      'fetch',
      vi.fn().mockImplementation(async () => json(401, UNAUTHENTICATED)),
    )
    const loading = api.get('/api/cases')
    await vi.waitFor(() => expect(store.state.ended).toBe(true))
    store.resume(false)
    await expect(loading).rejects.toMatchObject({ status: 401, code: 'unauthenticated' })

    uninstall()
    uninstall = null
    await expect(api.get('/api/cases')).rejects.toBeInstanceOf(ApiError)
  })

  it('does not end the session while this tab signs out itself', () => {
    const store = new SessionEndStore()
    store.signingOut = true
    store.end()
    expect(store.state.ended).toBe(false)
    store.signingOut = false
    store.end()
    expect(store.state.ended).toBe(true)
  })
})
