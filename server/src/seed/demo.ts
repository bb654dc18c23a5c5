import type { OrganisationType } from '@vp/shared'
import { count, inArray, or, sql } from 'drizzle-orm'
import { hashPassword } from '../auth/passwords.ts'
import type { Config } from '../config.ts'
import type { Db } from '../db/client.ts'
import { organisations, rateCounters, users } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { CaseSeed, type Clock, dateOf, type SeedAccount } from './case-seed.ts'
import { fillDeHoven } from './de-hoven.ts'
import { CLOSED_CASE, CLOSED_CASE_MEMBERS, fillOosterhavenNoord } from './oosterhaven-noord.ts'

export { CLOSED_CASE } from './oosterhaven-noord.ts'

/** The fictional partnership of gemeente Rivierstede (shared/docs/DEMO.md). */
export const DEMO_ORGANISATIONS: {
  code: string
  name: string
  type: OrganisationType
  email: string
  person: string
  belang: string
  roleText: string
  commitmentNote: string
}[] = [
  {
    code: 'GEM',
    name: 'Gemeente Rivierstede',
    type: 'gemeente',
    email: 'gemeente@rivierstede.example',
    person: 'Iris Brinkhorst',
    belang: 'Schoon, heel en veilig winkelcentrum',
    roleText: "Regie, reiniging, verlichting, BOA's",
    commitmentNote: 'Mandaat burgemeester',
  },
  {
    code: 'POL',
    name: 'Politie, Basisteam Rivierstede-Oost',
    type: 'politie',
    email: 'politie@rivierstede.example',
    person: 'Ruud Kalkman',
    belang: 'Minder meldingen, inzet op strafbaar gedrag',
    roleText: 'Cijfers, analyse, surveillance',
    commitmentNote: 'Binnen bestaande capaciteit',
  },
  {
    code: 'OM',
    name: 'Openbaar Ministerie, Arrondissementsparket Midden',
    type: 'om',
    email: 'om@rivierstede.example',
    person: 'Femke Oudeweg',
    belang: 'Strafrecht waar nodig, niet als eerste middel',
    roleText: 'Snelle afdoening, advies driehoek',
    commitmentNote: 'Op afroep',
  },
  {
    code: 'WON',
    name: 'Woonstichting Rivierstede',
    type: 'woningcorporatie',
    email: 'woningcorporatie@rivierstede.example',
    person: 'Noor Hazelaar',
    belang: 'Woongenot huurders, waarde complex Hovenlaan',
    roleText: 'Onderhoud portiekflats',
    commitmentNote: 'Budget na MT-besluit renovatie',
  },
  {
    code: 'WIN',
    name: 'Winkeliersvereniging De Hoven',
    type: 'ondernemers',
    email: 'winkeliers@rivierstede.example',
    person: 'Gerrit Plasmeijer',
    belang: "Klanten welkom, ook 's avonds",
    roleText: 'Melden, aangifte, eigen beveiliging',
    commitmentNote: 'Bijdragen via ledenvergadering',
  },
  {
    code: 'BEW',
    name: 'Bewonersvereniging Oosterhaven',
    type: 'bewoners',
    email: 'bewoners@rivierstede.example',
    person: 'Anneke Dorrestijn',
    belang: 'Rust na 22.00 uur, schone straat',
    roleText: 'Signalen, opschoonacties',
    commitmentNote: 'Met vrijwilligers',
  },
  {
    code: 'JZ',
    name: 'Jeugdzorg Rivierland',
    type: 'jeugdzorg',
    email: 'jeugdzorg@rivierstede.example',
    person: 'Daan Meulenbelt',
    belang: 'Jongeren niet criminaliseren',
    roleText: 'Contact met jongeren en ouders',
    commitmentNote: 'Ca. 5 uur per week',
  },
]

export const DEMO_CASE = {
  title: 'Verloedering en overlast winkelcentrum De Hoven',
  gemeente: 'Rivierstede',
  area: 'Winkelcentrum De Hoven en omgeving (Hovenplein, parkeergarage, laad- en losstraat, portiekflats Hovenlaan), wijk Oosterhaven',
  theme: 'verloedering' as const,
  problemType: 'complex' as const,
  bestuurder: 'Burgemeester',
  context:
    'Winkelcentrum De Hoven (32 winkels en een parkeergarage) is het wijkwinkelcentrum van Oosterhaven (ca. 9.500 inwoners). Centrum en portiekflats zijn ruim veertig jaar oud; renovatie is uitgesteld. Klachten over vervuiling, verval en groepen jongeren nemen al twee jaar toe.',
  aanleiding:
    'Brandbrief van de winkeliersvereniging aan de burgemeester, een drukbezochte bewonersavond en bespreking in de driehoek. De burgemeester vraagt om één gezamenlijke aanpak.',
}

const DAY = 86_400_000

