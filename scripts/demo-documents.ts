/**
 * Writes the demo case's documents into server/src/seed/documents/ (they are committed; the seed
 * only reads them): the wijkscan and the police analysis as PDF (pdfmake), the minutes of a
 * project-group meeting as Word (docx), and a drawn situation sketch of the schouw as PNG (an SVG
 * screenshotted by Chromium: there is no photograph to take here, and the sketch says so).
 *
 * Run: `node --import tsx scripts/demo-documents.ts`. Figures follow shared/docs/DEMO.md and the
 * seed (server/src/seed/de-hoven-*.ts); dates are written for a seeding day of SEEDING_DAY, as
 * the seed places each document at its DEMO moment (T-205 for the wijkscan, …).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import pdfmake from 'pdfmake'
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces'
import { chromium } from 'playwright-core'
import { DEMO_DOCUMENT_FILES, DEMO_DOCUMENT_MOMENTS } from '../server/src/seed/de-hoven-documents.ts'

const OUT = fileURLToPath(new URL('../server/src/seed/documents/', import.meta.url))
const ROBOTO = fileURLToPath(new URL('../node_modules/pdfmake/fonts/Roboto/', import.meta.url))

/** The day the texts take as "today" (T in DEMO.md). */
const SEEDING_DAY = Date.UTC(2026, 11, 6)
const DAY = 86_400_000
const MONTHS = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
]

