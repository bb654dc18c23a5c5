import { CASE_ROLES, COMMITMENT_STATES, LOCALES, ORGANISATION_TYPES, PROBLEM_TYPES, THEMES } from '@vp/shared'
import { sql } from 'drizzle-orm'
import {
  boolean,
  index,
  integer,
  jsonb,
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
    purpose: text('purpose', { enum: ['set_password', 'setup'] }).notNull(),
    userId: uuid('user_id').references(() => users.id),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    createdAt: created(),
  },
  (t) => [uniqueIndex('single_use_tokens_hash_unique').on(t.tokenHash)],
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
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    invitationId: uuid('invitation_id').references(() => invitations.id),
    toEmail: text('to_email').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['queued', 'sent', 'not_sent', 'failed'] }).notNull(),
    error: text('error'),
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
    /** null = every member; otherwise the organisations that may see the content. */
    audience: uuid('audience').array(),
    createdAt: created(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.seq] }), index('case_events_entity_idx').on(t.entityId)],
)
