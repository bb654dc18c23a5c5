import nodemailer, { type Transporter } from 'nodemailer'
import type { Config } from '../config.ts'

export interface MailMessage {
  to: string
  subject: string
  text: string
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
  return {
    enabled: true,
    async send(m) {
      await transport.sendMail({ from: config.MAIL_FROM, to: m.to, subject: m.subject, text: m.text })
    },
    close: () => transport.close(),
  }
}
