import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  AXE_SCANS_TIMEOUT,
  CSRF,
  checkBothLanguages,
  DE_HOVEN,
  DEMO_PASSWORD,
  DEMO_USER,
  findAccessibilityViolations,
  openStep,
  signIn,
  useE2eSuite,
} from './support.ts'

const e2e = useE2eSuite()

async function openDeHoven(page: Page) {
  await page.getByRole('link', { name: DE_HOVEN }).click()
  await page.getByRole('heading', { level: 1, name: DE_HOVEN }).waitFor()
}

/** Presses Tab until the focused element matches, at most `max` times; fails otherwise. */
async function tabTo(
  page: Page,
  matches: (el: { tag: string; text: string; name: string | null }) => boolean,
  max = 60,
) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    // A string, not a function: the test code is type-checked without the DOM library.
    const el = (await page.evaluate(
      `(() => { const a = document.activeElement; return { tag: a ? a.tagName : '', text: a ? (a.textContent || '').trim() : '', name: a ? a.getAttribute('name') : null } })()`,
    )) as { tag: string; text: string; name: string | null }
    if (matches(el)) return
  }
  throw new Error('the element was not reached with Tab')
}

describe('the overview and the six steps', () => {
  it(
    'has no WCAG 2.1 A/AA violations on every step of De Hoven, with forms and panels open, in Dutch and in English',
    async () => {
      // Mijn overzicht and the case overview are scanned in cases.test.ts.
      const { context, page, errors } = await e2e.signedIn(DEMO_USER.email)
      await openDeHoven(page)

      for (const step of [1, 2, 3, 4, 5, 6]) {
        await openStep(page, step)
        await page.getByRole('heading', { level: 3, name: 'Status en deadline' }).waitFor()
        await page.locator('.vp-loading').waitFor({ state: 'detached' })
        await checkBothLanguages(page, `Stap ${step}`)
      }

      // Open parts: a form with every kind of field, comments and history, a position form.
      await openStep(page, 5)
      await page.getByRole('button', { name: 'Actie toevoegen' }).click()
      await page.getByRole('form', { name: 'Actie toevoegen' }).waitFor()
      await page.getByRole('radio', { name: 'Gekozen organisaties' }).check()
      // The open parts once, in Dutch: their texts come from the same catalogues as the pages above.
      expect(await findAccessibilityViolations(page)).toEqual([])
      await page.getByRole('button', { name: 'Annuleren' }).click()
      const action = page.getByRole('article', { name: 'Herstel 41 gebreken portiekflats Hovenlaan' })
      await action.getByRole('button', { name: /^Reacties \(\d+\)/ }).click()
      await action.getByText('@Noor Hazelaar', { exact: false }).first().waitFor()
      await action.getByRole('button', { name: /^Geschiedenis/ }).click()
      await action
        .getByRole('region', { name: /^Geschiedenis van/ })
        .getByRole('listitem')
        .first()
        .waitFor()
      expect(await findAccessibilityViolations(page)).toEqual([])

      await openStep(page, 6)
      await page.getByText('Toon als tabel').first().click()
      expect(await findAccessibilityViolations(page)).toEqual([])

      expect(errors).toEqual([])
      await context.close()
    },
    AXE_SCANS_TIMEOUT,
  )

  it('fits a 320 px wide screen on the overview and every step page', async () => {
    const { context, page, errors } = await e2e.signedIn(DEMO_USER.email, { width: 320 })
    const overflow = () => page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth)
    expect(await overflow()).toBeLessThanOrEqual(0)
    await openDeHoven(page)
    await page.getByRole('table', { name: 'Toezeggingen per organisatie en actie' }).waitFor()
    expect(await overflow()).toBeLessThanOrEqual(0)
    for (const step of [1, 2, 3, 4, 5, 6]) {
      await openStep(page, step)
      await page.getByRole('heading', { level: 3, name: 'Status en deadline' }).waitFor()
      expect({ step, overflow: await overflow() }).toEqual({ step, overflow: 0 })
    }
    await page.getByRole('button', { name: 'Voortgang melden' }).first().click()
    expect(await overflow()).toBeLessThanOrEqual(0)
    expect(errors).toEqual([])
    await context.close()
  })

  it('adds a signal with the keyboard alone: sign in, open the case, go to step 2, fill in the form', async () => {
    // A case of her own, whose step 2 the projectleider may prepare before opening it.
    const setup = await e2e.signedIn(DEMO_USER.email)
    const title = `Fietsendiefstal station ${Date.now()}`
    const created = await setup.page.request.post(`${e2e.server.url}/api/cases`, {
      headers: CSRF,
      data: { title, gemeente: 'Rivierstede', theme: 'fietsendiefstal', problemType: 'standaard' },
    })
    expect(created.status()).toBe(201)
    await setup.context.close()

    const { context, page, errors } = await e2e.newPage()
    await page.goto(`${e2e.server.url}/inloggen`)
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor()
    await tabTo(page, (el) => el.name === 'email')
    await page.keyboard.type(DEMO_USER.email)
    await page.keyboard.press('Tab')
    await page.keyboard.type(DEMO_PASSWORD)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Mijn overzicht' }).waitFor()
    await page.getByRole('link', { name: title }).waitFor()

    await tabTo(page, (el) => el.tag === 'A' && el.text === title)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: title }).waitFor()
    await page.getByRole('heading', { level: 2, name: 'Overzicht' }).waitFor()

    await tabTo(page, (el) => el.tag === 'A' && el.text.includes('Wat is het probleem?'))
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 2, name: 'Stap 2: Wat is het probleem?' }).waitFor()
    await page.getByRole('button', { name: 'Signaal toevoegen' }).waitFor()

    await tabTo(page, (el) => el.tag === 'BUTTON' && el.text === 'Signaal toevoegen')
    await page.keyboard.press('Enter')
    // The form opens with focus in its first field.
    await page.getByRole('form', { name: 'Signaal toevoegen' }).waitFor()
    expect(await page.locator(':focus').getAttribute('name')).toBe('title')
    await page.keyboard.type('Fietsen gestolen bij de stalling')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Vooral op doordeweekse avonden.')
    await page.keyboard.press('Tab')
    // A native select picks its option by typing.
    expect(await page.locator(':focus').getAttribute('name')).toBe('source')
    await page.keyboard.type('Meldingen')
    await tabTo(page, (el) => el.tag === 'BUTTON' && el.text === 'Toevoegen')
    await page.keyboard.press('Enter')

    await page.getByRole('status').filter({ hasText: '“Fietsen gestolen bij de stalling” is toegevoegd.' }).waitFor()
    const card = page.getByRole('article', { name: 'Fietsen gestolen bij de stalling' })
    expect(await card.textContent()).toContain('Meldingen')
    // Focus moved to the new card, ready to go on.
    expect(await page.locator(':focus').textContent()).toBe('Fietsen gestolen bij de stalling')

    expect(errors).toEqual([])
    await context.close()
  })

  it('saves text that looks like personal data, and warns at the field pointing to the Zorg- en Veiligheidshuis; an acuut case takes deadlines with a time and shows the projectleider the time left', async () => {
    const { context, page, errors } = await e2e.signedIn(DEMO_USER.email)
    const title = `Overlast portiekflat ${Date.now()}`
    const created = await page.request.post(`${e2e.server.url}/api/cases`, {
      headers: CSRF,
      data: { title, gemeente: 'Rivierstede', theme: 'burenoverlast', problemType: 'acuut' },
    })
    const caseId = ((await created.json()) as { id: string }).id
    await page.goto(`${e2e.server.url}/dossiers/${caseId}/stap/2`)
    await page.getByRole('button', { name: 'Signaal toevoegen' }).click()
    const form = page.getByRole('form', { name: 'Signaal toevoegen' })
    await form.getByLabel('Signaal', { exact: true }).fill('Herhaalde meldingen over één portiek')
    await form.getByLabel('Toelichting (niet verplicht)', { exact: true }).fill('Melder met BSN 111222333 belt vaker.')
    await form.getByLabel('Bron', { exact: true }).selectOption({ label: 'Meldingen' })
    await form.getByRole('button', { name: 'Toevoegen', exact: true }).click()

    // Saved, and open again with the warning tied to the field.
    await page
      .getByRole('status')
      .filter({ hasText: 'Kijk nog even naar de waarschuwing over persoonsgegevens' })
      .waitFor()
    const edit = page.getByRole('form', { name: '“Herhaalde meldingen over één portiek” wijzigen' })
    const field = edit.getByLabel('Toelichting (niet verplicht)', { exact: true })
    const describedBy = (await field.getAttribute('aria-describedby')) ?? ''
    const warning = await Promise.all(describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()))
    expect(warning.join(' ')).toContain('Dit lijkt op een BSN: “111222333”.')
    expect(warning.join(' ')).toContain('Zorg- en Veiligheidshuis')
    // Changing the text and saving clears it.
    await field.fill('Een melder belt vaker over dezelfde portiek.')
    await edit.getByRole('button', { name: 'Opslaan', exact: true }).click()
    await page
      .getByRole('status')
      .filter({ hasText: '“Herhaalde meldingen over één portiek” is opgeslagen.' })
      .waitFor()
    expect(await page.getByText('Dit lijkt op een BSN').count()).toBe(0)

    // An acuut case takes its deadlines with a time of day.
    const deadline = page.getByRole('group', { name: 'Deadline (datum en tijd)' })
    await deadline.getByLabel('Datum', { exact: true }).fill('01-03-2030')
    await deadline.getByLabel('Tijd', { exact: true }).fill('14:30')
    await page.getByRole('button', { name: 'Deadline opslaan' }).click()
    await page.getByRole('status').filter({ hasText: 'De deadline van stap 2 is opgeslagen.' }).waitFor()
    await page.getByText('1 mrt, 14:30').first().waitFor()

    // The projectleider sees how long an open acuut step has left.
    const step1 = await page.request.get(`${e2e.server.url}/api/cases/${caseId}/steps/1`)
    const moved = await page.request.patch(`${e2e.server.url}/api/cases/${caseId}/steps/1`, {
      headers: { ...CSRF, 'if-match': step1.headers().etag! },
      data: { deadline: new Date(Date.now() + 200 * 60_000).toISOString() },
    })
    expect(moved.status()).toBe(200)
    await page.goto(`${e2e.server.url}/dossiers/${caseId}/stap/1`)
    const timer = page.getByRole('timer')
    await timer.waitFor()
    expect(await timer.textContent()).toMatch(/nog 3 uur en (19|20) minuten/)

    expect(errors).toEqual([])
    await context.close()
  })

  it('says when the live connection drops, catches up when it is back, and says so', async () => {
    const { context, page, errors } = await e2e.newPage()
    // Let the test drop the browser's live connection, as a network failure would.
    const sockets: { close: () => Promise<void> }[] = []
    let refusing = false
    await page.routeWebSocket(/\/api\/live$/, (ws) => {
      if (refusing) return void ws.close()
      ws.connectToServer()
      sockets.push(ws)
    })
    await page.goto(`${e2e.server.url}/inloggen`)
    await signIn(page, DEMO_USER.email, DEMO_PASSWORD)
    await openDeHoven(page)
    await openStep(page, 6)
    const steps = (await (await page.request.get(`${e2e.server.url}/api/cases`)).json()) as {
      items: { id: string; title: string }[]
    }
    const caseId = steps.items.find((c) => c.title === DE_HOVEN)!.id
    const step5 = (await (await page.request.get(`${e2e.server.url}/api/cases/${caseId}/steps/5`)).json()) as {
      items: { id: string; title?: string }[]
    }
    const action = step5.items.find((i) => i.title?.startsWith('Gerichte controle parkeergarage'))!

    refusing = true
    for (const ws of sockets.splice(0)) await ws.close()
    await page.getByRole('status').filter({ hasText: 'Verbinding verbroken — we proberen het opnieuw' }).waitFor()

    // Meanwhile someone reports progress.
    const added = await page.request.post(`${e2e.server.url}/api/cases/${caseId}/items`, {
      headers: CSRF,
      data: {
        kind: 'action_update',
        step: 6,
        title: 'Derde controleavond ingepland',
        actionId: action.id,
        status: 'bezig',
      },
    })
    expect(added.status()).toBe(201)

    refusing = false
    await page.getByRole('status').filter({ hasText: 'Verbinding hersteld. Alles is weer bijgewerkt.' }).waitFor()
    await page.getByRole('article', { name: 'Derde controleavond ingepland' }).waitFor()

    expect(errors).toEqual([])
    await context.close()
  })

  it('sends someone removed from the case to Mijn overzicht and tells them why', async () => {
    const iris = await e2e.signedIn(DEMO_USER.email)
    const title = `Scooteroverlast Havenkwartier ${Date.now()}`
    const created = await iris.page.request.post(`${e2e.server.url}/api/cases`, {
      headers: CSRF,
      data: { title, gemeente: 'Rivierstede', theme: 'overig', problemType: 'standaard' },
    })
    const caseId = ((await created.json()) as { id: string }).id
    const organisations = (await (await iris.page.request.get(`${e2e.server.url}/api/organisations`)).json()) as {
      items: { id: string; name: string }[]
    }
    const invited = await iris.page.request.post(`${e2e.server.url}/api/cases/${caseId}/invitations`, {
      headers: CSRF,
      data: {
        email: 'jeugdzorg@rivierstede.example',
        organisationId: organisations.items.find((o) => o.name === 'Jeugdzorg Rivierland')!.id,
        role: 'partner',
      },
    })
    const { link } = (await invited.json()) as { link: string }

    const daan = await e2e.newPage()
    await daan.page.goto(link)
    await daan.page.getByRole('button', { name: 'Ik heb al een account' }).click()
    await daan.page.getByLabel('Wachtwoord', { exact: true }).fill(DEMO_PASSWORD)
    await daan.page.getByRole('button', { name: 'Inloggen en meedoen' }).click()
    await daan.page.getByRole('heading', { level: 1, name: title }).waitFor()
    await openStep(daan.page, 1)

    // Iris sees him in the case, then removes him.
    await iris.page.goto(`${e2e.server.url}/dossiers/${caseId}`)
    await iris.page.locator('.vp-presence').getByText('Daan Meulenbelt (Jeugdzorg Rivierland), bij stap 1').waitFor()
    const members = (await (await iris.page.request.get(`${e2e.server.url}/api/cases/${caseId}/members`)).json()) as {
      items: { id: string; name: string; version: number }[]
    }
    const seat = members.items.find((m) => m.name === 'Daan Meulenbelt')!
    const removed = await iris.page.request.delete(`${e2e.server.url}/api/cases/${caseId}/members/${seat.id}`, {
      headers: { ...CSRF, 'If-Match': `"${seat.version}"` },
    })
    expect(removed.status()).toBe(200)

    await daan.page.getByRole('heading', { level: 1, name: 'Mijn overzicht' }).waitFor()
    const alert = daan.page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toContain(`U heeft geen toegang meer tot het dossier “${title}”`)
    expect(await daan.page.getByRole('link', { name: title }).count()).toBe(0)
    // Iris no longer sees him in the case.
    await iris.page.getByText('alleen u').waitFor()

    expect(iris.errors).toEqual([])
    expect(daan.errors).toEqual([])
    await Promise.all([iris.context.close(), daan.context.close()])
  })
})
