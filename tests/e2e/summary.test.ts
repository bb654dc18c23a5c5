import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { AXE_SCANS_TIMEOUT, CSRF, checkBothLanguages, DE_HOVEN, DEMO_USER, POLITIE, useE2eSuite } from './support.ts'

// The Samenvatting page (F8) in the browser: the projectleider of De Hoven reads the whole case on
// one page, prints it without the app around it, switches to the council's version and downloads
// the PDF and the Word file; the page follows the case live.

const e2e = useE2eSuite()

/** The ten sections, in the order of the PDF and the Word file (server/src/summary/labels.ts). */
const SECTIONS = [
  'Stappen',
  'Projectgroep',
  'Het probleem',
  'Wat doen we al?',
  'Wat willen we bereiken?',
  'Wat gaan we doen?',
  'Kosten en capaciteit',
  'Monitoring',
  'Evaluatie en conclusie',
  'Documenten',
]

/** The start of the agreed probleemstelling of De Hoven (shared/docs/DEMO.md). */
const STATEMENT = 'Op vrijdag- en zaterdagavond tussen 19.00 en 23.00 uur veroorzaken groepen jongeren'
const RAAD_NOTE = 'Versie voor de gemeenteraad: alleen wat alle partners mogen zien'
/** A document of De Hoven for the driehoek only (server/src/seed/de-hoven-documents.ts). */
const POLICE_ANALYSIS = 'Analyse overlast en criminaliteit De Hoven (politie)'
/** Outside the driehoek. */
const SHOPKEEPERS = 'winkeliers@rivierstede.example'

/** Signed in as Iris (projectleider), on the Samenvatting page of De Hoven, reached through the case navigation. */
async function onSummaryPage() {
  const opened = await e2e.signedIn(DEMO_USER.email)
  const { page } = opened
  await page.getByRole('region', { name: 'Mijn dossiers' }).getByRole('link', { name: DE_HOVEN }).click()
  await page
    .getByRole('navigation', { name: 'Dossier' })
    .getByRole('link', { name: 'Samenvatting', exact: true })
    .click()
  await page.getByRole('heading', { level: 2, name: 'Samenvatting van de vorderingen' }).waitFor()
  await sectionHeading(page, 'Documenten').waitFor()
  return opened
}

const sectionHeading = (page: Page, name: string) => page.getByRole('heading', { level: 2, name, exact: true })

/** The summary's own content, without the case header above it (which also names the projectleider). */
const summaryBody = (page: Page) => page.locator('.vp-summary__body')

