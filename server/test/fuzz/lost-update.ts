/**
 * The lost-update check, shared by the test in `npm test` and the long run in `npm run fault`:
 * from the event log, every accepted write must be based on the version right before it.
 */

/** A PATCH the server answered with 200: the If-Match it sent and the version it got back. */
export interface AcceptedWrite {
  itemId: string
  basedOn: number
  version: number
  title: string
}

/** One `item.updated` row of the event log. */
export interface LoggedUpdate {
  itemId: string
  seq: number
  version: number
  title: unknown
}

export interface LostUpdateReport {
  accepted: number
  logged: number
  problems: string[]
}

/**
 * Checks, per item: the logged versions in seq order go up by exactly one from the starting
 * version (so no two writes share a version and none is skipped); every accepted write got the
 * version right after the one it sent in If-Match, and the log holds its text at that version; the
 * log holds nothing that was not accepted (a write applied but answered with an error).
 */
export function checkLostUpdates(
  initialVersions: Map<string, number>,
  accepted: AcceptedWrite[],
  log: LoggedUpdate[],
): LostUpdateReport {
  const problems: string[] = []
  for (const [itemId, initial] of initialVersions) {
    const mine = log.filter((l) => l.itemId === itemId).sort((a, b) => a.seq - b.seq)
    const acc = accepted.filter((a) => a.itemId === itemId)
    mine.forEach((l, i) => {
      if (l.version !== initial + i + 1)
        problems.push(`item ${itemId}: log entry seq ${l.seq} has version ${l.version}, expected ${initial + i + 1}`)
    })
    const byVersion = new Map<number, AcceptedWrite>()
    for (const a of acc) {
      if (a.version !== a.basedOn + 1)
        problems.push(`item ${itemId}: write "${a.title}" sent If-Match ${a.basedOn} and got version ${a.version}`)
      const twin = byVersion.get(a.version)
      if (twin)
        problems.push(`item ${itemId}: "${twin.title}" and "${a.title}" were both accepted as version ${a.version}`)
      byVersion.set(a.version, a)
    }
    const loggedTitles = new Map(mine.map((l) => [l.version, l.title]))
    for (const a of acc) {
      if (loggedTitles.get(a.version) !== a.title)
        problems.push(
          `item ${itemId}: accepted "${a.title}" as version ${a.version}, the log has ${JSON.stringify(loggedTitles.get(a.version))}`,
        )
    }
    const acceptedTitles = new Set(acc.map((a) => a.title))
    for (const l of mine) {
      if (!acceptedTitles.has(l.title as string))
        problems.push(`item ${itemId}: the log has ${JSON.stringify(l.title)} (v${l.version}), never answered with 200`)
    }
    if (mine.length !== acc.length)
      problems.push(`item ${itemId}: ${acc.length} writes accepted, ${mine.length} logged`)
  }
  return { accepted: accepted.length, logged: log.length, problems: problems.slice(0, 20) }
}
