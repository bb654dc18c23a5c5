import type { Locator } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  CSRF,
  checkBothLanguages,
  DE_HOVEN,
  DEMO_PASSWORD,
  DEMO_USER,
  expectAxeClean,
  shoot,
  useE2eSuite,
} from './support.ts'

// Whom the projectleider chases: the worklist on her home page and at the top of the case
// overview, naming exactly the demo's late organisation, its open and declined commitments and
// the delayed action (shared/docs/DEMO.md); and the checklist of a new case.

const e2e = useE2eSuite()

/** The lines of one group of the worklist (found by its heading), as their visible text. */
async function linesOf(scope: Locator, group: string) {
  const heading = scope.getByRole('heading', { name: group, exact: true })
  await heading.waitFor()
  const list = heading.locator('xpath=following-sibling::ul[1]')
  return (await list.getByRole('listitem').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim())
}

/** The worklist as it names the demo: checked the same on home and on the overview. */
async function expectDemoWorklist(scope: Locator) {
  const steps = await linesOf(scope, 'Nog niet klaar met een open stap')
  expect(steps).toEqual([
    'Stap 5: Wat gaan we doen? nog 9 dagen · nog niet klaar: Woonstichting Rivierstede',
    'Stap 6: Wat hebben we bereikt? geen deadline · 7 organisaties nog niet klaar',
  ])
  const commitments = await linesOf(scope, 'Toezeggingen openstaand of afgewezen')
  expect(commitments).toHaveLength(2)
  expect(commitments).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^Woonstichting Rivierstede: Herstel 41 gebreken portiekflats Hovenlaan openstaand verlopen /,
      ),
      expect.stringMatching(
        /^Politie, Basisteam Rivierstede-Oost: Toezicht koopavond donderdag 18\.00–21\.00 uur afgewezen Het basisteam/,
      ),
    ]),
  )
  const actions = await linesOf(scope, 'Vertraagde en verlopen acties')
  expect(actions).toEqual([
    expect.stringMatching(
      /^Herstel verlichting en bestrating laad- en losstraat vertraagd trekker Gemeente Rivierstede/,
    ),
  ])
  const invitations = await linesOf(scope, 'Uitnodigingen niet aangenomen')
  expect(invitations).toEqual([
    expect.stringMatching(/^kabinet@rivierstede\.example Gemeente Rivierstede, als waarnemer/),
  ])
  const quiet = await linesOf(scope, 'Twee weken of langer niet in het dossier')
  expect(quiet.map((l) => l.split(' (')[0])).toEqual(['Daan Meulenbelt', 'Femke Oudeweg', 'Gerrit Plasmeijer'])

  // Each line links to the place to act: the step, the action on step 5, the project group.
  const a3 = scope.getByRole('link', { name: 'Herstel 41 gebreken portiekflats Hovenlaan' })
  expect(await a3.getAttribute('href')).toMatch(/\/dossiers\/[0-9a-f-]+\/stap\/5#item-[0-9a-f-]+$/)
  expect(await scope.getByRole('link', { name: 'Stap 5: Wat gaan we doen?' }).getAttribute('href')).toMatch(
    /\/stap\/5$/,
  )
  expect(await scope.getByRole('link', { name: 'kabinet@rivierstede.example' }).getAttribute('href')).toMatch(
    /\/projectgroep$/,
  )
}