/** Empty = no organisations and no accounts yet: a first start. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [o] = await db.select({ n: count() }).from(organisations)
  const [u] = await db.select({ n: count() }).from(users)
  return (o?.n ?? 0) === 0 && (u?.n ?? 0) === 0
}

/**
 * Creates the demo organisations, one account each, the De Hoven case filled up to step 6 and the
 * closed earlier case, in one transaction. The cases are built through the commands the API uses,
 * as the demo person who would act (ADR 017); dates are relative to `now` (the seeding day).
 */
export async function seedDemo(db: Db, opts: { password: string; config: Config; now?: Date }) {
  const passwordHash = await hashPassword(opts.password)
  const now = opts.now ?? new Date()
  const T = (days: number) => new Date(now.getTime() + days * DAY)
  const clock: Clock = {
    T,
    D: (days) => dateOf(T(days)),
    yearsAgo(years) {
      const d = new Date(now)
      d.setUTCFullYear(d.getUTCFullYear() - years)
      return dateOf(d)
    },
  }
  // The commands stamp the real now; everything from a day before it on is theirs to move (backdate.ts).
  const fresh = new Date(Math.min(now.getTime(), Date.now()) - DAY)
  return inTransaction(db, async (tx) => {
    const orgs = await tx
      .insert(organisations)
      // Every demo account is @rivierstede.example (DEMO.md): that domain lets a demo invitation of a
      // new colleague make an active account, as a real organisation's own domain would.
      .values(DEMO_ORGANISATIONS.map((o) => ({ name: o.name, type: o.type, emailDomains: [o.email.split('@')[1]!] })))
      .returning({ id: organisations.id, name: organisations.name })
    const orgId = (name: string) => orgs.find((o) => o.name === name)!.id
    const people = await tx
      .insert(users)
      .values(
        DEMO_ORGANISATIONS.map((o) => ({
          email: o.email,
          name: o.person,
          organisationId: orgId(o.name),
          passwordHash,
          locale: 'nl' as const,
        })),
      )
      .returning({ id: users.id, email: users.email })
    const accounts: SeedAccount[] = DEMO_ORGANISATIONS.map((o) => ({
      code: o.code,
      email: o.email,
      name: o.person,
      organisation: o.name,
      userId: people.find((p) => p.email === o.email)!.id,
      organisationId: orgId(o.name),
    }))
    const ctx = { config: opts.config, fresh }
    const caseId = await deHoven(accounts, clock).run(tx, ctx)
    const closedCaseId = await closedCase(accounts, clock).run(tx, ctx)
    // Nobody opened the demo cases in a browser: a member was last there when they last wrote
    // something in the case. In De Hoven that leaves the partners who only marked their step-5
    // contribution done weeks ago as "stil" on the projectleider's follow-up list.
    await tx.execute(sql`
      update case_members m set last_seen_at = (
        select max(e.created_at) from case_events e where e.case_id = m.case_id and e.actor_user_id = m.user_id
      )
      where m.case_id in (${caseId}, ${closedCaseId}) and m.removed_at is null`)
    // The demo's invitations were sent in its past: they count against nobody's limits today.
    const subjects = [...accounts.map((a) => a.userId), caseId, closedCaseId]
    await tx.delete(rateCounters).where(
      or(
        inArray(
          rateCounters.key,
          subjects.map((id) => `invitations.user:${id}`),
        ),
        inArray(
          rateCounters.key,
          subjects.map((id) => `invitations.case:${id}`),
        ),
      ),
    )
    return { accounts, caseId, closedCaseId }
  })
}

/** De Hoven: opened at T-200, the project group, a pending invitation, and steps 1–6. */
function deHoven(accounts: SeedAccount[], clock: Clock) {
  const { T } = clock
  const s = new CaseSeed(accounts, 'GEM')
  s.createCase(T(-200), DEMO_CASE)
  for (const [i, o] of DEMO_ORGANISATIONS.entries()) {
    s.member(o.code, o.code === 'GEM' ? 'projectleider' : 'partner', o.code === 'GEM' ? T(-200) : T(-198 + i * 0.1), {
      belang: o.belang,
      roleText: o.roleText,
      commitmentNote: o.commitmentNote,
    })
  }
  // A pending invitation: the mayor's staff, to follow the case as waarnemer. Nobody knows its link;
  // the projectleider sends it again to get one.
  s.invitation(T(-2), {
    email: 'kabinet@rivierstede.example',
    organisation: 'GEM',
    role: 'waarnemer',
    message: 'Ter informatie voor het bestuurlijk overleg.',
  })
  fillDeHoven(s, clock)
  return s
}

/** The earlier case on the same theme, closed by its evaluation at T-730 (DEMO.md section 3). */
function closedCase(accounts: SeedAccount[], clock: Clock) {
  const { T } = clock
  const s = new CaseSeed(accounts, 'GEM')
  s.createCase(T(-1100), CLOSED_CASE)
  for (const [i, code] of CLOSED_CASE_MEMBERS.entries()) {
    s.member(code, code === 'GEM' ? 'projectleider' : 'partner', code === 'GEM' ? T(-1100) : T(-1099 + i * 0.1), {
      belang: null,
      roleText: null,
      commitmentNote: null,
    })
  }
  fillOosterhavenNoord(s, clock)
  return s
}
