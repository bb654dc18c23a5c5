import type { FastifyBaseLogger } from 'fastify'

/** One housekeeping job. It must be safe when several instances run it at the same time. */
export type MaintenanceTask = () => Promise<void>

export interface MaintenanceLoop {
  /** Registers a task; every pass runs each task once, in the order they were added. */
  addTask(name: string, task: MaintenanceTask): void
  /** One pass over every task now; a failing task is logged at warn and the others still run. */
  runOnce(): Promise<void>
  /** Starts the timer (no-op with an interval of 0 or when already started). */
  start(): void
  /** Stops the timer and waits for a pass in progress, so nothing runs after the database closes. */
  stop(): Promise<void>
}

/**
 * One loop per instance (started from app.ts). Tasks are idempotent deletes and the like, so several
 * instances may run them at once: the second finds nothing left to do. Timers are `unref`'d and
 * never keep the process alive; passes never overlap.
 */
export function createMaintenanceLoop(log: FastifyBaseLogger, intervalMs: number): MaintenanceLoop {
  const tasks: { name: string; task: MaintenanceTask }[] = []
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  let stopped = false

  async function pass() {
    for (const { name, task } of tasks) {
      if (stopped) return
      const started = performance.now()
      try {
        await task()
        log.debug({ task: name, ms: Math.round(performance.now() - started) }, 'maintenance task done')
      } catch (err) {
        log.warn({ err, task: name }, 'maintenance task failed')
      }
    }
  }

  function runOnce() {
    // A pass already under way (the timer's, or another caller's) is shared, not doubled.
    running ??= pass().finally(() => {
      running = null
    })
    return running
  }

  function schedule() {
    if (stopped) return
    timer = setTimeout(() => {
      void runOnce().then(schedule)
    }, intervalMs)
    timer.unref()
  }

  return {
    addTask(name, task) {
      if (tasks.some((t) => t.name === name)) throw new Error(`maintenance task "${name}" is already registered`)
      tasks.push({ name, task })
    },
    runOnce,
    start() {
      if (intervalMs <= 0 || timer || stopped) return
      schedule()
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
      await running
    },
  }
}
