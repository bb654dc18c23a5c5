import {
  AcceptInvitationBodySchema,
  type CaseRole,
  CommitmentBodySchema,
  type CreateCaseBody,
  CreateCaseBodySchema,
  CreateCommentBodySchema,
  CreateInvitationBodySchema,
  CreateItemBodySchema,
  DoneBodySchema,
  type Position,
  PositionBodySchema,
  RatingBodySchema,
  type StepNumber,
  UpdateItemBodySchema,
  UpdateMemberBodySchema,
  UpdateStepBodySchema,
} from '@vp/shared'
import { and, eq, isNull } from 'drizzle-orm'
import type { SessionUser } from '../auth/sessions.ts'
import { loadSessionUser } from '../auth/sessions.ts'
import { createCase } from '../cases/service.ts'
import type { Config } from '../config.ts'
import type { Tx } from '../db/client.ts'
import { caseMembers } from '../db/schema.ts'
import { appendingAt } from '../events/append.ts'
import { acceptInvitation } from '../invitations/accept.ts'
import { createInvitation } from '../invitations/service.ts'
import { addComment } from '../items/comments.ts'
import { createItem } from '../items/create.ts'
import type { LoadedItem } from '../items/load.ts'
import { commitToAction, rateItem, takePosition } from '../items/reactions.ts'
import { updateItem } from '../items/update.ts'
import type { Mailer } from '../mail/mailer.ts'
import { updateMember } from '../members/service.ts'
import { findMembership } from '../policy/actor.ts'
import { type Actor, authorize, type Member } from '../policy/policy.ts'
import { changeStep, findStep, markDone } from '../steps/service.ts'
import { backdate } from './backdate.ts'

/** A demo account: one person of one organisation, known by the organisation's code (GEM, POL, …). */
export interface SeedAccount {
  code: string
  email: string
  name: string
  organisation: string
  userId: string
  organisationId: string
}

/** Moments relative to the seeding day: `T(-30)` is 30 days ago, `D(-30)` its date. */
export interface Clock {
  T(days: number): Date
  D(days: number): string
  /** The date that many years before the seeding day. */
  yearsAgo(years: number): string
}

/** The calendar date (UTC) of a moment, as date columns and the API write it. */
export const dateOf = (d: Date) => d.toISOString().slice(0, 10)

/** An item made by a command of the timeline; its id is known once that command has run. */
export interface Ref {
  readonly label: string
  id: string | null
}

/** What a command needs besides the database: links in invitations are built from the config. */
export interface SeedContext {
  config: Config
  /** Moments from here on are the commands' own "now"; demo moments lie before it (see backdate.ts). */
  fresh: Date
}

// The demo's invitations go to the case outbox only: example addresses never reach a mail server.
const NO_MAIL: Mailer = { enabled: false, send: async () => {}, close: () => {} }

const HOUR = 3_600_000

/**
 * The seed's transaction as the commands' database: a command's own transaction joins it instead
 * of opening a savepoint. The seed is one unit (a refused command stops all of it), so a savepoint
 * per command would only cost statements, and a fresh handle per command would rebuild the
 * statements the services prepare once per handle (ADR 013).
 */
