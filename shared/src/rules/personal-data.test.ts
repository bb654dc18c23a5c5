import { describe, expect, it } from 'vitest'
import { detectPersonalData, isValidBsn } from './personal-data.ts'

const kinds = (text: string) => detectPersonalData(text).map((w) => [w.kind, w.match])

// Every free text of DEMO.md: none of it is about a person, so none may be flagged.
const DEMO_TEXTS = [
  'Winkelcentrum De Hoven (32 winkels en een parkeergarage) is het wijkwinkelcentrum van Oosterhaven (ca. 9.500 inwoners). Centrum en portiekflats zijn ruim veertig jaar oud; renovatie is uitgesteld. Klachten over vervuiling, verval en groepen jongeren nemen al twee jaar toe.',
  'Brandbrief van de winkeliersvereniging aan de burgemeester, een drukbezochte bewonersavond en bespreking in de driehoek. De burgemeester vraagt om één gezamenlijke aanpak.',
  'Winkelcentrum De Hoven en omgeving (Hovenplein, parkeergarage, laad- en losstraat, portiekflats Hovenlaan), wijk Oosterhaven.',
  'Toezegging woonstichting en financiering ontmoetingsplek nog open',
  '168 meldingen overlast jeugd in 12 maanden (gem. 14 per maand); piek vr en za 20.00–23.00 uur bij Hovenplein en parkeergarage.',
  'Gem. 23 klachten per maand over zwerfafval en bijplaatsingen, vooral Hovenplein en containers Hovenlaan.',
  'Passantenenquête (n=212): 58% voelt zich veilig, na 18.00 uur 41%.',
  '19 van 26 deelnemers noemen groepen jongeren het grootste probleem; personeel wordt rond sluitingstijd geïntimideerd.',
  'Lawaai van scooters en groepen na 22.00 uur, afval naast de containers, kapotte portiekverlichting.',
  'Schouw met de gemeente: 41 gebreken in de portiekflats, 16 in de openbare ruimte. Tot het renovatiebesluit alleen spoedreparaties.',
  '12–15 jongeren van 14–19 jaar, grotendeels uit de wijk, deels zonder school of werk. Er is geen plek voor hen in de wijk.',
  'Vermoedelijk kleinschalige drugshandel bij de trappenhuizen van de parkeergarage, do–za na 21.00 uur.',
  'Vertrouwelijke bijdrage van Politie (driehoek), T-170',
  'Zwerfafval en bijplaatsingen',
  "Onveiligheidsgevoelens winkelend publiek 's avonds",
  'Overlast door groepen jongeren, Hovenplein en parkeergarage',
  'Achterstallig onderhoud portiekflats en openbare ruimte',
  'Op vrijdag- en zaterdagavond tussen 19.00 en 23.00 uur veroorzaken groepen jongeren op het Hovenplein en bij de ingang van de parkeergarage van De Hoven geluidsoverlast en intimideren zij personeel en bezoekers. Rond de containers aan de Hovenlaan ligt dagelijks afval; verlichting en portieken zijn slecht onderhouden. Na 18.00 uur voelt 59% van de bezoekers zich er niet veilig.',
  'Wij komen in beeld bij strafbare feiten; overlast zonder strafbare feiten is aan gemeente en jongerenwerk.',
  'Ook na 23.00 uur is er lawaai.',
  "Spreek over gedrag, niet over 'de jongeren' als probleem. Criminaliseren werkt averechts en kost ons het contact met de groep.",
  'Reiniging Hovenplein, 2x per week',
  'BOA-surveillance Hovenplein, vr en za 19.00–22.00 uur',
  'Particuliere beveiliger Hovenplein, vr en za 19.00–22.00 uur',
  'Gerichte surveillance parkeergarage, do–za 21.00–24.00 uur',
  'Inloopspreekuur jeugdconsulent, wijkcentrum',
  'Maandelijkse opschoonactie met vrijwilligers',
  "Veiliger gevoel 's avonds: bezoekers die zich na 18.00 uur veilig voelen, flitspeiling (%)",
  'Minder jeugdoverlast: meldingen overlast jeugd rond De Hoven (per maand)',
  'Schoon winkelcentrum: klachten zwerfafval en bijplaatsingen (per maand)',
  'Onderhoud op orde: openstaande gebreken gezamenlijke schouw (aantal)',
  'Kleine steekproef; geen maat voor politie-inzet.',
  "Van 14 naar 8 is te weinig; 's avonds horen er geen groepen bij de ingangen.",
  'Meer aandacht kan tijdelijk tot méér meldingen leiden.',
  'Haalbaar als ons MT dit kwartaal over de renovatie besluit.',
  'Extra reiniging vr en za; handhaving bijplaatsingen; huurdersbrief',
  'Herstel verlichting en bestrating laad- en losstraat',
  'Herstel 41 gebreken portiekflats Hovenlaan',
  'Eén toezichtrooster BOA’s, beveiliger en politie',
  'Straatcoaches vr en za 19.00–23.00 uur',
  'Gerichte controle parkeergarage, 2 avonden per week (do–za), 16 weken',
  'Toezicht koopavond donderdag 18.00–21.00 uur',
  'Meldprotocol en aangifte-ondersteuning winkeliers; snelle afdoening',
  'Afsprakenkaart Hovenplein met jongeren, winkeliers en bewoners; ouderavonden',
  'Tijdelijke ontmoetingsplek jongeren in het wijkcentrum, vrijdagavond',
  'Het basisteam heeft dit kwartaal geen capaciteit voor extra inzet op donderdagavond; noodhulp en geplande evenementen gaan voor.',
  'GEM stelt € 16.000 voor uit het sociaal domein, WON verwijst naar het leefbaarheidsbudget van volgend jaar, WIN biedt € 2.500.',
  'BOA’s op vrijdag, beveiliger op zaterdag; 6 BOA-uren per week gaan naar de koopavond.',
  'Twee extra afvalbakken geplaatst; 11 waarschuwingen en 4 boetes voor bijplaatsingen.',
  'Bestrating hersteld; levering van 3 lichtmasten vertraagd, plaatsing over zes weken.',
  '25 controleavonden; rustiger in de parkeergarage.',
  '9 gebreken hersteld, 7 nieuwe gemeld; portiekflats nog niet gestart',
  "Een 5 voor 'rondhangende jongeren' snap ik, maar rondhangen is niet strafbaar. Kunnen we het als gedrag omschrijven?",
  'Prima, als de avonden en de intimidatie er maar in staan.',
  'Titel aangepast, scores blijven staan.',
  "BOA's en jullie beveiliger lopen vr en za dezelfde ronde. Eén rooster, @Gerrit Plasmeijer?",
  'Graag, dan zetten we het in stap 5.',
  '@Noor Hazelaar, de toezegging is verlopen. Wat is er nodig voor een besluit?',
  'Besluit van ons MT volgt over twee weken. Kapotte verlichting pakken we nu al op.',
  'Dat hoorden we vorig jaar ook. Graag een datum voor de bewoners.',
  'Wij dragen € 2.500 bij als de plek buiten het winkelgebied ligt.',
  'Ik agendeer de verdeling voor het bestuurlijk overleg.',
  'Groep jongeren bij de achteringang; vernielingen en vervuiling, vooral in de winter.',
  'Overlast en vernielingen zijn meer dan gehalveerd. Verlichting, snoeien en jongerenwerk werkten het best; het meldprotocol kwam niet van de grond. Jongerenwerk en BOA-ronde gaan over naar de reguliere werkwijze.',
  'Verplaatsing is niet gemeten; neem een meetpunt in omliggende gebieden op.',
  'Een meldprotocol vraagt een vaste contactpersoon bij de ondernemers.',
  'Spreek bij de start af wie voorzieningen voor jongeren betaalt.',
  'Geen vaste contactpersoon; na drie maanden geen meldingen meer.',
  'Gemeente Rivierstede, Politie Basisteam Rivierstede-Oost, Openbaar Ministerie Arrondissementsparket Midden, Woonstichting Rivierstede, Winkeliersvereniging De Hoven, Bewonersvereniging Oosterhaven, Jeugdzorg Rivierland',
  'Schoon, heel en veilig winkelcentrum / Regie, reiniging, verlichting, BOA’s / Mandaat burgemeester',
  'Woongenot huurders, waarde complex Hovenlaan / Onderhoud portiekflats / Budget na MT-besluit renovatie',
  'Rust na 22.00 uur, schone straat / Signalen, opschoonacties / Met vrijwilligers',
  'Jongeren niet criminaliseren / Contact met jongeren en ouders / Ca. 5 uur per week',
]

