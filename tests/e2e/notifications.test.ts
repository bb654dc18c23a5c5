import type { APIRequestContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { AXE_SCANS_TIMEOUT, CSRF, checkBothLanguages, DE_HOVEN, DEMO_USER, useE2eSuite } from './support.ts'

// The notification centre in the browser (issue #20): a second person's change reaches the first
// person's open page live (the bell's count rises), the page lists it, marking read lowers the count
// on the page and on the server, and the page and the settings are axe clean in Dutch and English.

const e2e = useE2eSuite()

const POLITIE_USER = 'politie@rivierstede.example'

interface UnreadPage {
  items: { id: string; title: string; link: string; readAt: string | null }[]
  unreadCount: number
}

async function unreadOnServer(request: APIRequestContext): Promise<UnreadPage> {
  const res = await request.get(`${e2e.server.url}/api/me/notifications?unread=true`)
  expect(res.status(), await res.text()).toBe(200)
  return (await res.json()) as UnreadPage
}

/** The bell's accessible name says the count: "Meldingen" alone, or "Meldingen, 3 ongelezen". */
function bell(page: Page, unread: number) {
  const name = unread > 0 ? `Meldingen, ${unread} ongelezen` : 'Meldingen'
  return page.getByRole('link', { name, exact: true })
}

let moves = 0

/** Iris, projectleider of De Hoven, moves the deadline of the first step that is not closed (a new day each time). */
async function projectleiderMovesADeadline(iris: APIRequestContext): Promise<number> {
  const cases = (await (await iris.get(`${e2e.server.url}/api/cases?limit=200`)).json()) as {
    items: { id: string; title: string }[]
  }
  const caseId = cases.items.find((c) => c.title === DE_HOVEN)!.id
  const steps = (await (await iris.get(`${e2e.server.url}/api/cases/${caseId}/steps`)).json()) as
    | { step: number; status: string }[]
    | { items: { step: number; status: string }[] }
  const list = Array.isArray(steps) ? steps : steps.items
  const step = list.find((s) => s.status !== 'closed')!.step
  const current = await iris.get(`${e2e.server.url}/api/cases/${caseId}/steps/${step}`)
  const moved = await iris.patch(`${e2e.server.url}/api/cases/${caseId}/steps/${step}`, {
    headers: { ...CSRF, 'If-Match': current.headers().etag! },
    data: { deadline: `2031-03-${String(10 + ++moves).padStart(2, '0')}T17:00:00+01:00` },
  })
  expect(moved.status(), await moved.text()).toBe(200)
  return step
}

describe('notifications in the browser', () => {
  it('shows a notification caused by someone else live on the bell, without a reload', async () => {
    const { context, page, errors } = await e2e.signedIn(POLITIE_USER)
    const projectleider = await e2e.signedIn(DEMO_USER.email)
    const before = (await unreadOnServer(context.request)).unreadCount
    await bell(page, before).waitFor()
    await bell(page, before).click()
    await page.getByRole('heading', { level: 1, name: 'Meldingen' }).waitFor()

    await projectleiderMovesADeadline(projectleider.context.request)
    await bell(page, before + 1).waitFor({ timeout: 15_000 })
    await page.getByRole('status').getByText(`Nieuwe melding: `, { exact: false }).waitFor()
    const newest = (await unreadOnServer(context.request)).items[0]!
    await page.getByRole('heading', { level: 2, name: newest.title }).first().waitFor()
    expect(errors).toEqual([])
    await projectleider.context.close()
    await context.close()
  })

  it(
    'lists a notification caused by someone else, and marks it read one by one and all at once',
    async () => {
      const { context, page, errors } = await e2e.signedIn(POLITIE_USER)
      const projectleider = await e2e.signedIn(DEMO_USER.email)
      const iris = projectleider.context.request
      const before = (await unreadOnServer(context.request)).unreadCount
      await bell(page, before).waitFor()

      await bell(page, before).click()
      await page.getByRole('heading', { level: 1, name: 'Meldingen' }).waitFor()

      await projectleiderMovesADeadline(iris)
      await page.reload()
      await bell(page, before + 1).waitFor()
      const onServer = await unreadOnServer(context.request)
      expect(onServer.unreadCount).toBe(before + 1)
      const newest = onServer.items[0]!

      // The page lists it at the top, unread in words, with its title and a link to where it happened.
      const entry = page.locator('ol.vp-notifications__list > li').first()
      await entry.getByRole('heading', { level: 2, name: newest.title, exact: true }).waitFor()
      await entry.getByText('Ongelezen', { exact: true }).waitFor()
      expect(await entry.getByRole('link', { name: 'Bekijk' }).getAttribute('href')).toBe(newest.link)

      await entry.getByRole('button', { name: 'Markeer als gelezen' }).click()
      await page.getByRole('status').filter({ hasText: 'De melding is als gelezen gemarkeerd.' }).waitFor()
      await bell(page, before).waitFor()
      expect(await entry.getByText('Ongelezen', { exact: true }).count()).toBe(0)
      const afterOne = await unreadOnServer(context.request)
      expect(afterOne.unreadCount).toBe(before)
      expect(afterOne.items.map((n) => n.id)).not.toContain(newest.id)

      // A second change by Iris, then everything read at once.
      await projectleiderMovesADeadline(iris)
      await page.reload()
      await bell(page, before + 1).waitFor()
      await page.getByRole('button', { name: 'Alles als gelezen markeren' }).click()
      await page.getByRole('status').filter({ hasText: 'Alle meldingen zijn als gelezen gemarkeerd.' }).waitFor()
      await bell(page, 0).waitFor()
      expect((await unreadOnServer(context.request)).unreadCount).toBe(0)
      expect(await page.getByText('Ongelezen', { exact: true }).count()).toBe(0)

      await checkBothLanguages(page, 'Meldingen')
      expect(errors).toEqual([])
      await projectleider.context.close()
      await context.close()
    },
    AXE_SCANS_TIMEOUT,
  )

  it(
    'saves the e-mail choice and renews the calendar address after a confirmation; the old one stops working',
    async () => {
      const { context, page, errors } = await e2e.signedIn(POLITIE_USER)
      await page.getByRole('link', { name: 'Account en meldingen' }).click()
      await page.getByRole('heading', { level: 2, name: 'Meldingen' }).waitFor()

      await page.getByRole('radio', { name: 'Eén e-mail per dag met alle meldingen' }).check()
      await page.getByLabel('Tijdstip van de dagelijkse e-mail').selectOption('7')
      await page.getByRole('button', { name: 'Opslaan' }).click()
      await page.getByRole('status').filter({ hasText: 'Uw instellingen voor meldingen zijn opgeslagen.' }).waitFor()
      const settings = await context.request.get(`${e2e.server.url}/api/me/notification-settings`)
      expect(await settings.json()).toMatchObject({ email: 'daily', digestHour: 7 })

      const address = page.getByLabel('Agenda-adres')
      const oldUrl = await address.inputValue()
      expect((await context.request.get(oldUrl)).status()).toBe(200)

      // Cancel first: nothing changes.
      await page.getByRole('button', { name: 'Nieuw adres maken' }).click()
      const dialog = page.getByRole('dialog', { name: 'Een nieuw agenda-adres maken?' })
      await dialog.getByRole('button', { name: 'Annuleren' }).click()
      await dialog.waitFor({ state: 'hidden' })
      expect(await address.inputValue()).toBe(oldUrl)

      await page.getByRole('button', { name: 'Nieuw adres maken' }).click()
      await dialog.getByRole('button', { name: 'Nieuw adres maken' }).click()
      await page.getByRole('status').filter({ hasText: 'Er is een nieuw agenda-adres gemaakt.' }).waitFor()
      const newUrl = await address.inputValue()
      expect(newUrl).not.toBe(oldUrl)
      expect((await context.request.get(oldUrl)).status()).toBe(404)
      expect((await context.request.get(newUrl)).status()).toBe(200)

      await checkBothLanguages(page, 'Account, Meldingen')
      expect(errors).toEqual([])
      await context.close()
    },
    AXE_SCANS_TIMEOUT,
  )

  it('leads from the link in an e-mail straight to the settings, with focus on them', async () => {
    const { context, page, errors } = await e2e.signedIn(POLITIE_USER)
    await page.goto(`${e2e.server.url}/account#meldingen`)
    await page.getByRole('heading', { level: 2, name: 'Meldingen' }).waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Meldingen')
    expect(errors).toEqual([])
    await context.close()
  })
})
