import { dutchDay, type ReminderMoment } from '@vp/shared'
import { sql } from 'drizzle-orm'
import type { Db } from '../db/client.ts'
import { inTransaction } from '../db/tx.ts'
import type { MaintenanceLoop } from '../maintenance/loop.ts'
import { insertNotifications, type NewNotification } from './store.ts'

/**
 * Rows per transaction: a scan that finds tens of thousands of reminders (the first scan after a
 * large import) writes them in slices, so no single transaction holds the table for long.
 */
const ROWS_PER_INSERT = 10_000

/** What one scan found and wrote; `written` excludes reminders that an earlier scan (or instance) had sent. */
export interface ScanResult {
  found: number
  written: number
}

interface StepRow extends Record<string, unknown> {
  type: 'step_reminder' | 'step_overview'
  user_id: string
  case_id: string
  step: number
  deadline: string
  moment: ReminderMoment
  n: number | null
  organisations: string[] | null
  key: string
}

interface ActionRow extends Record<string, unknown> {
  user_id: string
  case_id: string
  action_id: string
  step: number
  due_date: string
  moment: ReminderMoment
  n: number | null
  key: string
}

/**
 * The latest due moment of every open step's deadline, and who is reminded of it: the people of
 * each contributing organisation that has not marked the step done, and, instead of their own
 * reminder, each projectleider one overview naming those organisations. Only the latest moment
 * is selected, so a scan that runs late never sends "7d" once "1d" is due. Acuut cases count in
 * hours (4h, 1h, due, then hourly); others in days (7d, 1d, due, then weekly).
 */
async function stepReminders(db: Db, now: Date): Promise<NewNotification[]> {
  const at = now.toISOString()
  const result = await db.execute<StepRow>(sql`
    with s as (
      select cs.case_id, cs.step, cs.deadline, c.problem_type = 'acuut' as acuut,
        extract(epoch from (${at}::timestamptz - cs.deadline)) as late
      from case_steps cs
      join cases c on c.id = cs.case_id
      where c.status = 'active' and cs.status = 'open' and cs.deadline is not null
        and cs.deadline <= ${at}::timestamptz + case when c.problem_type = 'acuut' then interval '4 hours' else interval '7 days' end
    ),
    m as (
      select s.case_id, s.step,
        to_char(s.deadline at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as deadline,
        case
          when s.acuut then case when s.late >= 3600 then 'overdue' when s.late >= 0 then 'due' when s.late >= -3600 then '1h' else '4h' end
          else case when s.late >= 604800 then 'overdue' when s.late >= 0 then 'due' when s.late >= -86400 then '1d' else '7d' end
        end as moment,
        case
          when s.acuut and s.late >= 3600 then floor(s.late / 3600)::int
          when not s.acuut and s.late >= 604800 then floor(s.late / 604800)::int
        end as n
      from s
    ),
    seats as (
      select cm.case_id, cm.user_id, cm.organisation_id, cm.role
      from case_members cm
      join users u on u.id = cm.user_id
      where cm.removed_at is null and cm.role <> 'waarnemer' and not u.disabled
        and cm.case_id in (select case_id from m)
    ),
    late as (
      select distinct m.case_id, m.step, m.deadline, m.moment, m.n, seats.organisation_id
      from m
      join seats on seats.case_id = m.case_id
      where not exists (
        select 1 from step_done d
        where d.case_id = m.case_id and d.step = m.step and d.organisation_id = seats.organisation_id and d.done
      )
    ),
    found as (
    select 'step_reminder' as type, seats.user_id, late.case_id, late.step, late.deadline, late.moment, late.n,
      null::uuid[] as organisations
    from late
    join seats on seats.case_id = late.case_id and seats.organisation_id = late.organisation_id
    where seats.role <> 'projectleider'
    union all
    select 'step_overview', seats.user_id, late.case_id, late.step, late.deadline, late.moment, late.n,
      array_agg(late.organisation_id order by late.organisation_id)
    from late
    join seats on seats.case_id = late.case_id and seats.role = 'projectleider'
    group by seats.user_id, late.case_id, late.step, late.deadline, late.moment, late.n
    ),
    keyed as (
      select found.*,
        case when found.type = 'step_overview' then 'step_overview:' else 'step:' end
          || found.case_id || ':' || found.step || ':' || found.deadline || ':' || found.moment
          || coalesce(':' || found.n, '') as key
      from found
    )
    -- Reminders written by an earlier scan are left out here: a scan in a quiet minute costs the
    -- select, not thousands of inserts that conflict.
    select * from keyed
    where not exists (select 1 from notifications x where x.user_id = keyed.user_id and x.key = keyed.key)
  `)
  return rowsOf<StepRow>(result).map((r): NewNotification => {
    const overview = r.type === 'step_overview'
    const n = r.n === null ? null : Number(r.n)
    return {
      userId: r.user_id,
      caseId: r.case_id,
      type: r.type,
      entityType: 'step',
      step: Number(r.step),
      data: {
        deadline: r.deadline,
        moment: r.moment,
        ...(n === null ? {} : { n }),
        ...(overview ? { organisationIds: r.organisations } : {}),
      },
      key: r.key,
    }
  })
}

