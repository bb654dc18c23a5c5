/**
 * Screenshots of the main screens at desktop and phone width, for docs/screenshots/: Mijn overzicht,
 * the case overview (dashboard), each of the six step pages, the project group, the documents, the
 * activity and the summary.
 * Also the summary PDF of De Hoven, page by page as pdftoppm renders it (samenvatting-pdf-N.png).
 * Run: `node_modules/.bin/tsx tests/e2e/screenshots.ts` (starts its own server with demo data).
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import {
  DE_HOVEN,
  DEMO_PASSWORD,
  DEMO_USER,
  ensureWebBuilt,
  launchBrowser,
  newPage,
  openStep,
  ROOT,
  signIn,
  startServer,
} from './support.ts'

const OUT = join(ROOT, 'docs', 'screenshots')
const WIDTHS = [1280, 375]

/**
 * The summary PDF of the case as its pages, rendered by poppler's pdftoppm (what a reader sees):
 * samenvatting-pdf-1.png, -2.png, … Earlier pages of this name are removed first.
 */
async function shootSummaryPdf(page: Page, caseUrl: string) {
  const caseId = new URL(caseUrl).pathname.split('/')[2]
  const res = await page.request.get(new URL(`/api/cases/${caseId}/summary.pdf`, caseUrl).href)
  if (res.status() !== 200) throw new Error(`summary.pdf: ${res.status()}`)
  const dir = mkdtempSync(join(tmpdir(), 'vp-summary-pdf-'))
  try {
    const pdf = join(dir, 'samenvatting.pdf')
    writeFileSync(pdf, await res.body())
    for (const old of readdirSync(OUT).filter((f) => f.startsWith('samenvatting-pdf-'))) rmSync(join(OUT, old))
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(OUT, 'samenvatting-pdf')])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function main() {
  ensureWebBuilt()
  mkdirSync(OUT, { recursive: true })
  const server = await startServer()
  const browser = await launchBrowser()
  try {
    for (const width of WIDTHS) {
      const { context, page, errors } = await newPage(browser, { width })
      await page.goto(`${server.url}/inloggen`)
      await signIn(page, DEMO_USER.email, DEMO_PASSWORD)
      await page.getByRole('link', { name: DE_HOVEN }).waitFor()
      const shoot = async (name: string) => {
        // Let fonts settle, and report anything wider than the screen.
        await page.evaluate('document.fonts.ready')
        const overflow = await page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth)
        if (overflow > 0) console.warn(`${name}-${width}: ${overflow}px wider than the screen`)
        await page.screenshot({ path: join(OUT, `${name}-${width}.png`), fullPage: true })
      }
      await page.getByRole('heading', { name: 'Wat vraagt mijn aandacht' }).waitFor()
      await page.locator('.vp-loading').waitFor({ state: 'detached' })
      await shoot('overzicht')
      await page.getByRole('link', { name: DE_HOVEN }).click()
      await page.getByRole('table', { name: 'Toezeggingen per organisatie en actie' }).waitFor()
      const caseUrl = page.url()
      await shoot('dossier')
      for (const step of [1, 2, 3, 4, 5, 6]) {
        await openStep(page, step)
        await page.getByRole('heading', { level: 3, name: 'Status en deadline' }).waitFor()
        await page.locator('.vp-loading').waitFor({ state: 'detached' })
        await shoot(`stap-${step}`)
      }
      await page.goto(`${caseUrl}/projectgroep`)
      await page.getByRole('row').filter({ hasText: 'kabinet@rivierstede.example' }).waitFor()
      await shoot('projectgroep')
      await page.goto(`${caseUrl}/documenten`)
      await page.getByRole('button', { name: 'Wijkscan De Hoven 2026' }).waitFor()
      await shoot('documenten')
      await page.goto(`${caseUrl}/activiteit`)
      await page.locator('.vp-event').first().waitFor()
      await shoot('activiteit')
      await page.goto(`${caseUrl}/samenvatting`)
      await page.getByRole('heading', { level: 2, name: 'Documenten', exact: true }).waitFor()
      await shoot('samenvatting')
      if (width === WIDTHS[0]) await shootSummaryPdf(page, caseUrl)
      if (errors.length > 0) console.warn(errors)
      await context.close()
    }
  } finally {
    await browser.close()
    await server.stop()
  }
}

await main()
