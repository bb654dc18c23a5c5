import { describe, expect, it } from 'vitest'
import { findGapsAndOverlaps } from './measures.ts'

// DEMO.md step 3.
const SUBPROBLEMS = [{ id: 'D1' }, { id: 'D2' }, { id: 'D3' }, { id: 'D4' }]
const MEASURES = [
  { id: 'M1', ownerOrganisationId: 'GEM', subproblemIds: ['D1'] },
  { id: 'M2', ownerOrganisationId: 'GEM', subproblemIds: ['D1', 'D3'] },
  { id: 'M3', ownerOrganisationId: 'WIN', subproblemIds: ['D2', 'D3'] },
  { id: 'M4', ownerOrganisationId: 'POL', subproblemIds: ['D2', 'D3'] },
  { id: 'M5', ownerOrganisationId: 'JZ', subproblemIds: ['D3'] },
  { id: 'M6', ownerOrganisationId: 'BEW', subproblemIds: ['D1'] },
]

describe('findGapsAndOverlaps', () => {
  it('finds the demo gap D4 and the overlaps on D1, D2 and D3', () => {
    expect(findGapsAndOverlaps(SUBPROBLEMS, MEASURES)).toEqual({
      assessed: true,
      gaps: ['D4'],
      overlaps: [
        { subproblemId: 'D1', organisationIds: ['GEM', 'BEW'], measureIds: ['M1', 'M2', 'M6'] },
        { subproblemId: 'D2', organisationIds: ['WIN', 'POL'], measureIds: ['M3', 'M4'] },
        { subproblemId: 'D3', organisationIds: ['GEM', 'WIN', 'POL', 'JZ'], measureIds: ['M2', 'M3', 'M4', 'M5'] },
      ],
    })
  })

  it('does not call two measures of the same organisation an overlap', () => {
    const result = findGapsAndOverlaps(
      [{ id: 'D1' }],
      [
        { id: 'M1', ownerOrganisationId: 'GEM', subproblemIds: ['D1'] },
        { id: 'M2', ownerOrganisationId: 'GEM', subproblemIds: ['D1', 'D1'] },
      ],
    )
    expect(result).toEqual({ assessed: true, gaps: [], overlaps: [] })
  })

  it('reports every sub-problem as a gap, in input order, when there are no measures', () => {
    expect(findGapsAndOverlaps([{ id: 'b' }, { id: 'a' }], [])).toEqual({
      assessed: true,
      gaps: ['b', 'a'],
      overlaps: [],
    })
  })

  it('ignores links to sub-problems it was not given', () => {
    const result = findGapsAndOverlaps([{ id: 'D1' }], [{ id: 'M1', ownerOrganisationId: 'GEM', subproblemIds: ['X'] }])
    expect(result).toEqual({ assessed: true, gaps: ['D1'], overlaps: [] })
  })

  it('claims nothing without sub-problems: not assessed, even with measures', () => {
    expect(findGapsAndOverlaps([], [])).toEqual({ assessed: false, gaps: [], overlaps: [] })
    expect(findGapsAndOverlaps([], MEASURES)).toEqual({ assessed: false, gaps: [], overlaps: [] })
  })
})
