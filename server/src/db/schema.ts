import {
  ACTION_COMMITMENTS,
  ACTION_STATUSES,
  CASE_ROLES,
  COMMITMENT_STATES,
  CONCLUSIONS,
  DIRECTIONS,
  EFFECTS,
  EMAIL_MODES,
  INVOLVED_PARTIES,
  ITEM_KINDS,
  LOCALES,
  NOTIFICATION_TYPES,
  ORGANISATION_TYPES,
  POSITIONS,
  PROBLEM_TYPES,
  RELIABILITIES,
  SIGNAL_SOURCES,
  STEP_STATUSES,
  THEMES,
} from '@vp/shared'
import { sql } from 'drizzle-orm'
import {
  type AnyPgColumn,
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })
const created = () => ts('created_at').notNull().defaultNow()
const updated = () => ts('updated_at').notNull().defaultNow()

/** Instance-wide key/value settings, e.g. the generated session secret shared by all instances. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: created(),
})

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    type: text('type', { enum: ORGANISATION_TYPES }).notNull(),
    /** Lower-case e-mail domains of the organisation: an invitation mints an account here only for these. */
    emailDomains: text('email_domains').array().notNull().default(sql`'{}'::text[]`),
    /**
     * False for an organisation a projectleider proposed while inviting: usable at once in that
     * case, listed as "nieuw, nog niet bevestigd" until an administrator confirms, renames or merges it.
     */
    confirmed: boolean('confirmed').notNull().default(true),
    proposedByUserId: uuid('proposed_by_user_id').references((): AnyPgColumn => users.id),
    proposedInCaseId: uuid('proposed_in_case_id').references((): AnyPgColumn => cases.id),
    /** Set when an administrator merged this proposal into another organisation; the row stays for old events. */
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => organisations.id),
    version: integer('version').notNull().default(1),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [uniqueIndex('organisations_name_unique').on(sql`lower(${t.name})`)],
)

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    passwordHash: text('password_hash'),
    isAdmin: boolean('is_admin').notNull().default(false),
    disabled: boolean('disabled').notNull().default(false),
    /**
     * An account made through an invitation for an address outside its organisation's e-mail
     * domains waits for an administrator (`pending`) and cannot sign in until `approved`.
     */
    approval: text('approval', { enum: ['approved', 'pending', 'rejected'] })
      .notNull()
      .default('approved'),
    approvalInvitationId: uuid('approval_invitation_id'),
    approvalDecidedAt: ts('approval_decided_at'),
    approvalDecidedByUserId: uuid('approval_decided_by_user_id'),
    locale: text('locale', { enum: LOCALES }).notNull().default('nl'),
    version: integer('version').notNull().default(1),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [uniqueIndex('users_email_unique').on(t.email), index('users_organisation_idx').on(t.organisationId)],
)

/** A signed-in browser. The JWT only names the row; the row decides whether it still counts. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: created(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    endedAt: ts('ended_at'),
    endReason: text('end_reason'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

/** Single-use links (set password, first-admin set-up), stored only as a SHA-256 hash. */
export const singleUseTokens = pgTable(
  'single_use_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    purpose: text('purpose', { enum: ['set_password', 'setup', 'password_reset'] }).notNull(),
    userId: uuid('user_id').references(() => users.id),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    createdAt: created(),
  },
  (t) => [uniqueIndex('single_use_tokens_hash_unique').on(t.tokenHash)],
)

/**
 * Fixed-window counters for every limit (sign-in per account and per address, links, invitations,
 * mail): one atomic upsert counts and answers, shared by every instance.
 */
export const rateCounters = pgTable(
  'rate_counters',
  {
    key: text('key').notNull(),
    windowStart: ts('window_start').notNull(),
    hits: integer('hits').notNull().default(0),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index('rate_counters_expires_idx').on(t.expiresAt)],
)

/** Failed sign-ins per account key, for throttling shared by every instance. */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountKey: text('account_key').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('login_failures_key_at_idx').on(t.accountKey, t.at)],
)

// ── Cases ────────────────────────────────────────────────────────────────────────────────