describe('isValidBsn', () => {
  it('accepts numbers that pass the elfproef, with or without separators', () => {
    expect(isValidBsn('123456782')).toBe(true)
    expect(isValidBsn('123.456.782')).toBe(true)
    expect(isValidBsn('111222333')).toBe(true)
  })

  it('rejects numbers that fail the elfproef, all zeros and wrong lengths', () => {
    expect(isValidBsn('123456789')).toBe(false)
    expect(isValidBsn('000000000')).toBe(false)
    expect(isValidBsn('12345678')).toBe(false)
  })
})

describe('detectPersonalData', () => {
  it('flags nothing in any demo text', () => {
    for (const text of DEMO_TEXTS) expect(detectPersonalData(text), text).toEqual([])
  })

  it('flags a BSN, plain or grouped with dots or spaces, with its position', () => {
    expect(detectPersonalData('BSN 123456782 bekend')).toEqual([{ kind: 'bsn', match: '123456782', index: 4 }])
    expect(kinds('bsn: 123.456.782.')).toEqual([['bsn', '123.456.782']])
    expect(kinds('nummer 1112.22.333')).toEqual([['bsn', '1112.22.333']])
    expect(kinds('nummer 111 222 333')).toEqual([['bsn', '111 222 333']])
  })

  it('does not flag nine digits that fail the elfproef or belong to a longer number', () => {
    expect(kinds('ordernummer 123456789')).toEqual([])
    expect(kinds('telefoon 0612345678')).toEqual([])
    expect(kinds('IBAN-deel 1234567820')).toEqual([])
    expect(kinds('bedrag 1.123.456.782 euro')).toEqual([])
    expect(kinds('reeks 123.456-782')).toEqual([])
  })

  it('flags a date with a birth cue nearby, in any common notation', () => {
    expect(kinds('geboren op 3 maart 2008 in Rivierstede')).toEqual([['geboortedatum', '3 maart 2008']])
    expect(kinds('Geb. 2011-04-12')).toEqual([['geboortedatum', '2011-04-12']])
    expect(kinds('geboortedatum: 01-02-2015')).toEqual([['geboortedatum', '01-02-2015']])
    expect(kinds('DOB 12/04/1990')).toEqual([['geboortedatum', '12/04/1990']])
  })

  it('flags a bare day-month-year date with a year from 1900 to ten years ago', () => {
    expect(kinds('jongen van 14-05-2009 hangt rond')).toEqual([['geboortedatum', '14-05-2009']])
    expect(kinds('sinds 1.7.1968')).toEqual([['geboortedatum', '1.7.1968']])
    expect(kinds('zie 14/05/2016')).toEqual([['geboortedatum', '14/05/2016']])
  })

  it('does not flag recent dates, dates without a cue in other notations, or impossible dates', () => {
    expect(kinds('schouw op 14-05-2025')).toEqual([])
    expect(kinds('vergadering 12-03-2017')).toEqual([])
    expect(kinds('besluit van 3 maart 1998')).toEqual([])
    expect(kinds('gemeten op 2001-05-01')).toEqual([])
    expect(kinds('geboren 31-02-1990')).toEqual([])
    expect(kinds('van 01-01-1850')).toEqual([])
    expect(kinds('gebouw uit 1-1-2020')).toEqual([])
  })

  it('uses the given current year for the age limit', () => {
    expect(kinds('zie 14/05/2016')).toHaveLength(1)
    expect(detectPersonalData('zie 14/05/2016', 2025)).toEqual([])
  })

  it('flags a name after a title or form of address', () => {
    expect(kinds('gesprek met dhr. Jansen gehad')).toEqual([['naam', 'dhr. Jansen']])
    expect(kinds('Mevr. J. de Vries belde')).toEqual([['naam', 'Mevr. J. de Vries']])
    expect(kinds('de heer Van den Berg woont er')).toEqual([['naam', 'de heer Van den Berg']])
    expect(kinds('Mevrouw Bakker-Smit klaagt')).toEqual([['naam', 'Mevrouw Bakker-Smit']])
    expect(kinds('meneer El Amrani')).toEqual([['naam', 'meneer El Amrani']])
  })

  it('flags a known first name followed by one or two capitalised words', () => {
    expect(kinds('Iris Brinkhorst, beleidsadviseur')).toEqual([['naam', 'Iris Brinkhorst']])
    expect(kinds('de zoon, Kees van der Berg, is 15')).toEqual([['naam', 'Kees van der Berg']])
    expect(kinds('Jan Willem Jansen')).toEqual([['naam', 'Jan Willem Jansen']])
  })

  it('flags a title and first name once, as one name', () => {
    expect(kinds('de heer Piet Jansen')).toEqual([['naam', 'de heer Piet Jansen']])
  })

  it('does not flag places, organisations, streets, functions, mentions or lone first names', () => {
    expect(kinds('De Hoven, Openbaar Ministerie en Veiligheidshuis Rivierland')).toEqual([])
    expect(kinds('afval bij de Willem Alexanderlaan en het Anna Frankplein')).toEqual([])
    expect(kinds('leerlingen van het Johan Cruijff College')).toEqual([])
    expect(kinds('mevrouw Burgemeester opende')).toEqual([])
    expect(kinds('vraag het @Noor Hazelaar')).toEqual([])
    expect(kinds('Jan zei dat het rustig was')).toEqual([])
    expect(kinds('de heer des huizes')).toEqual([])
    expect(kinds('Roos Bloemen Winkel')).toEqual([])
  })

  it('returns several warnings in text order', () => {
    const text = 'Mevr. Jansen (geb. 12-03-1985, BSN 123456782)'
    expect(kinds(text)).toEqual([
      ['naam', 'Mevr. Jansen'],
      ['geboortedatum', '12-03-1985'],
      ['bsn', '123456782'],
    ])
  })
})
