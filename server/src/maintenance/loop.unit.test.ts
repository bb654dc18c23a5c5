import type { FastifyBaseLogger } from 'fastify'
import { describe, expect, it, vi } from 'vitest'
import { createMaintenanceLoop } from './loop.ts'

function fakeLog() {
  const warn = vi.fn()
  return { log: { warn, debug: vi.fn() } as unknown as FastifyBaseLogger, warn }
}

describe('maintenance loop', () => {
  it('a failing task is logged at warn and the tasks after it still run', async () => {
    const { log, warn } = fakeLog()
    const loop = createMaintenanceLoop(log, 0)
    const ran: string[] = []
    loop.addTask('first', async () => {
      ran.push('first')
    })
    loop.addTask('broken', async () => {
      throw new Error('database away')
    })
    loop.addTask('retry queued mail', async () => {
      ran.push('mail')
    })
    await loop.runOnce()
    expect(ran).toEqual(['first', 'mail'])
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]![0]).toMatchObject({ task: 'broken' })
  })

  it('refuses a second task under the same name', () => {
    const loop = createMaintenanceLoop(fakeLog().log, 0)
    loop.addTask('a', async () => {})
    expect(() => loop.addTask('a', async () => {})).toThrow(/already registered/)
  })

  it('runs on its interval, never overlapping, and stops after the pass under way', async () => {
    vi.useFakeTimers()
    try {
      const loop = createMaintenanceLoop(fakeLog().log, 1000)
      let runs = 0
      let release: () => void = () => {}
      loop.addTask('slow', () => {
        runs++
        return new Promise<void>((r) => {
          release = r
        })
      })
      loop.start()
      await vi.advanceTimersByTimeAsync(999)
      expect(runs).toBe(0)
      await vi.advanceTimersByTimeAsync(1)
      expect(runs).toBe(1)
      // Still running: no second pass however long it takes.
      await vi.advanceTimersByTimeAsync(5000)
      expect(runs).toBe(1)
      release()
      await vi.advanceTimersByTimeAsync(1000)
      expect(runs).toBe(2)
      const stopped = loop.stop()
      release()
      await stopped
      await vi.advanceTimersByTimeAsync(10_000)
      expect(runs).toBe(2)
    } finally {
      vi.useRealTimers()
    }
  })
})