export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    gemeente: text('gemeente').notNull(),
    area: text('area'),
    theme: text('theme', { enum: THEMES }).notNull(),
    problemType: text('problem_type', { enum: PROBLEM_TYPES }).notNull(),
    context: text('context'),
    aanleiding: text('aanleiding'),
    bestuurder: text('bestuurder'),
    status: text('status', { enum: ['active', 'closed'] })
      .notNull()
      .default('active'),
    closedAt: ts('closed_at'),
    createdByUserId: uuid('created_by_user_id')
      .notNull()
      .references(() => users.id),
    /** The seq of the newest case_events row; bumped inside every writing transaction. */
    lastSeq: integer('last_seq').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [index('cases_theme_idx').on(t.theme)],
)

/** Per case and organisation: its stated interest, its role and its commitment to take part. */
export const caseOrganisations = pgTable(
  'case_organisations',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    belang: text('belang'),
    roleText: text('role_text'),
    commitment: text('commitment', { enum: COMMITMENT_STATES }).notNull().default('pending'),
    commitmentNote: text('commitment_note'),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.organisationId] })],
)

/** A seat: one person of one organisation in one case, with a role. Removal keeps the row. */
export const caseMembers = pgTable(
  'case_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    role: text('role', { enum: CASE_ROLES }).notNull(),
    removedAt: ts('removed_at'),
    removedByUserId: uuid('removed_by_user_id').references(() => users.id),
    /** When this person last opened the case (at most once a minute written); null: never since joining. */
    lastSeenAt: ts('last_seen_at'),
    version: integer('version').notNull().default(1),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    uniqueIndex('case_members_active_unique').on(t.caseId, t.userId).where(sql`${t.removedAt} is null`),
    index('case_members_user_idx').on(t.userId),
  ],
)

export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    email: text('email').notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    role: text('role', { enum: CASE_ROLES }).notNull(),
    message: text('message'),
    /**
     * The case's name and gemeente as the last invitation mail gave them. A link that no longer
     * works shows these: a case changed after the invitation ended tells its holder nothing new.
     */
    caseTitle: text('case_title'),
    caseGemeente: text('case_gemeente'),
    tokenHash: text('token_hash').notNull(),
    expiresAt: ts('expires_at').notNull(),
    state: text('state', { enum: ['pending', 'accepted', 'revoked'] })
      .notNull()
      .default('pending'),
    invitedByUserId: uuid('invited_by_user_id')
      .notNull()
      .references(() => users.id),
    acceptedAt: ts('accepted_at'),
    acceptedByUserId: uuid('accepted_by_user_id').references(() => users.id),
    revokedAt: ts('revoked_at'),
    sendCount: integer('send_count').notNull().default(1),
    version: integer('version').notNull().default(1),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [uniqueIndex('invitations_token_unique').on(t.tokenHash), index('invitations_case_idx').on(t.caseId)],
)

/** Every message a case sent, or would have sent without SMTP. */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null for a daily digest, which spans the person's cases. */
    caseId: uuid('case_id').references(() => cases.id),
    invitationId: uuid('invitation_id').references(() => invitations.id),
    /** What the message is: an invitation, one or more notifications of one case, or a digest. */
    kind: text('kind', { enum: ['invitation', 'notification', 'digest'] })
      .notNull()
      .default('invitation'),
    /** The person a notification mail or digest goes to (invitations go to an address). */
    userId: uuid('user_id').references(() => users.id),
    toEmail: text('to_email').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['queued', 'sent', 'not_sent', 'failed'] }).notNull(),
    error: text('error'),
    /** Delivery attempts so far; a queued message is retried with backoff from `nextAttemptAt`. */
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    sentAt: ts('sent_at'),
    createdAt: created(),
  },
  (t) => [index('outbox_case_idx').on(t.caseId, t.createdAt)],
)

/**
 * The append-only log of a case: activity stream, audit log and item history in one. A trigger
 * (migration 0002) rejects UPDATE and DELETE. `seq` is gap-free per case (from cases.last_seq).
 */
