import { expect } from 'vitest'
import { addMember, type Client, openCase, type TestApp, type TestUser } from './app.ts'
import { closeStep, createItem } from './items.ts'

/** One way to restrict an item after the fact, for every visibility and notification test. */
export { setAudience } from './visibility.ts'

/**
 * A case of the gemeente (its projectleider) with politie and a woningcorporatie as partners, each
 * with one member, and the people themselves (their ids) for notifications. Step 1 is open.
 */
export async function partiesWithPeople(t: TestApp) {
  const gem = await t.make.organisation({ name: `Gemeente ${Math.random()}`, type: 'gemeente' })
  const pol = await t.make.organisation({ name: `Politie ${Math.random()}`, type: 'politie' })
  const won = await t.make.organisation({ name: `Woonstichting ${Math.random()}`, type: 'woningcorporatie' })
  const leadUser = await t.make.user({ organisationId: gem.id, name: 'Iris Brinkhorst' })
  const policeUser = await t.make.user({ organisationId: pol.id, name: 'Ruud Kalkman' })
  const housingUser = await t.make.user({ organisationId: won.id, name: 'Noor Hazelaar' })
  const lead = await t.as(leadUser)
  const caseId = await openCase(lead)
  const police = await addMember(t, lead, caseId, policeUser)
  const housing = await addMember(t, lead, caseId, housingUser)
  return { lead, police, housing, leadUser, policeUser, housingUser, caseId, gem, pol, won }
}

/**
 * Closes step 1 of the parties' case and adds a signal to step 2 as `author`; with an `audience`
 * (organisation ids), only those organisations may see it.
 */
export async function signalInStep2(
  p: { lead: Client; caseId: string },
  author: Client,
  title: string,
  audience?: string[],
) {
  await closeStep(p.lead, p.caseId, 1)
  return createItem(author, p.caseId, {
    kind: 'signal',
    step: 2,
    title,
    source: 'meldingen',
    ...(audience ? { audience } : {}),
  })
}

/** Removes a person's seat as the projectleider. */
export async function removeMember(lead: Client, caseId: string, user: TestUser) {
  const seat = (await lead.get(`/api/cases/${caseId}/members`))
    .json()
    .items.find((m: { userId: string }) => m.userId === user.id)
  const res = await lead.delete(`/api/cases/${caseId}/members/${seat.id}`, { 'if-match': `"${seat.version}"` })
  expect(res.statusCode, res.body).toBe(200)
}
