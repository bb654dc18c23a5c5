import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  DE_HOVEN,
  DEMO_USER,
  expectAxeClean,
  openStep,
  SCREENSHOTS,
  screenshotPath,
  shoot,
  useE2eSuite,
  watchPageErrors,
} from './support.ts'

const e2e = useE2eSuite()

async function openDeHoven(page: Page): Promise<string> {
  await page.getByRole('link', { name: DE_HOVEN }).first().click()
  await page.getByRole('heading', { level: 1, name: DE_HOVEN }).waitFor()
  return /\/dossiers\/([0-9a-f-]{36})/.exec(page.url())![1]!
}

describe('closing a step', () => {
  it('names the organisations not done and the open commitments in the dialog, and records them in the activity', async () => {
    const { context, page, errors } = await e2e.newPage()
    await e2e.signInOn(page, DEMO_USER.email)
    const caseId = await openDeHoven(page)
    await openStep(page, 5)

    await page.getByRole('button', { name: 'Stap sluiten' }).click()
    const dialog = page.getByRole('dialog', { name: 'Stap 5 sluiten?' })
    await dialog.waitFor()
    // Everyone but the housing corporation marked step 5 done; its commitment to A3 is still open.
    await dialog.getByRole('heading', { name: 'Nog niet klaar' }).waitFor()
    const notDone = dialog.getByRole('list').first().getByRole('listitem')
    expect(await notDone.allTextContents()).toEqual(['Woonstichting Rivierstede'])
    await dialog
      .getByText('Woonstichting Rivierstede heeft “Herstel 41 gebreken portiekflats Hovenlaan” nog niet toegezegd')
      .waitFor()
    await expectAxeClean(page, 'the close dialog')
    await shoot(page, 'stap-sluiten-dialoog')

    await dialog.getByRole('button', { name: 'Stap sluiten' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByRole('status').filter({ hasText: 'Stap 5 is gesloten.' }).waitFor()

    await page.goto(`${e2e.server.url}/dossiers/${caseId}/activiteit`)
    const closed = page.getByText(
      'heeft stap 5 (Wat gaan we doen?) gesloten; nog niet klaar: Woonstichting Rivierstede.',
    )
    await closed.first().waitFor()
    // The open commitment too (the corporation's on A3), by organisation, the action named.
    expect(await closed.first().textContent()).toMatch(
      /1 toezegging stond nog open: Woonstichting Rivierstede voor “Herstel 41 gebreken portiekflats Hovenlaan”\./,
    )

    expect(errors).toEqual([])
    await context.close()
  })
})

describe('reopening a step', () => {
  it('asks for a new deadline typed dd-mm-jjjj (also under an en-US browser), warns for a past one, and leaves no false "verlopen"', async () => {
    // An English browser: a browser date input would ask mm/dd/yyyy here; the product still asks dd-mm-jjjj.
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
    const page = await context.newPage()
    const errors = watchPageErrors(page)
    await e2e.signInOn(page, DEMO_USER.email)
    const caseId = await openDeHoven(page)
    // Step 4 closed long ago; its deadline (T-120) has passed.
    await openStep(page, 4)

    await page.getByRole('button', { name: 'Stap heropenen' }).click()
    const dialog = page.getByRole('dialog', { name: 'Stap 4 heropenen?' })
    await dialog.waitFor()
    await dialog.getByLabel('Reden', { exact: true }).fill('Nieuwe cijfers van de politie: doelen bijstellen')
    await dialog.getByRole('radio', { name: 'Nieuwe deadline' }).waitFor()
    expect(await dialog.getByRole('radio', { name: 'Nieuwe deadline' }).isChecked()).toBe(true)
    await dialog.getByText(/De oude deadline \(.+\) vervalt\./).waitFor()

    const date = dialog.getByLabel('Deadline (datum)', { exact: true })
    expect(await date.getAttribute('inputmode')).toBe('numeric')
    // A date that does not exist: the error names the field.
    await date.fill('31-06-2027')
    await dialog.getByRole('button', { name: 'Stap heropenen' }).click()
    await dialog.getByText('Deadline (datum): dit is geen bestaande datum. Typ dd-mm-jjjj').waitFor()
    // A date in the past: a warning, and it needs an explicit confirmation.
    await date.fill('01-03-2026')
    await dialog.getByText('Deze deadline ligt in het verleden').waitFor()
    await dialog.getByRole('button', { name: 'Stap heropenen' }).click()
    await dialog.getByText('Bevestig de deadline in het verleden, of kies een latere datum').waitFor()

    await date.fill('29-06-2027')
    await dialog.getByText('dinsdag 29 juni 2027').waitFor()
    expect(await dialog.getByText('Deze deadline ligt in het verleden').count()).toBe(0)
    if (SCREENSHOTS) await dialog.locator('.vp-date-field').screenshot({ path: screenshotPath('datumveld-1280') })
    // Every organisation had marked step 4 done: wiping the marks is the default.
    expect(await dialog.getByRole('radio', { name: 'Wissen: iedereen meldt opnieuw klaar' }).isChecked()).toBe(true)
    await expectAxeClean(page, 'the reopen dialog')
    if (SCREENSHOTS) {
      await shoot(page, 'stap-heropenen-dialoog')
      await page.setViewportSize({ width: 375, height: 900 })
      await shoot(page, 'stap-heropenen-dialoog')
      await page.setViewportSize({ width: 1280, height: 900 })
    }

    await dialog.getByRole('button', { name: 'Stap heropenen' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByRole('status').filter({ hasText: 'Stap 4 is heropend.' }).waitFor()

    // Stored as 29 June 2027, by the end of that Dutch day; not overdue.
    const step = await (await page.request.get(`${e2e.server.url}/api/cases/${caseId}/steps/4`)).json()
    expect(step).toMatchObject({ status: 'open', deadline: '2027-06-29T21:59:00.000Z', overdue: false })
    expect(step.done.filter((d: { done: boolean }) => d.done)).toEqual([])

    await page.goto(`${e2e.server.url}/dossiers/${caseId}/activiteit`)
    await page.getByText('Nieuwe deadline: 29 juni 2027').first().waitFor()
    expect(errors).toEqual([])
    await context.close()

    // The housing corporation's home: step 4 is open for it again, with the new deadline, not "verlopen".
    const partner = await e2e.newPage()
    await e2e.signInOn(partner.page, 'woningcorporatie@rivierstede.example')
    const stepLine = partner.page.locator('li', {
      has: partner.page.getByRole('link', { name: 'Stap 4: Wat willen we bereiken?' }),
    })
    await stepLine.first().waitFor()
    const text = (await stepLine.allTextContents()).join(' | ')
    expect(text).toContain('29 juni 2027')
    expect(text).not.toContain('verlopen')
    await expectAxeClean(partner.page, "the partner's home")
    expect(partner.errors).toEqual([])
    await partner.context.close()
  })
})

describe('proposed deadlines', () => {
  it('a new standaard case: a proposal for step 1, and all six deadlines set at once', async () => {
    const { context, page, errors } = await e2e.newPage()
    await e2e.signInOn(page, DEMO_USER.email)
    const created = await page.request.post(`${e2e.server.url}/api/cases`, {
      headers: { 'X-Requested-With': 'veiligheidsplanner' },
      data: {
        title: 'Overlast scooters Parkweg',
        gemeente: 'Rivierstede',
        theme: 'verloedering',
        problemType: 'standaard',
        area: 'Parkweg',
      },
    })
    expect(created.status()).toBe(201)
    const caseId = (await created.json()).id as string
    await page.goto(`${e2e.server.url}/dossiers/${caseId}/stap/1`)
    await page.getByRole('heading', { level: 3, name: 'Status en deadline' }).waitFor()
    await page.getByText(/^Voorstel: .+ \(standaard: 2 weken vanaf nu\)\.$/).waitFor()

    await page.getByRole('button', { name: 'Alle deadlines voorstellen' }).click()
    const dialog = page.getByRole('dialog', { name: 'Deadlines voorstellen' })
    await dialog.waitFor()
    expect(await dialog.getByRole('listitem').count()).toBe(6)
    await dialog.getByText(/Stap 2: Wat is het probleem\?: .+ \(2 weken na de deadline van stap 1\)/).waitFor()
    await expectAxeClean(page, 'the proposal dialog')
    await dialog.getByRole('button', { name: 'Deadlines zetten' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByRole('status').filter({ hasText: '6 deadlines gezet.' }).waitFor()

    const steps = (await (await page.request.get(`${e2e.server.url}/api/cases/${caseId}/steps`)).json()).items as {
      deadline: string | null
    }[]
    const days = steps.map((s) => Date.parse(s.deadline!) / 86_400_000)
    // Two weeks per step for the first four, four for the actions, twelve until the evaluation.
    expect(days.slice(1).map((d, i) => Math.round(d - days[i]!))).toEqual([14, 14, 14, 28, 84])
    // Step 1's own form now shows its deadline, and no proposal any more.
    expect(await page.getByLabel('Deadline (datum)', { exact: true }).inputValue()).toMatch(/^\d{2}-\d{2}-\d{4}$/)
    expect(await page.getByText(/^Voorstel: /).count()).toBe(0)
    expect(errors).toEqual([])
    await context.close()
  })
})
