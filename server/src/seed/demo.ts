import { createHash, randomBytes } from 'node:crypto'
import type { OrganisationType } from '@vp/shared'
import { count } from 'drizzle-orm'
import { hashPassword } from '../auth/passwords.ts'
import type { Db, Tx } from '../db/client.ts'
import { caseMembers, caseOrganisations, cases, invitations, organisations, outbox, users } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent } from '../events/append.ts'

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

/** Creates the demo organisations, one account each, and the De Hoven case, in one transaction. */
export async function seedDemo(db: Db, opts: { password: string; now?: Date }) {
  const passwordHash = await hashPassword(opts.password)
  const now = opts.now ?? new Date()
  const T = (days: number) => new Date(now.getTime() + days * DAY)
  return inTransaction(db, async (tx) => {
    const accounts: {
      code: string
      email: string
      name: string
      organisation: string
      userId: string
      organisationId: string
    }[] = []
    for (const o of DEMO_ORGANISATIONS) {
      const [org] = await tx
        .insert(organisations)
        .values({ name: o.name, type: o.type })
        .returning({ id: organisations.id })
      const [user] = await tx
        .insert(users)
        .values({ email: o.email, name: o.person, organisationId: org!.id, passwordHash, locale: 'nl' })
        .returning({ id: users.id })
      accounts.push({
        code: o.code,
        email: o.email,
        name: o.person,
        organisation: o.name,
        userId: user!.id,
        organisationId: org!.id,
      })
    }
    const caseId = await seedDeHoven(tx, accounts, T)
    return { accounts, caseId }
  })
}

async function seedDeHoven(
  tx: Tx,
  accounts: { code: string; userId: string; organisationId: string; name: string }[],
  T: (days: number) => Date,
) {
  const gem = accounts.find((a) => a.code === 'GEM')!
  const [theCase] = await tx
    .insert(cases)
    .values({ ...DEMO_CASE, createdByUserId: gem.userId, createdAt: T(-200), updatedAt: T(-200) })
    .returning({ id: cases.id })
  const caseId = theCase!.id
  const by = (a: (typeof accounts)[number]) => ({ userId: a.userId, organisationId: a.organisationId })
  await appendEvent(tx, {
    caseId,
    type: 'case.created',
    actor: by(gem),
    entityType: 'case',
    entityId: caseId,
    step: 1,
    payload: { ...DEMO_CASE },
    at: T(-200),
  })
  for (const [i, a] of accounts.entries()) {
    const o = DEMO_ORGANISATIONS.find((d) => d.code === a.code)!
    const joined = a.code === 'GEM' ? T(-200) : T(-198 + i * 0.1)
    await tx.insert(caseOrganisations).values({
      caseId,
      organisationId: a.organisationId,
      belang: o.belang,
      roleText: o.roleText,
      commitment: 'agreed',
      commitmentNote: o.commitmentNote,
      createdAt: joined,
      updatedAt: joined,
    })
    const role = a.code === 'GEM' ? 'projectleider' : 'partner'
    const [member] = await tx
      .insert(caseMembers)
      .values({
        caseId,
        userId: a.userId,
        organisationId: a.organisationId,
        role,
        createdAt: joined,
        updatedAt: joined,
      })
      .returning({ id: caseMembers.id })
    await appendEvent(tx, {
      caseId,
      type: 'member.added',
      actor: by(a),
      entityType: 'member',
      entityId: member!.id,
      step: 1,
      payload: { userId: a.userId, name: a.name, organisationId: a.organisationId, role },
      at: joined,
    })
    await appendEvent(tx, {
      caseId,
      type: 'member.updated',
      actor: by(a),
      entityType: 'member',
      entityId: member!.id,
      step: 1,
      payload: { belang: o.belang, roleText: o.roleText, commitment: 'agreed', commitmentNote: o.commitmentNote },
      at: new Date(joined.getTime() + 3_600_000),
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
  await appendEvent(tx, {
    caseId,
    type: 'invitation.created',
    actor: by(gem),
    entityType: 'invitation',
    entityId: invitationId,
    step: 1,
    payload: { email: 'kabinet@rivierstede.example', organisationId: gem.organisationId, role: 'waarnemer' },
    at: T(-2),
  })
  return caseId
}
