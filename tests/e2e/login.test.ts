import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, DEMO_USER, findAccessibilityViolations, signIn, useE2eSuite, WEB_DIST } from './support.ts'

const SIGNED_IN_AS = `Ingelogd als ${DEMO_USER.name}, ${DEMO_USER.organisation}`

const e2e = useE2eSuite()

/** A fresh browser context (no cookies, no stored language); its page errors must stay empty. */
async function openPage(path: string, width?: number) {
  const opened = await e2e.newPage(width === undefined ? {} : { width })
  await opened.page.goto(e2e.server.url + path)
  return opened
}

async function heading1(page: Page): Promise<string> {
  const h1 = page.getByRole('heading', { level: 1 })
  await h1.waitFor()
  return (await h1.textContent()) ?? ''
}

async function htmlLang(page: Page) {
  return page.locator('html').getAttribute('lang')
}

async function sessionStatus(page: Page): Promise<number> {
  return (await page.request.get(`${e2e.server.url}/api/auth/me`)).status()
}

/** The text of the elements an element's aria-describedby points to. */
async function describedBy(page: Page, selector: string): Promise<string> {
  const ids = (await page.locator(selector).getAttribute('aria-describedby'))?.split(/\s+/) ?? []
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()))
  return texts.join(' ')
}

/** The name attribute of the focused element (null when it has none). */
function focusedName(page: Page): Promise<string | null> {
  return page.locator(':focus').getAttribute('name')
}

function waitForLang(page: Page, lang: string) {
  return page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' })
}

describe('signing in', () => {
  it('shows a Dutch login page, signs in as Iris, keeps the session on reload and signs out', async () => {
    const { context, page, errors } = await openPage('/')

    await page.waitForURL(`${e2e.server.url}/inloggen`)
    expect(await htmlLang(page)).toBe('nl')
    expect(await heading1(page)).toBe('Inloggen')
    expect(await page.title()).toBe('Inloggen – Veiligheidsplanner')
    expect(await page.getByRole('main').count()).toBe(1)
    expect(await page.getByRole('banner').count()).toBe(1)

    await signIn(page, DEMO_USER.email, DEMO_PASSWORD)
    await page.waitForURL(`${e2e.server.url}/`)
    await page.getByText(SIGNED_IN_AS).waitFor()
    expect(await heading1(page)).toBe('Mijn overzicht')
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1)

    await page.reload()
    await page.getByText(SIGNED_IN_AS).waitFor()
    expect(page.url()).toBe(`${e2e.server.url}/`)

    await page.getByRole('button', { name: 'Uitloggen' }).click()
    await page.waitForURL(`${e2e.server.url}/inloggen`)
    expect(await heading1(page)).toBe('Inloggen')
    expect(await sessionStatus(page)).toBe(401)

    // The session is gone on the server too: the start page sends us back to the login page.
    await page.goto(`${e2e.server.url}/`)
    await page.waitForURL(`${e2e.server.url}/inloggen`)

    expect(errors).toEqual([])
    await context.close()
  })

  it('shows a wrong password as a Dutch alert that describes the form, and stays signed out', async () => {
    const { context, page, errors } = await openPage('/inloggen')

    await signIn(page, DEMO_USER.email, 'niet-het-goede-wachtwoord')
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toBe('E-mailadres of wachtwoord klopt niet')
    expect(await describedBy(page, 'form')).toContain('E-mailadres of wachtwoord klopt niet')
    expect(page.url()).toBe(`${e2e.server.url}/inloggen`)
    expect(await sessionStatus(page)).toBe(401)

    expect(errors).toEqual([])
    await context.close()
  })

  it('names the right address when the app is opened at one the server does not accept', async () => {
    // The server knows itself as http://localhost:<port>; 127.0.0.1 reaches it too, but is not allowed.
    const other = e2e.server.url.replace('localhost', '127.0.0.1')
    const { context, page } = await e2e.newPage({})
    await page.goto(`${other}/inloggen`)
    await signIn(page, DEMO_USER.email, DEMO_PASSWORD)
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toBe(
      `U opent Veiligheidsplanner via een adres dat deze server niet kent. Ga naar ${e2e.server.url} en log daar in.`,
    )
    await context.close()
  })

  it('ties a missing e-mail address and password to their fields and moves focus to the first', async () => {
    const { context, page, errors } = await openPage('/inloggen')

    await page.getByRole('button', { name: 'Inloggen' }).click()
    const email = page.getByLabel('E-mailadres', { exact: true })
    await page.getByText('Vul uw e-mailadres in').waitFor()
    expect(await email.getAttribute('aria-invalid')).toBe('true')
    expect(await describedBy(page, 'input[name="email"]')).toBe('Vul uw e-mailadres in')
    expect(await describedBy(page, 'input[name="password"]')).toBe('Vul uw wachtwoord in')
    expect(await focusedName(page)).toBe('email')

    // An address without @ is caught before anything is sent.
    await email.fill('gemeente.rivierstede.example')
    await page.getByRole('button', { name: 'Inloggen' }).click()
    await page.getByText('Vul een geldig e-mailadres in', { exact: false }).waitFor()

    expect(errors).toEqual([])
    await context.close()
  })

  it('tells the user to wait when the account is throttled after too many failures', async () => {
    const email = 'winkeliers@rivierstede.example'
    const { context, page, errors } = await openPage('/inloggen')
    for (let i = 0; i < 10; i++) {
      const res = await page.request.post(`${e2e.server.url}/api/auth/login`, {
        headers: { 'X-Requested-With': 'veiligheidsplanner' },
        data: { email, password: `fout-${i}` },
      })
      expect(res.status()).toBe(401)
    }

    await signIn(page, email, DEMO_PASSWORD)
    const alert = page.getByRole('alert')
    await alert.waitFor()
    // The window is fixed on the clock: near its end one minute is left, and the sentence says so.
    expect(await alert.textContent()).toMatch(/^Te veel pogingen\. Probeer het over (1 minuut|\d+ minuten) opnieuw\.$/)

    expect(errors).toEqual([])
    await context.close()
  })
})

