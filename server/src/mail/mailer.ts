import nodemailer, { type Transporter } from 'nodemailer'
import type { Config } from '../config.ts'

/**
 * One line of text for a mail header (or a body line that must stay one line): CR, LF, tabs and
 * every other control character become a space, so a case title or a person's name can never add
 * a header or start a new one.
 */
export function singleLine(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
      .replace(/ {2,}/g, ' ')
      .trim()
  )
}

/** MAIL_FROM as nodemailer's `{name, address}`, its display name made single-line. */
export function senderOf(from: string): { name: string; address: string } | string {
  const m = /^(.*)<([^<>]+)>\s*$/s.exec(from)
  if (!m) return singleLine(from)
  return { name: singleLine(m[1]!.replace(/^\s*"|"\s*$/g, '')), address: singleLine(m[2]!) }
}

export interface MailMessage {
  to: string
  subject: string
  text: string
  /** Extra headers (e.g. List-Unsubscribe); each value is made single-line. */
  headers?: Record<string, string>
}

export interface Mailer {
  /** False when no SMTP_URL is configured: messages then only go to the case outbox. */
  enabled: boolean
  send(message: MailMessage): Promise<void>
  close(): void
}

/** Sends mail through SMTP_URL (nodemailer), or does nothing when it is not configured. */
export function createMailer(config: Config): Mailer {
  if (!config.SMTP_URL) {
    return { enabled: false, send: async () => {}, close: () => {} }
  }
  const url = new URL(config.SMTP_URL)
  const transport: Transporter = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // A self-signed certificate on an internal relay is common; ?tls=insecure accepts it explicitly.
    tls: url.searchParams.get('tls') === 'insecure' ? { rejectUnauthorized: false } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  })
  const from = senderOf(config.MAIL_FROM)
  return {
    enabled: true,
    async send(m) {
      // Every header is one line, whoever wrote its text (a case title, a person's name).
      const headers = m.headers
        ? Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [singleLine(k), singleLine(v)]))
        : undefined
      await transport.sendMail({ from, to: singleLine(m.to), subject: singleLine(m.subject), text: m.text, headers })
    },
    close: () => transport.close(),
  }
}
