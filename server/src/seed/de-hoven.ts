import type { CaseSeed } from './writer.ts'

/** Moments relative to the seeding day: `T(-30)` is 30 days ago, `D(-30)` its date. */
export interface Clock {
  T(days: number): Date
  D(days: number): string
  /** The date that many years before the seeding day. */
  yearsAgo(years: number): string
}

const ALL = ['GEM', 'POL', 'OM', 'WON', 'WIN', 'BEW', 'JZ'] as const

/**
 * Steps 1–6 of the De Hoven case, as shared/docs/DEMO.md section 2 describes it: steps 1–4 closed,
 * step 5 open with its deadline moved to T+9, step 6 open since T-100. Returns the item ids by their
 * DEMO names (S1, D3, M2, G2, A3, …) for tests and callers.
 */
export function fillDeHoven(s: CaseSeed, { T, D, yearsAgo }: Clock) {
  const driehoek = [s.org('GEM'), s.org('POL'), s.org('OM')]

  // ── Phasing: opened → closed (deadline) ─────────────────────────────────────────────
  s.createSteps(T(-200))
  s.deadline(1, T(-186), T(-199.9))
  for (const [i, code] of ALL.entries()) s.done(1, code, T(-192 + i * 0.6))
  s.closeStep(1, T(-187))
  s.deadline(2, T(-160), T(-186.9))

  // ── Step 2: signals ─────────────────────────────────────────────────────────────────
  const S1 = s.signal('POL', T(-185), {
    title: '168 meldingen overlast jeugd in 12 maanden',
    description:
      '168 meldingen overlast jeugd in 12 maanden (gem. 14 per maand); piek vr en za 20.00–23.00 uur bij Hovenplein en parkeergarage.',
    source: 'registratie',
    reliability: 'bevestigd',
    location: 'Hovenplein en parkeergarage',
    period: 'Afgelopen 12 maanden; piek vr en za 20.00–23.00 uur',
    involved: ['jongeren'],
    figure: 168,
    figureUnit: 'meldingen in 12 maanden',
  })
  const S2 = s.signal('GEM', T(-184), {
    title: 'Klachten over zwerfafval en bijplaatsingen',
    description:
      'Gem. 23 klachten per maand over zwerfafval en bijplaatsingen, vooral Hovenplein en containers Hovenlaan.',
    source: 'meldingen',
    reliability: 'bevestigd',
    location: 'Hovenplein en containers Hovenlaan',
    involved: ['omwonenden', 'bezoekers'],
    figure: 23,
    figureUnit: 'klachten per maand',
  })
  const S3 = s.signal('GEM', T(-182), {
    title: 'Passantenenquête: na 18.00 uur voelt 41% zich veilig',
    description: 'Passantenenquête (n=212): 58% voelt zich veilig, na 18.00 uur 41%.',
    source: 'enquete',
    reliability: 'bevestigd',
    location: 'Winkelcentrum De Hoven',
    period: 'Na 18.00 uur',
    involved: ['bezoekers'],
    figure: 41,
    figureUnit: '% voelt zich veilig na 18.00 uur',
  })
  const S4 = s.signal('WIN', T(-180), {
    title: 'Winkeliers noemen groepen jongeren het grootste probleem',
    description:
      '19 van 26 deelnemers noemen groepen jongeren het grootste probleem; personeel wordt rond sluitingstijd geïntimideerd.',
    source: 'enquete',
    reliability: 'bevestigd',
    location: 'Winkelcentrum De Hoven',
    period: 'Rond sluitingstijd',
    involved: ['ondernemers', 'jongeren'],
    figure: 19,
    figureUnit: 'van 26 winkeliers',
  })
  const S5 = s.signal('BEW', T(-178), {
    title: 'Lawaai, afval en kapotte verlichting na 22.00 uur',
    description: 'Lawaai van scooters en groepen na 22.00 uur, afval naast de containers, kapotte portiekverlichting.',
    source: 'bijeenkomst',
    reliability: 'onbevestigd',
    location: 'Hovenlaan en portiekflats',
    period: 'Na 22.00 uur',
    involved: ['omwonenden', 'jongeren'],
  })
  const S6 = s.signal('WON', T(-176), {
    title: 'Schouw: 41 gebreken portiekflats, 16 in de openbare ruimte',
    description:
      'Schouw met de gemeente: 41 gebreken in de portiekflats, 16 in de openbare ruimte. Tot het renovatiebesluit alleen spoedreparaties.',
    source: 'waarneming',
    reliability: 'bevestigd',
    location: 'Portiekflats Hovenlaan en openbare ruimte',
    involved: ['omwonenden'],
    figure: 57,
    figureUnit: 'gebreken (41 portiekflats, 16 openbare ruimte)',
  })
  const S7 = s.signal('JZ', T(-174), {
    title: 'Groep van 12–15 jongeren zonder plek in de wijk',
    description:
      '12–15 jongeren van 14–19 jaar, grotendeels uit de wijk, deels zonder school of werk. Er is geen plek voor hen in de wijk.',
    source: 'waarneming',
    reliability: 'inschatting',
    location: 'Hovenplein',
    involved: ['jongeren'],
  })
  const S8 = s.signal('POL', T(-170), {
    title: 'Vermoedelijk drugshandel bij trappenhuizen parkeergarage',
    description:
      'Vermoedelijk kleinschalige drugshandel bij de trappenhuizen van de parkeergarage, do–za na 21.00 uur.',
    source: 'waarneming',
    reliability: 'inschatting',
    location: 'Trappenhuizen parkeergarage',
    period: 'Do–za na 21.00 uur',
    involved: ['daders'],
    audience: driehoek,
  })

  // ── Step 2: sub-problems, priorities, the problem statement ────────────────────────
  const D1 = s.subproblem('GEM', T(-168.5), { title: 'Zwerfafval en bijplaatsingen', signalIds: [S2, S5] })
  const D2 = s.subproblem('GEM', T(-168.4), {
    title: "Onveiligheidsgevoelens winkelend publiek 's avonds",
    signalIds: [S3, S4, S8],
  })
  const D3 = s.subproblem('GEM', T(-168.3), { title: 'Rondhangende jongeren', signalIds: [S1, S4, S5, S7] })
  const D4 = s.subproblem('GEM', T(-168.2), {
    title: 'Achterstallig onderhoud portiekflats en openbare ruimte',
    signalIds: [S5, S6],
  })
  // Priority 1–5 per organisation; means D1 3.1 · D2 3.3 · D3 3.6 · D4 3.0.
  const scores: Record<(typeof ALL)[number], [number, number, number, number]> = {
    GEM: [4, 4, 4, 3],
    WIN: [4, 5, 5, 3],
    POL: [2, 3, 4, 2],
    BEW: [5, 3, 4, 5],
    OM: [1, 3, 3, 1],
    WON: [3, 2, 3, 4],
    JZ: [3, 3, 2, 3],
  }
  for (const [i, [code, row]] of Object.entries(scores).entries()) {
    for (const [j, d] of [D1, D2, D3, D4].entries()) s.rate(d, code, T(-167 + i * 0.25 + j * 0.001), row[j]!)
  }
  // C1: "rondhangen is niet strafbaar" — the projectleider renames D3, the scores stay.
  s.comment(
    D3,
    'JZ',
    T(-165.2),
    "Een 5 voor 'rondhangende jongeren' snap ik, maar rondhangen is niet strafbaar. Kunnen we het als gedrag omschrijven?",
  )
  s.comment(D3, 'WIN', T(-164.9), 'Prima, als de avonden en de intimidatie er maar in staan.')
  s.retitle(D3, 'GEM', T(-164.6), 'Overlast door groepen jongeren, Hovenplein en parkeergarage')
  s.comment(D3, 'GEM', T(-164.59), 'Titel aangepast, scores blijven staan.')

  const PS = s.problemStatement('GEM', T(-162), {
    title: 'Probleemstelling De Hoven',
    description:
      'Op vrijdag- en zaterdagavond tussen 19.00 en 23.00 uur veroorzaken groepen jongeren op het Hovenplein en bij de ingang van de parkeergarage van De Hoven geluidsoverlast en intimideren zij personeel en bezoekers. Rond de containers aan de Hovenlaan ligt dagelijks afval; verlichting en portieken zijn slecht onderhouden. Na 18.00 uur voelt 59% van de bezoekers zich er niet veilig.',
  })
  s.position(PS, 'GEM', T(-161.9), 'akkoord')
  s.position(PS, 'POL', T(-161.5), 'akkoord')
  s.position(
    PS,
    'OM',
    T(-161.2),
    'voorbehoud',
    'Wij komen in beeld bij strafbare feiten; overlast zonder strafbare feiten is aan gemeente en jongerenwerk.',
  )
  s.position(PS, 'WIN', T(-161), 'akkoord')
  s.position(PS, 'BEW', T(-160.8), 'voorbehoud', 'Ook na 23.00 uur is er lawaai.')
  s.position(PS, 'WON', T(-160.5), 'akkoord')
  s.position(
    PS,
    'JZ',
    T(-160.2),
    'voorbehoud',
    "Spreek over gedrag, niet over 'de jongeren' als probleem. Criminaliseren werkt averechts en kost ons het contact met de groep.",
  )
  for (const [i, code] of ALL.entries()) s.done(2, code, T(-159.9 + i * 0.25))
  s.closeStep(2, T(-158))
  s.deadline(3, T(-140), T(-157.9))

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
  const reservations: Record<string, [string, 'voorbehoud' | 'niet_akkoord', string][]> = {
    [G1]: [['POL', 'voorbehoud', 'Kleine steekproef; geen maat voor politie-inzet.']],
    [G2]: [
      ['WIN', 'niet_akkoord', "Van 14 naar 8 is te weinig; 's avonds horen er geen groepen bij de ingangen."],
      ['JZ', 'voorbehoud', 'Meer aandacht kan tijdelijk tot méér meldingen leiden.'],
    ],
    [G4]: [['WON', 'voorbehoud', 'Haalbaar als ons MT dit kwartaal over de renovatie besluit.']],
  }
  for (const [i, code] of ALL.entries()) {
    for (const [j, g] of [G1, G2, G3, G4].entries()) {
      const r = reservations[g]?.find(([c]) => c === code)
      s.position(g, code, T(-136 + i * 2 + j * 0.01), r ? r[1] : 'akkoord', r ? r[2] : null)
    }
  }
  for (const [i, code] of ALL.entries()) s.done(4, code, T(-122 + i * 0.5))
  s.closeStep(4, T(-118))
  s.deadline(5, T(-90), T(-117.9))

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
  const measurementTitle: Record<string, [string, string, string]> = {
    [G1]: ['GEM', 'Flitspeiling veiligheidsgevoel na 18.00 uur', 'Flitspeiling, n≈60'],
    [G2]: ['POL', 'Meldingen overlast jeugd', 'Politie, meldingenregistratie'],
    [G3]: ['GEM', 'Klachten zwerfafval en bijplaatsingen', 'Meldingen gemeente'],
    [G4]: ['WON', 'Openstaande gebreken', 'Gezamenlijke schouw'],
  }
  const series: [string, number[]][] = [
    [G1, [42, 44, 47, 50, 53]],
    [G2, [15, 13, 12, 10, 9]],
    [G3, [22, 19, 16, 14, 12]],
    [G4, [57, 58, 56, 57, 55]],
  ]
  const MEASURED = [-150, -120, -90, -60, -30]
  const measurementIds: Record<string, string[]> = {}
  for (const [j, when] of MEASURED.entries()) {
    // The two measurements from before step 6 opened are entered when it opens; later ones two days after.
    const entered = Math.max(when + 2, -99)
    for (const [k, [goalId, values]] of series.entries()) {
      const [by, title, source] = measurementTitle[goalId]!
      const last = goalId === G4 && when === -30
      const id = s.measurement(by, T(entered + k * 0.05 + j * 0.01), {
        title,
        description: last ? '9 gebreken hersteld, 7 nieuwe gemeld; portiekflats nog niet gestart.' : null,
        goalId,
        value: values[j]!,
        measuredAt: D(when),
        source,
      })
      if (!measurementIds[goalId]) measurementIds[goalId] = []
      measurementIds[goalId].push(id)
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

  return {
    signals: { S1, S2, S3, S4, S5, S6, S7, S8 },
    subproblems: { D1, D2, D3, D4 },
    problemStatement: PS,
    measures: { M1, M2, M3, M4, M5, M6 },
    goals: { G1, G2, G3, G4 },
    actions: { A1, A2, A3, A4, A5, A6, A7, A8, A9, A10 },
    measurements: measurementIds,
  }
}
