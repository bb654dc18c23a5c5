/**
 * Screenshots of the main case screens at desktop and phone width, for docs/screenshots/.
 * Run: `node_modules/.bin/tsx tests/e2e/screenshots.ts` (starts its own server with demo data).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import {
  DEMO_PASSWORD,
  DEMO_USER,
  ensureWebBuilt,
  launchBrowser,
  newPage,
  ROOT,
  signIn,
  startServer,
} from './support.ts'

const OUT = join(ROOT, 'docs', 'screenshots')
const DE_HOVEN = 'Verloedering en overlast winkelcentrum De Hoven'
const WIDTHS = [1280, 375]

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
      await shoot('overzicht')
      await page.getByRole('link', { name: DE_HOVEN }).click()
      await page.getByRole('heading', { level: 2, name: 'Profiel' }).waitFor()
      await shoot('dossier')
      await page.goto(`${page.url()}/projectgroep`)
      await page.getByRole('row').filter({ hasText: 'kabinet@rivierstede.example' }).waitFor()
      await shoot('projectgroep')
      await page.goto(page.url().replace(/projectgroep$/, 'activiteit'))
      await page.locator('.vp-event').first().waitFor()
      await shoot('activiteit')
      if (errors.length > 0) console.warn(errors)
      await context.close()
    }
  } finally {
    await browser.close()
    await server.stop()
  }
}

await main()