export const caseEvents = pgTable(
  'case_events',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    actorOrganisationId: uuid('actor_organisation_id').references(() => organisations.id),
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id'),
    step: integer('step'),
    payload: jsonb('payload').notNull().default({}),
    createdAt: created(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.seq] }), index('case_events_entity_idx').on(t.entityId)],
)

// ── Steps ────────────────────────────────────────────────────────────────────────────────

export const caseSteps = pgTable(
  'case_steps',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    step: integer('step').notNull(),
    status: text('status', { enum: STEP_STATUSES }).notNull().default('not_started'),
    deadline: ts('deadline'),
    openedAt: ts('opened_at'),
    openedByUserId: uuid('opened_by_user_id').references(() => users.id),
    closedAt: ts('closed_at'),
    closedByUserId: uuid('closed_by_user_id').references(() => users.id),
    version: integer('version').notNull().default(1),
    updatedAt: updated(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.step] })],
)

/** "Bijdrage klaar": an organisation's mark that its contribution to a step is done. */
export const stepDone = pgTable(
  'step_done',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    step: integer('step').notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    done: boolean('done').notNull(),
    byUserId: uuid('by_user_id').references(() => users.id),
    /** Bumped on every change; "0" in If-Match stands for a mark not yet set. */
    version: integer('version').notNull().default(1),
    updatedAt: updated(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.step, t.organisationId] })],
)

// ── Items: one base row per item, and one typed table per kind ───────────────────────────

export const items = pgTable(
  'items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: ITEM_KINDS }).notNull(),
    step: integer('step').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    audience: uuid('audience').array(),
    authorOrganisationId: uuid('author_organisation_id')
      .notNull()
      .references(() => organisations.id),
    authorUserId: uuid('author_user_id').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: created(),
    updatedAt: updated(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [index('items_case_step_idx').on(t.caseId, t.step)],
)

const itemId = () =>
  uuid('item_id')
    .primaryKey()
    .references(() => items.id)
const num = (name: string) => numeric(name, { mode: 'number' })

export const signals = pgTable('signals', {
  itemId: itemId(),
  source: text('source', { enum: SIGNAL_SOURCES }).notNull(),
  reliability: text('reliability', { enum: RELIABILITIES }).notNull(),
  location: text('location'),
  period: text('period'),
  involved: text('involved', { enum: INVOLVED_PARTIES }).array().notNull().default(sql`'{}'::text[]`),
  figure: num('figure'),
  figureUnit: text('figure_unit'),
})

export const measures = pgTable('measures', {
  itemId: itemId(),
  ownerOrganisationId: uuid('owner_organisation_id')
    .notNull()
    .references(() => organisations.id),
  since: date('since', { mode: 'string' }),
  yearlyCost: num('yearly_cost'),
  hoursPerWeek: num('hours_per_week'),
  effect: text('effect', { enum: EFFECTS }).notNull(),
})

export const goals = pgTable('goals', {
  itemId: itemId(),
  indicator: text('indicator').notNull(),
  unit: text('unit').notNull(),
  direction: text('direction', { enum: DIRECTIONS }).notNull(),
  baseline: num('baseline'),
  baselineDate: date('baseline_date', { mode: 'string' }),
  target: num('target'),
  targetDate: date('target_date', { mode: 'string' }),
})

export const actions = pgTable('actions', {
  itemId: itemId(),
  trekkerOrganisationId: uuid('trekker_organisation_id')
    .notNull()
    .references(() => organisations.id),
  trekkerUserId: uuid('trekker_user_id').references(() => users.id),
  startDate: date('start_date', { mode: 'string' }),
  dueDate: date('due_date', { mode: 'string' }),
  cost: num('cost'),
  payerOrganisationId: uuid('payer_organisation_id').references(() => organisations.id),
})

/** Organisations taking part in an action, with their hours (the trekker included). */
export const actionParticipants = pgTable(
  'action_participants',
  {
    actionId: uuid('action_id')
      .notNull()
      .references(() => items.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    hours: num('hours').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.actionId, t.organisationId] })],
)

export const actionUpdates = pgTable(
  'action_updates',
  {
    itemId: itemId(),
    actionId: uuid('action_id')
      .notNull()
      .references(() => items.id),
    status: text('status', { enum: ACTION_STATUSES }).notNull(),
  },
  (t) => [index('action_updates_action_idx').on(t.actionId)],
)

