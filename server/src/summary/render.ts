import type { Summary, SummaryFormat } from '@vp/shared'
import { Piscina } from 'piscina'
import { AppError } from '../http/errors.ts'

/** The media type of each export format. */
export const SUMMARY_MEDIA_TYPES: Record<SummaryFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
}

export interface SummaryRendererOptions {
  /** Worker threads that render; the event loop never lays out a page itself. */
  threads: number
  /** Exports one person may have running or waiting at once on this instance; more get 429. */
  perPerson: number
  /** Exports waiting for a thread on this instance, over everyone; more get 429. */
  queue: number
}

const busy = (message: string, retryAfter: number) =>
  new AppError(429, 'rate_limited', message, undefined, { retryAfter })

/**
 * Renders summaries as PDF or DOCX in a small pool of worker threads (ADR 025), so that laying out
 * a 500-item case never delays other requests on the instance. Bounded twice: per person (one person
 * cannot fill the pool) and overall (the queue cannot grow without end); past either, 429.
 */
export class SummaryRenderer {
  private pool: Piscina | null = null
  private readonly running = new Map<string, number>()

  constructor(private readonly options: SummaryRendererOptions) {}

  /** Starts the threads on first use: an instance nobody exports from never loads the fonts. */
  private threads(): Piscina {
    this.pool ??= new Piscina({
      filename: new URL('./render-worker.ts', import.meta.url).href,
      // The threads run the TypeScript source the way the server does (ADR 001).
      execArgv: ['--import', 'tsx'],
      minThreads: 0,
      maxThreads: this.options.threads,
      maxQueue: this.options.queue,
      // Starting a thread loads pdfmake, docx and the fonts (about a second): keep one warm a while.
      idleTimeout: 5 * 60_000,
    })
    return this.pool
  }

  /** The file's bytes; 429 when this person or the instance has too many exports under way. */
  async render(summary: Summary, format: SummaryFormat, userId: string): Promise<Buffer> {
    const mine = this.running.get(userId) ?? 0
    if (mine >= this.options.perPerson) throw busy(`U maakt al ${mine} exports tegelijk; wacht tot er één klaar is`, 5)
    const pool = this.threads()
    if (pool.queueSize >= this.options.queue)
      throw busy('Er worden nu veel samenvattingen gemaakt; probeer het over een halve minuut opnieuw', 30)
    this.running.set(userId, mine + 1)
    try {
      const bytes: Uint8Array = await pool.run({ summary, format })
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    } catch (error) {
      // Two exports can pass the check above at once; the pool's own bound then refuses the second.
      if (error instanceof Error && /queue is at limit/i.test(error.message))
        throw busy('Er worden nu veel samenvattingen gemaakt; probeer het over een halve minuut opnieuw', 30)
      throw error
    } finally {
      const left = (this.running.get(userId) ?? 1) - 1
      if (left <= 0) this.running.delete(userId)
      else this.running.set(userId, left)
    }
  }

  /** Stops the threads; exports under way are abandoned. */
  async close(): Promise<void> {
    await this.pool?.destroy()
    this.pool = null
  }
}
