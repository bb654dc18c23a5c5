import { afterEach, describe, expect, it } from 'vitest'
import { sampleSummary } from '../../test/summary-fixture.ts'
import { SummaryRenderer } from './render.ts'

let renderer: SummaryRenderer | null = null
afterEach(async () => {
  await renderer?.close()
  renderer = null
})

describe('the summary renderer', () => {
  it('renders a PDF and a DOCX in its worker threads', async () => {
    renderer = new SummaryRenderer({ threads: 1, perPerson: 2, queue: 5 })
    const [pdf, docx] = await Promise.all([
      renderer.render(sampleSummary(), 'pdf', 'u1'),
      renderer.render(sampleSummary(), 'docx', 'u1'),
    ])
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK')
  })

  it('answers 429 to a person who already has as many exports under way as allowed, and not to others', async () => {
    renderer = new SummaryRenderer({ threads: 1, perPerson: 1, queue: 5 })
    const first = renderer.render(sampleSummary(), 'pdf', 'u1')
    await expect(renderer.render(sampleSummary(), 'pdf', 'u1')).rejects.toMatchObject({ statusCode: 429 })
    const other = renderer.render(sampleSummary(), 'pdf', 'u2')
    await Promise.all([first, other])
    // Once the first is done, the same person may export again.
    expect((await renderer.render(sampleSummary(), 'docx', 'u1')).length).toBeGreaterThan(0)
  })

  it('answers 429 when the queue for the threads is full, and keeps serving once it drains', async () => {
    renderer = new SummaryRenderer({ threads: 1, perPerson: 10, queue: 1 })
    const people = ['a', 'b', 'c', 'd', 'e', 'f']
    const results = await Promise.allSettled(people.map((p) => renderer!.render(sampleSummary(), 'pdf', p)))
    const refused = results.filter((r) => r.status === 'rejected')
    expect(refused.length).toBeGreaterThan(0)
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ statusCode: 429 })
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true)
    expect((await renderer.render(sampleSummary(), 'pdf', 'a')).length).toBeGreaterThan(0)
  })
})
