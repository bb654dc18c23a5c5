/** One line of the result table: a target and what was measured, side by side. */
export interface Row {
  id: string
  what: string
  target: string
  measured: string
  /** null: reported, no target (or not measured). */
  pass: boolean | null
  note?: string
}

export interface ScenarioResult {
  rows: Row[]
  data: Record<string, unknown>
}

export interface Ctx {
  quick: boolean
  log(msg: string): void
  /** Results of scenarios that ran earlier in this run (P2 normalises by P1's bare-node figure). */
  earlier: Map<string, ScenarioResult>
}

export interface Scenario {
  id: string
  name: string
  run(ctx: Ctx): Promise<ScenarioResult>
}

export function formatTable(rows: Row[]): string {
  const header = ['id', 'what', 'target', 'measured', 'result']
  const lines = rows.map((r) => [
    r.id,
    r.what,
    r.target,
    r.measured,
    r.pass === null ? (r.note?.startsWith('error') ? 'ERROR' : 'report') : r.pass ? 'pass' : 'FAIL',
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)))
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.id} ${r.what}: ${r.note}`)
  return [fmt(header), sep, ...lines.map(fmt), ...(notes.length ? ['', ...notes] : [])].join('\n')
}
