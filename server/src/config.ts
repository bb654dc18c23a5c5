import { LocaleSchema } from '@vp/shared'
import { z } from 'zod'

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const durationMinutes = z.coerce
  .number()
  .int()
  .min(1)
  .max(60 * 24 * 30)

/**
 * Every setting the server reads from its environment. Parsed once at start-up; a wrong value
 * stops start-up with one line that names the variable.
 */
export const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
      .optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    SESSION_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
    SESSION_IDLE_MINUTES: durationMinutes.default(30),
    SESSION_MAX_MINUTES: durationMinutes.default(12 * 60),
    /** Overrides of the two limits in seconds, for tests and demonstrations; win over the minutes. */
    SESSION_IDLE_SECONDS: z.coerce.number().int().min(1).optional(),
    SESSION_MAX_SECONDS: z.coerce.number().int().min(1).optional(),
    SESSION_CACHE_SECONDS: z.coerce.number().min(0).max(60).default(2),
    ADMIN_EMAIL: z.email().optional(),
    ADMIN_PASSWORD: z.string().min(12, { error: 'must be at least 12 characters' }).optional(),
    SEED_DEMO: booleanString.optional(),
    DEMO_PASSWORD: z.string().min(12, { error: 'must be at least 12 characters' }).default('Rivierstede-demo-2026'),
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
    MAIL_FROM: z.string().min(3).default('Veiligheidsplanner <noreply@veiligheidsplanner.local>'),
    ALLOWED_ORIGINS: z
      .string()
      .optional()
      .transform((v) =>
        v
          ? v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : [],
      )
      .pipe(z.array(z.url({ protocol: /^https?$/ }))),
    LIVE_MAX_MESSAGES: z.coerce.number().int().min(1).default(100),
    LIVE_MESSAGE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
    LIVE_MAX_SUBSCRIBES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    LIVE_MAX_SOCKETS_PER_SESSION: z.coerce.number().int().min(1).default(8),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOGIN_MAX_PER_IP: z.coerce.number().int().min(1).default(30),
    LOGIN_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
    LOGIN_WINDOW_MINUTES: durationMinutes.default(15),
    INVITATIONS_PER_USER_PER_HOUR: z.coerce.number().int().min(1).default(20),
    INVITATIONS_PER_CASE_PER_DAY: z.coerce.number().int().min(1).default(50),
    MAIL_RETRY_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 3600)
      .default(60),
    MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    LINK_MAX_PER_IP: z.coerce.number().int().min(1).default(30),
    ORGANISATION_PROPOSALS_PER_USER_PER_DAY: z.coerce.number().int().min(1).default(10),
    PASSWORD_RESETS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(3),
    PASSWORD_RESETS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(20),
    /** Largest file one upload may carry, in MB (413 beyond it, before the body is read further). */
    DOCUMENT_MAX_MB: z.coerce.number().int().min(1).max(2048).default(50),
    /** Space for documents per case, in MB (every stored version counts until it is deleted). */
    DOCUMENT_CASE_QUOTA_MB: z.coerce.number().int().min(1).default(2048),
    /** Space for documents per person, over all cases, in MB. */
    DOCUMENT_PERSON_QUOTA_MB: z.coerce.number().int().min(1).default(1024),
    /** Uploads one person may run at once on one instance; more get 429. */
    DOCUMENT_PARALLEL_UPLOADS: z.coerce.number().int().min(1).max(20).default(3),
    /** Worker threads that render summary PDFs and DOCX files on one instance. */
    SUMMARY_RENDER_THREADS: z.coerce.number().int().min(1).max(16).default(2),
    /** Summary exports one person may have under way at once on one instance; more get 429. */
    SUMMARY_EXPORTS_PER_PERSON: z.coerce.number().int().min(1).max(20).default(2),
    /** Summary exports waiting for a thread on one instance; more get 429. */
    SUMMARY_EXPORT_QUEUE: z.coerce.number().int().min(1).max(1000).default(20),
    /** How often each instance looks for reminders and mail that are due; at most a minute. `0`: off on that instance. */
    REMINDER_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(60).default(60),
    /** A person gets at most one immediate mail per case in this many minutes; the rest is bundled. */
    NOTIFICATION_MAIL_GAP_MINUTES: z.coerce.number().int().min(0).max(1440).default(5),
    /** Fetches of one person's calendar address per hour (calendar apps poll every few minutes to hours). */
    CALENDAR_FETCHES_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(60),
    /** Mentions one person may make per hour over all cases; more are saved but notify nobody. */
    MENTIONS_PER_USER_PER_HOUR: z.coerce.number().int().min(1).default(60),
    LINK_WINDOW_MINUTES: durationMinutes.default(15),
    MAINTENANCE_INTERVAL_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 3600)
      .default(300),
    DEFAULT_LOCALE: LocaleSchema.default('nl'),
    WEB_DIST: z.string().optional(),
    TRUST_PROXY: booleanString.default(false),
  })
  .refine((c) => !(c.ADMIN_EMAIL && !c.ADMIN_PASSWORD) && !(c.ADMIN_PASSWORD && !c.ADMIN_EMAIL), {
    error: 'ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither',
    path: ['ADMIN_PASSWORD'],
  })

export type Config = z.infer<typeof ConfigSchema> & {
  /** The origin browsers use, e.g. http://localhost:3000. */
  publicOrigin: string
  /** Origins allowed for state-changing requests and the live socket. */
  allowedOrigins: string[]
  /** Cookies get Secure and the __Host- prefix behind HTTPS. */
  secureCookies: boolean
  /** The session limits in milliseconds: the *_SECONDS override, else the minutes. */
  sessionIdleMs: number
  sessionMaxMs: number
}

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError with one line per wrong variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(ConfigSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  )
  const parsed = ConfigSchema.safeParse(relevant)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? 'environment')
      const value = relevant[name]
      const shown = value === undefined || /SECRET|PASSWORD/.test(name) ? '' : ` (got "${value}")`
      return `Configuration error: ${name} ${i.message}${shown}`
    })
    throw new ConfigError(lines.join('\n'))
  }
  return withDerived(parsed.data)
}

function withDerived(c: z.infer<typeof ConfigSchema>): Config {
  const publicOrigin = c.PUBLIC_URL ? new URL(c.PUBLIC_URL).origin : `http://localhost:${c.PORT}`
  const allowedOrigins = [...new Set([publicOrigin, ...c.ALLOWED_ORIGINS.map((o) => new URL(o).origin)])]
  return {
    ...c,
    publicOrigin,
    allowedOrigins,
    secureCookies: publicOrigin.startsWith('https:'),
    sessionIdleMs: (c.SESSION_IDLE_SECONDS ?? c.SESSION_IDLE_MINUTES * 60) * 1000,
    sessionMaxMs: (c.SESSION_MAX_SECONDS ?? c.SESSION_MAX_MINUTES * 60) * 1000,
  }
}

/** A configuration for tests and tools: defaults plus overrides, validated the same way. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', SEED_DEMO: 'false', REMINDER_INTERVAL_SECONDS: '0', ...overrides })
}
