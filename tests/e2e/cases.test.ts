import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  AXE_SCANS_TIMEOUT,
  CSRF,
  DE_HOVEN,
  DEMO_PASSWORD,
  DEMO_USER,
  findAccessibilityViolations,
  openStep,
  POLITIE,
  setupLinkOf,
  shoot,
  signIn,
  useE2eSuite,
} from './support.ts'

/** The seven organisations of the demo project group with their stated belang (shared/docs/DEMO.md). */
const DEMO_BELANG: [organisation: string, belang: string][] = [
  ['Gemeente Rivierstede', 'Schoon, heel en veilig winkelcentrum'],
  [POLITIE, 'Minder meldingen, inzet op strafbaar gedrag'],
  ['Openbaar Ministerie, Arrondissementsparket Midden', 'Strafrecht waar nodig, niet als eerste middel'],
  ['Woonstichting Rivierstede', 'Woongenot huurders, waarde complex Hovenlaan'],
  ['Winkeliersvereniging De Hoven', "Klanten welkom, ook 's avonds"],
  ['Bewonersvereniging Oosterhaven', 'Rust na 22.00 uur, schone straat'],
  ['Jeugdzorg Rivierland', 'Jongeren niet criminaliseren'],
]

const e2e = useE2eSuite()
/** The account made through an invitation in the journey below; it waits for the admin (last test). */
let waitingInvitee: { email: string; password: string } | null = null

/** Waits until the page's h1 is `name` (client-side navigation swaps pages a moment later). */
async function expectHeading1(page: Page, name: string) {
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor()
  expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1)
}

/** Opens a case from the overview by its title and waits for its page. */
async function openCase(page: Page, title: string) {
  await page.getByRole('link', { name: title }).click()
  await page.getByRole('heading', { level: 1, name: title }).waitFor()
}

/** Goes to a page of the open case through the in-case navigation. */
async function caseNav(page: Page, name: 'Overzicht' | 'Projectgroep' | 'Activiteit') {
  const nav = page.getByRole('navigation', { name: 'Dossier' })
  await nav.getByRole('link', { name, exact: true }).click()
  await nav.locator('[aria-current="page"]', { hasText: name }).waitFor()
}

/** An organisation's card on the Projectgroep page (a region named by its heading). */
function organisationCard(page: Page, organisation: string) {
  return page.getByRole('region', { name: organisation, exact: true })
}

/** Opens a case for the caller through the API; returns its id. */
async function createCaseByApi(page: Page, title: string): Promise<string> {
  const res = await page.request.post(`${e2e.server.url}/api/cases`, {
    headers: CSRF,
    data: { title, gemeente: 'Rivierstede', theme: 'woninginbraak', problemType: 'standaard' },
  })
  expect(res.status()).toBe(201)
  return ((await res.json()) as { id: string }).id
}

