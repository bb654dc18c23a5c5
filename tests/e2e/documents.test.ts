import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CSRF,
  checkBothLanguages,
  DEMO_PASSWORD,
  DEMO_USER,
  ensureWebBuilt,
  findAccessibilityViolations,
  launchBrowser,
  newPage,
  ROOT,
  signIn,
  startServer,
  type TestServer,
} from './support.ts'

// Documents (F7) in the browser: a file dropped on the Documenten page and one chosen with the
// file button appear live on a second person's open page; that person marks one read and downloads
// it; the page is axe clean; and the same journey works with the keyboard alone.

const DE_HOVEN = 'Verloedering en overlast winkelcentrum De Hoven'
const POLITIE = { email: 'politie@rivierstede.example', name: 'Ruud Kalkman' }
/** Outside the driehoek: sees a restricted document only as a placeholder. */
const WINKELIERS = { email: 'winkeliers@rivierstede.example' }

/** The smallest file a PDF reader opens, and that the server recognises as a PDF by its bytes. */
const PDF = [
  '%PDF-1.4',
  '1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj',
  '2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj',
  'trailer <</Root 1 0 R>>',
  '%%EOF',
  '',
].join('\n')

const SHOTS = process.env.SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : null

/** A screenshot for docs/screenshots/ when SCREENSHOTS=1. */
async function shoot(page: Page, name: string) {
  if (!SHOTS) return
  mkdirSync(SHOTS, { recursive: true })
  await page.evaluate('document.fonts.ready')
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
}

let server: TestServer
let browser: Browser

