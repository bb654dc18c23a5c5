import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, openCase, type TestApp } from '../../test/app.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('retries', () => {
  it('a case created twice with one Idempotency-Key exists once', async () => {
    const lead = await t.as(await t.make.user())
    const body = { title: 'Eenmalig dossier', gemeente: 'Rivierstede', theme: 'woninginbraak', problemType: 'acuut' }
    const key = { 'idempotency-key': 'create-case-once-1' }
    const [a, b] = [await lead.post('/api/cases', body, key), await lead.post('/api/cases', body, key)]
    expect([a.statusCode, b.statusCode]).toEqual([201, 201])
    expect(b.json().id).toBe(a.json().id)
    expect(
      (await lead.get('/api/cases')).json().items.filter((c: { title: string }) => c.title === 'Eenmalig dossier'),
    ).toHaveLength(1)
  })
})

describe('a non-member learns nothing', () => {
  it('gets 404 on every route under /api/cases/:caseId, and so does an admin who is not a member', async () => {
    const lead = await t.as(await t.make.user())
    const caseId = await openCase(lead)
    const memberId = (await lead.get(`/api/cases/${caseId}`)).json().me.memberId
    const invitation = (
      await lead.post(`/api/cases/${caseId}/invitations`, {
        email: 'p@example.test',
        organisationId: (await t.make.organisation()).id,
        role: 'partner',
      })
    ).json().invitation.id
    const routes = t.app.routeList.filter((r) => r.url.startsWith('/api/cases/:caseId') && r.method !== 'HEAD')
    expect(routes.length).toBeGreaterThan(10)
    for (const who of [await t.make.user(), await t.make.admin()]) {
      const outsider = await t.as(who)
      for (const r of routes) {
        const url = r.url.replace(':caseId', caseId).replace(':memberId', memberId).replace(':invitationId', invitation)
        const body = r.method === 'GET' || r.method === 'DELETE' ? undefined : {}
        const res = await outsider.request(r.method as 'GET', url, body, { 'if-match': '"1"' })
        expect(res.statusCode, `${r.method} ${r.url}`).toBe(404)
        expect(res.body, `${r.method} ${r.url}`).not.toContain(caseId)
      }
    }
    // Same answer as for a case that does not exist at all.
    const outsider = await t.as(await t.make.user())
    const ghost = await outsider.get('/api/cases/00000000-0000-4000-8000-000000000000')
    expect(ghost.body).toBe((await outsider.get(`/api/cases/${caseId}`)).body)
  })
})

describe('the event log', () => {
  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    const lead = await t.as(await t.make.user())
    const caseId = await openCase(lead)
    const db = t.testDb.database.db
    await expect(db.execute(sql`update case_events set type = 'x' where case_id = ${caseId}`)).rejects.toThrow()
    await expect(db.execute(sql`delete from case_events where case_id = ${caseId}`)).rejects.toThrow()
    await expect(db.execute(sql`truncate case_events cascade`)).rejects.toThrow()
    const rows = (await db.execute(
      sql`select type from case_events where case_id = ${caseId} order by seq`,
    )) as unknown as { rows: { type: string }[] }
    expect(rows.rows.map((r) => r.type)).toEqual(['case.created', 'member.added'])
  })

  it('leaves nothing behind when a change fails half-way', async () => {
    const db = t.testDb.database.db
    await db.execute(sql`create or replace function fail_second_event() returns trigger language plpgsql as $$
      begin if new.type = 'member.added' and new.payload->>'role' = 'projectleider' and exists (select 1 from cases where id = new.case_id and title = 'Mislukt') then raise exception 'forced failure'; end if; return new; end $$`)
    await db.execute(
      sql`create trigger fail_second_event before insert on case_events for each row execute function fail_second_event()`,
    )
    try {
      const user = await t.make.user()
      const lead = await t.as(user)
      const count = async () =>
        (
          (await db.execute(sql`select count(*)::int as n from cases where title = 'Mislukt'`)) as unknown as {
            rows: { n: number }[]
          }
        ).rows[0]!.n
      const res = await lead.post('/api/cases', {
        title: 'Mislukt',
        gemeente: 'Rivierstede',
        theme: 'verloedering',
        problemType: 'standaard',
      })
      expect(res.statusCode).toBe(500)
      expect(await count()).toBe(0)
      const members = (await db.execute(
        sql`select count(*)::int as n from case_members where user_id = ${user.id}`,
      )) as unknown as { rows: { n: number }[] }
      expect(members.rows[0]!.n).toBe(0)
    } finally {
      await db.execute(sql`drop trigger fail_second_event on case_events`)
    }
  })

  it('keeps seq gap-free and ordered when many changes to one case race', async () => {
    const lead = await t.as(await t.make.user())
    const caseId = await openCase(lead)
    const org = (await t.make.organisation()).id
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        lead.post(`/api/cases/${caseId}/invitations`, {
          email: `race-${i}@example.test`,
          organisationId: org,
          role: 'partner',
        }),
      ),
    )
    expect(results.map((r) => r.statusCode)).toEqual(Array(12).fill(201))
    const log = (await lead.get(`/api/cases/${caseId}/activity?limit=100`)).json().items
    expect(log.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: 14 }, (_, i) => 14 - i))
    expect((await lead.get(`/api/cases/${caseId}`)).json().lastSeq).toBe(14)
  })
})