describe('summary page', () => {
  it(
    'shows the projectleider every section in the order of the exports and the agreed probleemstelling, axe clean in Dutch and English',
    async () => {
      const { context, page, errors } = await onSummaryPage()

      const headings = await page.locator('.vp-summary__body h2').allTextContents()
      expect(headings).toEqual(SECTIONS)
      await page.getByRole('region', { name: 'Het probleem' }).getByText(STATEMENT).waitFor()
      // The title block: whose case, and as of when.
      const facts = page.getByRole('region', { name: 'Gegevens van het dossier' })
      expect(await facts.textContent()).toContain('Stand van zaken per')
      expect(await facts.textContent()).toContain(DEMO_USER.name)
      // Every goal's chart is a described image, with its numbers as a table beside it.
      const monitoring = page.getByRole('region', { name: 'Monitoring' })
      expect(await monitoring.getByRole('img').count()).toBeGreaterThan(0)
      await monitoring
        .getByRole('table', { name: /^Metingen van / })
        .first()
        .waitFor()
      // The cost table ends in its total.
      await page
        .getByRole('region', { name: 'Kosten en capaciteit' })
        .getByRole('row', { name: /^Totaal/ })
        .waitFor()

      await checkBothLanguages(page, 'Samenvatting')
      expect(errors).toEqual([])
      await context.close()
    },
    AXE_SCANS_TIMEOUT,
  )

  it('prints the summary alone: print media hide the app header and the case navigation and keep every section', async () => {
    const { context, page, errors } = await onSummaryPage()
    await page.emulateMedia({ media: 'print' })

    expect(await page.getByRole('banner').isVisible()).toBe(false)
    expect(await page.getByRole('navigation', { name: 'Dossier' }).isVisible()).toBe(false)
    expect(await page.getByRole('list', { name: 'De zes stappen' }).isVisible()).toBe(false)
    expect(await page.getByRole('link', { name: 'Download als PDF' }).isVisible()).toBe(false)
    expect(await page.getByRole('button', { name: 'Afdrukken' }).isVisible()).toBe(false)
    expect(await page.getByRole('group', { name: 'Welke versie?' }).isVisible()).toBe(false)
    for (const name of SECTIONS) expect(await sectionHeading(page, name).isVisible(), name).toBe(true)
    expect(await page.getByText(STATEMENT).isVisible()).toBe(true)
    // The money starts on a page of its own, and a chart never parts from its table.
    const costs = page.getByRole('region', { name: 'Kosten en capaciteit' })
    expect(await costs.evaluate((el) => getComputedStyle(el).breakBefore)).toBe('page')
    const chart = page.getByRole('region', { name: 'Monitoring' }).locator('figure').first()
    expect(await chart.evaluate((el) => getComputedStyle(el).breakInside)).toBe('avoid')
    expect(await chart.getByRole('table').isVisible()).toBe(true)

    await page.emulateMedia({ media: 'screen' })
    expect(await page.getByRole('navigation', { name: 'Dossier' }).isVisible()).toBe(true)
    expect(errors).toEqual([])
    await context.close()
  })

  it('switches to the council version, which says what it leaves out and names no one, and keeps the choice in the address', async () => {
    const { context, page, errors } = await onSummaryPage()
    expect(await summaryBody(page).textContent()).toContain(DEMO_USER.name)
    expect(await page.getByText(RAAD_NOTE).count()).toBe(0)

    await page.getByRole('radio', { name: 'Versie voor de gemeenteraad' }).check()
    await page.getByText(RAAD_NOTE).waitFor()
    await sectionHeading(page, 'Documenten').waitFor()
    expect(new URL(page.url()).searchParams.get('versie')).toBe('raad')
    expect(await summaryBody(page).textContent()).not.toContain(DEMO_USER.name)
    expect(await summaryBody(page).textContent()).not.toContain('Vertrouwelijk')
    const pdf = page.getByRole('link', { name: 'Download als PDF' })
    expect(await pdf.getAttribute('href')).toMatch(/\/summary\.pdf\?variant=raad$/)

    // A reload (or a shared link) opens the same version.
    await page.reload()
    await page.getByText(RAAD_NOTE).waitFor()
    expect(await page.getByRole('radio', { name: 'Versie voor de gemeenteraad' }).isChecked()).toBe(true)
    expect(errors).toEqual([])
    await context.close()
  })

  it('leaves a restricted document out of the council version entirely; outside its audience the full version shows its placeholder', async () => {
    // The police analysis is shared with the driehoek only (gemeente, politie, OM).
    const documents = (page: Page) => page.getByRole('region', { name: 'Documenten', exact: true }).first()
    const lead = await onSummaryPage()
    await documents(lead.page).getByText(POLICE_ANALYSIS).waitFor()
    await lead.page.getByRole('radio', { name: 'Versie voor de gemeenteraad' }).check()
    await lead.page.getByText(RAAD_NOTE).waitFor()
    await documents(lead.page).waitFor()
    expect(await summaryBody(lead.page).textContent()).not.toContain(POLICE_ANALYSIS)
    expect(lead.errors).toEqual([])
    await lead.context.close()

    const shop = await e2e.signedIn(SHOPKEEPERS)
    await shop.page.goto(lead.page.url().replace(/\?.*$/, ''))
    await documents(shop.page).getByText(`Vertrouwelijk document van ${POLITIE}, `).waitFor()
    expect(await summaryBody(shop.page).textContent()).not.toContain(POLICE_ANALYSIS)
    await shop.page.getByRole('radio', { name: 'Versie voor de gemeenteraad' }).check()
    await shop.page.getByText(RAAD_NOTE).waitFor()
    await documents(shop.page).waitFor()
    expect(await summaryBody(shop.page).textContent()).not.toContain('Vertrouwelijk')
    expect(shop.errors).toEqual([])
    await shop.context.close()
  })

  it('fits a 320 px wide screen: the page never scrolls sideways', async () => {
    const { context, page, errors } = await e2e.signedIn(DEMO_USER.email, { width: 320 })
    await page.getByRole('region', { name: 'Mijn dossiers' }).getByRole('link', { name: DE_HOVEN }).click()
    await page.getByRole('heading', { level: 1, name: DE_HOVEN }).waitFor()
    await page.goto(`${page.url()}/samenvatting`)
    await sectionHeading(page, 'Documenten').waitFor()
    expect(await page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth)).toBeLessThanOrEqual(0)
    expect(errors).toEqual([])
    await context.close()
  })

  it('downloads the summary as a PDF and as a Word file through its links', async () => {
    const { context, page, errors } = await onSummaryPage()
    const pdfLink = page.getByRole('link', { name: 'Download als PDF' })
    const docxLink = page.getByRole('link', { name: 'Download als Word' })
    expect(await pdfLink.getAttribute('download')).not.toBeNull()

    const pdf = await page.request.get(new URL((await pdfLink.getAttribute('href')) ?? '', e2e.server.url).href)
    expect(pdf.status()).toBe(200)
    expect(pdf.headers()['content-type']).toMatch(/^application\/pdf/)
    expect(pdf.headers()['content-disposition']).toMatch(/attachment; filename="?samenvatting-.+\.pdf/)
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-')

    const docx = await page.request.get(new URL((await docxLink.getAttribute('href')) ?? '', e2e.server.url).href)
    expect(docx.status()).toBe(200)
    expect(docx.headers()['content-type']).toMatch(
      /^application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document/,
    )
    expect((await docx.body()).subarray(0, 2).toString()).toBe('PK')
    expect(errors).toEqual([])
    await context.close()
  })

  it('follows the case live: a change to the profile shows on the open summary without a reload', async () => {
    const { context, page, errors } = await e2e.signedIn(DEMO_USER.email)
    const created = await page.request.post(`${e2e.server.url}/api/cases`, {
      headers: CSRF,
      data: {
        title: `Fietsendiefstal station ${Date.now()}`,
        gemeente: 'Rivierstede',
        theme: 'fietsendiefstal',
        problemType: 'standaard',
      },
    })
    expect(created.status()).toBe(201)
    const caseId = ((await created.json()) as { id: string }).id
    await page.goto(`${e2e.server.url}/dossiers/${caseId}/samenvatting`)
    await sectionHeading(page, 'Documenten').waitFor()
    const facts = page.getByRole('region', { name: 'Gegevens van het dossier' })
    expect(await facts.textContent()).not.toContain('Stationsplein')

    const current = await page.request.get(`${e2e.server.url}/api/cases/${caseId}`)
    const changed = await page.request.patch(`${e2e.server.url}/api/cases/${caseId}`, {
      headers: { ...CSRF, 'If-Match': current.headers().etag ?? '' },
      data: { area: 'Stationsplein' },
    })
    expect(changed.status()).toBe(200)
    await facts.getByText('Stationsplein').waitFor()
    expect(errors).toEqual([])
    await context.close()
  })
})
