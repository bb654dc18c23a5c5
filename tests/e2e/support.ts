import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import AxeBuilder from '@axe-core/playwright'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const WEB_DIST = join(ROOT, 'web', 'dist')
export const DEMO_PASSWORD = 'Rivierstede-demo-2026'
/** The seeded demo account of the gemeente (shared/docs/DEMO.md). */
export const DEMO_USER = {
  email: 'gemeente@rivierstede.example',
  name: 'Iris Brinkhorst',
  organisation: 'Gemeente Rivierstede',
}

/** The demo case (shared/docs/DEMO.md). */
export const DE_HOVEN = 'Verloedering en overlast winkelcentrum De Hoven'
export const POLITIE = 'Politie, Basisteam Rivierstede-Oost'
/** The header every state-changing API request needs (server/src/http/security.ts). */
export const CSRF = { 'X-Requested-With': 'veiligheidsplanner' }
/**
 * For a test that scans many screens with axe (a few seconds each on this 2-core machine, more
 * when it is loaded): the suite's 90 s is too short for a dozen scans, and a timing is not what
 * these tests check.
 */
export const AXE_SCANS_TIMEOUT = 240_000

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Debian's Chromium; never `npx playwright install` (shared/docs/FRONTEND.md, trap 8). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
}

function newestMtime(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs)
}

/** Builds web/dist when it is missing or older than the web app's sources. */
export function ensureWebBuilt() {
  const index = join(WEB_DIST, 'index.html')
  const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => join(ROOT, 'web', p)).filter(existsSync)
  const newestSource = Math.max(...sources.map(newestMtime))
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource) return
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const env = { ...process.env, NODE_ENV: 'production' }
  execFileSync('npm', ['run', 'build', '-w', 'web'], { cwd: ROOT, env, stdio: 'pipe' })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

export interface TestServer {
  /** The origin the browser uses, e.g. http://localhost:41234. */
  url: string
  /** What the server printed so far (start-up lines, warnings). */
  output: () => string
  stop: () => Promise<void>
}

/** The single-use set-up link the server prints on a start without an admin (`/inrichten/…`). */
export function setupLinkOf(server: TestServer): string {
  const match = /https?:\/\/\S+\/inrichten\/\S+/.exec(server.output())
  if (!match) throw new Error(`no set-up link in the server output:\n${server.output()}`)
  return match[0]
}

// Settings from the developer's shell must not leak in: the test server always gets an empty PGlite.
const INHERITED_SETTINGS = [
  'DATABASE_URL',
  'SEED_DEMO',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'WEB_DIST',
  'ALLOWED_ORIGINS',
  'SESSION_SECRET',
  'TRUST_PROXY',
  'HOST',
]

/**
 * Starts the real server (`tsx server/src/main.ts`) on a free port with a fresh data directory; on
 * an empty database it seeds the demo accounts. Resolves once GET /api/health answers. `extraEnv`
 * adds settings, e.g. SMTP_URL of a mail server the test started.
 */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<TestServer> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'vp-e2e-'))
  const url = `http://localhost:${port}`
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of INHERITED_SETTINGS) delete env[name]
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DEMO_PASSWORD,
    // localhost, not 127.0.0.1: the server compares the browser's Origin with this.
    PUBLIC_URL: url,
    ...extraEnv,
  })
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })

  const stop = async () => {
    await stopProcess(child)
    rmSync(dataDir, { recursive: true, force: true })
  }

  try {
    await waitForHealth(`http://127.0.0.1:${port}/api/health`, child, () => output)
  } catch (err) {
    await stop()
    throw err
  }
  return { url, output: () => output, stop }
}

