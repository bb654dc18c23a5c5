import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, openCase, type TestApp } from '../../test/app.ts'
import { redactUrl } from './log.ts'

let t: TestApp
const lines: string[] = []

beforeAll(async () => {
  t = await createTestApp({ LOG_LEVEL: 'debug' }, { logStream: { write: (line) => lines.push(line) } })
})
afterAll(() => t.close())

describe('the server log', () => {
  it('holds no invitation, set-password or session token and no statement parameters, at debug', async () => {
    const lead = await t.as(await t.make.user())
    const caseId = await openCase(lead)
    const org = await t.make.organisation()
    const inv = await lead.post(`/api/cases/${caseId}/invitations`, {
      email: 'nieuw-lid@example.test',
      organisationId: org.id,
      role: 'partner',
    })
    const invitationToken = (inv.json().link as string).split('/uitnodiging/')[1]!
    expect((await t.anon.get(`/api/invitations/${invitationToken}`)).statusCode).toBe(200)
    const accepted = await t.anon.post(`/api/invitations/${invitationToken}/accept`, {
      name: 'Nieuw Lid',
      password: 'kraanwater-lantaarnpaal-43',
    })
    const sessionValue = accepted.cookies.find((c) => c.name.endsWith('vp_session'))?.value
    const admin = await t.as(await t.make.admin())
    const made = await admin.post('/api/admin/users', {
      email: 'link@example.test',
      name: 'Link',
      organisationId: null,
    })
    const linkToken = new URL(made.json().setPasswordLink.url).pathname.split('/').pop()!
    expect((await t.anon.get(`/api/auth/password-links/${linkToken}`)).statusCode).toBe(200)
    // A statement that fails with a parameter in it, logged the way every unhandled error is.
    const secret = 'vertrouwelijk-driehoek-9431'
    const err = await t.testDb.database.db.execute(sql`select ${secret}::uuid`).catch((e: unknown) => e)
    t.app.log.error({ err }, 'unhandled error')

    const log = lines.join('')
    expect(log).toContain('[token]')
    expect(log).toContain('Failed query')
    for (const s of [invitationToken, linkToken, sessionValue!, secret]) expect(log).not.toContain(s)
    expect(log).not.toContain('kraanwater')
  })
})

describe('redactUrl', () => {
  it('removes tokens from paths and queries, and keeps ids', () => {
    const token = 'x'.repeat(43)
    const id = '6f1c2b1e-1d2a-4c3b-9e8f-0a1b2c3d4e5f'
    expect(redactUrl(`/api/invitations/${token}/accept`)).toBe('/api/invitations/[token]/accept')
    expect(redactUrl(`/uitnodiging/${token}`)).toBe('/uitnodiging/[token]')
    expect(redactUrl(`/api/calendar/${token}.ics`)).toBe('/api/calendar/[token]')
    expect(redactUrl(`/api/cases/${id}/items?limit=5&token=${token}`)).toBe(
      `/api/cases/${id}/items?limit=5&token=[token]`,
    )
  })
})