export const measurements = pgTable(
  'measurements',
  {
    itemId: itemId(),
    goalId: uuid('goal_id')
      .notNull()
      .references(() => items.id),
    value: num('value').notNull(),
    measuredAt: date('measured_at', { mode: 'string' }).notNull(),
    source: text('source'),
  },
  (t) => [index('measurements_goal_idx').on(t.goalId)],
)

export const evaluations = pgTable('evaluations', {
  itemId: itemId(),
  conclusion: text('conclusion', { enum: CONCLUSIONS }).notNull(),
  reopenStep: integer('reopen_step'),
})

/** Typed links between items: sub-problem → signal, measure/goal → sub-problem, action → goal. */
export const itemLinks = pgTable(
  'item_links',
  {
    fromItemId: uuid('from_item_id')
      .notNull()
      .references(() => items.id),
    toItemId: uuid('to_item_id')
      .notNull()
      .references(() => items.id),
    relation: text('relation', { enum: ['signal', 'subproblem', 'goal'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.fromItemId, t.toItemId] }), index('item_links_to_idx').on(t.toItemId)],
)

/** One priority rating (1–5) per organisation per sub-problem. */
export const ratings = pgTable(
  'ratings',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    score: integer('score').notNull(),
    byUserId: uuid('by_user_id').references(() => users.id),
    version: integer('version').notNull().default(1),
    updatedAt: updated(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.organisationId] })],
)

/** One position per organisation per sub-problem, problem statement or goal. */
export const positions = pgTable(
  'positions',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    position: text('position', { enum: POSITIONS }).notNull(),
    reason: text('reason'),
    byUserId: uuid('by_user_id').references(() => users.id),
    version: integer('version').notNull().default(1),
    updatedAt: updated(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.organisationId] })],
)

/** Per action and involved organisation: pending, accepted or declined (with a reason). */
export const commitments = pgTable(
  'commitments',
  {
    actionId: uuid('action_id')
      .notNull()
      .references(() => items.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    status: text('status', { enum: ACTION_COMMITMENTS }).notNull().default('pending'),
    reason: text('reason'),
    byUserId: uuid('by_user_id').references(() => users.id),
    version: integer('version').notNull().default(1),
    requestedAt: created(),
    updatedAt: updated(),
  },
  (t) => [primaryKey({ columns: [t.actionId, t.organisationId] })],
)

export const comments = pgTable(
  'comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    authorUserId: uuid('author_user_id')
      .notNull()
      .references(() => users.id),
    authorOrganisationId: uuid('author_organisation_id')
      .notNull()
      .references(() => organisations.id),
    body: text('body').notNull(),
    mentions: uuid('mentions').array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: created(),
  },
  (t) => [index('comments_item_idx').on(t.itemId, t.createdAt)],
)

/** The first outcome of a mutation sent with an Idempotency-Key, returned again for a retry. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    statusCode: integer('status_code').notNull(),
    headers: jsonb('headers').notNull().default({}),
    body: text('body').notNull(),
    createdAt: created(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
)

// ── Documents (F7): metadata, versions, content in chunks, acknowledgements, download counts ──

/** Raw bytes; a Buffer in and out. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' })

/**
 * A file attached to a case, a step (`step`) or an item (`itemId`). Visible to `audience` (null: every
 * member) and, when attached to an item, only to those who may read that item as it is now.
 * `currentVersion` names the version served by default; `version` is the ETag of the metadata.
 * `deletedAt`: soft-deleted; the row stays for the log, its content is removed (ADR 024).
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    title: text('title').notNull(),
    step: integer('step'),
    itemId: uuid('item_id').references(() => items.id),
    audience: uuid('audience').array(),
    uploaderOrganisationId: uuid('uploader_organisation_id')
      .notNull()
      .references(() => organisations.id),
    uploaderUserId: uuid('uploader_user_id').references(() => users.id),
    currentVersion: integer('current_version').notNull().default(1),
    version: integer('version').notNull().default(1),
    createdAt: created(),
    updatedAt: updated(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [index('documents_case_idx').on(t.caseId, t.createdAt), index('documents_item_idx').on(t.itemId)],
)

/** One uploaded file of a document. `number` counts from 1; content lives in document_chunks. */
export const documentVersions = pgTable(
  'document_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    /** Denormalised for the per-case quota. */
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    number: integer('number').notNull(),
    /** Sanitised: no path, control characters or bidi overrides. */
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    uploadedByUserId: uuid('uploaded_by_user_id').references(() => users.id),
    uploadedByOrganisationId: uuid('uploaded_by_organisation_id')
      .notNull()
      .references(() => organisations.id),
    createdAt: created(),
    /** Set when the content was removed (document deleted); the metadata stays as evidence. */
    contentDeletedAt: ts('content_deleted_at'),
  },
  (t) => [
    uniqueIndex('document_versions_number_idx').on(t.documentId, t.number),
    index('document_versions_case_idx').on(t.caseId),
    index('document_versions_uploader_idx').on(t.uploadedByUserId),
  ],
)

