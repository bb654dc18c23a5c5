import { describe, expect, it } from 'vitest'
import { rankByPriority, summarisePositions, summariseRatings } from './consensus.ts'

const ORGS = ['GEM', 'POL', 'OM', 'WON', 'WIN', 'BEW', 'JZ']
const rate = (...scores: number[]) => scores.map((score, i) => ({ organisationId: ORGS[i] ?? `ORG${i}`, score }))

// DEMO.md step 2, prioriteit table.
const DEMO_SUBPROBLEMS = [
  { id: 'D1', title: 'Zwerfafval en bijplaatsingen', ratings: rate(4, 2, 1, 3, 4, 5, 3) },
  { id: 'D2', title: "Onveiligheidsgevoelens winkelend publiek 's avonds", ratings: rate(4, 3, 3, 2, 5, 3, 3) },
  {
    id: 'D3',
    title: 'Overlast door groepen jongeren, Hovenplein en parkeergarage',
    ratings: rate(4, 4, 3, 3, 5, 4, 2),
  },
  { id: 'D4', title: 'Achterstallig onderhoud portiekflats en openbare ruimte', ratings: rate(3, 2, 1, 4, 3, 5, 3) },
]

describe('summariseRatings', () => {
  it('summarises D3 of the demo: mean 3.6, median 4, spread 3 (WIN 5, JZ 2), deviation 0.9: enigszins verdeeld', () => {
    expect(summariseRatings(DEMO_SUBPROBLEMS[2]!.ratings)).toEqual({
      count: 7,
      mean: 3.6,
      median: 4,
      min: 2,
      max: 5,
      spread: 3,
      deviation: 0.9,
      agreement: 'gemengd',
    })
  })

  it('gives the demo means 3.1, 3.3, 3.6 and 3.0', () => {
    expect(DEMO_SUBPROBLEMS.map((d) => summariseRatings(d.ratings).mean)).toEqual([3.1, 3.3, 3.6, 3])
  })

  it('does not call every demo sub-problem verdeeld: D1 and D4 (OM 1, BEW 5) are, D2 and D3 somewhat', () => {
    const summaries = DEMO_SUBPROBLEMS.map((d) => summariseRatings(d.ratings))
    expect(summaries.map((s) => s.spread)).toEqual([4, 3, 3, 4])
    expect(summaries.map((s) => s.deviation)).toEqual([1.2, 0.9, 0.9, 1.2])
    expect(summaries.map((s) => s.agreement)).toEqual(['verdeeld', 'gemengd', 'gemengd', 'verdeeld'])
  })

  it('names the two ends of D3: WIN highest with 5, JZ lowest with 2', () => {
    const ratings = DEMO_SUBPROBLEMS[2]!.ratings
    const summary = summariseRatings(ratings)
    expect(ratings.filter((r) => r.score === summary.max).map((r) => r.organisationId)).toEqual(['WIN'])
    expect(ratings.filter((r) => r.score === summary.min).map((r) => r.organisationId)).toEqual(['JZ'])
  })

  it('calls close scores eens, one or two outliers gemengd, and two camps verdeeld', () => {
    expect(summariseRatings(rate(3, 4, 4, 3)).agreement).toBe('eens') // deviation 0.5
    expect(summariseRatings(rate(5)).agreement).toBe('eens')
    expect(summariseRatings(rate(4, 4, 4, 4, 4, 4, 3)).agreement).toBe('eens')
    expect(summariseRatings(rate(2, 4, 3)).agreement).toBe('gemengd') // 0.8
    expect(summariseRatings(rate(3, 3, 3, 4, 4, 4, 2)).agreement).toBe('gemengd') // 0.7
    expect(summariseRatings(rate(4, 2)).agreement).toBe('gemengd') // 1.0
    expect(summariseRatings(rate(5, 2)).agreement).toBe('verdeeld') // 1.5
    expect(summariseRatings(rate(1, 5, 5, 1)).agreement).toBe('verdeeld') // 2.0
  })

  it('has no deviation and agreement geen without ratings', () => {
    expect(summariseRatings([])).toMatchObject({ deviation: null, agreement: 'geen' })
  })

  it('takes the middle of the two central scores as median for an even count', () => {
    expect(summariseRatings(rate(1, 2, 4, 5)).median).toBe(3)
    expect(summariseRatings(rate(2, 3)).median).toBe(2.5)
  })

  it('rounds the mean half up to one decimal', () => {
    expect(summariseRatings(rate(3, 4, 3, 3)).mean).toBe(3.3) // 3.25
    expect(summariseRatings(rate(1, 2)).mean).toBe(1.5)
  })

  it('reports geen and nulls without ratings', () => {
    expect(summariseRatings([])).toEqual({
      count: 0,
      mean: null,
      median: null,
      min: null,
      max: null,
      spread: null,
      deviation: null,
      agreement: 'geen',
    })
  })
})

