import type { CaseSeed, Clock, Ref } from './case-seed.ts'

/** Steps 5 and 6 of De Hoven: the actions with their commitments, then measurements and progress. */
export function fillDeHovenActions(
  s: CaseSeed,
  { T, D }: Clock,
  { G1, G2, G3, G4 }: Record<'G1' | 'G2' | 'G3' | 'G4', Ref>,
) {
  // ── Step 5: actions and commitments ─────────────────────────────────────────────────
  const A1 = s.action('GEM', T(-116), {
    title: 'Extra reiniging vr en za; handhaving bijplaatsingen; huurdersbrief',
    trekker: 'GEM',
    participants: [
      ['GEM', 160],
      ['WON', 8],
      ['BEW', 10],
    ],
    startDate: D(-110),
    dueDate: D(90),
    cost: 9600,
    payer: 'GEM',
    goalIds: [G3],
  })
  const A2 = s.action('GEM', T(-115.9), {
    title: 'Herstel verlichting en bestrating laad- en losstraat',
    trekker: 'GEM',
    participants: [
      ['GEM', 40],
      ['POL', 6],
      ['WIN', 4],
    ],
    startDate: D(-90),
    dueDate: D(30),
    cost: 18500,
    payer: 'GEM',
    goalIds: [G1, G4],
  })
  const A4 = s.action('GEM', T(-115.8), {
    title: "Eén toezichtrooster BOA's, beveiliger en politie",
    trekker: 'GEM',
    participants: [
      ['GEM', 16],
      ['POL', 4],
      ['WIN', 6],
    ],
    startDate: D(-100),
    dueDate: D(-70),
    cost: 0,
    payer: null,
    goalIds: [G1, G2],
  })
  const A5 = s.action('GEM', T(-115.7), {
    title: 'Straatcoaches vr en za 19.00–23.00 uur',
    trekker: 'GEM',
    participants: [
      ['GEM', 24],
      ['JZ', 40],
      ['POL', 20],
    ],
    startDate: D(-95),
    dueDate: D(180),
    cost: 31200,
    payer: 'GEM',
    goalIds: [G1, G2],
  })
  const A6 = s.action('POL', T(-114), {
    title: 'Gerichte controle parkeergarage, 2 avonden per week (do–za), 16 weken',
    trekker: 'POL',
    participants: [
      ['POL', 96],
      ['GEM', 48],
    ],
    startDate: D(-90),
    dueDate: D(22),
    cost: 0,
    payer: null,
    goalIds: [G1, G2],
  })
  const A8 = s.action('WIN', T(-112), {
    title: 'Meldprotocol en aangifte-ondersteuning winkeliers; snelle afdoening',
    trekker: 'WIN',
    participants: [
      ['WIN', 20],
      ['POL', 8],
      ['OM', 12],
    ],
    startDate: D(-80),
    dueDate: D(100),
    cost: 2800,
    payer: 'WIN',
    goalIds: [G1],
  })
  s.commit(A1, 'WON', T(-113), 'accepted')
  s.commit(A1, 'BEW', T(-112.5), 'accepted')
  s.commit(A2, 'POL', T(-113.5), 'accepted')
  s.commit(A4, 'POL', T(-113.4), 'accepted')
  s.commit(A5, 'POL', T(-113.3), 'accepted')
  s.commit(A6, 'GEM', T(-113.8), 'accepted')
  s.commit(A2, 'WIN', T(-111.5), 'accepted')
  s.commit(A4, 'WIN', T(-111.4), 'accepted')
  s.commit(A5, 'JZ', T(-111), 'accepted')
  s.commit(A8, 'POL', T(-109), 'accepted')
  s.commit(A8, 'OM', T(-104), 'accepted')
  s.done(5, 'OM', T(-103.5))

  // Step 6 opens alongside step 5: the first actions have started.
  s.openStep(6, T(-100))
  // Per goal: who measures it, the title and source of the measurement, and the five values.
  const series: [goal: Ref, by: string, title: string, source: string, values: number[]][] = [
    [G1, 'GEM', 'Flitspeiling veiligheidsgevoel na 18.00 uur', 'Flitspeiling, n≈60', [42, 44, 47, 50, 53]],
    [G2, 'POL', 'Meldingen overlast jeugd', 'Politie, meldingenregistratie', [15, 13, 12, 10, 9]],
    [G3, 'GEM', 'Klachten zwerfafval en bijplaatsingen', 'Meldingen gemeente', [22, 19, 16, 14, 12]],
    [G4, 'WON', 'Openstaande gebreken', 'Gezamenlijke schouw', [57, 58, 56, 57, 55]],
  ]
  const MEASURED = [-150, -120, -90, -60, -30]
  const measurements = new Map<Ref, Ref[]>(series.map(([goal]) => [goal, []]))
  for (const [j, when] of MEASURED.entries()) {
    // The two measurements from before step 6 opened are entered when it opens; later ones two days after.
    const entered = Math.max(when + 2, -99)
    for (const [k, [goalId, by, title, source, values]] of series.entries()) {
      const last = goalId === G4 && when === -30
      const id = s.measurement(by, T(entered + k * 0.05 + j * 0.01), {
        title,
        description: last ? '9 gebreken hersteld, 7 nieuwe gemeld; portiekflats nog niet gestart.' : null,
        goalId,
        value: values[j]!,
        measuredAt: D(when),
        source,
      })
      measurements.get(goalId)!.push(id)
    }
  }

  s.actionUpdate('GEM', T(-72), {
    actionId: A4,
    status: 'klaar',
    title: 'Eén toezichtrooster in gebruik',
    note: "BOA's op vrijdag, beveiliger op zaterdag; 6 BOA-uren per week gaan naar de koopavond.",
  })
  const A7 = s.action('GEM', T(-68), {
    title: 'Toezicht koopavond donderdag 18.00–21.00 uur',
    trekker: 'GEM',
    participants: [
      ['GEM', 72],
      ['POL', 36],
    ],
    startDate: D(-60),
    dueDate: D(24),
    cost: 0,
    payer: null,
    goalIds: [G1],
  })
  s.commit(
    A7,
    'POL',
    T(-65),
    'declined',
    'Het basisteam heeft dit kwartaal geen capaciteit voor extra inzet op donderdagavond; noodhulp en geplande evenementen gaan voor.',
  )
  s.done(5, 'POL', T(-64.5))
  const A9 = s.action('JZ', T(-50), {
    title: 'Afsprakenkaart Hovenplein met jongeren, winkeliers en bewoners; ouderavonden',
    trekker: 'JZ',
    participants: [
      ['JZ', 30],
      ['BEW', 8],
      ['WIN', 8],
      ['GEM', 8],
    ],
    startDate: D(-40),
    dueDate: D(50),
    cost: 1500,
    payer: 'JZ',
    goalIds: [G1, G2],
  })
  s.commit(A9, 'BEW', T(-48), 'accepted')
  s.commit(A9, 'WIN', T(-47), 'accepted')
  s.commit(A9, 'GEM', T(-46.5), 'accepted')
  // A3 is put to the housing corporation at T-45; its commitment is still open.
  const A3 = s.action('GEM', T(-45), {
    title: 'Herstel 41 gebreken portiekflats Hovenlaan',
    trekker: 'WON',
    participants: [
      ['WON', 120],
      ['BEW', 12],
    ],
    startDate: D(7),
    dueDate: D(150),
    cost: 46000,
    payer: 'WON',
    goalIds: [G4],
  })
  s.commit(A3, 'BEW', T(-43), 'accepted')
  s.done(5, 'BEW', T(-42))
  s.done(5, 'JZ', T(-35))
  // A10: GEM writes it (and so accepts); how it is paid for is still open.
  const A10 = s.action('GEM', T(-30), {
    title: 'Tijdelijke ontmoetingsplek jongeren in het wijkcentrum, vrijdagavond',
    description:
      'GEM stelt € 16.000 voor uit het sociaal domein, WON verwijst naar het leefbaarheidsbudget van volgend jaar, WIN biedt € 2.500.',
    trekker: 'GEM',
    participants: [
      ['GEM', 40],
      ['JZ', 60],
      ['WIN', 0],
    ],
    startDate: D(14),
    dueDate: D(200),
    cost: 32000,
    payer: null,
    goalIds: [G2],
  })
  s.comment(A10, 'WIN', T(-27), 'Wij dragen € 2.500 bij als de plek buiten het winkelgebied ligt.')
  s.comment(A10, 'GEM', T(-26), 'Ik agendeer de verdeling voor het bestuurlijk overleg.')
  // Jeugdzorg and the shops take part (DEMO.md: every commitment accepted but A7 POL and A3 WON).
  s.commit(A10, 'JZ', T(-25.5), 'accepted')
  s.commit(A10, 'WIN', T(-25), 'accepted')
  s.done(5, 'WIN', T(-24))
  s.done(5, 'GEM', T(-20))
  s.actionUpdate('GEM', T(-14), {
    actionId: A1,
    status: 'bezig',
    title: 'Extra afvalbakken geplaatst, handhaving loopt',
    note: 'Twee extra afvalbakken geplaatst; 11 waarschuwingen en 4 boetes voor bijplaatsingen.',
  })
  // C3: the commitment for A3 was due at T-12.
  s.comment(A3, 'GEM', T(-11), '@Noor Hazelaar, de toezegging is verlopen. Wat is er nodig voor een besluit?', ['WON'])
  s.comment(A3, 'WON', T(-10), 'Besluit van ons MT volgt over twee weken. Kapotte verlichting pakken we nu al op.')
  s.comment(A3, 'BEW', T(-9), 'Dat hoorden we vorig jaar ook. Graag een datum voor de bewoners.')
  s.deadline(5, T(9), T(-8), 'Toezegging woonstichting en financiering ontmoetingsplek nog open')
  s.actionUpdate('GEM', T(-6), {
    actionId: A2,
    status: 'vertraagd',
    title: 'Bestrating hersteld, lichtmasten vertraagd',
    note: 'Bestrating hersteld; levering van 3 lichtmasten vertraagd, plaatsing over zes weken.',
  })
  s.actionUpdate('POL', T(-3), {
    actionId: A6,
    status: 'bezig',
    title: '25 controleavonden',
    note: '25 controleavonden; rustiger in de parkeergarage.',
  })

  return { actions: { A1, A2, A3, A4, A5, A6, A7, A8, A9, A10 }, measurements }
}