/** The bytes of a version in fixed-size pieces (the last one shorter), streamed in and out. */
export const documentChunks = pgTable(
  'document_chunks',
  {
    versionId: uuid('version_id')
      .notNull()
      .references(() => documentVersions.id),
    n: integer('n').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.n] })],
)

/** "Gelezen": once per person and document, with the version they had read. */
export const documentAcknowledgements = pgTable(
  'document_acknowledgements',
  {
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    versionNumber: integer('version_number').notNull(),
    acknowledgedAt: created(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.userId] })],
)

/** Downloads of a document per person (restricted documents also log one event per download). */
export const documentDownloads = pgTable(
  'document_downloads',
  {
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    count: integer('count').notNull().default(1),
    firstAt: created(),
    lastAt: ts('last_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.userId] })],
)

/**
 * One notification for one person (ADR 026). It stores what it is about (type, case, entity, the
 * event it came from and facts such as a deadline), never a text: title and body are composed when
 * it is read or mailed, under the policy module's read rule for the person's seat at that moment.
 * `key` makes a reminder exactly-once: the same person, the same deadline value, the same moment.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    type: text('type', { enum: NOTIFICATION_TYPES }).notNull(),
    /** 'item', 'document', 'step', 'member', 'invitation' or 'case'. */
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id'),
    step: integer('step'),
    /** The case event it came from; null for reminders. */
    eventSeq: integer('event_seq'),
    /** Who caused it, for "from whom" (null for reminders). */
    actorUserId: uuid('actor_user_id').references(() => users.id),
    actorOrganisationId: uuid('actor_organisation_id').references(() => organisations.id),
    /** Facts without content: a deadline, a reminder moment, organisations not done. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    key: text('key'),
    /** Mail: 'pending' until sent at once, bundled or put in a digest; 'none' when not to be mailed. */
    mail: text('mail', { enum: ['pending', 'sent', 'digest', 'none'] })
      .notNull()
      .default('pending'),
    createdAt: created(),
    readAt: ts('read_at'),
  },
  (t) => [
    uniqueIndex('notifications_user_key_idx').on(t.userId, t.key),
    index('notifications_user_created_idx').on(t.userId, t.createdAt),
    // The mention bound counts a sender's mention notifications of the last hour.
    index('notifications_actor_idx').on(t.actorUserId, t.type, t.createdAt),
    index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
    index('notifications_mail_idx').on(t.mail, t.createdAt).where(sql`${t.mail} = 'pending'`),
  ],
)

/** A person's notification preferences; no row means the defaults (e-mail at once, digest at 8). */
export const notificationSettings = pgTable('notification_settings', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  email: text('email', { enum: EMAIL_MODES }).notNull().default('immediate'),
  digestHour: integer('digest_hour').notNull().default(8),
  /** When the last digest went out, so one goes per day however many instances run. */
  lastDigestAt: ts('last_digest_at'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
})

/** A person's secret calendar address: only its hash is stored; rotating replaces it. */
export const calendarFeeds = pgTable('calendar_feeds', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: created(),
})
