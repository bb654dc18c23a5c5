import { describe, expect, it } from 'vitest'
import { Reachability } from './reachability.ts'

// Like performance.now(): time since start-up, never 0 (lru-cache reads a start of 0 as "no ttl").
function clock() {
  let t = 5_000
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

describe('database reachability for the health route', () => {
  it('pings once per period and shares a ping in flight', async () => {
    const c = clock()
    let pings = 0
    let release: () => void = () => {}
    const r = new Reachability(
      () => {
        pings++
        return new Promise<void>((resolve) => (release = resolve))
      },
      1000,
      c.now,
    )
    const first = r.reachable()
    const second = r.reachable()
    release()
    expect(await Promise.all([first, second])).toEqual([true, true])
    expect(pings).toBe(1)
    // Reused for the whole period, its last millisecond included.
    c.advance(1000)
    expect(await r.reachable()).toBe(true)
    expect(pings).toBe(1)
    c.advance(1)
    const third = r.reachable()
    release()
    expect(await third).toBe(true)
    expect(pings).toBe(2)
  })

  it('does not remember a failure: the next call asks again', async () => {
    const c = clock()
    let up = false
    const r = new Reachability(
      async () => {
        if (!up) throw new Error('down')
      },
      1000,
      c.now,
    )
    expect(await r.reachable()).toBe(false)
    up = true
    expect(await r.reachable()).toBe(true)
    up = false
    // Within the period a success is reused; after it, the outage shows.
    expect(await r.reachable()).toBe(true)
    c.advance(1001)
    expect(await r.reachable()).toBe(false)
  })
})
