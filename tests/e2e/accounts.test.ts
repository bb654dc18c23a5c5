import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSmtp, type TestSmtp } from '../../server/test/smtp.ts'
import {
  CSRF,
  DEMO_PASSWORD,
  DEMO_USER,
  findAccessibilityViolations,
  setupLinkOf,
  shoot,
  signIn,
  useE2eSuite,
} from './support.ts'

// New partners and forgotten passwords (issue #17): a projectleider adds an organisation while
// inviting; a partner who forgot their password sets a new one through a mailed link. Mail goes to
// a real SMTP server that this test starts; nothing leaves the machine.

const NOOR = 'woningcorporatie@rivierstede.example'
const NEW_PASSWORD = 'Hovenlaan-portiek-lampen-2027'
const PROPOSAL = 'Jongerenwerk De Hoven'

let smtp: TestSmtp

// Before the suite's own beforeAll: the server starts with this mail server's address.
beforeAll(async () => {
  smtp = await startTestSmtp()
})

afterAll(async () => {
  await smtp?.close()
})

const e2e = useE2eSuite({
  env: () => ({ SMTP_URL: smtp.url, MAIL_FROM: 'Veiligheidsplanner <noreply@rivierstede.example>' }),
})

async function expectHeading1(page: Page, text: string) {
  await page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor()
}

/** The next mail to `to`, skipping others (an invitation sent earlier). */
async function nextMailTo(to: string) {
  for (;;) {
    const mail = await smtp.next(10_000)
    if (mail.to && !Array.isArray(mail.to) && mail.to.text === to) return mail
  }
}

