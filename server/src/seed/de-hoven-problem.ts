import type { CaseSeed, Clock } from './case-seed.ts'

/** The seven organisations of the De Hoven project group, by code. */
export const DE_HOVEN_CODES = ['GEM', 'POL', 'OM', 'WON', 'WIN', 'BEW', 'JZ'] as const
const ALL = DE_HOVEN_CODES

/** Steps 1 and 2 of De Hoven: the phasing of step 1, the signals, sub-problems and problem statement. */
export function fillDeHovenProblem(s: CaseSeed, { T }: Clock) {
  const driehoek = [s.org('GEM'), s.org('POL'), s.org('OM')]

  // ── Phasing: opened → closed (deadline) ─────────────────────────────────────────────
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

  return { signals: { S1, S2, S3, S4, S5, S6, S7, S8 }, subproblems: { D1, D2, D3, D4 }, problemStatement: PS }
}
