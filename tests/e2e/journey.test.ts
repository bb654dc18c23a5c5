import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DE_HOVEN, DEMO_PASSWORD, DEMO_USER, openStep, POLITIE, stepLink, useE2eSuite } from './support.ts'

const WONEN = 'Woonstichting Rivierstede'
/** Changes made by someone else must show within this time, without a reload (PRODUCT.md F5). */
const LIVE_MS = 2000

const e2e = useE2eSuite()

/** Invites someone through the Projectgroep page and returns the link to pass on (no SMTP here). */
async function invite(page: Page, email: string, organisation: string) {
  await page.getByLabel('E-mailadres', { exact: true }).fill(email)
  await page.getByLabel('Namens organisatie', { exact: true }).selectOption({ label: organisation })
  await page.getByRole('button', { name: 'Uitnodiging versturen' }).click()
  const field = page.getByLabel(`Uitnodigingslink voor ${email}`, { exact: true })
  await field.waitFor()
  return field.inputValue()
}

/** Adds a signal in step 2 through its form. */
async function addSignal(page: Page, title: string) {
  await page.getByRole('button', { name: 'Signaal toevoegen' }).click()
  const form = page.getByRole('form', { name: 'Signaal toevoegen' })
  await form.getByLabel('Signaal', { exact: true }).fill(title)
  await form.getByLabel('Bron', { exact: true }).selectOption({ label: 'Eigen waarneming' })
  await form.getByLabel('Waar (niet verplicht)', { exact: true }).fill('Achterpaden Vogelbuurt')
  await form.getByRole('button', { name: 'Toevoegen', exact: true }).click()
  await page
    .getByRole('status')
    .filter({ hasText: `“${title}” is toegevoegd.` })
    .waitFor()
}

/** A card of an item, found by its title. */
function card(page: Page, title: string) {
  return page.getByRole('article', { name: title, exact: true })
}

