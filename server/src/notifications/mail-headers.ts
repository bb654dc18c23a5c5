import type { Config } from '../config.ts'

/** The settings page where a person changes or stops their notification mail. */
export function settingsUrl(config: Config) {
  return `${config.publicOrigin}/account#meldingen`
}

/** Every notification mail and digest carries a way out (RFC 2369), also when retried from the outbox. */
export function unsubscribeHeaders(config: Config): Record<string, string> {
  return { 'List-Unsubscribe': `<${settingsUrl(config)}>` }
}