describe('accessibility', () => {
  it('has no WCAG 2.1 A/AA violations signed out and signed in, in Dutch and in English', async () => {
    const { context, page, errors } = await openPage('/inloggen')
    const check = async (what: string) => {
      expect({ what, violations: await findAccessibilityViolations(page) }).toEqual({ what, violations: [] })
    }

    expect(await heading1(page)).toBe('Inloggen')
    await check('login page, nl')
    await page.getByRole('button', { name: 'Inloggen' }).click()
    await page.getByText('Vul uw e-mailadres in').waitFor()
    await check('login page with field errors, nl')

    await signIn(page, DEMO_USER.email, DEMO_PASSWORD)
    await page.getByText(SIGNED_IN_AS).waitFor()
    await check('signed-in page, nl')

    await page.getByRole('button', { name: 'English' }).click()
    await waitForLang(page, 'en')
    await page.getByText(`Signed in as ${DEMO_USER.name}, ${DEMO_USER.organisation}`).waitFor()
    expect(await heading1(page)).toBe('My overview')
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true')
    await check('signed-in page, en')

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(`${e2e.server.url}/inloggen`)
    expect(await heading1(page)).toBe('Sign in')
    expect(await htmlLang(page)).toBe('en')
    await check('login page, en')

    // The choice is remembered in this browser.
    await page.reload()
    expect(await heading1(page)).toBe('Sign in')
    expect(await htmlLang(page)).toBe('en')

    await page.getByRole('button', { name: 'Nederlands' }).click()
    await waitForLang(page, 'nl')
    expect(await heading1(page)).toBe('Inloggen')

    expect(errors).toEqual([])
    await context.close()
  })

  it('signs in with the keyboard alone: Tab to the fields, type, Enter', async () => {
    const { context, page, errors } = await openPage('/inloggen')
    await heading1(page)

    // The first Tab reaches the skip link; the fields follow within a few more.
    await page.keyboard.press('Tab')
    expect(await page.locator(':focus').textContent()).toBe('Direct naar de inhoud')
    for (let i = 0; i < 10 && (await focusedName(page)) !== 'email'; i++) await page.keyboard.press('Tab')
    expect(await focusedName(page)).toBe('email')
    await page.keyboard.type(DEMO_USER.email)
    await page.keyboard.press('Tab')
    expect(await focusedName(page)).toBe('password')
    await page.keyboard.type(DEMO_PASSWORD)
    await page.keyboard.press('Enter')

    await page.getByText(SIGNED_IN_AS).waitFor()
    // Focus moves to the new page's heading, as it would on a full page load.
    expect(await page.locator('h1:focus').count()).toBe(1)

    expect(errors).toEqual([])
    await context.close()
  })

  it('fits a 320 px wide screen without horizontal scrolling', async () => {
    const { context, page, errors } = await openPage('/inloggen', 320)
    const overflow = () => page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth)

    await heading1(page)
    expect(await overflow()).toBeLessThanOrEqual(0)
    await signIn(page, DEMO_USER.email, DEMO_PASSWORD)
    await page.getByText(SIGNED_IN_AS).waitFor()
    expect(await overflow()).toBeLessThanOrEqual(0)

    expect(errors).toEqual([])
    await context.close()
  })
})

describe('first route bundle', () => {
  it('loads at most 150 KB of gzipped JavaScript', () => {
    const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8')
    const scripts = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/([^"]+\.js)"/g)]
    const files = scripts.map((m) => m[1] as string)
    expect(files.length).toBeGreaterThan(0)
    const gzipped = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(WEB_DIST, file))).length, 0)
    expect(gzipped).toBeLessThanOrEqual(150 * 1000)
  })
})
