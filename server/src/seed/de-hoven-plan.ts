import type { CaseSeed, Clock, Ref } from './case-seed.ts'
import { DE_HOVEN_CODES as ALL } from './de-hoven-problem.ts'

/** Steps 3 and 4 of De Hoven: what the partners already do, and the goals with everyone's position. */
export function fillDeHovenPlan(
  s: CaseSeed,
  { T, D, yearsAgo }: Clock,
  { D1, D2, D3, D4 }: Record<'D1' | 'D2' | 'D3' | 'D4', Ref>,
) {
  // ── Step 3: what we already do ──────────────────────────────────────────────────────
  const M1 = s.measure('GEM', T(-157), {
    title: 'Reiniging Hovenplein, 2x per week',
    owner: 'GEM',
    since: yearsAgo(9),
    yearlyCost: 18400,
    hoursPerWeek: 6,
    effect: 'deels',
    subproblemIds: [D1],
  })
  const M2 = s.measure('GEM', T(-156.9), {
    title: 'BOA-surveillance Hovenplein, vr en za 19.00–22.00 uur',
    owner: 'GEM',
    since: yearsAgo(2),
    yearlyCost: 0,
    hoursPerWeek: 12,
    effect: 'deels',
    subproblemIds: [D1, D3],
  })
  const M3 = s.measure('WIN', T(-155), {
    title: 'Particuliere beveiliger Hovenplein, vr en za 19.00–22.00 uur',
    owner: 'WIN',
    since: yearsAgo(1),
    yearlyCost: 14000,
    hoursPerWeek: 6,
    effect: 'onbekend',
    subproblemIds: [D2, D3],
  })
  const M4 = s.measure('POL', T(-154), {
    title: 'Gerichte surveillance parkeergarage, do–za 21.00–24.00 uur',
    owner: 'POL',
    since: yearsAgo(1),
    yearlyCost: 0,
    hoursPerWeek: 6,
    effect: 'deels',
    subproblemIds: [D2, D3],
  })
  const M5 = s.measure('JZ', T(-153), {
    title: 'Inloopspreekuur jeugdconsulent, wijkcentrum',
    owner: 'JZ',
    since: yearsAgo(3),
    yearlyCost: 0,
    hoursPerWeek: 3,
    effect: 'onbekend',
    subproblemIds: [D3],
  })
  const M6 = s.measure('BEW', T(-152), {
    title: 'Maandelijkse opschoonactie met vrijwilligers',
    owner: 'BEW',
    since: yearsAgo(4),
    yearlyCost: 750,
    hoursPerWeek: 2,
    effect: 'deels',
    subproblemIds: [D1],
  })
  // C2: the BOA's and the shops' security guard walk the same round (solved by A4).
  s.comment(
    M3,
    'POL',
    T(-149),
    "BOA's en jullie beveiliger lopen vr en za dezelfde ronde. Eén rooster, @Gerrit Plasmeijer?",
    ['WIN'],
  )
  s.comment(M3, 'WIN', T(-148.6), 'Graag, dan zetten we het in stap 5.')
  for (const [i, code] of ALL.entries()) s.done(3, code, T(-146 + i * 0.5))
  s.closeStep(3, T(-141))
  s.deadline(4, T(-120), T(-140.9))

  // ── Step 4: goals ───────────────────────────────────────────────────────────────────
  const G1 = s.goal('GEM', T(-140), {
    title: "Veiliger gevoel 's avonds",
    indicator: 'Bezoekers die zich na 18.00 uur veilig voelen (flitspeiling)',
    unit: '%',
    direction: 'hoger',
    baseline: 41,
    baselineDate: D(-170),
    target: 60,
    targetDate: D(195),
    subproblemIds: [D2, D3],
  })
  const G2 = s.goal('GEM', T(-139.9), {
    title: 'Minder jeugdoverlast',
    indicator: 'Meldingen overlast jeugd rond De Hoven',
    unit: 'per maand',
    direction: 'lager',
    baseline: 14,
    baselineDate: D(-170),
    target: 8,
    targetDate: D(195),
    subproblemIds: [D3],
  })
  const G3 = s.goal('GEM', T(-139.8), {
    title: 'Schoon winkelcentrum',
    indicator: 'Klachten zwerfafval en bijplaatsingen',
    unit: 'per maand',
    direction: 'lager',
    baseline: 23,
    baselineDate: D(-170),
    target: 10,
    targetDate: D(195),
    subproblemIds: [D1],
  })
  const G4 = s.goal('GEM', T(-139.7), {
    title: 'Onderhoud op orde',
    indicator: 'Openstaande gebreken gezamenlijke schouw',
    unit: 'aantal',
    direction: 'lager',
    baseline: 57,
    baselineDate: D(-160),
    target: 10,
    targetDate: D(270),
    subproblemIds: [D4],
  })
  // Positions on the goals: akkoord, except these reservations.
  const reservations = new Map<Ref, [string, 'voorbehoud' | 'niet_akkoord', string][]>([
    [G1, [['POL', 'voorbehoud', 'Kleine steekproef; geen maat voor politie-inzet.']]],
    [
      G2,
      [
        ['WIN', 'niet_akkoord', "Van 14 naar 8 is te weinig; 's avonds horen er geen groepen bij de ingangen."],
        ['JZ', 'voorbehoud', 'Meer aandacht kan tijdelijk tot méér meldingen leiden.'],
      ],
    ],
    [G4, [['WON', 'voorbehoud', 'Haalbaar als ons MT dit kwartaal over de renovatie besluit.']]],
  ])
  for (const [i, code] of ALL.entries()) {
    for (const [j, g] of [G1, G2, G3, G4].entries()) {
      const r = reservations.get(g)?.find(([c]) => c === code)
      s.position(g, code, T(-136 + i * 2 + j * 0.01), r ? r[1] : 'akkoord', r ? r[2] : null)
    }
  }
  for (const [i, code] of ALL.entries()) s.done(4, code, T(-122 + i * 0.5))
  s.closeStep(4, T(-118))
  s.deadline(5, T(-90), T(-117.9))

  return { measures: { M1, M2, M3, M4, M5, M6 }, goals: { G1, G2, G3, G4 } }
}