function joined(tx: Tx): Tx {
  return new Proxy(tx, {
    get(target, prop) {
      if (prop === 'transaction') return <T>(fn: (t: Tx) => Promise<T>) => fn(target)
      const value = Reflect.get(target, prop, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

interface Command {
  at: Date
  label: string
  run(tx: Tx): Promise<void>
}

/**
 * One demo case as a timeline of commands. Each method schedules what a demo person does at a
 * moment, with a body the shared zod schema parses, and `run` performs them in time order through
 * the same service functions the routes call, as that person (ADR 017). Invalid demo data fails
 * there as it would in the API. Items are returned as refs: later commands name them, and a ref
 * to an item the timeline makes later is an error.
 */
export class CaseTimeline {
  private readonly commands: Command[] = []
  private readonly users = new Map<string, SessionUser>()
  private readonly members = new Map<string, Member>()
  /** Items as the demo people hold them after the service's last answer, by ref. */
  private readonly seen = new Map<Ref, { item: LoadedItem; reactions: Map<string, number> }>()
  /** Each organisation's "bijdrage klaar" mark version, by step and code, from markDone's answers. */
  private readonly marks = new Map<string, number>()
  private id: string | null = null
  private context: SeedContext | null = null

  constructor(
    private readonly accounts: SeedAccount[],
    /** The projectleider's code: who opens the case, invites, and directs the steps. */
    private readonly lead: string,
  ) {}

  get caseId(): string {
    if (!this.id) throw new Error('the demo case has not been created yet')
    return this.id
  }

  account(code: string): SeedAccount {
    const a = this.accounts.find((x) => x.code === code)
    if (!a) throw new Error(`no demo account ${code}`)
    return a
  }

  org(code: string) {
    return this.account(code).organisationId
  }

  private schedule(at: Date, label: string, run: (tx: Tx) => Promise<void>) {
    this.commands.push({ at, label, run })
  }

  /** The demo person as the routes would see them: their session user and their seat in this case. */
  private async actor(tx: Tx, code: string): Promise<Member> {
    // Seats only begin in the demo (nobody leaves), so a seat once found stays valid.
    const known = this.members.get(code)
    if (known) return known
    const user = this.users.get(code)
    if (!user) throw new Error(`no demo account ${code}`)
    const actor: Actor = { user, membership: await findMembership(tx, this.caseId, user.id) }
    authorize(actor, 'case.read', null)
    this.members.set(code, actor)
    return actor
  }

  protected idOf(ref: Ref): string {
    if (!ref.id) throw new Error(`"${ref.label}" does not exist yet at this moment of the demo`)
    return ref.id
  }

  protected idsOf(refs: Ref[]) {
    return refs.map((r) => this.idOf(r))
  }

  /** Performs every command in time order (commands at one moment in the order they were given). */
  async run(seedTx: Tx, ctx: SeedContext): Promise<string> {
    const tx = joined(seedTx)
    this.context = ctx
    for (const a of this.accounts) this.users.set(a.code, await loadSessionUser(tx, a.userId))
    const ordered = [...this.commands].sort((a, b) => a.at.getTime() - b.at.getTime())
    for (const c of ordered) {
      try {
        const ranAt = new Date()
        await appendingAt(c.at, () => c.run(tx))
        await backdate(tx, c.at, { fresh: ctx.fresh, ranAt })
      } catch (err) {
        const details = (err as { fields?: unknown }).fields
        throw new Error(
          `demo data refused: ${c.label} at ${c.at.toISOString()}: ${(err as Error).message}${details ? ` ${JSON.stringify(details)}` : ''}`,
          { cause: err },
        )
      }
    }
    return this.caseId
  }

  // ── The case and its project group ──────────────────────────────────────────────────

  /** The projectleider opens the case: step 1 opens, and they hold the first seat. */
  createCase(at: Date, body: CreateCaseBody) {
    this.schedule(at, 'case', async (tx) => {
      const user = this.users.get(this.lead)!
      authorize({ user, membership: null }, 'case.create', null)
      this.id = await createCase(tx, user, CreateCaseBodySchema.parse(body))
    })
  }

  /** The projectleider invites someone; returns the link the demo throws away. */
  private async invite(tx: Tx, body: unknown) {
    const ctx = this.context
    if (!ctx) throw new Error('invitations need the seed context')
    const actor = await this.actor(tx, this.lead)
    authorize(actor, 'invitation.manage', null)
    const parsed = CreateInvitationBodySchema.parse(body)
    const { link } = await createInvitation(tx, ctx.config, NO_MAIL, actor, this.caseId, parsed)
    if (!link) throw new Error('an invitation without mail returns its link')
    return link
  }

  /** An invitation nobody has answered yet. */
  invitation(
    at: Date,
    body: { email: string; organisation: string; role: Exclude<CaseRole, 'projectleider'>; message: string },
  ) {
    const { organisation, ...rest } = body
    this.schedule(at, `invitation of ${body.email}`, async (tx) => {
      await this.invite(tx, { ...rest, organisationId: this.org(organisation) })
    })
  }

  /**
   * A seat for the organisation's demo account: the projectleider invites them and they accept at
   * once; an hour later they state their organisation's belang, role and commitment. The
   * projectleider's own seat came with the case.
   */
  member(
    code: string,
    role: CaseRole,
    at: Date,
    seat: { belang: string | null; roleText: string | null; commitmentNote: string | null },
  ) {
    const a = this.account(code)
    if (code !== this.lead) {
      if (role === 'projectleider') throw new Error('the case has one projectleider')
      this.schedule(at, `seat of ${code}`, async (tx) => {
        const link = await this.invite(tx, { email: a.email, organisationId: a.organisationId, role })
        const token = new URL(link).pathname.split('/').at(-1)!
        await acceptInvitation(tx, token, this.users.get(code)!, AcceptInvitationBodySchema.parse({}))
      })
    }
    this.schedule(new Date(at.getTime() + HOUR), `seat fields of ${code}`, async (tx) => {
      const actor = await this.actor(tx, code)
      const [m] = await tx
        .select({ id: caseMembers.id, version: caseMembers.version })
        .from(caseMembers)
        .where(
          and(eq(caseMembers.caseId, this.caseId), eq(caseMembers.userId, a.userId), isNull(caseMembers.removedAt)),
        )
      const body = UpdateMemberBodySchema.parse({ ...seat, commitment: 'agreed' })
      await updateMember(tx, actor, this.caseId, m!.id, m!.version, body)
    })
  }

  // ── Steps ───────────────────────────────────────────────────────────────────────────

  /** The projectleider changes a step as the step PATCH does, on top of the version it has then. */
  private stepChange(at: Date, step: number, label: string, body: unknown) {
    this.schedule(at, `step ${step}: ${label}`, async (tx) => {
      const actor = await this.actor(tx, this.lead)
      authorize(actor, 'step.change', null)
      const current = await findStep(tx, this.caseId, step)
      await changeStep(tx, actor, this.caseId, step as StepNumber, current.version, UpdateStepBodySchema.parse(body))
    })
  }

  openStep(step: number, at: Date) {
    this.stepChange(at, step, 'open', { status: 'open' })
  }

  /** Closes a step; the service opens the next one if it has not started. */
  closeStep(step: number, at: Date) {
    this.stepChange(at, step, 'close', { status: 'closed' })
  }

  deadline(step: number, deadline: Date, at: Date, reason?: string) {
    this.stepChange(at, step, 'deadline', { deadline: deadline.toISOString(), reason })
  }

  /** "Bijdrage klaar" of one organisation for one step, on top of its mark's version (0: none yet). */
  done(step: number, code: string, at: Date) {
    this.schedule(at, `step ${step}: done by ${code}`, async (tx) => {
      const actor = await this.actor(tx, code)
      authorize(actor, 'step.markDone', null)
      const key = `${step}:${code}`
      const { done } = DoneBodySchema.parse({ done: true })
      this.marks.set(key, await markDone(tx, actor, this.caseId, step, this.marks.get(key) ?? 0, done))
    })
  }

  /**
   * Something a demo person does through a command this class has no word for (documents): `run`
   * gets the seed's transaction, the person as the routes see them, and the seed context.
   */
  act(by: string, at: Date, label: string, run: (tx: Tx, actor: Member, ctx: SeedContext) => Promise<void>) {
    this.schedule(at, label, async (tx) => {
      if (!this.context) throw new Error('a command runs inside run()')
      await run(tx, await this.actor(tx, by), this.context)
    })
  }

  // ── Items ───────────────────────────────────────────────────────────────────────────

  /**
   * Schedules an item; `body` is built when the command runs, so it can name the ids of earlier
   * items. Returns the ref the item's id lands in.
   */
  item(by: string, at: Date, title: string, body: () => Record<string, unknown>): Ref {
    const ref: Ref = { label: title, id: null }
    this.schedule(at, `"${title}" by ${by}`, async (tx) => {
      const actor = await this.actor(tx, by)
      const created = await createItem(tx, actor, this.caseId, CreateItemBodySchema.parse({ title, ...body() }))
      ref.id = created.row.id
      this.seen.set(ref, { item: created, reactions: new Map() })
    })
    return ref
  }

  /**
   * The item as a client holds it after its last answer: what the service returned for it, and
   * each organisation's reaction version (the ETag of its last reaction).
   */
  private held(ref: Ref) {
    this.idOf(ref)
    return this.seen.get(ref)!
  }

  /** A change to an item, by someone allowed to make it, on top of the version it has then. */
  update(ref: Ref, by: string, at: Date, body: Record<string, unknown>) {
    this.schedule(at, `change of "${ref.label}" by ${by}`, async (tx) => {
      const actor = await this.actor(tx, by)
      const held = this.held(ref)
      held.item = await updateItem(tx, actor, held.item, held.item.row.version, UpdateItemBodySchema.parse(body))
    })
  }

  // ── Reactions and comments ─────────────────────────────────────────────────────────

  /** A reaction of `by`'s organisation on top of the version it holds (from the item, else its last answer). */
  private react(
    ref: Ref,
    by: string,
    at: Date,
    what: 'rating' | 'position' | 'commitment',
    write: (tx: Tx, actor: Member, current: LoadedItem, version: number) => Promise<{ version: number }>,
  ) {
    this.schedule(at, `${what} of "${ref.label}" by ${by}`, async (tx) => {
      const actor = await this.actor(tx, by)
      const { item, reactions } = this.held(ref)
      const organisationId = actor.membership.organisationId
      const given = { rating: item.ratings, position: item.positions, commitment: item.commitments }[what]
      const version = reactions.get(organisationId) ?? given.find((r) => r.organisationId === organisationId)?.version
      const saved = await write(tx, actor, item, version ?? 0)
      reactions.set(organisationId, saved.version)
    })
  }

  rate(ref: Ref, by: string, at: Date, score: number) {
    this.react(ref, by, at, 'rating', (tx, actor, current, version) =>
      rateItem(tx, actor, current, version, RatingBodySchema.parse({ score }).score),
    )
  }

  position(ref: Ref, by: string, at: Date, position: Position, reason: string | null = null) {
    this.react(ref, by, at, 'position', (tx, actor, current, version) => {
      const body = PositionBodySchema.parse({ position, reason })
      return takePosition(tx, actor, current, version, body.position, body.reason)
    })
  }

  /** An involved organisation accepts or declines an action (its commitment is pending from when the action named it). */
  commit(ref: Ref, by: string, at: Date, status: 'accepted' | 'declined', reason: string | null = null) {
    this.react(ref, by, at, 'commitment', (tx, actor, current, version) => {
      const body = CommitmentBodySchema.parse({ status, reason })
      return commitToAction(tx, actor, current, version, body.status, body.reason)
    })
  }

  /** A comment; `mentions` are the codes of the organisations whose demo person is named with @. */
  comment(ref: Ref, by: string, at: Date, text: string, mentions: string[] = []) {
    this.schedule(at, `comment on "${ref.label}" by ${by}`, async (tx) => {
      const actor = await this.actor(tx, by)
      const body = CreateCommentBodySchema.parse({ body: text, mentions: mentions.map((m) => this.account(m).userId) })
      await addComment(tx, actor, this.held(ref).item, body.body, body.mentions)
    })
  }
}
