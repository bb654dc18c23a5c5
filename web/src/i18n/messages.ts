import { LOCALES, type Locale } from '@vp/shared/constants'
import nl from './nl.json'

/** Every message id; nl.json is the source of truth, en.json must have exactly the same keys. */
export type MessageId = keyof typeof nl
export type Messages = Record<MessageId, string>

type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false
// Fails to compile when en.json misses a key of nl.json or has one that nl.json lacks.
const catalogsMatch: SameKeys<typeof nl, typeof import('./en.json')> = true
void catalogsMatch

declare global {
  namespace FormatjsIntl {
    interface Message {
      ids: MessageId
    }
  }
}

export const DEFAULT_LOCALE: Locale = 'nl'

// Dutch is on the first route; other languages load when chosen.
const loaders: Record<Locale, () => Promise<Messages>> = {
  nl: async () => nl,
  en: async () => (await import('./en.json')).default,
}

export function loadMessages(locale: Locale): Promise<Messages> {
  return loaders[locale]()
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}