async function waitForHealth(healthUrl: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`)
    try {
      const res = await fetch(healthUrl)
      if (res.ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`server did not answer ${healthUrl} within 60 s:\n${output()}`)
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000)
    child.once('exit', () => {
      clearTimeout(kill)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

// A 401 from /api/auth/me (not signed in) or a refused login is part of the journey; Chromium
// still reports every such response on the console.
const EXPECTED_CONSOLE_ERRORS = /^Failed to load resource: the server responded with a status of (401|429)/

/**
 * Records what a page reports as an error: uncaught exceptions, console errors, and CSP
 * violations (Chromium reports those on the console too). Tests expect it to stay empty.
 */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error' && !EXPECTED_CONSOLE_ERRORS.test(message.text())) {
      errors.push(`console: ${message.text()}`)
    }
  })
  return errors
}

/** WCAG 2.1 A and AA violations on the page as it is now, one line each (empty when none). */
export async function findAccessibilityViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
}

export async function expectAxeClean(page: Page, what: string) {
  expect(await findAccessibilityViolations(page), what).toEqual([])
}

/** A page in a browser context of its own, and what it reports as errors (see watchPageErrors). */
export interface OpenedPage {
  context: BrowserContext
  page: Page
  errors: string[]
}

export async function newPage(browser: Browser, options: { width?: number } = {}): Promise<OpenedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: 'nl-NL',
  })
  const page = await context.newPage()
  return { context, page, errors: watchPageErrors(page) }
}

/** Fills in the login form and submits it with the button. */
export async function signIn(
  page: Page,
  email: string,
  password: string,
  labels = { email: 'E-mailadres', password: 'Wachtwoord', submit: 'Inloggen' },
) {
  await page.getByLabel(labels.email, { exact: true }).fill(email)
  await page.getByLabel(labels.password, { exact: true }).fill(password)
  await page.getByRole('button', { name: labels.submit, exact: true }).click()
}

/** Scans the page in Dutch, switches to English, scans again, and switches back. */
export async function checkBothLanguages(page: Page, what: string) {
  const check = async (lang: string) => {
    const violations = await findAccessibilityViolations(page)
    if (violations.length > 0) throw new Error(`${what} (${lang}): ${violations.join('\n')}`)
  }
  await check('nl')
  await page.getByRole('button', { name: 'English' }).click()
  await page.locator('html[lang="en"]').waitFor({ state: 'attached' })
  await page.getByRole('button', { name: 'English', pressed: true }).waitFor()
  await check('en')
  await page.getByRole('button', { name: 'Nederlands' }).click()
  await page.locator('html[lang="nl"]').waitFor({ state: 'attached' })
  await page.getByRole('button', { name: 'Nederlands', pressed: true }).waitFor()
}

/** The link to one of the six steps in a case's navigation (its name also carries the status). */
export function stepLink(page: Page, step: number) {
  return page.getByRole('navigation', { name: 'Dossier' }).locator(`a[href$="/stap/${step}"]`)
}

/** Goes to a step through the case navigation and waits for its heading. */
export async function openStep(page: Page, step: number) {
  await stepLink(page, step).click()
  await page.getByRole('heading', { level: 2, name: new RegExp(`^Stap ${step}: `) }).waitFor()
}

const SCREENSHOT_DIR = join(ROOT, 'docs', 'screenshots')
/** Screenshots for docs/screenshots/ are taken only when asked for: SCREENSHOTS=1. */
export const SCREENSHOTS = process.env.SCREENSHOTS === '1'

/** The file of a screenshot named `name` (width included) in docs/screenshots/. */
export function screenshotPath(name: string) {
  return join(SCREENSHOT_DIR, `${name}.png`)
}

/**
 * Saves docs/screenshots/<name>-<width>.png when SCREENSHOTS=1: what is in view, or the whole page.
 */
export async function shoot(page: Page, name: string, { fullPage = false } = {}) {
  if (!SCREENSHOTS) return
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.evaluate('document.fonts.ready')
  const width = page.viewportSize()?.width ?? 1280
  await page.screenshot({ path: screenshotPath(`${name}-${width}`), fullPage })
}

/** The server and browser one e2e file shares between its tests, and ways to a page on them. */
export interface E2eSuite {
  /** Started before the file's first test, with the demo seeded; stopped after its last. */
  readonly server: TestServer
  readonly browser: Browser
  /** A fresh browser context (no cookies, no stored language) on the suite's browser. */
  newPage(options?: { width?: number }): Promise<OpenedPage>
  /** Signs in through the login page on `page` and waits for Mijn overzicht. */
  signInOn(page: Page, email: string, password?: string): Promise<void>
  /** A fresh browser context, signed in (see signInOn). */
  signedIn(email: string, options?: { password?: string; width?: number }): Promise<OpenedPage>
}

/**
 * Registers the start and stop of a server and a browser for the calling test file (beforeAll,
 * afterAll). `env` adds server settings, read when the server starts: a mail server started in an
 * earlier beforeAll can pass its address.
 */
export function useE2eSuite(options: { env?: () => Record<string, string> } = {}): E2eSuite {
  let server: TestServer | undefined
  let browser: Browser | undefined

  beforeAll(async () => {
    ensureWebBuilt()
    server = await startServer(options.env?.())
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  const suite: E2eSuite = {
    get server() {
      if (!server) throw new Error('the e2e server starts in beforeAll: use it inside a test')
      return server
    },
    get browser() {
      if (!browser) throw new Error('the e2e browser starts in beforeAll: use it inside a test')
      return browser
    },
    newPage: (pageOptions) => newPage(suite.browser, pageOptions),
    signInOn: async (page, email, password = DEMO_PASSWORD) => {
      await page.goto(`${suite.server.url}/inloggen`)
      await signIn(page, email, password)
      await page.getByRole('heading', { level: 1, name: 'Mijn overzicht' }).waitFor()
    },
    signedIn: async (email, { password, width } = {}) => {
      const opened = await suite.newPage(width === undefined ? {} : { width })
      await suite.signInOn(opened.page, email, password)
      return opened
    },
  }
  return suite
}