describe('adding an organisation while inviting', () => {
  it('adds it in a dialog, chooses it at once and sends the invitation', async () => {
    const { context, page, errors } = await e2e.signedIn(DEMO_USER.email)
    const res = await page.request.post(`${e2e.server.url}/api/cases`, {
      headers: CSRF,
      data: {
        title: 'Overlast jeugd Hovenplein',
        gemeente: 'Rivierstede',
        theme: 'overlast-jeugd',
        problemType: 'standaard',
      },
    })
    expect(res.status()).toBe(201)
    const caseId = ((await res.json()) as { id: string }).id
    await page.goto(`${e2e.server.url}/dossiers/${caseId}/projectgroep`)
    const email = 'samira.bouzid@jongerenwerk.example'
    await page.getByLabel('E-mailadres', { exact: true }).fill(email)

    // A name that exists offers that organisation instead.
    await page.getByRole('button', { name: 'Organisatie staat er niet bij? Voeg toe' }).click()
    const dialog = page.getByRole('dialog', { name: 'Organisatie toevoegen' })
    await dialog.waitFor()
    await dialog.getByLabel('Naam van de organisatie', { exact: true }).fill('woonstichting rivierstede')
    await dialog.getByRole('button', { name: 'Toevoegen en kiezen' }).click()
    await dialog.getByText('Bestaat al: Woonstichting Rivierstede').waitFor()
    await dialog.getByRole('button', { name: 'Kies Woonstichting Rivierstede' }).click()
    await dialog.waitFor({ state: 'hidden' })
    const select = page.getByLabel('Namens organisatie', { exact: true })
    expect(await select.locator('option:checked').textContent()).toBe('Woonstichting Rivierstede')

    // A new one: name and type, then it is chosen in the invite form.
    await page.getByRole('button', { name: 'Organisatie staat er niet bij? Voeg toe' }).click()
    await dialog.waitFor()
    expect(await dialog.getByLabel('Naam van de organisatie', { exact: true }).inputValue()).toBe('')
    await dialog.getByLabel('Naam van de organisatie', { exact: true }).fill(PROPOSAL)
    await dialog.getByLabel('Soort organisatie', { exact: true }).selectOption({ label: 'Welzijn' })
    expect(await findAccessibilityViolations(page)).toEqual([])
    await shoot(page, 'organisatie-toevoegen', { fullPage: true })
    await dialog.getByRole('button', { name: 'Toevoegen en kiezen' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByText(`${PROPOSAL} is toegevoegd en gekozen.`).waitFor()
    expect(await select.locator('option:checked').textContent()).toBe(`${PROPOSAL} (nieuw, nog niet bevestigd)`)
    // Focus is back on the list that now shows it.
    expect(await page.locator(':focus').getAttribute('name')).toBe('organisationId')

    await page.getByRole('button', { name: 'Uitnodiging versturen' }).click()
    await page.getByText(`De uitnodiging is per e-mail verstuurd naar ${email}.`).waitFor()
    const row = page.getByRole('row').filter({ hasText: email })
    expect(await row.textContent()).toContain(PROPOSAL)
    const mail = await nextMailTo(email)
    expect(mail.text).toContain(`namens ${PROPOSAL}`)

    // The case's log names the new organisation, in the invitation too.
    await page
      .getByRole('navigation', { name: 'Dossier' })
      .getByRole('link', { name: 'Activiteit', exact: true })
      .click()
    await page.getByText(`heeft de organisatie ${PROPOSAL} toegevoegd; de beheerder bevestigt haar nog.`).waitFor()
    await page.getByText(`heeft ${email} uitgenodigd als partner namens ${PROPOSAL}.`).waitFor()
    expect(await findAccessibilityViolations(page)).toEqual([])
    // The 409 for the existing name is part of the journey.
    expect(errors.filter((e) => !e.includes('status of 409'))).toEqual([])
    await context.close()
  })

  it('shows the administrator the new organisation as not yet confirmed, with who added it where', async () => {
    const { context, page, errors } = await e2e.newPage()
    await page.goto(setupLinkOf(e2e.server))
    await expectHeading1(page, 'Veiligheidsplanner inrichten')
    await page.getByLabel('E-mailadres', { exact: true }).fill('beheer@rivierstede.example')
    await page.getByLabel('Uw naam', { exact: true }).fill('Bram Beheer')
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('Functioneel-beheer-Rivierstede')
    await page.getByLabel('Herhaal het nieuwe wachtwoord', { exact: true }).fill('Functioneel-beheer-Rivierstede')
    await page.getByLabel('Naam van uw organisatie', { exact: true }).fill('Gemeente Rivierstede, ICT')
    await page.getByRole('button', { name: 'Inrichten en inloggen' }).click()
    await expectHeading1(page, 'Beheer')

    const region = page.getByRole('region', { name: 'Organisaties' })
    const row = region.getByRole('row').filter({ hasText: PROPOSAL })
    await row.waitFor()
    const text = (await row.textContent()) ?? ''
    expect(text).toContain('nieuw, nog niet bevestigd')
    expect(text).toContain('Toegevoegd door Iris Brinkhorst in het dossier Overlast jeugd Hovenplein')
    await row.scrollIntoViewIfNeeded()
    expect(await findAccessibilityViolations(page)).toEqual([])
    await shoot(page, 'beheer-nieuwe-organisatie', { fullPage: true })

    // Merging offers only confirmed organisations; cancelled here, confirmed instead.
    await row.getByRole('button', { name: `Samenvoegen… (${PROPOSAL})` }).click()
    const merge = page.getByRole('dialog', { name: `${PROPOSAL} samenvoegen` })
    await merge.waitFor()
    const options = await merge.getByLabel('Samenvoegen met', { exact: true }).locator('option').allTextContents()
    expect(options).toContain('Jeugdzorg Rivierland')
    expect(options).not.toContain(PROPOSAL)
    expect(await findAccessibilityViolations(page)).toEqual([])
    await merge.getByRole('button', { name: 'Annuleren' }).click()
    await merge.waitFor({ state: 'hidden' })

    await row.getByRole('button', { name: `Bevestigen (${PROPOSAL})` }).click()
    await page
      .getByRole('status')
      .filter({ hasText: `${PROPOSAL} is bevestigd.` })
      .waitFor()
    expect(await row.textContent()).not.toContain('nieuw, nog niet bevestigd')
    expect(errors).toEqual([])
    await context.close()
  })
})

describe('a forgotten password', () => {
  it('is reset through a mailed single-use link, after which the new password signs in', async () => {
    const { context, page, errors } = await e2e.newPage()
    await page.goto(`${e2e.server.url}/inloggen`)
    await page.getByRole('link', { name: 'Wachtwoord vergeten?' }).click()
    await expectHeading1(page, 'Wachtwoord vergeten')
    expect(await page.title()).toBe('Wachtwoord vergeten – Veiligheidsplanner')
    await page.getByLabel('E-mailadres', { exact: true }).fill(NOOR)
    expect(await findAccessibilityViolations(page)).toEqual([])
    await shoot(page, 'wachtwoord-vergeten', { fullPage: true })
    await page.getByRole('button', { name: 'Stuur mij een link' }).click()
    await page.getByRole('heading', { name: 'Controleer uw e-mail' }).waitFor()
    await page.getByText(`Als er een account is met ${NOOR}, krijgt u binnen een paar minuten een e-mail`).waitFor()
    expect(await findAccessibilityViolations(page)).toEqual([])

    const mail = await nextMailTo(NOOR)
    expect(mail.subject).toBe('Nieuw wachtwoord voor de Veiligheidsplanner')
    const link = new RegExp(`${e2e.server.url}/wachtwoord-instellen/[\\w-]+`).exec(mail.text ?? '')?.[0]
    expect(link).toBeTruthy()

    await page.goto(link!)
    await expectHeading1(page, 'Nieuw wachtwoord instellen')
    const field = page.getByLabel('Nieuw wachtwoord', { exact: true })
    await field.fill(NEW_PASSWORD)
    await page.getByLabel('Herhaal het nieuwe wachtwoord', { exact: true }).fill(NEW_PASSWORD)
    const toggle = page.getByRole('button', { name: 'Toon wachtwoord' })
    expect(await toggle.getAttribute('aria-pressed')).toBe('false')
    await toggle.click()
    expect(await toggle.getAttribute('aria-pressed')).toBe('true')
    expect(await field.getAttribute('type')).toBe('text')
    expect(await page.getByLabel('Herhaal het nieuwe wachtwoord', { exact: true }).getAttribute('type')).toBe('text')
    expect(await findAccessibilityViolations(page)).toEqual([])
    await toggle.click()
    expect(await field.getAttribute('type')).toBe('password')
    await page.getByRole('button', { name: 'Wachtwoord instellen' }).click()
    await expectHeading1(page, 'Mijn overzicht')

    // The link works once.
    const again = await e2e.newPage()
    await again.page.goto(link!)
    await expectHeading1(again.page, 'Link al gebruikt')
    await again.page.getByText('Deze link is al gebruikt. Log in met uw nieuwe wachtwoord').waitFor()
    await again.page.getByRole('link', { name: 'Nieuwe link aanvragen' }).waitFor()
    await again.context.close()

    // Signing in with the new password, in a browser of its own; the old one no longer works.
    const fresh = await e2e.newPage()
    await fresh.page.goto(`${e2e.server.url}/inloggen`)
    await signIn(fresh.page, NOOR, DEMO_PASSWORD)
    await fresh.page.getByText('E-mailadres of wachtwoord klopt niet').waitFor()
    await signIn(fresh.page, NOOR, NEW_PASSWORD)
    await expectHeading1(fresh.page, 'Mijn overzicht')
    expect(fresh.errors).toEqual([])
    await fresh.context.close()

    expect(errors).toEqual([])
    await context.close()
  })

  it('answers the same for an unknown address, and lets the login page show the password', async () => {
    const { context, page, errors } = await e2e.newPage({ width: 375 })
    await page.goto(`${e2e.server.url}/wachtwoord-vergeten`)
    await page.getByLabel('E-mailadres', { exact: true }).fill('niemand@rivierstede.example')
    await page.getByRole('button', { name: 'Stuur mij een link' }).click()
    await page.getByRole('heading', { name: 'Controleer uw e-mail' }).waitFor()
    await page
      .getByText('Als er een account is met niemand@rivierstede.example, krijgt u binnen een paar minuten een e-mail')
      .waitFor()

    await page.getByRole('link', { name: 'Terug naar inloggen' }).click()
    await expectHeading1(page, 'Inloggen')
    const password = page.getByLabel('Wachtwoord', { exact: true })
    await password.fill('iets-geheims')
    const toggle = page.getByRole('button', { name: 'Toon wachtwoord' })
    await toggle.click()
    expect(await toggle.getAttribute('aria-pressed')).toBe('true')
    expect(await password.getAttribute('type')).toBe('text')
    expect(await password.inputValue()).toBe('iets-geheims')
    expect(await findAccessibilityViolations(page)).toEqual([])
    await page.goto(`${e2e.server.url}/wachtwoord-vergeten`)
    await expectHeading1(page, 'Wachtwoord vergeten')
    await shoot(page, 'wachtwoord-vergeten', { fullPage: true })
    expect(errors).toEqual([])
    await context.close()
  })
})
