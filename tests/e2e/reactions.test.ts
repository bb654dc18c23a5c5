import type { APIRequestContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { CSRF, DEMO_USER, findAccessibilityViolations, useE2eSuite } from './support.ts'

const e2e = useE2eSuite()

/**
 * Iris (projectleider, Gemeente Rivierstede) in the browser, in a new case of her own, and a colleague
 * of the same organisation who joined it as a partner and speaks to the API directly.
 */
async function caseWithColleague() {
  const opened = await e2e.newPage()
  const { page } = opened
  await e2e.signInOn(page, DEMO_USER.email)
  const created = await page.request.post(`${e2e.server.url}/api/cases`, {
    headers: CSRF,
    data: {
      title: `Inbraken achterpaden ${Date.now()}`,
      gemeente: 'Rivierstede',
      theme: 'woninginbraak',
      problemType: 'standaard',
    },
  })
  expect(created.status()).toBe(201)
  const caseId = ((await created.json()) as { id: string }).id

  const me = (await (await page.request.get(`${e2e.server.url}/api/auth/me`)).json()) as {
    user: { organisation: { id: string } }
  }
  const invited = await page.request.post(`${e2e.server.url}/api/cases/${caseId}/invitations`, {
    headers: CSRF,
    data: {
      email: `collega-${Date.now()}@rivierstede.example`,
      organisationId: me.user.organisation.id,
      role: 'partner',
    },
  })
  expect(invited.status(), await invited.text()).toBe(201)
  const token = ((await invited.json()) as { link: string }).link.split('/uitnodiging/')[1]!
  const colleagueContext = await e2e.browser.newContext()
  const colleague = colleagueContext.request
  const accepted = await colleague.post(`${e2e.server.url}/api/invitations/${token}/accept`, {
    headers: CSRF,
    data: { name: 'Kees Collega', password: 'Vogelbuurt-achterpaden-2026' },
  })
  expect(accepted.status(), await accepted.text()).toBe(200)
  return { ...opened, caseId, colleague, closeColleague: () => colleagueContext.close() }
}

/**
 * Lets the colleague's change reach the server first, just before this page's next request to `path`:
 * the page then writes on top of a version that is no longer there, as when two people click at once.
 */
async function colleagueGoesFirst(page: Page, path: string, change: () => Promise<void>) {
  // Once only; and no unroute inside the handler, which would let the held request go on at once.
  await page.route(
    `${e2e.server.url}${path}`,
    async (route) => {
      await change()
      await route.continue()
    },
    { times: 1 },
  )
}

async function put(colleague: APIRequestContext, path: string, version: number, data: unknown) {
  const res = await colleague.put(`${e2e.server.url}${path}`, {
    headers: { ...CSRF, 'If-Match': `"${version}"` },
    data,
  })
  expect(res.status(), await res.text()).toBe(200)
}

describe('reactions of two colleagues of one organisation', () => {
  it('tells that a colleague changed our rating meanwhile, shows their score, and saves mine on top of it', async () => {
    const { context, page, errors, caseId, colleague, closeColleague } = await caseWithColleague()
    const stepPath = `/api/cases/${caseId}/steps/1`
    const etag = (await page.request.get(`${e2e.server.url}${stepPath}`)).headers().etag!
    const closed = await page.request.patch(`${e2e.server.url}${stepPath}`, {
      headers: { ...CSRF, 'If-Match': etag },
      data: { status: 'closed' },
    })
    expect(closed.status()).toBe(200)
    const title = 'Inbraken via onverlichte achterpaden'
    const sub = await page.request.post(`${e2e.server.url}/api/cases/${caseId}/items`, {
      headers: CSRF,
      data: { kind: 'subproblem', step: 2, title },
    })
    const subId = ((await sub.json()) as { id: string }).id

    await page.goto(`${e2e.server.url}/dossiers/${caseId}/stap/2`)
    const card = page.getByRole('article', { name: title })
    const mine = card.getByRole('group', { name: `Prioriteit van ${DEMO_USER.organisation}:` })
    await mine.waitFor()

    const ratingPath = `/api/cases/${caseId}/items/${subId}/rating`
    await colleagueGoesFirst(page, ratingPath, () => put(colleague, ratingPath, 0, { score: 4 }))
    await mine.getByRole('button', { name: '2' }).click()
    await card
      .getByRole('alert')
      .filter({ hasText: `Een collega van ${DEMO_USER.organisation} heeft de prioriteit intussen op 4 gezet.` })
      .waitFor()
    // The card shows the colleague's score at once.
    expect(await mine.getByRole('button', { name: '4' }).getAttribute('aria-pressed')).toBe('true')
    expect(await findAccessibilityViolations(page)).toEqual([])

    // Chosen again, on top of the colleague's version, mine is saved.
    await mine.getByRole('button', { name: '2' }).click()
    await card.getByText('Prioriteit 2 gegeven').waitFor()
    expect(await mine.getByRole('button', { name: '2' }).getAttribute('aria-pressed')).toBe('true')
    expect(await card.getByRole('alert').count()).toBe(0)

    expect(errors.filter((e) => !e.includes('status of 412'))).toEqual([])
    await closeColleague()
    await context.close()
  })

  it('tells that a colleague marked our contribution done meanwhile, and shows the mark', async () => {
    const { context, page, errors, caseId, colleague, closeColleague } = await caseWithColleague()
    await page.goto(`${e2e.server.url}/dossiers/${caseId}/stap/1`)
    const checkbox = page.getByRole('checkbox', { name: `Bijdrage van ${DEMO_USER.organisation} is klaar` })
    await checkbox.waitFor()
    expect(await checkbox.isChecked()).toBe(false)

    const donePath = `/api/cases/${caseId}/steps/1/done`
    await colleagueGoesFirst(page, donePath, () => put(colleague, donePath, 0, { done: true }))
    await checkbox.check()
    await page
      .getByRole('alert')
      .filter({ hasText: `Een collega van ${DEMO_USER.organisation} heeft de bijdrage intussen klaar gemeld.` })
      .waitFor()
    expect(await checkbox.isChecked()).toBe(true)
    await page.getByText('1 van de 1 organisatie klaar').waitFor()

    // On top of the colleague's mark, unticking goes through.
    await checkbox.uncheck()
    await page
      .getByRole('status')
      .filter({ hasText: `De bijdrage van ${DEMO_USER.organisation} staat weer open.` })
      .waitFor()
    expect(await checkbox.isChecked()).toBe(false)

    expect(errors.filter((e) => !e.includes('status of 412'))).toEqual([])
    await closeColleague()
    await context.close()
  })
})

describe('the forms of an item, a position and reopening a step', () => {
  it('puts required and number errors at the fields of an item, focuses the first, and adds it once right', async () => {
    const { context, page, errors, caseId, closeColleague } = await caseWithColleague()
    await page.goto(`${e2e.server.url}/dossiers/${caseId}/stap/2`)
    await page.getByRole('button', { name: 'Signaal toevoegen' }).click()
    const form = page.getByRole('form', { name: 'Signaal toevoegen' })
    await form.getByRole('button', { name: 'Toevoegen' }).click()
    // Each required field is named in its message.
    await form.getByText('Vul het signaal in').waitFor()
    await form.getByText('Kies de bron').waitFor()
    expect(await page.locator(':focus').getAttribute('name')).toBe('title')

    const title = 'Fietsen gestolen bij het station'
    await form.getByLabel('Signaal', { exact: true }).fill(title)
    await form.getByLabel('Bron', { exact: true }).selectOption({ label: 'Meldingen' })
    expect(await form.getByText('Vul het signaal in').count()).toBe(0)
    expect(await form.getByText('Kies de bron').count()).toBe(0)
    await form.getByLabel('Cijfer (niet verplicht)', { exact: true }).fill('veel')
    await form.getByRole('button', { name: 'Toevoegen' }).click()
    await form.getByText('Vul een getal in, bijvoorbeeld 12 of 3,5').waitFor()
    expect(await page.locator(':focus').getAttribute('name')).toBe('figure')
    await form.getByLabel('Cijfer (niet verplicht)', { exact: true }).fill('12,5')
    await form.getByRole('button', { name: 'Toevoegen' }).click()
    await page
      .getByRole('status')
      .filter({ hasText: `“${title}” is toegevoegd.` })
      .waitFor()
    await page.getByRole('article', { name: title }).waitFor()

    expect(errors).toEqual([])
    await closeColleague()
    await context.close()
  })

  it('asks why my organisation declines an action, and saves the decline with its reason', async () => {
    const { context, page, errors, caseId, closeColleague } = await caseWithColleague()
    const me = (await (await page.request.get(`${e2e.server.url}/api/auth/me`)).json()) as {
      user: { organisation: { id: string } }
    }
    const stepPath = `/api/cases/${caseId}/steps/5`
    const etag = (await page.request.get(`${e2e.server.url}${stepPath}`)).headers().etag!
    const opened = await page.request.patch(`${e2e.server.url}${stepPath}`, {
      headers: { ...CSRF, 'If-Match': etag },
      data: { status: 'open' },
    })
    expect(opened.status(), await opened.text()).toBe(200)
    const title = 'Verlichting op de achterpaden'
    const action = await page.request.post(`${e2e.server.url}/api/cases/${caseId}/items`, {
      headers: CSRF,
      data: { kind: 'action', step: 5, title, trekkerOrganisationId: me.user.organisation.id },
    })
    expect(action.status(), await action.text()).toBe(201)

    await page.goto(`${e2e.server.url}/dossiers/${caseId}/stap/5`)
    const card = page.getByRole('article', { name: title })
    await card.getByRole('button', { name: `Afwijzen (${title})` }).click()
    const save = card.getByRole('button', { name: 'Afwijzing opslaan' })
    await save.click()
    await card.getByText('Geef een reden als uw organisatie afwijst').waitFor()
    expect(await page.locator(':focus').getAttribute('name')).toBe('reason')
    await card.getByLabel(`Waarom wijst ${DEMO_USER.organisation} af?`, { exact: true }).fill('Geen budget dit jaar')
    await save.click()
    await card
      .getByRole('status')
      .filter({ hasText: `Uw organisatie heeft “${title}” afgewezen.` })
      .waitFor()
    await card.getByText('“Geen budget dit jaar”').waitFor()

    expect(errors).toEqual([])
    await closeColleague()
    await context.close()
  })

  it('asks for a position and a reason where needed, saves the position, and reopens a step with a reason', async () => {
    const { context, page, errors, caseId, closeColleague } = await caseWithColleague()
    const stepPath = `/api/cases/${caseId}/steps/1`
    const etag = (await page.request.get(`${e2e.server.url}${stepPath}`)).headers().etag!
    const closed = await page.request.patch(`${e2e.server.url}${stepPath}`, {
      headers: { ...CSRF, 'If-Match': etag },
      data: { status: 'closed' },
    })
    expect(closed.status()).toBe(200)
    const title = 'Inbraken via schuurtjes aan de achterpaden'
    const sub = await page.request.post(`${e2e.server.url}/api/cases/${caseId}/items`, {
      headers: CSRF,
      data: { kind: 'subproblem', step: 2, title },
    })
    expect(sub.status()).toBe(201)

    await page.goto(`${e2e.server.url}/dossiers/${caseId}/stap/2`)
    const card = page.getByRole('article', { name: title })
    await card.getByRole('button', { name: `Standpunt innemen (${title})` }).click()
    const save = card.getByRole('button', { name: 'Standpunt opslaan' })
    await save.click()
    await card.getByText('Kies een standpunt').waitFor()
    await card.getByRole('radio', { name: 'akkoord met voorbehoud' }).check()
    expect(await card.getByText('Kies een standpunt').count()).toBe(0)
    await save.click()
    await card.getByText('Geef een reden bij voorbehoud of niet akkoord').waitFor()
    const reason = card.getByLabel('Reden', { exact: true })
    expect(await page.locator(':focus').getAttribute('name')).toBe('reason')
    await reason.fill('Alleen met verlichting door de gemeente')
    await save.click()
    await card
      .getByRole('status')
      .filter({ hasText: `Uw standpunt over “${title}” is opgeslagen: akkoord met voorbehoud.` })
      .waitFor()
    await card.getByText('“Alleen met verlichting door de gemeente”').waitFor()

    await page.goto(`${e2e.server.url}/dossiers/${caseId}/stap/1`)
    await page.getByRole('button', { name: 'Stap heropenen' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('button', { name: 'Stap heropenen' }).click()
    await dialog.getByText('Geef een reden om de stap te heropenen').waitFor()
    await dialog.getByLabel('Reden', { exact: true }).fill('Er zijn nieuwe meldingen binnengekomen')
    await dialog.getByRole('button', { name: 'Stap heropenen' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByRole('status').filter({ hasText: 'is heropend.' }).waitFor()

    expect(errors).toEqual([])
    await closeColleague()
    await context.close()
  })
})
