import type { OrganisationRef, PickableOrganisation, ProposeOrganisationBody } from '@vp/shared'
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../config.ts'
import type { Db, DbOrTx } from '../db/client.ts'
import { organisations } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { appendEvent, eventActor, lockCase } from '../events/append.ts'
import { isUniqueViolation } from '../http/error-handler.ts'
import { AppError, badRequest } from '../http/errors.ts'
import { takeHit } from '../limits/counters.ts'
import { findMembership } from '../policy/actor.ts'
import type { Member } from '../policy/policy.ts'

const targets = alias(organisations, 'merge_targets')

/**
 * An organisation may be picked for an invitation in `caseId` when it is confirmed, or when it
 * was proposed in that very case and is not merged. A proposal of another case is unknown here:
 * naming it must not tell anyone that the other case exists.
 */
export const usableInCase = (caseId: string | null) =>
  and(
    isNull(organisations.mergedIntoId),
    caseId
      ? or(eq(organisations.confirmed, true), eq(organisations.proposedInCaseId, caseId))
      : eq(organisations.confirmed, true),
  )

/**
 * Organisations to pick from when inviting: every confirmed one, plus, with `caseId`, the ones
 * proposed in that case when the caller is a member of it. A caller outside the case gets the
 * same list as without `caseId`: the answer says nothing about whether that case exists.
 */
export async function listPickableOrganisations(
  db: Db,
  userId: string,
  caseId: string | undefined,
): Promise<{ items: PickableOrganisation[] }> {
  const inCase = caseId && (await findMembership(db, caseId, userId)) ? caseId : null
  const rows = await db
    .select({
      id: organisations.id,
      name: organisations.name,
      type: organisations.type,
      confirmed: organisations.confirmed,
    })
    .from(organisations)
    .where(usableInCase(inCase))
    .orderBy(asc(sql`lower(${organisations.name})`))
  return { items: rows }
}

/**
 * Refuses a name an organisation already has (case-insensitive, the unique index): 409 naming
 * `body.name`, with the organisation to pick instead. For a merged proposal that is its merge target.
 */
export async function assertOrganisationNameFree(db: DbOrTx, name: string, caseId: string | null) {
  const [clash] = await db
    .select({ org: organisations, target: targets })
    .from(organisations)
    .leftJoin(targets, eq(targets.id, organisations.mergedIntoId))
    .where(sql`lower(${organisations.name}) = lower(${name})`)
  if (!clash) return
  const pick = clash.target ?? clash.org
  // Another case's proposal is not revealed: its name is taken, but nothing more is said.
  const visible = pick.confirmed || (caseId !== null && pick.proposedInCaseId === caseId && !pick.mergedIntoId)
  const existing: OrganisationRef | undefined = visible ? { id: pick.id, name: pick.name, type: pick.type } : undefined
  throw new AppError(
    409,
    'conflict',
    existing
      ? `Er is al een organisatie met deze naam: kies ${existing.name} in de lijst`
      : 'Deze naam is al in gebruik; kies een andere naam',
    [{ path: 'body.name', message: existing ? `Bestaat al: ${existing.name}` : 'Al in gebruik' }],
    existing ? { existing } : undefined,
  )
}

/**
 * A projectleider adds an organisation that is not listed yet while inviting. It is usable at
 * once for invitations in this case only, and waits as "nieuw, nog niet bevestigd" for an
 * administrator. It has no e-mail domains, so accounts made in it wait for approval. Counted
 * per person per day (429), so nobody can flood the instance with organisations.
 */
export async function proposeOrganisation(
  db: Db,
  config: Config,
  actor: Member,
  caseId: string,
  body: ProposeOrganisationBody,
  log?: FastifyBaseLogger,
): Promise<PickableOrganisation> {
  return inTransaction(db, async (tx) => {
    await lockCase(tx, caseId)
    await assertOrganisationNameFree(tx, body.name, caseId)
    await takeHit(
      tx,
      { name: 'organisations.propose', max: config.ORGANISATION_PROPOSALS_PER_USER_PER_DAY, windowSeconds: 24 * 3600 },
      actor.user.id,
      log,
    )
    const [row] = await tx
      .insert(organisations)
      .values({
        name: body.name,
        type: body.type,
        confirmed: false,
        proposedByUserId: actor.user.id,
        proposedInCaseId: caseId,
      })
      .returning()
      .catch((err: unknown) => {
        // Two proposals of one name in different cases at once: the unique index decides, the loser gets 409.
        if (isUniqueViolation(err)) {
          throw new AppError(409, 'conflict', 'Deze naam is al in gebruik; kies een andere naam', [
            { path: 'body.name', message: 'Al in gebruik' },
          ])
        }
        throw err
      })
    const org = row!
    await appendEvent(tx, {
      caseId,
      type: 'organisation.proposed',
      actor: eventActor(actor.user, actor.membership.organisationId),
      entityType: 'organisation',
      entityId: org.id,
      step: 1,
      payload: { organisationId: org.id, name: org.name, type: org.type },
    })
    return { id: org.id, name: org.name, type: org.type, confirmed: false }
  })
}

/** 400 naming `body.organisationId` unless the organisation may be picked in this case. */
export async function assertUsableInCase(db: DbOrTx, organisationId: string, caseId: string) {
  const [org] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.id, organisationId), usableInCase(caseId)))
  if (!org) throw badRequest('Onbekende organisatie', [{ path: 'body.organisationId', message: 'Bestaat niet' }])
}
