import type { OrganisationType } from '@vp/shared'
import { count } from 'drizzle-orm'
import { hashPassword } from '../auth/passwords.ts'
import type { Db } from '../db/client.ts'
import { organisations, users } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'

/** The fictional partnership of gemeente Rivierstede (shared/docs/DEMO.md). */
export const DEMO_ORGANISATIONS: {
  code: string
  name: string
  type: OrganisationType
  email: string
  person: string
}[] = [
  {
    code: 'GEM',
    name: 'Gemeente Rivierstede',
    type: 'gemeente',
    email: 'gemeente@rivierstede.example',
    person: 'Iris Brinkhorst',
  },
  {
    code: 'POL',
    name: 'Politie, Basisteam Rivierstede-Oost',
    type: 'politie',
    email: 'politie@rivierstede.example',
    person: 'Ruud Kalkman',
  },
  {
    code: 'OM',
    name: 'Openbaar Ministerie, Arrondissementsparket Midden',
    type: 'om',
    email: 'om@rivierstede.example',
    person: 'Femke Oudeweg',
  },
  {
    code: 'WON',
    name: 'Woonstichting Rivierstede',
    type: 'woningcorporatie',
    email: 'woningcorporatie@rivierstede.example',
    person: 'Noor Hazelaar',
  },
  {
    code: 'WIN',
    name: 'Winkeliersvereniging De Hoven',
    type: 'ondernemers',
    email: 'winkeliers@rivierstede.example',
    person: 'Gerrit Plasmeijer',
  },
  {
    code: 'BEW',
    name: 'Bewonersvereniging Oosterhaven',
    type: 'bewoners',
    email: 'bewoners@rivierstede.example',
    person: 'Anneke Dorrestijn',
  },
  {
    code: 'JZ',
    name: 'Jeugdzorg Rivierland',
    type: 'jeugdzorg',
    email: 'jeugdzorg@rivierstede.example',
    person: 'Daan Meulenbelt',
  },
]

/** Empty = no organisations and no accounts yet: a first start. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [o] = await db.select({ n: count() }).from(organisations)
  const [u] = await db.select({ n: count() }).from(users)
  return (o?.n ?? 0) === 0 && (u?.n ?? 0) === 0
}

/** Creates the demo organisations with one account each, in one transaction. */
export async function seedDemo(db: Db, opts: { password: string }) {
  const passwordHash = await hashPassword(opts.password)
  return inTransaction(db, async (tx) => {
    const accounts: { email: string; name: string; organisation: string; userId: string; organisationId: string }[] = []
    for (const o of DEMO_ORGANISATIONS) {
      const [org] = await tx
        .insert(organisations)
        .values({ name: o.name, type: o.type })
        .returning({ id: organisations.id })
      const [user] = await tx
        .insert(users)
        .values({ email: o.email, name: o.person, organisationId: org!.id, passwordHash, locale: 'nl' })
        .returning({ id: users.id })
      accounts.push({ email: o.email, name: o.person, organisation: o.name, userId: user!.id, organisationId: org!.id })
    }
    return { accounts }
  })
}