/** T(-205) as Dutch text: "15 mei 2026". */
function day(offset: number) {
  const d = new Date(SEEDING_DAY + Math.round(offset) * DAY)
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`
}

/** A fixed creation date, so that running the script again changes no bytes it need not change. */
function moment(offset: number) {
  return new Date(SEEDING_DAY + offset * DAY)
}

const people = {
  GEM: ['Iris Brinkhorst', 'Gemeente Rivierstede', 'projectleider, beleidsadviseur OOV'],
  POL: ['Ruud Kalkman', 'Politie, Basisteam Rivierstede-Oost', 'wijkagent'],
  OM: ['Femke Oudeweg', 'Openbaar Ministerie, Arrondissementsparket Midden', 'officier van justitie'],
  WON: ['Noor Hazelaar', 'Woonstichting Rivierstede', 'wijkconsulent'],
  WIN: ['Gerrit Plasmeijer', 'Winkeliersvereniging De Hoven', 'voorzitter'],
  BEW: ['Anneke Dorrestijn', 'Bewonersvereniging Oosterhaven', 'secretaris'],
  JZ: ['Daan Meulenbelt', 'Jeugdzorg Rivierland', 'jeugdconsulent'],
} as const

// ── PDF ───────────────────────────────────────────────────────────────────────────────

pdfmake.setFonts({
  Roboto: {
    normal: join(ROBOTO, 'Roboto-Regular.ttf'),
    bold: join(ROBOTO, 'Roboto-Medium.ttf'),
    italics: join(ROBOTO, 'Roboto-Italic.ttf'),
    bolditalics: join(ROBOTO, 'Roboto-MediumItalic.ttf'),
  },
})
// Nothing outside the fonts is read, and nothing is fetched.
pdfmake.setLocalAccessPolicy((path) => path.startsWith(ROBOTO))
pdfmake.setUrlAccessPolicy(() => false)

const pdfStyles: TDocumentDefinitions['styles'] = {
  title: { fontSize: 20, bold: true, color: '#1f3b57', margin: [0, 0, 0, 4] },
  subtitle: { fontSize: 11, color: '#4a5a6a', margin: [0, 0, 0, 16] },
  h2: { fontSize: 13, bold: true, color: '#1f3b57', margin: [0, 14, 0, 6] },
  small: { fontSize: 8, color: '#4a5a6a' },
  tableHeader: { bold: true, fillColor: '#e8eef3' },
  banner: { fontSize: 9, bold: true, color: '#ffffff', fillColor: '#8b1e1e' },
}

function table(header: string[], rows: (string | number)[][], widths: (string | number)[]): Content {
  return {
    table: {
      headerRows: 1,
      widths,
      body: [header.map((text) => ({ text, style: 'tableHeader' })), ...rows.map((r) => r.map((c) => String(c)))],
    },
    layout: 'lightHorizontalLines',
    fontSize: 9,
    margin: [0, 2, 0, 8],
  }
}

async function writePdf(file: string, definition: TDocumentDefinitions) {
  await pdfmake
    .createPdf({ pageSize: 'A4', pageMargins: [56, 64, 56, 56], styles: pdfStyles, ...definition })
    .write(join(OUT, file))
}

/** Reported overlast jeugd per month, May 2025 – April 2026: 168 in all, 14 a month (signal S1). */
const YOUTH_REPORTS = [11, 10, 12, 13, 15, 17, 18, 16, 14, 13, 15, 14]
/** Complaints about litter and dumped bags per month over the same year: 23 a month (signal S2). */
const LITTER_COMPLAINTS = [21, 22, 24, 25, 26, 23, 22, 21, 23, 24, 22, 23]
const SCAN_MONTHS = ['mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec', 'jan', 'feb', 'mrt', 'apr']

function wijkscan(): TDocumentDefinitions {
  const dated = day(DEMO_DOCUMENT_MOMENTS.wijkscanWritten)
  const bars = YOUTH_REPORTS.map((n, i) => ({
    stack: [
      { canvas: [{ type: 'rect', x: 4, y: (20 - n) * 4, w: 22, h: n * 4, color: '#3d6f99' }] },
      { text: `${n}`, fontSize: 7, alignment: 'center' },
      { text: SCAN_MONTHS[i]!, fontSize: 7, alignment: 'center', color: '#4a5a6a' },
    ],
    width: 30,
  })) as Content[]
  return {
    info: {
      title: 'Wijkscan De Hoven 2026',
      author: 'Gemeente Rivierstede, Openbare Orde en Veiligheid',
      subject: 'Winkelcentrum De Hoven en omgeving, wijk Oosterhaven',
      creationDate: moment(DEMO_DOCUMENT_MOMENTS.wijkscanWritten),
    },
    footer: (page, pages) => ({
      text: `Wijkscan De Hoven 2026 · Gemeente Rivierstede · pagina ${page} van ${pages}`,
      style: 'small',
      alignment: 'center',
    }),
    content: [
      { text: 'Wijkscan De Hoven 2026', style: 'title' },
      {
        text: `Winkelcentrum De Hoven en omgeving, wijk Oosterhaven · Gemeente Rivierstede, team Openbare Orde en Veiligheid · ${dated}`,
        style: 'subtitle',
      },
      { text: '1. Aanleiding', style: 'h2' },
      {
        text: 'De winkeliersvereniging stuurde de burgemeester een brandbrief over vervuiling, verval en groepen jongeren rond het winkelcentrum. Op de bewonersavond in het wijkcentrum kwamen dezelfde klachten terug, en de driehoek (burgemeester, politie en Openbaar Ministerie) besprak de situatie. De burgemeester vraagt om één gezamenlijke aanpak met de partners in de wijk. Deze wijkscan brengt in kaart wat er bekend is, als vertrekpunt voor die aanpak volgens de methode van het Lokaal Veiligheidsplan.',
      },
      { text: '2. Het gebied', style: 'h2' },
      {
        ul: [
          'Winkelcentrum De Hoven: 32 winkels rond het Hovenplein, met een parkeergarage onder en naast het centrum en een laad- en losstraat aan de achterzijde.',
          'Wijk Oosterhaven: ca. 9.500 inwoners. De Hoven is het wijkwinkelcentrum; het wijkcentrum ligt op vijf minuten lopen.',
          'Portiekflats Hovenlaan (Woonstichting Rivierstede): ruim veertig jaar oud, net als het winkelcentrum. De renovatie is uitgesteld; tot het renovatiebesluit worden alleen spoedreparaties gedaan.',
          'Klachten over vervuiling, verval en groepen jongeren nemen al twee jaar toe.',
        ],
      },
      { text: '3. Cijfers', style: 'h2' },
      {
        text: 'Meldingen overlast jeugd rond De Hoven per maand (politie, mei 2025 – april 2026): 168 in twaalf maanden, gemiddeld 14 per maand.',
        margin: [0, 0, 0, 6],
      },
      { columns: bars, columnGap: 2, margin: [0, 0, 0, 4] },
      {
        text: 'De piek ligt op vrijdag- en zaterdagavond tussen 20.00 en 23.00 uur, bij het Hovenplein en de parkeergarage.',
        margin: [0, 4, 0, 8],
      },
      table(
        ['Indicator', 'Bron', 'Periode', 'Waarde'],
        [
          ['Meldingen overlast jeugd', 'Politie', 'mei 2025 – apr 2026', '168 (gem. 14 per maand)'],
          [
            'Klachten zwerfafval en bijplaatsingen',
            'Meldingen gemeente',
            'mei 2025 – apr 2026',
            `${LITTER_COMPLAINTS.reduce((a, b) => a + b, 0)} (gem. 23 per maand)`,
          ],
          ['Bezoekers die zich veilig voelen', 'Passantenenquête (n=212)', 'april 2026', '58%'],
          ['… na 18.00 uur', 'Passantenenquête (n=212)', 'april 2026', '41%'],
        ],
        ['*', 'auto', 'auto', 'auto'],
      ),
      {
        text: 'Klachten over zwerfafval en bijplaatsingen gaan vooral over het Hovenplein en de containers aan de Hovenlaan. Ondernemers en bewoners noemen daarnaast kapotte verlichting in de laad- en losstraat en in de portieken van de Hovenlaan.',
      },
      { text: '4. Wat er al gebeurt', style: 'h2', pageBreak: 'before' },
      table(
        ['Maatregel', 'Wie', 'Sinds', '€ per jaar', 'Uren per week'],
        [
          ['Reiniging Hovenplein, 2x per week', 'Gemeente', '9 jaar', '18.400', '6'],
          ['BOA-surveillance Hovenplein, vr en za 19.00–22.00 uur', 'Gemeente', '2 jaar', '–', '12'],
          ['Particuliere beveiliger Hovenplein, vr en za 19.00–22.00 uur', 'Winkeliers', '1 jaar', '14.000', '6'],
          ['Gerichte surveillance parkeergarage, do–za 21.00–24.00 uur', 'Politie', '1 jaar', '–', '6'],
          ['Inloopspreekuur jeugdconsulent, wijkcentrum', 'Jeugdzorg', '3 jaar', '–', '3'],
          ['Maandelijkse opschoonactie met vrijwilligers', 'Bewoners', '4 jaar', '750', '2'],
          ['Totaal', '', '', '33.150', '35'],
        ],
        ['*', 'auto', 'auto', 'auto', 'auto'],
      ),
      {
        text: "BOA's en de beveiliger van de winkeliers lopen op vrijdag- en zaterdagavond dezelfde ronde. Voor het onderhoud van de portiekflats en de openbare ruimte loopt geen maatregel; een gezamenlijke schouw met de woonstichting is gepland.",
      },
      { text: '5. Wat we nog niet weten', style: 'h2' },
      {
        ul: [
          'Hoe winkeliers en hun personeel de avonden ervaren: de winkeliersvereniging houdt een enquête onder haar leden.',
          'Om welke jongeren het gaat en wat zij zelf nodig hebben: Jeugdzorg Rivierland en het jongerenwerk brengen de groep in beeld.',
          'Hoeveel gebreken er zijn aan portiekflats en openbare ruimte: schouw met Woonstichting Rivierstede.',
        ],
      },
      { text: '6. Voorstel', style: 'h2' },
      {
        text: 'Een projectgroep met gemeente, politie, Openbaar Ministerie, woonstichting, winkeliersvereniging, bewonersvereniging en jeugdzorg werkt de zes stappen van het Lokaal Veiligheidsplan door: van probleemanalyse tot evaluatie. De gemeente is projectleider; de burgemeester is verantwoordelijk bestuurder. Eerste stap: deze wijkscan delen en per partner de eigen signalen en cijfers aanvullen.',
      },
      {
        text: 'Cijfers zijn geaggregeerd per maand of per gebied en bevatten geen gegevens over personen.',
        style: 'small',
        margin: [0, 16, 0, 0],
      },
    ],
  }
}

/** The police's own breakdown of the same 168 reports, by place (signal S1). */
const REPORTS_BY_PLACE: [string, number][] = [
  ['Hovenplein', 71],
  ['Parkeergarage en in- en uitgangen', 58],
  ['Laad- en losstraat', 22],
  ['Hovenlaan en portieken', 17],
]

function policeAnalysis(): TDocumentDefinitions {
  const dated = day(DEMO_DOCUMENT_MOMENTS.policeAnalysisWritten)
  const total = REPORTS_BY_PLACE.reduce((sum, [, n]) => sum + n, 0)
  return {
    info: {
      title: 'Analyse overlast en criminaliteit De Hoven',
      author: 'Politie, Basisteam Rivierstede-Oost',
      subject: 'Vertrouwelijk: alleen voor de driehoek',
      creationDate: moment(DEMO_DOCUMENT_MOMENTS.policeAnalysisWritten),
    },
    header: {
      table: {
        widths: ['*'],
        body: [[{ text: 'VERTROUWELIJK · alleen voor gemeente, politie en OM (driehoek)', style: 'banner' }]],
      },
      layout: 'noBorders',
      margin: [56, 24, 56, 0],
    },
    footer: (page, pages) => ({
      text: `Politie, Basisteam Rivierstede-Oost · ${dated} · pagina ${page} van ${pages}`,
      style: 'small',
      alignment: 'center',
    }),
    content: [
      { text: 'Analyse overlast en criminaliteit De Hoven', style: 'title' },
      { text: `Politie, Basisteam Rivierstede-Oost · wijkagent Oosterhaven · ${dated}`, style: 'subtitle' },
      { text: '1. Meldingen overlast jeugd', style: 'h2' },
      {
        text: `In de twaalf maanden van mei 2025 tot en met april 2026 kwamen ${total} meldingen van overlast door jeugd binnen over De Hoven en directe omgeving, gemiddeld 14 per maand. 97 meldingen (58%) vallen op vrijdag- en zaterdagavond tussen 20.00 en 23.00 uur.`,
      },
      table(
        ['Plaats', 'Meldingen', 'Aandeel'],
        [
          ...REPORTS_BY_PLACE.map(([place, n]) => [place, n, `${Math.round((n / total) * 100)}%`]),
          ['Totaal', total, '100%'],
        ],
        ['*', 'auto', 'auto'],
      ),
      { text: '2. De groep', style: 'h2' },
      {
        text: 'Het gaat om een wisselende groep van 12 tot 15 jongeren van 14 tot 19 jaar, grotendeels uit Oosterhaven. Een kern van vijf à zes jongeren is bij de politie bekend van eerdere incidenten (vernieling, belediging van personeel). De meeste meldingen betreffen geluidsoverlast, rondhangen bij de ingangen en intimiderend gedrag tegen personeel rond sluitingstijd; strafbare feiten zijn een minderheid.',
      },
      { text: '3. Vermoedelijke handel in de parkeergarage', style: 'h2' },
      {
        text: 'Informatie van surveillance en uit de omgeving wijst op kleinschalige drugshandel bij de trappenhuizen van de parkeergarage, van donderdag tot en met zaterdag na 21.00 uur. Dit is een inschatting: er zijn geen aanhoudingen en er is geen onderzoek gestart. Deze informatie is alleen voor de driehoek en wordt niet met andere partners gedeeld; zij verklaart waarom de politie inzet op de parkeergarage vraagt.',
      },
      { text: '4. Advies aan de driehoek', style: 'h2' },
      {
        ol: [
          'Gerichte controle van de parkeergarage op twee avonden per week (donderdag tot en met zaterdag), zestien weken lang, met toezichthouders van de gemeente.',
          'Een meldprotocol en aangifte-ondersteuning voor winkeliers, met snelle afdoening door het Openbaar Ministerie waar een strafbaar feit is gepleegd.',
          'Overlast zonder strafbare feiten hoort bij gemeente, jongerenwerk en jeugdzorg: de politie zet in op strafbaar gedrag.',
          'Verlichting van de laad- en losstraat en de in- en uitgangen van de parkeergarage herstellen: donkere hoeken trekken de groep aan.',
        ],
      },
      {
        text: 'Deze analyse bevat geen namen of andere gegevens van personen. Vragen: Ruud Kalkman, wijkagent.',
        style: 'small',
        margin: [0, 16, 0, 0],
      },
    ],
  }
}

// ── Word ──────────────────────────────────────────────────────────────────────────────

const thin = { style: BorderStyle.SINGLE, size: 4, color: '9aa8b5' }
const cellBorders = { top: thin, bottom: thin, left: thin, right: thin }

function wordTable(header: string[], rows: string[][]) {
  const cell = (text: string, bold = false) =>
    new TableCell({ borders: cellBorders, children: [new Paragraph({ children: [new TextRun({ text, bold })] })] })
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
    ],
  })
}

const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_2, spacing: { before: 240 } })
const para = (text: string) => new Paragraph({ children: [new TextRun(text)], spacing: { after: 120 } })
const bullet = (text: string) => new Paragraph({ text, bullet: { level: 0 } })

function minutes(): Document {
  const m = DEMO_DOCUMENT_MOMENTS
  const meeting = day(m.meeting)
  return new Document({
    creator: 'Iris Brinkhorst, Gemeente Rivierstede',
    title: `Verslag projectgroep De Hoven, ${meeting}`,
    description: 'Plan van aanpak: acties, trekkers en toezeggingen',
    styles: { default: { document: { run: { font: 'Calibri', size: 22 } } } },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Verslag projectgroep De Hoven', heading: HeadingLevel.TITLE }),
          new Paragraph({
            alignment: AlignmentType.LEFT,
            children: [
              new TextRun({
                text: `${meeting}, 19.30–21.45 uur, wijkcentrum Oosterhaven · voorzitter en verslag: Iris Brinkhorst (Gemeente Rivierstede)`,
                italics: true,
              }),
            ],
            spacing: { after: 200 },
          }),
          heading('Aanwezig'),
          ...Object.values(people).map(([name, org, role]) => bullet(`${name}, ${org} (${role})`)),
          heading('Agenda'),
          ...[
            'Opening en verslag vorige bijeenkomst',
            'Doelen (stap 4): vastgesteld, met de voorbehouden erbij',
            'Plan van aanpak (stap 5): acties, trekkers, kosten en uren',
            "Eén toezichtrooster voor BOA's, beveiliger en politie",
            'Portiekflats Hovenlaan en een ontmoetingsplek voor jongeren',
            'Rondvraag en sluiting',
          ].map((text, i) => para(`${i + 1}. ${text}`)),
          heading('Besluiten'),
          bullet(
            'De vier doelen van stap 4 staan. De voorbehouden van politie (flitspeiling), winkeliers (streefwaarde meldingen) en jeugdzorg (meer meldingen door meer aandacht) blijven in het dossier staan.',
          ),
          bullet(
            'De projectgroep stelt zes acties vast; de trekker zet ze in het dossier en de betrokken partners geven daar hun toezegging:',
          ),
          wordTable(
            ['Actie', 'Trekker', 'Looptijd', 'Kosten'],
            [
              [
                'Extra reiniging vr en za; handhaving bijplaatsingen; huurdersbrief',
                'Gemeente',
                `${day(-110)} – ${day(90)}`,
                '€ 9.600',
              ],
              [
                'Herstel verlichting en bestrating laad- en losstraat',
                'Gemeente',
                `${day(-90)} – ${day(30)}`,
                '€ 18.500',
              ],
              ["Eén toezichtrooster BOA's, beveiliger en politie", 'Gemeente', `${day(-100)} – ${day(-70)}`, '–'],
              ['Straatcoaches vr en za 19.00–23.00 uur', 'Gemeente', `${day(-95)} – ${day(180)}`, '€ 31.200'],
              [
                'Gerichte controle parkeergarage, 2 avonden per week (do–za), 16 weken',
                'Politie',
                `${day(-90)} – ${day(22)}`,
                '–',
              ],
              [
                'Meldprotocol en aangifte-ondersteuning winkeliers; snelle afdoening',
                'Winkeliersvereniging',
                `${day(-80)} – ${day(100)}`,
                '€ 2.800',
              ],
            ],
          ),
          bullet(
            "BOA's gaan op vrijdag, de beveiliger van de winkeliers op zaterdag: zo lopen zij niet meer dezelfde ronde (naar aanleiding van de reactie van de politie bij de maatregelen).",
          ),
          bullet(
            'Herstel van de gebreken in de portiekflats Hovenlaan komt terug zodra het MT van de woonstichting over de renovatie heeft besloten. Een ontmoetingsplek voor jongeren wordt later uitgewerkt; de financiering is nog open.',
          ),
          heading('Actiepunten'),
          wordTable(
            ['Wie', 'Wat', 'Wanneer'],
            [
              ['Iris Brinkhorst', 'De vier acties van de gemeente in het dossier zetten', day(m.meeting + 1)],
              ['Ruud Kalkman', 'Gerichte controle parkeergarage uitwerken en in het dossier zetten', day(-114)],
              ['Gerrit Plasmeijer', 'Meldprotocol voor winkeliers opstellen en in het dossier zetten', day(-112)],
              ['Femke Oudeweg', 'Snelle afdoening bij het meldprotocol afstemmen en toezeggen', day(-104)],
              ['Noor Hazelaar', 'Datum van het MT-besluit over de renovatie doorgeven', 'volgende bijeenkomst'],
              ['Daan Meulenbelt', 'Inzet jeugdzorg bij de straatcoaches toezeggen', day(-111)],
              ['Alle partners', 'Toezeggingen op de acties geven in het dossier', day(-104)],
            ],
          ),
          heading('Rondvraag'),
          para(
            'De bewonersvereniging vraagt om ook de uren na 23.00 uur in het oog te houden. De winkeliersvereniging meldt dat de ledenvergadering over een bijdrage aan het meldprotocol beslist. Volgende bijeenkomst: over zes weken, in het wijkcentrum.',
          ),
        ],
      },
    ],
  })
}

// ── Image ─────────────────────────────────────────────────────────────────────────────

/** The schouw's spots, numbered on the sketch: only what every partner may see (no police analysis). */
const SPOTS: [n: number, x: number, y: number, text: string][] = [
  [1, 470, 330, 'Hovenplein: groepen vr- en za-avond, afval bij bankjes'],
  [2, 760, 250, 'Ingang parkeergarage: donker, verlichting deels kapot'],
  [3, 300, 560, 'Containers Hovenlaan: dagelijks bijplaatsingen'],
  [4, 470, 115, 'Laad- en losstraat: 3 lichtmasten defect, bestrating verzakt'],
  [5, 150, 420, 'Portiekflats Hovenlaan: 41 gebreken (licht, deuren, trappen)'],
]

function sketchHtml() {
  const spots = SPOTS.map(
    ([n, x, y]) =>
      `<circle cx="${x}" cy="${y}" r="17" fill="#c0392b" stroke="#fff" stroke-width="3"/><text x="${x}" y="${y + 6}" text-anchor="middle" font-size="17" font-weight="700" fill="#fff">${n}</text>`,
  ).join('')
  const legend = SPOTS.map(
    ([n, , , text], i) =>
      `<text x="900" y="${190 + i * 56}" font-size="15"><tspan font-weight="700" fill="#c0392b">${n}</tspan>  ${text.split(': ')[0]}</text><text x="922" y="${211 + i * 56}" font-size="13" fill="#4a5a6a">${text.split(': ')[1]}</text>`,
  ).join('')
  return `<!doctype html><html><body style="margin:0;background:#fff">
<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720" font-family="DejaVu Sans, sans-serif">
  <rect width="1280" height="720" fill="#f4f1ea"/>
  <text x="40" y="46" font-size="24" font-weight="700" fill="#1f3b57">Situatieschets schouw winkelcentrum De Hoven</text>
  <text x="40" y="72" font-size="14" fill="#4a5a6a">Getekend na de schouw van ${day(DEMO_DOCUMENT_MOMENTS.schouw)} (Woonstichting Rivierstede en gemeente). Schets, geen foto; niet op schaal.</text>
  <!-- Laad- en losstraat behind the centre -->
  <rect x="230" y="95" width="620" height="40" fill="#cfcac0"/>
  <text x="240" y="121" font-size="13" fill="#5b5548">Laad- en losstraat</text>
  <!-- The shops around the square -->
  <rect x="230" y="145" width="480" height="110" fill="#d9c7a3" stroke="#8a7a5a"/>
  <text x="470" y="205" font-size="15" text-anchor="middle" fill="#5b4a2a">Winkels De Hoven (32)</text>
  <rect x="230" y="255" width="90" height="170" fill="#d9c7a3" stroke="#8a7a5a"/>
  <rect x="620" y="255" width="90" height="170" fill="#d9c7a3" stroke="#8a7a5a"/>
  <rect x="330" y="265" width="280" height="150" fill="#e9e4d6" stroke="#b9b19c" stroke-dasharray="6 4"/>
  <text x="470" y="395" font-size="15" text-anchor="middle" fill="#5b5548">Hovenplein</text>
  <!-- Parking garage -->
  <rect x="720" y="145" width="130" height="280" fill="#b7c4cf" stroke="#6f8191"/>
  <text x="785" y="300" font-size="14" text-anchor="middle" fill="#2f4455">Parkeer-</text>
  <text x="785" y="318" font-size="14" text-anchor="middle" fill="#2f4455">garage</text>
  <!-- Hovenlaan and the flats -->
  <rect x="40" y="470" width="830" height="46" fill="#cfcac0"/>
  <text x="660" y="499" font-size="14" fill="#5b5548">Hovenlaan</text>
  <rect x="60" y="150" width="140" height="300" fill="#c9b6b0" stroke="#8a6f66"/>
  <text x="130" y="300" font-size="14" text-anchor="middle" fill="#5a3f36">Portiekflats</text>
  <text x="130" y="318" font-size="14" text-anchor="middle" fill="#5a3f36">Hovenlaan</text>
  <rect x="60" y="540" width="200" height="140" fill="#c9b6b0" stroke="#8a6f66"/>
  <rect x="270" y="540" width="60" height="34" fill="#7f8c8d"/>
  <text x="300" y="600" font-size="12" text-anchor="middle" fill="#4a5a6a">containers</text>
  <rect x="560" y="540" width="200" height="120" fill="#cdd9c5" stroke="#7e9472"/>
  <text x="660" y="605" font-size="14" text-anchor="middle" fill="#3d5232">Wijkcentrum</text>
  ${spots}
  <text x="900" y="150" font-size="17" font-weight="700" fill="#1f3b57">Bevindingen schouw</text>
  ${legend}
  <text x="900" y="486" font-size="13" fill="#4a5a6a">57 gebreken in totaal: 41 in de portiekflats,</text>
  <text x="900" y="505" font-size="13" fill="#4a5a6a">16 in de openbare ruimte.</text>
  <text x="40" y="705" font-size="12" fill="#4a5a6a">Noord ↑ · Veiligheidsplanner demo, gemeente Rivierstede (fictief)</text>
</svg></body></html>`
}

async function writeSketch(file: string) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    await page.setContent(sketchHtml())
    await page.screenshot({ path: join(OUT, file), type: 'png' })
  } finally {
    await browser.close()
  }
}

async function main() {
  mkdirSync(OUT, { recursive: true })
  await writePdf(DEMO_DOCUMENT_FILES.wijkscan, wijkscan())
  await writePdf(DEMO_DOCUMENT_FILES.policeAnalysis, policeAnalysis())
  writeFileSync(join(OUT, DEMO_DOCUMENT_FILES.minutes), await Packer.toBuffer(minutes()))
  await writeSketch(DEMO_DOCUMENT_FILES.sketch)
  console.log(`written to ${OUT}`)
}

await main()