/**
 * The latest due moment of every unfinished action's due date, counted in Dutch calendar days
 * (7d, 1d, then weekly overdue from the day after), to the people of the trekker's organisation and
 * of the participating organisations that did not decline. An action is finished when its latest
 * update says klaar or gestopt.
 */
async function actionReminders(db: Db, now: Date): Promise<NewNotification[]> {
  const today = dutchDay(now)
  const result = await db.execute<ActionRow>(sql`
    with a as (
      select i.id, i.case_id, i.step, ac.due_date, ac.trekker_organisation_id,
        (${today}::date - ac.due_date) as late
      from actions ac
      join items i on i.id = ac.item_id
      join cases c on c.id = i.case_id
      where i.deleted_at is null and c.status = 'active' and ac.due_date is not null
        and ac.due_date <= ${today}::date + 7
        and coalesce((
          select u.status from action_updates u
          join items ui on ui.id = u.item_id
          where u.action_id = ac.item_id and ui.deleted_at is null
          order by ui.created_at desc
          limit 1
        ), 'gepland') not in ('klaar', 'gestopt')
    ),
    orgs as (
      select a.id, a.trekker_organisation_id as organisation_id from a
      union
      select p.action_id, p.organisation_id
      from action_participants p
      join a on a.id = p.action_id
      where not exists (
        select 1 from commitments k
        where k.action_id = p.action_id and k.organisation_id = p.organisation_id and k.status = 'declined'
      )
    ),
    found as (
    select distinct cm.user_id, a.case_id, a.id as action_id, a.step, to_char(a.due_date, 'YYYY-MM-DD') as due_date,
      case when a.late >= 1 then 'overdue' when a.late >= -1 then '1d' else '7d' end as moment,
      case when a.late >= 1 then (a.late - 1) / 7 end as n
    from a
    join orgs on orgs.id = a.id
    join case_members cm on cm.case_id = a.case_id and cm.organisation_id = orgs.organisation_id
      and cm.removed_at is null and cm.role <> 'waarnemer'
    join users u on u.id = cm.user_id and not u.disabled
    ),
    keyed as (
      select found.*,
        'action:' || found.case_id || ':' || found.action_id || ':' || found.due_date || ':' || found.moment
          || coalesce(':' || found.n, '') as key
      from found
    )
    select * from keyed
    where not exists (select 1 from notifications x where x.user_id = keyed.user_id and x.key = keyed.key)
  `)
  return rowsOf<ActionRow>(result).map((r): NewNotification => {
    const n = r.n === null ? null : Number(r.n)
    return {
      userId: r.user_id,
      caseId: r.case_id,
      type: 'action_reminder',
      entityType: 'item',
      entityId: r.action_id,
      step: Number(r.step),
      data: { dueDate: r.due_date, moment: r.moment, ...(n === null ? {} : { n }) },
      key: r.key,
    }
  })
}

/** node-postgres answers with `{ rows }`, PGlite likewise; both drivers through drizzle's `execute`. */
function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows
}

/**
 * One reminder scan (ADR 026): one set-based query per reminder kind, then inserts by exactly-once
 * key, so any number of instances may scan at once and a restart repeats nothing. A moved deadline
 * is in the key, so it reminds anew and its old reminders can no longer fire.
 */
export async function scanReminders(db: Db, now: Date = new Date()): Promise<ScanResult> {
  const rows = [...(await stepReminders(db, now)), ...(await actionReminders(db, now))]
  let written = 0
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const slice = rows.slice(i, i + ROWS_PER_INSERT)
    written += (await inTransaction(db, (tx) => insertNotifications(tx, slice))).length
  }
  return { found: rows.length, written }
}

/** Adds the scan to this instance's reminder loop (every REMINDER_INTERVAL_SECONDS). */
export function registerReminders(app: { reminders: MaintenanceLoop; db: Db }) {
  app.reminders.addTask('reminder scan', async () => {
    await scanReminders(app.db)
  })
}