describe('summarisePositions', () => {
  const pos = (...positions: ('akkoord' | 'voorbehoud' | 'niet_akkoord')[]) =>
    positions.map((position, i) => ({ organisationId: ORGS[i]!, position, reason: null }))

  it('counts the demo positions on the probleemstelling: 4 akkoord, 3 voorbehoud, overall voorbehoud', () => {
    const summary = summarisePositions(
      pos('akkoord', 'akkoord', 'voorbehoud', 'akkoord', 'akkoord', 'voorbehoud', 'voorbehoud'),
    )
    expect(summary).toEqual({ akkoord: 4, voorbehoud: 3, niet_akkoord: 0, overall: 'voorbehoud' })
  })

  it('is niet_akkoord overall as soon as one organisation disagrees (demo G2: WIN)', () => {
    const summary = summarisePositions(
      pos('akkoord', 'akkoord', 'akkoord', 'akkoord', 'niet_akkoord', 'akkoord', 'voorbehoud'),
    )
    expect(summary).toEqual({ akkoord: 5, voorbehoud: 1, niet_akkoord: 1, overall: 'niet_akkoord' })
  })

  it('is akkoord when everyone agrees and geen without positions', () => {
    expect(summarisePositions(pos('akkoord', 'akkoord')).overall).toBe('akkoord')
    expect(summarisePositions([])).toEqual({ akkoord: 0, voorbehoud: 0, niet_akkoord: 0, overall: 'geen' })
  })
})

describe('rankByPriority', () => {
  it('ranks the demo sub-problems D3, D2, D1, D4', () => {
    const ranked = rankByPriority(DEMO_SUBPROBLEMS)
    expect(ranked.map((r) => [r.id, r.rank, r.mean])).toEqual([
      ['D3', 1, 3.6],
      ['D2', 2, 3.3],
      ['D1', 3, 3.1],
      ['D4', 4, 3],
    ])
  })

  it('keeps the items intact and leaves the input unsorted', () => {
    const input = [...DEMO_SUBPROBLEMS]
    const ranked = rankByPriority(input)
    expect(ranked[0]).toMatchObject(DEMO_SUBPROBLEMS[2]!)
    expect(input.map((d) => d.id)).toEqual(['D1', 'D2', 'D3', 'D4'])
  })

  it('gives ties the same rank and skips the next (1, 2, 2, 4), more ratings first, then title', () => {
    const ranked = rankByPriority([
      { id: 'a', title: 'Zwerfvuil', ratings: rate(4, 4) },
      { id: 'b', title: 'Afval', ratings: rate(4, 4) },
      { id: 'c', title: 'Overlast', ratings: rate(5) },
      { id: 'd', title: 'Parkeren', ratings: rate(4, 4, 4) },
      { id: 'e', title: 'Lawaai', ratings: rate(2) },
    ])
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ['c', 1],
      ['d', 2],
      ['b', 2],
      ['a', 2],
      ['e', 5],
    ])
  })

  it('treats means that are equal after rounding as a tie', () => {
    // 10/3 = 3.33… and 3.3 exactly both show as 3.3.
    const ranked = rankByPriority([
      { id: 'x', title: 'X', ratings: rate(3, 3, 4) },
      { id: 'y', title: 'Y', ratings: rate(3, 3, 3, 3, 3, 3, 4, 4, 4, 3) },
    ])
    expect(ranked.map((r) => [r.id, r.rank, r.mean])).toEqual([
      ['y', 1, 3.3],
      ['x', 1, 3.3],
    ])
  })

  it('puts unrated items last with rank null, ordered by title in Dutch collation', () => {
    const ranked = rankByPriority([
      { id: 'u2', title: 'Ĳzeren hekken', ratings: [] },
      { id: 'r', title: 'Zwerfafval', ratings: rate(1) },
      { id: 'u1', title: 'Achterstallig onderhoud', ratings: [] },
    ])
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ['r', 1],
      ['u1', null],
      ['u2', null],
    ])
  })
})
