import { ItemSchema } from '@vp/shared'
import { expect } from 'vitest'
import { addMember, type Client, openCase, type TestApp } from './app.ts'

/**
 * A case of the gemeente (its projectleider) with politie and a woningcorporatie as partners,
 * each with one member; step 1 is open. Organisation names are unique per call.
 */
export async function threeParties(t: TestApp) {
  const gem = await t.make.organisation({ name: `Gemeente ${Math.random()}`, type: 'gemeente' })
  const pol = await t.make.organisation({ name: `Politie ${Math.random()}`, type: 'politie' })
  const won = await t.make.organisation({ name: `Woonstichting ${Math.random()}`, type: 'woningcorporatie' })
  const lead = await t.as(await t.make.user({ organisationId: gem.id, name: 'Iris Brinkhorst' }))
  const caseId = await openCase(lead)
  const police = await addMember(t, lead, caseId, await t.make.user({ organisationId: pol.id, name: 'Ruud Kalkman' }))
  const housing = await addMember(t, lead, caseId, await t.make.user({ organisationId: won.id, name: 'Noor Hazelaar' }))
  return { lead, police, housing, caseId, gem: gem.id, pol: pol.id, won: won.id }
}

/** The same three parties with step 1 closed, so step 2 is open. */
export async function threePartiesInStep2(t: TestApp) {
  const p = await threeParties(t)
  await closeStep(p.lead, p.caseId, 1)
  return p
}

/** Creates an item through the API and returns it as the answer shows it (201 or the test fails). */
export async function createItem(
  c: Client,
  caseId: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const res = await c.post(`/api/cases/${caseId}/items`, body, headers)
  if (res.statusCode !== 201) throw new Error(`create ${body.kind}: ${res.statusCode} ${res.body}`)
  return ItemSchema.parse(res.json())
}

/** Changes a step as the projectleider, on top of its current version. */
export async function changeStep(lead: Client, caseId: string, step: number, body: Record<string, unknown>) {
  const etag = (await lead.get(`/api/cases/${caseId}/steps/${step}`)).headers.etag as string
  const res = await lead.patch(`/api/cases/${caseId}/steps/${step}`, body, { 'if-match': etag })
  expect(res.statusCode, res.body).toBe(200)
}

/** Closes a step as the projectleider (which opens the next one). */
export const closeStep = (lead: Client, caseId: string, step: number) =>
  changeStep(lead, caseId, step, { status: 'closed' })