beforeAll(async () => {
  ensureWebBuilt()
  server = await startServer()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** Signed in, on the Documenten page of De Hoven. */
async function onDocumentsPage(email: string) {
  const opened = await newPage(browser)
  const { page } = opened
  await page.goto(`${server.url}/inloggen`)
  await signIn(page, email, DEMO_PASSWORD)
  await page.getByRole('heading', { level: 1, name: 'Mijn overzicht' }).waitFor()
  await page.getByRole('region', { name: 'Mijn dossiers' }).getByRole('link', { name: DE_HOVEN }).click()
  await page.getByRole('navigation', { name: 'Dossier' }).getByRole('link', { name: 'Documenten', exact: true }).click()
  await page.getByRole('heading', { level: 2, name: 'Documenten' }).waitFor()
  await page.getByRole('button', { name: 'Bestanden kiezen' }).waitFor()
  return opened
}

/** Signed in, on step 2 of De Hoven, with its documents loaded. */
async function onStep2(email: string) {
  const opened = await onDocumentsPage(email)
  await opened.page.getByRole('navigation', { name: 'Dossier' }).locator('a[href$="/stap/2"]').click()
  await opened.page.getByRole('heading', { level: 3, name: /^Documenten bij deze stap/ }).waitFor()
  return opened
}

/** The button that opens a document's detail: its title in the list. */
const documentButton = (page: Page, title: string) =>
  page.getByRole('table').getByRole('button', { name: title, exact: true })

/** The text of the focused element, spaces collapsed. A string: the e2e tests compile without the DOM types. */
async function focusedText(page: Page): Promise<string> {
  return String(await page.evaluate(`document.activeElement?.textContent?.replace(/\\s+/g, ' ').trim() ?? ''`))
}

/** Presses Tab (or Shift+Tab) until the focused element's text is `text`; fails after `max` presses. */
async function tabTo(page: Page, text: string, options: { backwards?: boolean; max?: number } = {}) {
  for (let i = 0; i < (options.max ?? 120); i++) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab')
    const focused = await focusedText(page)
    if (focused === text) return
  }
  throw new Error(`Tab never reached “${text}”`)
}

describe('documents', () => {
  it('adds files by dropping and by the file button; a second person sees them live, reads and downloads one', async () => {
    const lead = await onDocumentsPage(DEMO_USER.email)
    const police = await onDocumentsPage(POLITIE.email)

    // Drop a PDF on the drop zone, as a file dragged from the desktop.
    const dataTransfer = await lead.page.evaluateHandle(`(() => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([${JSON.stringify(PDF)}], 'wijkscan.pdf', { type: 'application/pdf' }))
      return transfer
    })()`)
    await lead.page.locator('.vp-dropzone').dispatchEvent('drop', { dataTransfer })
    const title = lead.page.getByLabel('Titel (wijkscan.pdf)')
    expect(await title.inputValue()).toBe('wijkscan')
    await title.fill('Wijkscan Oosterhaven concept')
    await shoot(lead.page, 'documenten-toevoegen-1280')
    await lead.page.getByRole('button', { name: 'Toevoegen', exact: true }).click()
    await lead.page.getByRole('status').filter({ hasText: '“Wijkscan Oosterhaven concept” is toegevoegd.' }).waitFor()
    await documentButton(lead.page, 'Wijkscan Oosterhaven concept').waitFor()

    // The police officer's open page shows it without a reload.
    await documentButton(police.page, 'Wijkscan Oosterhaven concept').waitFor({ timeout: 10_000 })

    // The file button: two files at once, one of a type that is not allowed.
    await lead.page.locator('.vp-upload input[type="file"]').setInputFiles([
      {
        name: 'verslag-projectgroep.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('Verslag projectgroep De Hoven\n'),
      },
      {
        name: 'script.svg',
        mimeType: 'image/svg+xml',
        buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      },
    ])
    await lead.page.getByText('Dit bestandstype kan niet worden toegevoegd.', { exact: false }).waitFor()
    // The refused file is not counted: one file goes.
    await lead.page.getByRole('button', { name: 'Toevoegen', exact: true }).click()
    await documentButton(lead.page, 'verslag-projectgroep').waitFor()
    await documentButton(police.page, 'verslag-projectgroep').waitFor({ timeout: 10_000 })
    // The refused file keeps its row with the reason; removing it empties the panel.
    await lead.page.getByRole('button', { name: 'Weghalen (script.svg)' }).click()
    expect(await lead.page.locator('.vp-upload__row').count()).toBe(0)

    // The police officer opens the wijkscan, marks it read and downloads it.
    await documentButton(police.page, 'Wijkscan Oosterhaven concept').click()
    const dialog = police.page.getByRole('dialog', { name: 'Wijkscan Oosterhaven concept' })
    await dialog.getByRole('button', { name: 'Markeer als gelezen' }).click()
    await dialog.getByText(/^Gelezen op /).waitFor()
    await dialog.getByText(`${POLITIE.name} (`, { exact: false }).waitFor()
    await shoot(police.page, 'document-detail-1280')
    const [download] = await Promise.all([
      police.page.waitForEvent('download'),
      dialog.getByRole('link', { name: 'Downloaden (Wijkscan Oosterhaven concept)' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('wijkscan.pdf')
    const path = await download.path()
    const { readFile } = await import('node:fs/promises')
    expect((await readFile(path)).toString()).toBe(PDF)
    await dialog.getByRole('button', { name: 'Sluiten' }).click()

    // The projectleider sees that it was read, live.
    await lead.page
      .getByRole('row')
      .filter({ has: lead.page.getByRole('button', { name: 'Wijkscan Oosterhaven concept', exact: true }) })
      .getByText('gelezen door 1')
      .waitFor({ timeout: 10_000 })
    await shoot(lead.page, 'documenten-1280')

    // The activity says what happened, in words.
    await lead.page.getByRole('navigation', { name: 'Dossier' }).getByRole('link', { name: 'Activiteit' }).click()
    await lead.page.getByText('heeft het document ‘Wijkscan Oosterhaven concept’ toegevoegd').waitFor()
    await lead.page.getByText('heeft het document ‘Wijkscan Oosterhaven concept’ als gelezen gemarkeerd').waitFor()

    expect(lead.errors).toEqual([])
    expect(police.errors).toEqual([])
    await lead.context.close()
    await police.context.close()
  })

  it('is axe clean on the Documenten page, with documents listed and a file waiting to be added', async () => {
    const { context, page, errors } = await onDocumentsPage(DEMO_USER.email)
    await page.locator('.vp-upload input[type="file"]').setInputFiles({
      name: 'foto-hovenplein.png',
      mimeType: 'image/png',
      buffer: Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        'base64',
      ),
    })
    await page.getByLabel('Titel (foto-hovenplein.png)').waitFor()
    expect(await findAccessibilityViolations(page)).toEqual([])
    await checkBothLanguages(page, 'Documenten')
    expect(errors).toEqual([])
    await context.close()
  })

  it('adds a document, opens it and marks it read with the keyboard alone', async () => {
    const { context, page, errors } = await onDocumentsPage(DEMO_USER.email)
    await page.getByRole('heading', { level: 2, name: 'Documenten' }).focus()

    // Listening first: Chromium's file chooser is intercepted only once the listener is in place.
    const choosing = page.waitForEvent('filechooser')
    await tabTo(page, 'Bestanden kiezen')
    await page.keyboard.press('Enter')
    const chooser = await choosing
    await chooser.setFiles({ name: 'analyse-politie.pdf', mimeType: 'application/pdf', buffer: Buffer.from(PDF) })
    const title = page.getByLabel('Titel (analyse-politie.pdf)')
    await title.waitFor()
    // The row's title field comes right after the file button.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(`document.activeElement?.getAttribute('name') ?? ''`)).toMatch(/^title-/)
    await page.keyboard.press('Control+A')
    await page.keyboard.type('Analyse politie')
    await tabTo(page, 'Toevoegen')
    await page.keyboard.press('Enter')
    await documentButton(page, 'Analyse politie').waitFor()
    // Focus stays in the panel, on the file button.
    expect(await focusedText(page)).toBe('Bestanden kiezen')

    await tabTo(page, 'Analyse politie', { backwards: true })
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Analyse politie' })
    await dialog.getByRole('button', { name: 'Markeer als gelezen' }).waitFor()
    await tabTo(page, 'Markeer als gelezen')
    await page.keyboard.press('Enter')
    await dialog.getByText(/^Gelezen op /).waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    // Back where the dialog was opened from.
    expect(await focusedText(page)).toBe('Analyse politie')
    expect(errors).toEqual([])
    await context.close()
  })

  it('changes, restricts, adds a version to and deletes a document on a step; outside the audience only a placeholder shows', async () => {
    const lead = await onStep2(DEMO_USER.email)
    const shop = await onStep2(WINKELIERS.email)
    const title = 'Analyse hotspots Hovenplein'

    await lead.page.locator('.vp-upload input[type="file"]').setInputFiles({
      name: 'hotspots.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(PDF),
    })
    await lead.page.getByLabel('Titel (hotspots.pdf)').fill(title)
    await lead.page.getByRole('button', { name: 'Toevoegen', exact: true }).click()
    await documentButton(lead.page, title).waitFor()
    await documentButton(shop.page, title).waitFor({ timeout: 10_000 })

    // Restrict it to the driehoek: the shopkeepers' open page keeps only who and when.
    await documentButton(lead.page, title).click()
    const dialog = lead.page.getByRole('dialog', { name: title })
    await dialog.getByRole('button', { name: 'Wijzigen' }).click()
    await dialog.getByRole('radio', { name: 'Driehoek: gemeente, politie, OM' }).check()
    await dialog.getByRole('button', { name: 'Opslaan' }).click()
    await dialog.getByText(`“${title}” is opgeslagen.`).waitFor()
    await dialog.getByText('Driehoek: gemeente, politie, OM').waitFor()
    await shop.page.getByText(/Vertrouwelijk document van Gemeente Rivierstede, /).waitFor({ timeout: 10_000 })
    expect(await shop.page.getByText(title).count()).toBe(0)

    // A new version: both stay downloadable.
    const choosing = lead.page.waitForEvent('filechooser')
    await dialog.getByRole('button', { name: 'Nieuwe versie uploaden' }).click()
    await (await choosing).setFiles({ name: 'hotspots-v2.pdf', mimeType: 'application/pdf', buffer: Buffer.from(PDF) })
    await dialog.getByText('Versie 2 is toegevoegd.').waitFor()
    await dialog.getByRole('link', { name: 'Versie 2 downloaden' }).waitFor()
    await dialog.getByRole('link', { name: 'Versie 1 downloaden' }).waitFor()
    await shoot(lead.page, 'document-versies-1280')

    // Delete it, after a confirmation: gone for everyone.
    await dialog.getByRole('button', { name: 'Verwijderen' }).click()
    const confirm = lead.page.getByRole('dialog', { name: `“${title}” verwijderen?` })
    await confirm.getByRole('button', { name: 'Verwijderen' }).click()
    await lead.page
      .getByRole('status')
      .filter({ hasText: `“${title}” is verwijderd.` })
      .waitFor()
    expect(await documentButton(lead.page, title).count()).toBe(0)
    await shop.page
      .getByText(/Vertrouwelijk document van Gemeente Rivierstede, /)
      .waitFor({ state: 'detached', timeout: 10_000 })

    // The shopkeepers' activity shows the restricted document's events as placeholders only.
    await shop.page.getByRole('navigation', { name: 'Dossier' }).getByRole('link', { name: 'Activiteit' }).click()
    await shop.page.getByText('Vertrouwelijk document van Gemeente Rivierstede').first().waitFor()
    expect(await shop.page.getByText(title).count()).toBe(0)

    expect(lead.errors).toEqual([])
    expect(shop.errors).toEqual([])
    await lead.context.close()
    await shop.context.close()
  })

  it('an upload that meets an ended session waits for the sign-in dialog, then goes through by itself', async () => {
    const lead = await onDocumentsPage(DEMO_USER.email)
    const { page } = lead
    await page.locator('.vp-upload input[type="file"]').setInputFiles({
      name: 'na-het-uitloggen.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Verslag na het uitloggen\n'),
    })
    const logout = await page.request.post(`${server.url}/api/auth/logout`, { headers: CSRF })
    expect(logout.status()).toBe(200)
    // Sent at once, before or after the dialog opened (a script click reaches the page under it).
    await page.evaluate(
      `[...document.querySelectorAll('.vp-upload button')].find((b) => b.textContent.trim() === 'Toevoegen').click()`,
    )

    const dialog = page.getByRole('dialog', { name: 'U bent uitgelogd' })
    await dialog.waitFor({ timeout: 10_000 })
    await dialog.getByLabel('Wachtwoord', { exact: true }).fill(DEMO_PASSWORD)
    await dialog.getByRole('button', { name: 'Opnieuw inloggen' }).click()
    await page.getByRole('status').filter({ hasText: '“na-het-uitloggen” is toegevoegd.' }).waitFor()
    await documentButton(page, 'na-het-uitloggen').waitFor()
    // Only the expected 401 of the ended session.
    expect(lead.errors.filter((e) => !e.includes('401'))).toEqual([])
    await lead.context.close()
  })
})