describe('cases', () => {
  it('lists De Hoven on the overview and shows its seven organisations with their belang', async () => {
    const { context, page, errors } = await e2e.signedIn(DEMO_USER.email)

    const card = page.getByRole('region', { name: 'Mijn dossiers' }).getByRole('listitem').filter({ hasText: DE_HOVEN })
    await card.waitFor()
    expect(await card.textContent()).toContain('projectleider namens Gemeente Rivierstede')
    expect(await card.textContent()).toContain('7 personen')

    await openCase(page, DE_HOVEN)
    expect(page.url()).toMatch(/\/dossiers\/[0-9a-f-]{36}$/)
    expect(await page.title()).toBe(`${DE_HOVEN} – Veiligheidsplanner`)
    // The profile is step 1.
    await openStep(page, 1)
    expect(await page.title()).toBe(`Stap 1: Profiel – ${DE_HOVEN} – Veiligheidsplanner`)
    await page.getByText('Winkelcentrum De Hoven en omgeving', { exact: false }).waitFor()

    await caseNav(page, 'Projectgroep')
    expect(await page.title()).toBe(`Projectgroep – ${DE_HOVEN} – Veiligheidsplanner`)
    await organisationCard(page, 'Jeugdzorg Rivierland').waitFor()
    for (const [organisation, belang] of DEMO_BELANG) {
      expect(await organisationCard(page, organisation).textContent()).toContain(belang)
    }
    expect(await page.locator('.vp-org').count()).toBe(7)
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1)

    // The activity log, and one organisation's part of it.
    await caseNav(page, 'Activiteit')
    await page
      .getByText('Iris Brinkhorst (Gemeente Rivierstede) heeft kabinet@rivierstede.example uitgenodigd als waarnemer')
      .waitFor()
    await page.getByLabel('Organisatie', { exact: true }).selectOption({ label: 'Jeugdzorg Rivierland' })
    await page.getByText('gebeurtenissen van Jeugdzorg Rivierland getoond').waitFor()
    const lines = await page.locator('.vp-event').allTextContents()
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) expect(line).toContain('Daan Meulenbelt (Jeugdzorg Rivierland)')

    expect(errors).toEqual([])
    await context.close()
  })

  it('creates a case, invites a new person by a link to pass on, whose new account waits for approval', async () => {
    const { context, page, errors } = await e2e.signedIn(DEMO_USER.email)
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.server.url })
    const title = `Woninginbraken Vogelbuurt ${Date.now()}`

    await page.getByRole('link', { name: 'Nieuw dossier' }).click()
    await expectHeading1(page, 'Nieuw dossier')
    await page.getByLabel('Titel', { exact: true }).fill(title)
    await page.getByLabel('Gemeente', { exact: true }).fill('Rivierstede')
    await page.getByLabel('Thema', { exact: true }).selectOption({ label: 'Woninginbraak' })
    await page.getByRole('radio', { name: 'acuut' }).check()
    expect(await page.getByRole('radio', { name: 'acuut' }).getAttribute('aria-describedby')).toBeTruthy()
    await page.getByLabel('Gebied', { exact: true }).fill('Vogelbuurt, rond de Merelstraat')
    await page.getByRole('button', { name: 'Dossier aanmaken' }).click()

    await page.getByRole('heading', { level: 1, name: title }).waitFor()
    const caseUrl = page.url()
    expect(caseUrl).toMatch(/\/dossiers\/[0-9a-f-]{36}$/)
    await openStep(page, 1)
    await page.getByText('Vogelbuurt, rond de Merelstraat').waitFor()

    await caseNav(page, 'Projectgroep')
    const email = `wijkagent-${Date.now()}@privemail.example`
    await page.getByLabel('E-mailadres', { exact: true }).fill(email)
    await page.getByLabel('Namens organisatie', { exact: true }).selectOption({ label: POLITIE })
    await page.getByRole('button', { name: 'Uitnodiging versturen' }).click()

    // No SMTP here: the link is shown, to be passed on personally.
    const linkField = page.getByLabel(`Uitnodigingslink voor ${email}`, { exact: true })
    await linkField.waitFor()
    const link = await linkField.inputValue()
    expect(link).toMatch(new RegExp(`^${e2e.server.url}/uitnodiging/\\S+$`))
    await page.getByText('Geef deze link persoonlijk door').waitFor()
    await page.getByRole('button', { name: 'Kopieer link' }).click()
    await page.getByText('De link is gekopieerd.').waitFor()
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(link)
    const row = page.getByRole('row').filter({ hasText: email })
    expect(await row.textContent()).toContain('openstaand')

    // The invitee, in a browser of their own.
    const invitee = await e2e.newPage()
    await invitee.page.goto(link)
    await expectHeading1(invitee.page, 'U bent uitgenodigd')
    const facts = (await invitee.page.locator('dl').textContent()) ?? ''
    expect(facts).toContain(title)
    expect(facts).toContain(POLITIE)
    expect(facts).toContain('partner')
    expect(facts).toContain('Iris Brinkhorst')
    await invitee.page.getByText('Minstens 12 tekens').waitFor()
    await invitee.page.getByLabel('Uw naam', { exact: true }).fill('Sanne de Wit')
    await invitee.page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('Merelstraat-nachtdienst-2026')
    await invitee.page.getByRole('button', { name: 'Account maken en meedoen' }).click()
    // Her address (privemail.example) is not in Politie's e-mail domains: the account waits for the admin.
    await invitee.page.getByRole('heading', { name: 'Uw account wacht op goedkeuring' }).waitFor()
    expect(await findAccessibilityViolations(invitee.page)).toEqual([])
    expect(invitee.page.url()).toBe(link)
    waitingInvitee = { email, password: 'Merelstraat-nachtdienst-2026' }

    // The projectleider sees it happen in the activity log, in Dutch.
    await caseNav(page, 'Activiteit')
    const accepted = page.locator('.vp-event').filter({
      hasText: 'heeft de uitnodiging aangenomen; het nieuwe account wacht op goedkeuring door de beheerder.',
    })
    await accepted.waitFor()
    expect(await accepted.textContent()).toContain(`Sanne de Wit (${POLITIE})`)
    await page.getByText(`heeft ${email} uitgenodigd als partner namens ${POLITIE}.`).waitFor()

    await caseNav(page, 'Projectgroep')
    const seat = organisationCard(page, POLITIE).locator('.vp-person', { hasText: 'Sanne de Wit' })
    expect(await seat.textContent()).toContain('wacht op goedkeuring')
    const invitationRow = await page.getByRole('row').filter({ hasText: email }).textContent()
    expect(invitationRow).toContain('aangenomen')
    expect(invitationRow).toContain('wacht op goedkeuring')

    expect(errors).toEqual([])
    expect(invitee.errors).toEqual([])
    await invitee.context.close()
    await context.close()
  })

  it('lets a partner edit its own belang, without invite, remove or profile controls', async () => {
    const { context, page, errors } = await e2e.signedIn('politie@rivierstede.example')
    await openCase(page, DE_HOVEN)
    await openStep(page, 1)
    await page.getByText('Winkelcentrum De Hoven en omgeving', { exact: false }).waitFor()
    expect(await page.getByRole('button', { name: 'Profiel wijzigen' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Dossier sluiten' }).count()).toBe(0)

    await caseNav(page, 'Projectgroep')
    await organisationCard(page, POLITIE).waitFor()
    expect(await page.getByRole('heading', { name: 'Uitnodigingen' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Uitnodiging versturen' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: /^Verwijderen/ }).count()).toBe(0)
    expect(await page.getByRole('button', { name: /^Rol wijzigen/ }).count()).toBe(0)
    expect(await page.getByRole('button', { name: /^Projectleider maken/ }).count()).toBe(0)
    expect(await page.getByRole('heading', { name: 'Verzonden berichten' }).count()).toBe(0)
    // Only its own organisation's seat has an edit button.
    const edit = page.getByRole('button', { name: /^Belang, rol en deelname wijzigen/ })
    expect(await edit.count()).toBe(1)
    expect(await edit.textContent()).toContain(POLITIE)

    await edit.click()
    const belang = organisationCard(page, POLITIE).getByLabel('Belang', { exact: true })
    await belang.fill('Minder meldingen en minder jeugdoverlast op vrijdagavond')
    await organisationCard(page, POLITIE).getByRole('button', { name: 'Opslaan' }).click()
    await page
      .getByRole('status')
      .filter({ hasText: `Belang, rol en deelname van ${POLITIE} zijn opgeslagen.` })
      .waitFor()
    await organisationCard(page, POLITIE)
      .getByText('Minder meldingen en minder jeugdoverlast op vrijdagavond')
      .waitFor()
    // Focus goes back to the button that opened the form.
    expect(await page.locator(':focus').textContent()).toContain('Belang, rol en deelname wijzigen')

    await caseNav(page, 'Activiteit')
    await page.getByText(`Ruud Kalkman (${POLITIE}) heeft belang van ${POLITIE} gewijzigd.`).waitFor()

    expect(errors).toEqual([])
    await context.close()
  })

  it('shows a confidential contribution outside its audience only as who and when', async () => {
    const { context, page, errors } = await e2e.signedIn('jeugdzorg@rivierstede.example')
    await openCase(page, DE_HOVEN)
    await caseNav(page, 'Activiteit')
    await page.locator('.vp-event').first().waitFor()
    await page.getByLabel('Organisatie', { exact: true }).selectOption({ label: POLITIE })
    await page.getByText(`van ${POLITIE} getoond`).waitFor()
    // Two, both for the driehoek: the signal S8 and, a moment later, the police analysis in step 2.
    const restricted = page.locator('.vp-event').filter({
      hasText: new RegExp(`Vertrouwelijke bijdrage van ${POLITIE}|Vertrouwelijk document van ${POLITIE}`),
    })
    // They are months old: load older events until both show.
    const more = page.getByRole('button', { name: 'Meer laden' })
    for (let i = 0; i < 10 && (await restricted.count()) < 2 && (await more.count()) > 0; i++) {
      const shown = await page.locator('.vp-event').count()
      await more.click()
      await page.locator('.vp-event').nth(shown).waitFor()
    }
    await restricted.nth(1).waitFor()
    expect(await restricted.count()).toBe(2)
    // The document says it is one, and no more.
    expect(await restricted.filter({ hasText: `Vertrouwelijk document van ${POLITIE}` }).count()).toBe(1)
    // Only who and when: no title, no actor sentence.
    expect(await restricted.locator('.vp-event__who').count()).toBe(0)
    expect(await restricted.locator('time').count()).toBe(2)
    const activity = await page.locator('.vp-activity').textContent()
    expect(activity).not.toContain('drugshandel')
    expect(activity).not.toContain('Analyse overlast')

    expect(errors).toEqual([])
    await context.close()
  })

  it('lets an existing account join by password, and the projectleider change its role and hand over', async () => {
    const { context, page, errors } = await e2e.signedIn(DEMO_USER.email)
    const title = `Drugsoverlast Parkstraat ${Date.now()}`
    const caseId = await createCaseByApi(page, title)
    const organisations = (await (await page.request.get(`${e2e.server.url}/api/organisations`)).json()) as {
      items: { id: string; name: string }[]
    }
    const invited = await page.request.post(`${e2e.server.url}/api/cases/${caseId}/invitations`, {
      headers: CSRF,
      data: {
        email: 'politie@rivierstede.example',
        organisationId: organisations.items.find((o) => o.name === POLITIE)!.id,
        role: 'partner',
      },
    })
    const { link } = (await invited.json()) as { link: string }
    const invitedOm = await page.request.post(`${e2e.server.url}/api/cases/${caseId}/invitations`, {
      headers: CSRF,
      data: {
        email: 'om@rivierstede.example',
        organisationId: organisations.items.find((o) => o.name.startsWith('Openbaar Ministerie'))!.id,
        role: 'waarnemer',
      },
    })
    const omLink = ((await invitedOm.json()) as { link: string }).link

    // Femke is signed in already: one button.
    const femke = await e2e.signedIn('om@rivierstede.example')
    await femke.page.goto(omLink)
    await femke.page.getByText('U bent ingelogd als om@rivierstede.example.').waitFor()
    await femke.page.getByRole('button', { name: 'Doe mee' }).click()
    await femke.page.getByRole('heading', { level: 1, name: title }).waitFor()
    expect(femke.errors).toEqual([])
    await femke.context.close()

    // Ruud has an account: the link asks for its password, then he is in (and signed in).
    const ruud = await e2e.newPage()
    await ruud.page.goto(link)
    // The page does not say whether the address has an account: Ruud says so.
    await ruud.page.getByRole('button', { name: 'Ik heb al een account' }).click()
    await ruud.page.getByRole('heading', { name: 'Log in om mee te doen' }).waitFor()
    await ruud.page.getByLabel('Wachtwoord', { exact: true }).fill(DEMO_PASSWORD)
    await ruud.page.getByRole('button', { name: 'Inloggen en meedoen' }).click()
    await ruud.page.getByRole('heading', { level: 1, name: title }).waitFor()
    // The link is single use: opened again, it says so instead of failing.
    await ruud.page.goto(link)
    await expectHeading1(ruud.page, 'Uitnodiging al gebruikt')
    await ruud.page.getByText('Deze uitnodiging is al gebruikt.', { exact: false }).waitFor()
    await ruud.page.getByRole('link', { name: 'Naar het dossier' }).waitFor()

    await page.goto(`${e2e.server.url}/dossiers/${caseId}/projectgroep`)
    await page.getByRole('button', { name: 'Rol wijzigen (Ruud Kalkman)' }).click()
    await page.getByLabel('Rol van Ruud Kalkman', { exact: true }).selectOption('waarnemer')
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click()
    await page.getByRole('status').filter({ hasText: 'Ruud Kalkman is nu waarnemer.' }).waitFor()
    expect(await page.locator(':focus').textContent()).toBe('Rol wijzigen (Ruud Kalkman)')

    await page.getByRole('button', { name: 'Projectleider maken (Ruud Kalkman)' }).click()
    const dialog = page.getByRole('dialog', { name: 'Ruud Kalkman projectleider maken?' })
    await dialog.getByRole('button', { name: 'Projectleider maken' }).click()
    await page.getByRole('status').filter({ hasText: 'Ruud Kalkman is nu projectleider.' }).waitFor()
    await dialog.waitFor({ state: 'hidden' })
    // Iris is a partner now: the projectleider's controls are gone, the header names Ruud.
    await page.getByText(`Ruud Kalkman (${POLITIE})`).first().waitFor()
    // The member list reloads after the case: its remove buttons go with it.
    await page
      .getByRole('button', { name: /^Verwijderen/ })
      .first()
      .waitFor({ state: 'detached' })
    expect(await page.getByRole('button', { name: /^Verwijderen/ }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Uitnodiging versturen' }).count()).toBe(0)
    expect(await page.locator(':focus').textContent()).toBe('Projectgroep')

    await caseNav(page, 'Activiteit')
    await page.getByText('heeft de rol van projectleider overgedragen aan Ruud Kalkman.').waitFor()
    await page.getByText('heeft de rol van Ruud Kalkman gewijzigd in waarnemer.').waitFor()

    expect(errors).toEqual([])
    expect(ruud.errors).toEqual([])
    await ruud.context.close()
    await context.close()
  })

  it('keeps typed text when someone else changed the profile meanwhile, and saves on top of their version', async () => {
    const { context, page, errors } = await e2e.signedIn(DEMO_USER.email)
    const title = `Fietsendiefstal station ${Date.now()}`
    const caseId = await createCaseByApi(page, title)
    await page.goto(`${e2e.server.url}/dossiers/${caseId}/stap/1`)
    await page.getByRole('heading', { level: 1, name: title }).waitFor()
    await page.getByRole('button', { name: 'Profiel wijzigen' }).click()
    await page.getByLabel('Context', { exact: true }).fill('Mijn tekst over de fietsenstalling')

    // Someone else (another tab) changes the context first.
    const other = await page.request.patch(`${e2e.server.url}/api/cases/${caseId}`, {
      headers: { ...CSRF, 'If-Match': '"1"' },
      data: { context: 'Tekst van een collega', area: 'Stationsplein' },
    })
    expect(other.status()).toBe(200)

    await page.getByRole('button', { name: 'Opslaan', exact: true }).click()
    const conflict = page.getByRole('alert').filter({ hasText: 'Iemand anders heeft het profiel gewijzigd' })
    await conflict.waitFor()
    expect(await conflict.textContent()).toContain('Tekst van een collega')
    expect(await page.getByLabel('Context', { exact: true }).inputValue()).toBe('Mijn tekst over de fietsenstalling')
    // A field the user did not touch takes the other person's value.
    expect(await page.getByLabel('Gebied', { exact: true }).inputValue()).toBe('Stationsplein')

    await page.getByRole('button', { name: 'Opnieuw opslaan' }).click()
    await page.getByRole('status').filter({ hasText: 'Het profiel is opgeslagen.' }).waitFor()
    await page.getByText('Mijn tekst over de fietsenstalling').waitFor()
    await page.getByText('Stationsplein').waitFor()

    expect(errors.filter((e) => !e.includes('status of 412'))).toEqual([])
    await context.close()
  })

  it('tells an invitee whose case was closed after the invitation went out that nobody joins until it is reopened', async () => {
    const { context, page, errors } = await e2e.signedIn(DEMO_USER.email)
    const caseId = await createCaseByApi(page, 'Woninginbraken Rivierkwartier')
    const organisations = (await (await page.request.get(`${e2e.server.url}/api/organisations`)).json()) as {
      items: { id: string; name: string }[]
    }
    const invited = await page.request.post(`${e2e.server.url}/api/cases/${caseId}/invitations`, {
      headers: CSRF,
      data: {
        email: `wijkagent-${Date.now()}@rivierstede.example`,
        organisationId: organisations.items.find((o) => o.name === POLITIE)!.id,
        role: 'partner',
      },
    })
    expect(invited.status()).toBe(201)
    const { link } = (await invited.json()) as { link: string }
    const current = await page.request.get(`${e2e.server.url}/api/cases/${caseId}`)
    const closed = await page.request.patch(`${e2e.server.url}/api/cases/${caseId}`, {
      headers: { ...CSRF, 'if-match': current.headers().etag! },
      data: { status: 'closed' },
    })
    expect(closed.status()).toBe(200)

    const invitee = await e2e.newPage()
    await invitee.page.goto(link)
    await expectHeading1(invitee.page, 'Dossier gesloten')
    await invitee.page.getByText('Het dossier is gesloten; u kunt nu niet meedoen.').waitFor()
    expect(await invitee.page.getByRole('button', { name: 'Account maken en meedoen' }).count()).toBe(0)
    expect(await findAccessibilityViolations(invitee.page)).toEqual([])
    await shoot(invitee.page, 'uitnodiging-dossier-gesloten', { fullPage: true })
    expect(invitee.errors).toEqual([])
    await invitee.context.close()
    expect(errors).toEqual([])
    await context.close()
  })

  it('asks before removing a member in a modal dialog that keeps focus and gives it back', async () => {
    const { context, page, errors } = await e2e.signedIn(DEMO_USER.email)
    await openCase(page, DE_HOVEN)
    await caseNav(page, 'Projectgroep')
    const remove = page.getByRole('button', { name: 'Verwijderen (Gerrit Plasmeijer)' })
    await remove.click()

    const dialog = page.getByRole('dialog', { name: 'Gerrit Plasmeijer verwijderen uit de projectgroep?' })
    await dialog.waitFor()
    expect(await page.locator(':focus').textContent()).toBe('Annuleren')
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab')
      expect(await page.locator('dialog :focus').count()).toBe(1)
    }
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect(await page.locator(':focus').textContent()).toBe('Verwijderen (Gerrit Plasmeijer)')
    await organisationCard(page, 'Winkeliersvereniging De Hoven')
      .locator('.vp-person__name', { hasText: 'Gerrit Plasmeijer' })
      .waitFor()

    expect(errors).toEqual([])
    await context.close()
  })
})

describe('accessibility of the case screens', () => {
  /** Scans the page in Dutch, switches to English, scans again, and switches back. */
  async function checkBothLanguages(page: Page, what: string) {
    const check = async (lang: string) => {
      const violations = await findAccessibilityViolations(page)
      expect({ what, lang, violations }).toEqual({ what, lang, violations: [] })
    }
    await check('nl')
    await page.getByRole('button', { name: 'English' }).click()
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' })
    await page.getByRole('button', { name: 'English', pressed: true }).waitFor()
    await check('en')
    await page.getByRole('button', { name: 'Nederlands' }).click()
    await page.locator('html[lang="nl"]').waitFor({ state: 'attached' })
  }

  it(
    'has no WCAG 2.1 A/AA violations on any case screen, in Dutch and in English',
    async () => {
      const { context, page, errors } = await e2e.signedIn(DEMO_USER.email)

      await page.getByRole('link', { name: DE_HOVEN }).waitFor()
      await checkBothLanguages(page, 'Mijn overzicht')

      await page.getByRole('link', { name: 'Nieuw dossier' }).click()
      await page.getByRole('button', { name: 'Dossier aanmaken' }).click()
      await page.getByText('Vul een titel in').waitFor()
      await checkBothLanguages(page, 'Nieuw dossier with field errors')

      await page.goto(e2e.server.url)
      await openCase(page, DE_HOVEN)
      await checkBothLanguages(page, 'Dossier, overzicht')
      await openStep(page, 1)
      await page.getByRole('button', { name: 'Profiel wijzigen' }).click()
      await page.getByLabel('Titel', { exact: true }).fill('')
      await page.getByRole('button', { name: 'Opslaan' }).click()
      await page.getByText('Vul een titel in').waitFor()
      await checkBothLanguages(page, 'Dossier, profile form with an error')
      await page.getByRole('button', { name: 'Annuleren' }).click()

      await caseNav(page, 'Projectgroep')
      await page.getByRole('row').filter({ hasText: 'kabinet@rivierstede.example' }).waitFor()
      await page.getByText('Bericht tonen').first().click()
      await checkBothLanguages(page, 'Projectgroep')
      await organisationCard(page, 'Gemeente Rivierstede')
        .getByRole('button', { name: /^Belang, rol en deelname wijzigen/ })
        .click()
      await checkBothLanguages(page, 'Projectgroep, seat form')
      await page.getByRole('button', { name: 'Verwijderen (Ruud Kalkman)' }).click()
      await page.getByRole('dialog').waitFor()
      expect(await findAccessibilityViolations(page)).toEqual([])
      await page.keyboard.press('Escape')

      await caseNav(page, 'Activiteit')
      await page.locator('.vp-event').first().waitFor()
      await page.getByRole('button', { name: 'Meer laden' }).click()
      await page.getByRole('status').filter({ hasText: '50 gebeurtenissen getoond' }).waitFor()
      await checkBothLanguages(page, 'Activiteit')

      await page.getByRole('link', { name: 'Wachtwoord wijzigen' }).click()
      await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click()
      await page.getByText('Vul uw huidige wachtwoord in').waitFor()
      await checkBothLanguages(page, 'Wachtwoord wijzigen with field errors')

      // An invitation link as the invitee sees it, and one that does not exist.
      const hoven = await page.request.get(`${e2e.server.url}/api/cases`)
      const caseId = ((await hoven.json()) as { items: { id: string; title: string }[] }).items.find(
        (c) => c.title === DE_HOVEN,
      )!.id
      const organisations = (await (await page.request.get(`${e2e.server.url}/api/organisations`)).json()) as {
        items: { id: string; name: string }[]
      }
      const invited = await page.request.post(`${e2e.server.url}/api/cases/${caseId}/invitations`, {
        headers: CSRF,
        data: {
          email: `ggd-${Date.now()}@rivierstede.example`,
          organisationId: organisations.items.find((o) => o.name === 'Jeugdzorg Rivierland')!.id,
          role: 'waarnemer',
        },
      })
      expect(invited.status()).toBe(201)
      const { link } = (await invited.json()) as { link: string }
      const invitee = await e2e.newPage()
      await invitee.page.goto(link)
      await invitee.page.getByRole('button', { name: 'Account maken en meedoen' }).waitFor()
      await checkBothLanguages(invitee.page, 'Uitnodiging, new account')
      await invitee.page.goto(`${e2e.server.url}/uitnodiging/bestaat-niet-0123456789abcdef`)
      await expectHeading1(invitee.page, 'Uitnodiging niet gevonden')
      await checkBothLanguages(invitee.page, 'Uitnodiging, unknown link')
      expect(invitee.errors.filter((e) => !e.includes('status of 404'))).toEqual([])
      await invitee.context.close()

      expect(errors).toEqual([])
      await context.close()
    },
    AXE_SCANS_TIMEOUT,
  )

  it('fits a 320 px wide screen on every case page without scrolling sideways', async () => {
    const { context, page, errors } = await e2e.newPage({ width: 320 })
    await page.goto(`${e2e.server.url}/inloggen`)
    await signIn(page, DEMO_USER.email, DEMO_PASSWORD)
    const overflow = () => page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth)

    await page.getByRole('link', { name: DE_HOVEN }).waitFor()
    expect(await overflow()).toBeLessThanOrEqual(0)
    await openCase(page, DE_HOVEN)
    expect(await overflow()).toBeLessThanOrEqual(0)
    await caseNav(page, 'Projectgroep')
    await page.getByRole('row').filter({ hasText: 'kabinet@rivierstede.example' }).waitFor()
    expect(await overflow()).toBeLessThanOrEqual(0)
    await caseNav(page, 'Activiteit')
    await page.locator('.vp-event').first().waitFor()
    expect(await overflow()).toBeLessThanOrEqual(0)
    await page.goto(`${e2e.server.url}/dossiers/nieuw`)
    await page.getByRole('button', { name: 'Dossier aanmaken' }).waitFor()
    expect(await overflow()).toBeLessThanOrEqual(0)

    expect(errors).toEqual([])
    await context.close()
  })

  it('sets up the first admin, manages accounts in Beheer and sets a password through a link', async () => {
    const admin = await e2e.newPage()
    const { page } = admin
    await page.goto(setupLinkOf(e2e.server))
    await expectHeading1(page, 'Veiligheidsplanner inrichten')
    await page.getByRole('button', { name: 'Inrichten en inloggen' }).click()
    await page.getByText('Vul de naam van uw organisatie in').waitFor()
    await checkBothLanguages(page, 'Inrichten with field errors')

    await page.getByLabel('E-mailadres', { exact: true }).fill('beheer@rivierstede.example')
    await page.getByLabel('Uw naam', { exact: true }).fill('Bram Beheer')
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('Functioneel-beheer-Rivierstede')
    await page.getByLabel('Herhaal het nieuwe wachtwoord', { exact: true }).fill('Functioneel-beheer-Rivierstede')
    await page.getByLabel('Naam van uw organisatie', { exact: true }).fill('Gemeente Rivierstede, ICT')
    await page.getByRole('button', { name: 'Inrichten en inloggen' }).click()
    await expectHeading1(page, 'Beheer')
    await page
      .getByRole('region', { name: 'Accounts', exact: true })
      .getByRole('row')
      .filter({ hasText: 'gemeente@rivierstede.example' })
      .waitFor()
    // The account made through an invitation earlier waits here.
    const waiting = page.getByRole('region', { name: 'Accounts die wachten op goedkeuring' })
    await waiting.getByRole('row').filter({ hasText: 'Sanne de Wit' }).waitFor()
    await checkBothLanguages(page, 'Beheer')

    // Politie's own addresses get an account through an invitation straight away.
    await page.getByRole('button', { name: `Wijzigen (${POLITIE})` }).click()
    await page.getByLabel('E-maildomeinen (niet verplicht)', { exact: true }).fill('Politie.example, geen domein')
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click()
    await page.getByText('geen: Geen geldig domein, zoals politie.nl').waitFor()
    await page.getByLabel('E-maildomeinen (niet verplicht)', { exact: true }).fill('Politie.example')
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click()
    await page
      .getByRole('region', { name: 'Organisaties' })
      .getByRole('row')
      .filter({ hasText: POLITIE })
      .filter({ hasText: 'politie.example' })
      .waitFor()

    // Sanne cannot sign in yet; approved, she can.
    expect(waitingInvitee).not.toBeNull()
    const sanne = await e2e.newPage()
    await sanne.page.goto(`${e2e.server.url}/inloggen`)
    await signIn(sanne.page, waitingInvitee!.email, waitingInvitee!.password)
    await sanne.page.getByText('Uw account wacht op goedkeuring door de beheerder.').waitFor()
    await waiting.getByRole('button', { name: 'Goedkeuren (Sanne de Wit)' }).click()
    await page.getByRole('status').filter({ hasText: 'Het account van Sanne de Wit is goedgekeurd' }).waitFor()
    await waiting.getByText('Er wachten geen accounts op goedkeuring.').waitFor()
    await signIn(sanne.page, waitingInvitee!.email, waitingInvitee!.password)
    await expectHeading1(sanne.page, 'Mijn overzicht')
    await sanne.page.getByRole('link', { name: /^Woninginbraken Vogelbuurt/ }).waitFor()
    expect(sanne.errors.filter((e) => !e.includes('status of 403'))).toEqual([])
    await sanne.context.close()

    await page.getByLabel('E-mailadres', { exact: true }).fill('ggd@rivierstede.example')
    await page.getByLabel('Naam', { exact: true }).fill('Gijs de Graaf')
    await page.getByRole('button', { name: 'Account aanmaken' }).click()
    const linkField = page.getByLabel('Link om een wachtwoord in te stellen voor Gijs de Graaf', { exact: true })
    await linkField.waitFor()
    const link = await linkField.inputValue()
    expect(link).toMatch(/\/wachtwoord-instellen\/\S+$/)
    await checkBothLanguages(page, 'Beheer with a set-password link')

    const person = await e2e.newPage()
    await person.page.goto(link)
    await expectHeading1(person.page, 'Wachtwoord instellen')
    await checkBothLanguages(person.page, 'Wachtwoord instellen')
    await person.page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('Gijs-zet-zijn-eigen-wachtwoord')
    await person.page
      .getByLabel('Herhaal het nieuwe wachtwoord', { exact: true })
      .fill('Gijs-zet-zijn-eigen-wachtwoord')
    await person.page.getByRole('button', { name: 'Wachtwoord instellen' }).click()
    await expectHeading1(person.page, 'Mijn overzicht')
    await person.page.getByText('Ingelogd als Gijs de Graaf').waitFor()
    // Not an admin: Beheer does not exist for them.
    await person.page.goto(`${e2e.server.url}/beheer`)
    await expectHeading1(person.page, 'Pagina niet gevonden')

    // The one 400 is the refused domain above.
    expect(admin.errors.filter((e) => !e.includes('status of 400'))).toEqual([])
    expect(person.errors).toEqual([])
    await person.context.close()
    await admin.context.close()
  })
})