describe('whom to chase', () => {
  it('fits the worklist on a phone screen, before anyone changes the demo', async () => {
    const { context, page, errors } = await e2e.signedIn(DEMO_USER.email, { width: 375 })
    const home = page.getByRole('region', { name: `Nabellen: ${DE_HOVEN}` })
    await home.getByRole('heading', { name: 'Uitnodigingen niet aangenomen' }).waitFor()
    const overflow = await page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth)
    expect(overflow).toBe(0)
    await shoot(page, 'werklijst-home', { fullPage: true })
    expect(errors).toEqual([])
    await context.close()
  })

  it("shows the projectleider's worklist on home and on the overview, and refreshes it live", async () => {
    const { context, page, errors } = await e2e.signedIn(DEMO_USER.email)
    const home = page.getByRole('region', { name: `Nabellen: ${DE_HOVEN}` })
    await home.waitFor()
    await expectDemoWorklist(home)
    await checkBothLanguages(page, 'home with the worklist')
    await shoot(page, 'werklijst-home', { fullPage: true })

    await page.getByRole('region', { name: 'Mijn dossiers' }).getByRole('link', { name: DE_HOVEN }).click()
    const overview = page.getByRole('region', { name: 'Wie moet u nabellen?' })
    await overview.waitFor()
    await expectDemoWorklist(overview)
    // At the top: above the six steps; and a case under way has no new-case checklist.
    const [listTop, stepsTop] = await Promise.all([
      overview.boundingBox(),
      page.getByRole('heading', { name: 'De zes stappen' }).boundingBox(),
    ])
    expect(listTop!.y).toBeLessThan(stepsTop!.y)
    expect(await page.getByRole('heading', { name: 'Volgende stap' }).count()).toBe(0)
    await expectAxeClean(page, 'overview with the worklist')
    // The overview runs to several screens: the first one shows the list above the steps.
    await page.setViewportSize({ width: 1280, height: 1400 })
    await shoot(page, 'werklijst-overzicht')

    // The housing corporation marks its step-5 contribution done: the list follows without a reload.
    const won = await e2e.browser.newContext()
    const login = await won.request.post(`${e2e.server.url}/api/auth/login`, {
      headers: CSRF,
      data: { email: 'woningcorporatie@rivierstede.example', password: DEMO_PASSWORD },
    })
    expect(login.status()).toBe(200)
    const caseId = /\/dossiers\/([0-9a-f-]+)/.exec(page.url())![1]!
    const step5 = await (await won.request.get(`${e2e.server.url}/api/cases/${caseId}/steps/5`)).json()
    const mark = step5.done.find(
      (d: { organisation: { name: string } }) => d.organisation.name === 'Woonstichting Rivierstede',
    )
    const done = await won.request.put(`${e2e.server.url}/api/cases/${caseId}/steps/5/done`, {
      headers: { ...CSRF, 'If-Match': `"${mark.version}"` },
      data: { done: true },
    })
    expect(done.status(), await done.text()).toBe(200)
    await overview.getByRole('link', { name: 'Stap 5: Wat gaan we doen?' }).waitFor({ state: 'detached' })
    expect(await overview.getByRole('link', { name: 'Stap 6: Wat hebben we bereikt?' }).count()).toBe(1)
    await won.close()

    expect(errors).toEqual([])
    await context.close()
  })

  it('shows a partner no worklist, and shows the person mentioned the mention on home', async () => {
    const { context, page, errors } = await e2e.signedIn('woningcorporatie@rivierstede.example')
    await page.getByRole('heading', { name: 'Wat vraagt mijn aandacht' }).waitFor()
    const mentions = page.getByRole('heading', { name: 'U bent genoemd' })
    await mentions.waitFor()
    const lines = await linesOf(page.locator('main'), 'U bent genoemd')
    expect(lines).toEqual([
      expect.stringMatching(
        /^Herstel 41 gebreken portiekflats Hovenlaan door Iris Brinkhorst \(Gemeente Rivierstede\), .* “@Noor Hazelaar, de toezegging is verlopen\./,
      ),
    ])
    expect(await page.getByRole('heading', { name: /^Nabellen/ }).count()).toBe(0)
    await expectAxeClean(page, 'home of a partner with a mention')
    expect(errors).toEqual([])
    await context.close()
  })

  it("shows a new case's checklist, ticked from the case as it is, and no claims about empty data", async () => {
    const { context, page, errors } = await e2e.signedIn(DEMO_USER.email)
    const title = `Woninginbraak Vogelwijk ${Date.now()}`
    const created = await page.request.post(`${e2e.server.url}/api/cases`, {
      headers: CSRF,
      data: { title, gemeente: 'Rivierstede', theme: 'woninginbraak', problemType: 'standaard', area: 'Vogelwijk' },
    })
    expect(created.status()).toBe(201)
    const caseId = ((await created.json()) as { id: string }).id
    await page.goto(`${e2e.server.url}/dossiers/${caseId}`)
    const checklist = page.getByRole('region', { name: 'Volgende stap' })
    await checklist.waitFor()
    // What a screen reader hears: the task and, hidden from sight, whether it is done.
    const tasks = async () =>
      (await checklist.getByRole('listitem').allTextContents()).map((l) => /^✓?(.*?\))/.exec(l)?.[1])
    expect(await tasks()).toEqual([
      'Profiel invullen (nog te doen)',
      'Partners uitnodigen (nog te doen)',
      'Deadlines zetten (nog te doen)',
      'Stap 1 openen voor de partners (nog te doen)',
    ])
    expect(await checklist.getByRole('link', { name: 'Partners uitnodigen' }).getAttribute('href')).toBe(
      `/dossiers/${caseId}/projectgroep`,
    )
    expect(await checklist.getByRole('link', { name: 'Profiel invullen' }).getAttribute('href')).toBe(
      `/dossiers/${caseId}/stap/1`,
    )
    // No claim on empty data: the empty parts collapse into one line.
    const text = await page.locator('main').textContent()
    expect(text).not.toContain('Elk deelprobleem heeft minstens één maatregel')
    expect(text).not.toContain('Geen overlap gevonden')
    expect(text).toContain(
      'Nog leeg: stand van de acties, voortgang van de doelen, prioriteiten en standpunten, toezeggingen, kosten en capaciteit en witte vlekken en overlap.',
    )
    await checkBothLanguages(page, 'new case overview')
    await shoot(page, 'nieuw-dossier-checklist', { fullPage: true })

    // Inviting a partner ticks the second task, live.
    const organisations = (await (await page.request.get(`${e2e.server.url}/api/organisations`)).json()) as {
      items: { id: string; name: string }[]
    }
    const invited = await page.request.post(`${e2e.server.url}/api/cases/${caseId}/invitations`, {
      headers: CSRF,
      data: {
        email: 'wijkagent.vogelwijk@rivierstede.example',
        organisationId: organisations.items.find((o) => o.name.startsWith('Politie'))!.id,
        role: 'partner',
      },
    })
    expect(invited.status()).toBe(201)
    await expect.poll(tasks, { timeout: 10_000 }).toContain('Partners uitnodigen (gedaan)')
    expect(errors).toEqual([])
    await context.close()
  })
})
