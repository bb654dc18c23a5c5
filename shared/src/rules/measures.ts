export type MeasureOverlap = { subproblemId: string; organisationIds: string[]; measureIds: string[] }

export type GapsAndOverlaps = {
  /**
   * False when there are no sub-problems: then there is nothing to judge, and neither "every
   * sub-problem has a measure" nor "no overlap" may be claimed.
   */
  assessed: boolean
  /** Sub-problem ids that no measure addresses, in input order (a "witte vlek"). */
  gaps: string[]
  /** Sub-problems addressed by measures of two or more different organisations, in input order. */
  overlaps: MeasureOverlap[]
}

/**
 * Finds sub-problems without any measure (gaps) and sub-problems that measures of several organisations address
 * (overlaps); links to unknown sub-problems are ignored, ids keep input order and appear once.
 */
export function findGapsAndOverlaps(
  subproblems: { id: string }[],
  measures: { id: string; ownerOrganisationId: string; subproblemIds: string[] }[],
): GapsAndOverlaps {
  const gaps: string[] = []
  const overlaps: MeasureOverlap[] = []
  for (const subproblem of subproblems) {
    const addressing = measures.filter((m) => m.subproblemIds.includes(subproblem.id))
    if (addressing.length === 0) {
      gaps.push(subproblem.id)
      continue
    }
    const organisationIds = [...new Set(addressing.map((m) => m.ownerOrganisationId))]
    if (organisationIds.length >= 2) {
      overlaps.push({
        subproblemId: subproblem.id,
        organisationIds,
        measureIds: [...new Set(addressing.map((m) => m.id))],
      })
    }
  }
  return { assessed: subproblems.length > 0, gaps, overlaps }
}