describe('working through a case together', () => {
  it('lets a projectleider and two partners work through steps 1 and 2 live, without reloading', async () => {
    const lead = await e2e.signedIn(DEMO_USER.email)
    const title = `Woninginbraken Vogelbuurt ${Date.now()}`

    // The projectleider opens a case and invites two partners.
    await lead.page.getByRole('link', { name: 'Nieuw dossier' }).click()
    await lead.page.getByLabel('Titel', { exact: true }).fill(title)
    await lead.page.getByLabel('Gemeente', { exact: true }).fill('Rivierstede')
    await lead.page.getByLabel('Thema', { exact: true }).selectOption({ label: 'Woninginbraak' })
    await lead.page.getByRole('radio', { name: 'standaard' }).check()
    await lead.page.getByRole('button', { name: 'Dossier aanmaken' }).click()
    await lead.page.getByRole('heading', { level: 1, name: title }).waitFor()
    const caseUrl = lead.page.url()
    await lead.page.getByRole('navigation', { name: 'Dossier' }).getByRole('link', { name: 'Projectgroep' }).click()
    const politieLink = await invite(lead.page, 'politie@rivierstede.example', POLITIE)
    const newcomer = `wijkbeheer-${Date.now()}@rivierstede.example`
    const wonenLink = await invite(lead.page, newcomer, WONEN)

    // Both accept through their links: Ruud with his existing account, the newcomer with a new one.
    const ruud = await e2e.newPage()
    await ruud.page.goto(politieLink)
    // The page does not say whether the address has an account: Ruud says so.
    await ruud.page.getByRole('button', { name: 'Ik heb al een account' }).click()
    await ruud.page.getByLabel('Wachtwoord', { exact: true }).fill(DEMO_PASSWORD)
    await ruud.page.getByRole('button', { name: 'Inloggen en meedoen' }).click()
    await ruud.page.getByRole('heading', { level: 1, name: title }).waitFor()
    const sanne = await e2e.newPage()
    await sanne.page.goto(wonenLink)
    await sanne.page.getByLabel('Uw naam', { exact: true }).fill('Sanne Wijkbeheer')
    await sanne.page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('Vogelbuurt-achterpaden-2026')
    await sanne.page.getByRole('button', { name: 'Account maken en meedoen' }).click()
    await sanne.page.getByRole('heading', { level: 1, name: title }).waitFor()
    expect(ruud.page.url()).toBe(caseUrl)
    expect(sanne.page.url()).toBe(caseUrl)

    // The projectleider closes step 1; step 2 opens for everyone, live.
    await openStep(lead.page, 1)
    await lead.page.getByRole('button', { name: 'Stap sluiten' }).click()
    const closeDialog = lead.page.getByRole('dialog', { name: 'Stap 1 sluiten?' })
    await closeDialog.getByRole('button', { name: 'Stap sluiten' }).click()
    await lead.page.getByRole('status').filter({ hasText: 'Stap 1 is gesloten.' }).waitFor()
    for (const p of [ruud.page, sanne.page]) {
      await stepLink(p, 2).filter({ hasText: 'open' }).waitFor({ timeout: LIVE_MS })
      await stepLink(p, 1).filter({ hasText: 'gesloten' }).waitFor()
    }

    // Each partner adds a signal in step 2 and sees the other's appear without reloading.
    await openStep(ruud.page, 2)
    await openStep(sanne.page, 2)
    await openStep(lead.page, 2)
    // Who is where: the projectleider sees both partners on step 2.
    const presence = lead.page.locator('.vp-presence')
    await presence.getByText(`Ruud Kalkman (${POLITIE}), bij stap 2`).waitFor()
    await presence.getByText(`Sanne Wijkbeheer (${WONEN}), bij stap 2`).waitFor()

    await addSignal(ruud.page, 'Inbraakgolf via achterpaden')
    await card(sanne.page, 'Inbraakgolf via achterpaden').waitFor({ timeout: LIVE_MS })
    await addSignal(sanne.page, 'Kapotte verlichting in de achterpaden')
    await card(ruud.page, 'Kapotte verlichting in de achterpaden').waitFor({ timeout: LIVE_MS })
    expect(await card(ruud.page, 'Inbraakgolf via achterpaden').textContent()).toContain('Eigen waarneming')

    // The projectleider names a sub-problem; both partners rate it, and see each other's rating.
    await lead.page.getByRole('button', { name: 'Deelprobleem toevoegen' }).click()
    const subForm = lead.page.getByRole('form', { name: 'Deelprobleem toevoegen' })
    await subForm.getByLabel('Deelprobleem', { exact: true }).fill('Inbraken via onverlichte achterpaden')
    await subForm.getByRole('checkbox', { name: 'Inbraakgolf via achterpaden' }).check()
    await subForm.getByRole('checkbox', { name: 'Kapotte verlichting in de achterpaden' }).check()
    await subForm.getByRole('button', { name: 'Toevoegen', exact: true }).click()
    const sub = 'Inbraken via onverlichte achterpaden'
    await card(ruud.page, sub).waitFor({ timeout: LIVE_MS })
    await card(sanne.page, sub).waitFor({ timeout: LIVE_MS })
    await card(ruud.page, sub)
      .getByRole('group', { name: `Prioriteit van ${POLITIE}:` })
      .getByRole('button', { name: '5' })
      .click()
    await card(ruud.page, sub).getByText('Prioriteit 5 gegeven').waitFor()
    // Sanne sees Politie's rating arrive first (the card grows by its rating picture), so her
    // click lands on a card that has stopped moving.
    await card(sanne.page, sub)
      .getByText('gemiddeld 5 van 1 organisatie', { exact: false })
      .waitFor({ timeout: LIVE_MS })
    await card(sanne.page, sub)
      .getByRole('group', { name: `Prioriteit van ${WONEN}:` })
      .getByRole('button', { name: '3' })
      .click()
    await card(sanne.page, sub).getByText('Prioriteit 3 gegeven').waitFor()
    for (const p of [ruud.page, sanne.page, lead.page]) {
      await card(p, sub).getByText('gemiddeld 4 van 2 organisaties, van 3 tot 5').waitFor({ timeout: LIVE_MS })
    }
    expect(await card(ruud.page, sub).getByRole('button', { name: '5' }).getAttribute('aria-pressed')).toBe('true')

    // Both mark their contribution done; the projectleider sees it, closes step 2, and step 3 opens for all.
    for (const [p, org] of [
      [ruud.page, POLITIE],
      [sanne.page, WONEN],
    ] as const) {
      await p.getByRole('checkbox', { name: `Bijdrage van ${org} is klaar` }).check()
      await p
        .getByRole('status')
        .filter({ hasText: `De bijdrage van ${org} is klaar gemeld.` })
        .waitFor()
    }
    await lead.page.getByText('2 van de 3 organisaties klaar').waitFor({ timeout: LIVE_MS })
    await lead.page.getByRole('button', { name: 'Stap sluiten' }).click()
    await lead.page
      .getByRole('dialog', { name: 'Stap 2 sluiten?' })
      .getByRole('button', { name: 'Stap sluiten' })
      .click()
    await lead.page.getByRole('status').filter({ hasText: 'is gesloten.' }).waitFor()
    for (const p of [ruud.page, sanne.page, lead.page]) {
      await stepLink(p, 3).filter({ hasText: 'open' }).waitFor({ timeout: LIVE_MS })
    }
    // The partners' step 2 page turned read-only by itself.
    await ruud.page.getByText('Deze stap is gesloten.').waitFor({ timeout: LIVE_MS })
    expect(await ruud.page.getByRole('button', { name: 'Signaal toevoegen' }).count()).toBe(0)

    // The overview shows the done marks per organisation and step.
    await lead.page.getByRole('navigation', { name: 'Dossier' }).getByRole('link', { name: 'Overzicht' }).click()
    const matrix = lead.page.getByRole('table', { name: 'Welke organisatie heeft haar bijdrage per stap klaar gemeld' })
    await matrix.waitFor()
    for (const org of [POLITIE, WONEN]) {
      const row = matrix.getByRole('row').filter({ has: lead.page.getByRole('rowheader', { name: org }) })
      const cells = row.getByRole('cell')
      expect(await cells.nth(1).textContent()).toContain('bijdrage klaar')
    }
    expect(
      await matrix
        .getByRole('row')
        .filter({ has: lead.page.getByRole('rowheader', { name: 'Gemeente Rivierstede' }) })
        .getByRole('cell')
        .nth(1)
        .textContent(),
    ).toContain('niet klaar gemeld')

    expect(lead.errors).toEqual([])
    expect(ruud.errors).toEqual([])
    expect(sanne.errors).toEqual([])
    await Promise.all([lead.context.close(), ruud.context.close(), sanne.context.close()])
  })

  it('shows both versions when two people save the same item, and saves mine on top when I choose so', async () => {
    const iris = await e2e.signedIn(DEMO_USER.email)
    const ruud = await e2e.signedIn('politie@rivierstede.example')
    const original = 'Gerichte controle parkeergarage, 2 avonden per week (do–za), 16 weken'
    for (const { page } of [iris, ruud]) {
      await page.getByRole('link', { name: DE_HOVEN }).click()
      await page.getByRole('heading', { level: 1, name: DE_HOVEN }).waitFor()
      await openStep(page, 5)
    }

    // Both open the action for editing; each sees that the other is editing it.
    await card(ruud.page, original)
      .getByRole('button', { name: `Wijzigen (${original})` })
      .click()
    await card(iris.page, original).getByText('Ruud Kalkman bewerkt dit').waitFor({ timeout: LIVE_MS })
    await card(iris.page, original)
      .getByRole('button', { name: `Wijzigen (${original})` })
      .click()
    const irisForm = iris.page.getByRole('form', { name: `“${original}” wijzigen` })
    const ruudForm = ruud.page.getByRole('form', { name: `“${original}” wijzigen` })
    await irisForm.getByText('Ruud Kalkman bewerkt dit ook.').waitFor({ timeout: LIVE_MS })

    // Ruud saves first.
    const theirs = 'Gerichte controle parkeergarage, 3 avonden per week'
    await ruudForm.getByLabel('Actie', { exact: true }).fill(theirs)
    await ruudForm.getByRole('button', { name: 'Opslaan' }).click()
    await card(ruud.page, theirs).waitFor()
    // Iris keeps typing; her form says someone saved meanwhile, and her text stays.
    const mine = 'Gerichte controle parkeergarage en trappenhuizen, do–za'
    await irisForm.getByLabel('Actie', { exact: true }).fill(mine)
    await irisForm.getByText('Iemand anders heeft dit intussen opgeslagen.').waitFor({ timeout: LIVE_MS })
    expect(await irisForm.getByLabel('Actie', { exact: true }).inputValue()).toBe(mine)

    // Her save shows both versions side by side, in a modal dialog that keeps focus.
    await irisForm.getByRole('button', { name: 'Opslaan' }).click()
    const dialog = iris.page.getByRole('dialog', { name: 'Iemand anders heeft dit intussen gewijzigd' })
    await dialog.waitFor()
    const row = dialog.getByRole('row').filter({ has: iris.page.getByRole('rowheader', { name: 'Actie' }) })
    expect(await row.getByRole('cell').nth(0).textContent()).toBe(theirs)
    expect(await row.getByRole('cell').nth(1).textContent()).toBe(mine)
    for (let i = 0; i < 5; i++) {
      await iris.page.keyboard.press('Tab')
      expect(await iris.page.locator('dialog :focus').count()).toBe(1)
    }
    await dialog.getByRole('button', { name: 'Mijn versie opslaan' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await iris.page
      .getByRole('status')
      .filter({ hasText: `“${mine}” is opgeslagen.` })
      .waitFor()
    await card(iris.page, mine).waitFor()
    // Ruud sees Iris's version appear.
    await card(ruud.page, mine).waitFor({ timeout: LIVE_MS })
    expect(await card(ruud.page, theirs).count()).toBe(0)

    // Both versions stay in the history.
    await card(iris.page, mine)
      .getByRole('button', { name: `Geschiedenis (${mine})` })
      .click()
    const history = card(iris.page, mine).getByRole('region', { name: `Geschiedenis van “${mine}”` })
    await history.getByText(`Nieuwe titel: “${theirs}”`).waitFor()
    await history.getByText(`Nieuwe titel: “${mine}”`).waitFor()

    expect(iris.errors.filter((e) => !e.includes('status of 412'))).toEqual([])
    expect(ruud.errors).toEqual([])
    await Promise.all([iris.context.close(), ruud.context.close()])
  })
})
