import { createHash, randomBytes } from 'node:crypto'
import type { OrganisationType } from '@vp/shared'
import { count } from 'drizzle-orm'
import { hashPassword } from '../auth/passwords.ts'
import type { Db, Tx } from '../db/client.ts'
import { cases, invitations, organisations, outbox, users } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { type Clock, fillDeHoven } from './de-hoven.ts'
import { CLOSED_CASE, CLOSED_CASE_MEMBERS, fillOosterhavenNoord } from './oosterhaven-noord.ts'
import { CaseSeed, dateOf, type SeedAccount } from './writer.ts'

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
 * closed earlier case, in one transaction. Dates are relative to `now` (the seeding day).
 */
export async function seedDemo(db: Db, opts: { password: string; now?: Date }) {
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
    const caseId = await seedDeHoven(tx, accounts, clock)
    const closedCaseId = await seedClosedCase(tx, accounts, clock)
    return { accounts, caseId, closedCaseId }
  })
}

async function seedDeHoven(tx: Tx, accounts: SeedAccount[], clock: Clock) {
  const { T } = clock
  const gem = accounts.find((a) => a.code === 'GEM')!
  const [theCase] = await tx
    .insert(cases)
    .values({ ...DEMO_CASE, createdByUserId: gem.userId, createdAt: T(-200), updatedAt: T(-200) })
    .returning({ id: cases.id })
  const caseId = theCase!.id
  const s = new CaseSeed(caseId, accounts, 'GEM')
  s.event({
    by: 'GEM',
    type: 'case.created',
    entityType: 'case',
    entityId: caseId,
    step: 1,
    payload: { ...DEMO_CASE },
    at: T(-200),
  })
  for (const [i, o] of DEMO_ORGANISATIONS.entries()) {
    s.member(o.code, o.code === 'GEM' ? 'projectleider' : 'partner', o.code === 'GEM' ? T(-200) : T(-198 + i * 0.1), {
      belang: o.belang,
      roleText: o.roleText,
      commitmentNote: o.commitmentNote,
    })
  }
  // A pending invitation: the mayor's staff, to follow the case as waarnemer. Nobody knows its link;
  // the projectleider sends it again to get one.
  const invitationId = crypto.randomUUID()
  await tx.insert(invitations).values({
    id: invitationId,
    caseId,
    email: 'kabinet@rivierstede.example',
    organisationId: gem.organisationId,
    role: 'waarnemer',
    message: 'Ter informatie voor het bestuurlijk overleg.',
    tokenHash: createHash('sha256').update(randomBytes(32)).digest('base64url'),
    expiresAt: T(12),
    invitedByUserId: gem.userId,
    createdAt: T(-2),
    updatedAt: T(-2),
  })
  await tx.insert(outbox).values({
    caseId,
    invitationId,
    toEmail: 'kabinet@rivierstede.example',
    subject: `Uitnodiging: ${DEMO_CASE.title}`,
    body: `${gem.name} nodigt u uit om als waarnemer mee te kijken in het dossier "${DEMO_CASE.title}".`,
    status: 'not_sent',
    createdAt: T(-2),
  })
  s.event({
    by: 'GEM',
    type: 'invitation.created',
    entityType: 'invitation',
    entityId: invitationId,
    step: 1,
    payload: { email: 'kabinet@rivierstede.example', organisationId: gem.organisationId, role: 'waarnemer' },
    at: T(-2),
  })
  fillDeHoven(s, clock)
  await s.flush(tx)
  return caseId
}

/** The earlier case on the same theme, closed by its evaluation at T-730 (DEMO.md section 3). */
async function seedClosedCase(tx: Tx, accounts: SeedAccount[], clock: Clock) {
  const { T } = clock
  const gem = accounts.find((a) => a.code === 'GEM')!
  const [theCase] = await tx
    .insert(cases)
    .values({
      ...CLOSED_CASE,
      status: 'closed',
      closedAt: T(-730),
      version: 2,
      createdByUserId: gem.userId,
      createdAt: T(-1100),
      updatedAt: T(-730),
    })
    .returning({ id: cases.id })
  const caseId = theCase!.id
  const s = new CaseSeed(caseId, accounts, 'GEM')
  s.event({
    by: 'GEM',
    type: 'case.created',
    entityType: 'case',
    entityId: caseId,
    step: 1,
    payload: { ...CLOSED_CASE },
    at: T(-1100),
  })
  for (const [i, code] of CLOSED_CASE_MEMBERS.entries()) {
    s.member(code, code === 'GEM' ? 'projectleider' : 'partner', code === 'GEM' ? T(-1100) : T(-1099 + i * 0.1), {
      belang: null,
      roleText: null,
      commitmentNote: null,
    })
  }
  fillOosterhavenNoord(s, clock)
  await s.flush(tx)
  return caseId
}
