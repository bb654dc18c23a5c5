import { and, eq, isNull } from 'drizzle-orm'
import type { FastifyRequest } from 'fastify'
import type { DbOrTx } from '../db/client.ts'
import { caseMembers } from '../db/schema.ts'
import { type LoadedDocumentFacts, loadDocumentFacts } from '../documents/facts.ts'
import { AppError, notFound } from '../http/errors.ts'
import { type LoadedItem, unsafeFindItem } from '../items/load.ts'
import { factsOf } from '../items/present.ts'
import { caseActorOf, caseStatusOf } from './actor.ts'
import {
  type Action,
  authorize,
  authorizeDocument,
  authorizeItem,
  type CaseAction,
  can,
  type ItemFacts,
  type Member,
} from './policy.ts'

/**
 * A route's policy, declared once in its config and enforced from that declaration before the
 * handler runs (ADR 014): a route cannot carry one label and check another.
 * `placeholder`: for `item.read`, a member outside the item's audience is not refused but gets
 * the placeholder (the handler presents it); everyone else outside the case still gets 404.
 */
export interface RoutePolicy {
  action: Action
  placeholder?: boolean
  /** For `item.read`: a deleted item's history stays readable. */
  deletedToo?: boolean
}

/** What the guard proved and loaded, for the handler. */
export interface Guarded {
  actor: Member
  /** The item of an `/items/:itemId` route, loaded once for the check and the handler. */
  item: LoadedItem | null
  /** The document of a `/documents/:documentId` route: its facts as they are now. */
  document: (LoadedDocumentFacts & { id: string }) | null
  /** For a `placeholder` route: whether the caller may read the item's (or document's) content. */
  readable: boolean
}

declare module 'fastify' {
  interface FastifyRequest {
    guarded?: Guarded
  }
}

type ItemAction = Extract<
  CaseAction,
  'item.read' | 'item.update' | 'item.delete' | 'item.comment' | 'item.rate' | 'item.position' | 'item.commit'
>
const ITEM_ACTIONS = new Set<string>([
  'item.read',
  'item.update',
  'item.delete',
  'item.comment',
  'item.rate',
  'item.position',
  'item.commit',
])
const isItemAction = (a: Action): a is ItemAction => ITEM_ACTIONS.has(a)

type DocumentAction = Extract<
  CaseAction,
  'document.read' | 'document.update' | 'document.delete' | 'document.addVersion' | 'document.acknowledge'
>
const DOCUMENT_ACTIONS = new Set<string>([
  'document.read',
  'document.update',
  'document.delete',
  'document.addVersion',
  'document.acknowledge',
])
const isDocumentAction = (a: Action): a is DocumentAction => DOCUMENT_ACTIONS.has(a)

/** The seat a member route is about, as the rule for `member.update` needs it. */
async function seatFacts(db: DbOrTx, caseId: string, memberId: string, body: unknown) {
  const [seat] = await db
    .select({ organisationId: caseMembers.organisationId })
    .from(caseMembers)
    .where(and(eq(caseMembers.id, memberId), eq(caseMembers.caseId, caseId), isNull(caseMembers.removedAt)))
  if (!seat) throw notFound('Lid niet gevonden')
  const fields = Object.entries((body ?? {}) as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k)
  return { organisationId: seat.organisationId, fields }
}

/**
 * The preHandler that enforces a case route's declared action: loads the caller's seat and the
 * facts the rule needs (the item, the seat, the kind to create), asks the policy module, and
 * hands what it proved to the handler. Runs after validation, so the facts come from a valid body.
 */
export function enforceCasePolicy(db: DbOrTx, policy: RoutePolicy) {
  const { action } = policy
  return async (req: FastifyRequest) => {
    const params = req.params as { caseId: string; itemId?: string; memberId?: string; documentId?: string }
    const actor = await caseActorOf(req, db, params.caseId)
    let item: LoadedItem | null = null
    let document: Guarded['document'] = null
    let readable = true
    if (isItemAction(action)) {
      authorize(actor, 'case.read', null)
      item = await unsafeFindItem(db, params.caseId, params.itemId ?? '', {
        includeDeleted: policy.deletedToo === true && action === 'item.read',
      })
      const facts: ItemFacts = factsOf(item)
      if (policy.placeholder && action === 'item.read') readable = can(actor, 'item.read', facts)
      else authorizeItem(actor, action, facts)
    } else if (isDocumentAction(action)) {
      authorize(actor, 'case.read', null)
      const id = params.documentId ?? ''
      const found = (await loadDocumentFacts(db, params.caseId, [id])).get(id)
      // A deleted document, or one whose item was deleted, is gone for everyone.
      if (!found || found.deleted || found.itemDeleted) throw notFound('Document niet gevonden')
      document = { ...found, id }
      if (policy.placeholder && action === 'document.read') readable = can(actor, 'document.read', found.facts)
      else authorizeDocument(actor, action, found.facts)
    } else if (action === 'item.create') {
      authorize(actor, action, { kind: (req.body as { kind: ItemFacts['kind'] }).kind })
    } else if (action === 'member.update') {
      authorize(actor, 'case.read', null)
      authorize(actor, action, await seatFacts(db, params.caseId, params.memberId ?? '', req.body))
    } else {
      authorize(
        actor,
        action as Exclude<CaseAction, ItemAction | DocumentAction | 'item.create' | 'member.update' | 'event.read'>,
        null,
      )
    }
    // Every branch above ends in an authorize that proves the seat.
    req.guarded = { actor: actor as Member, item, document, readable }
    if (req.method !== 'GET' && req.method !== 'HEAD' && !isReopen(req)) assertCaseActive(req, params.caseId)
  }
}

/** Reopening is the one change a closed case takes: `PATCH /cases/:caseId {status: 'active'}`. */
function isReopen(req: FastifyRequest) {
  return (
    req.method === 'PATCH' &&
    req.routeOptions.url === '/api/cases/:caseId' &&
    (req.body as { status?: string } | undefined)?.status === 'active'
  )
}

/**
 * A closed case is read-only for everyone until the projectleider reopens it: members, seats,
 * invitations, handover, done marks, steps and items alike (409 naming the state). Checked after
 * authorization, so an outsider still learns nothing. The item and step services check again
 * under the case lock, for a close that lands between this check and their write.
 */
function assertCaseActive(req: FastifyRequest, caseId: string) {
  if (caseStatusOf(req, caseId) === 'closed')
    throw new AppError(409, 'case_closed', 'Het dossier is gesloten; de projectleider kan het heropenen')
}

/** What the route's guard proved; a route without one is a programming error, not a 500 to hide. */
export function guarded(req: FastifyRequest): Guarded {
  if (!req.guarded) throw new Error(`${req.routeOptions.method} ${req.routeOptions.url} has no policy guard`)
  return req.guarded
}

/** The guarded item of an `/items/:itemId` route. */
export function guardedItem(req: FastifyRequest): { actor: Member; item: LoadedItem; readable: boolean } {
  const g = guarded(req)
  if (!g.item) throw new Error(`${req.routeOptions.url} guards no item`)
  return { actor: g.actor, item: g.item, readable: g.readable }
}

/** The guarded document of a `/documents/:documentId` route. */
export function guardedDocument(req: FastifyRequest): {
  actor: Member
  document: NonNullable<Guarded['document']>
  readable: boolean
} {
  const g = guarded(req)
  if (!g.document) throw new Error(`${req.routeOptions.url} guards no document`)
  return { actor: g.actor, document: g.document, readable: g.readable }
}
