import type { Locale } from '@vp/shared'
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import { IntlProvider } from 'react-intl'
import { DEFAULT_LOCALE, isLocale, loadMessages, type Messages } from './messages.ts'

const STORAGE_KEY = 'vp.locale'

/** The language this browser chose before, or Dutch. */
export function readStoredLocale(): Locale {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY)
    return isLocale(stored) ? stored : DEFAULT_LOCALE
  } catch {
    // Storage can be blocked (privacy settings); the default language is then fine.
    return DEFAULT_LOCALE
  }
}

function storeLocale(locale: Locale) {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    // Not remembered across visits; the switch itself still works.
  }
}

interface LocaleContextValue {
  locale: Locale
  setLocale: (locale: Locale) => Promise<void>
}

const LocaleContext = createContext<LocaleContextValue | null>(null)

export function useLocale(): LocaleContextValue {
  const value = useContext(LocaleContext)
  if (!value) throw new Error('useLocale must be used inside <LocaleProvider>')
  return value
}

interface LocaleProviderProps {
  initialLocale: Locale
  initialMessages: Messages
  children: ReactNode
}

/** react-intl with a switchable language; keeps `<html lang>` in step, which no library does for us. */
export function LocaleProvider({ initialLocale, initialMessages, children }: LocaleProviderProps) {
  const [state, setState] = useState({ locale: initialLocale, messages: initialMessages })

  useEffect(() => {
    document.documentElement.lang = state.locale
  }, [state.locale])

  const setLocale = useCallback(async (locale: Locale) => {
    const messages = await loadMessages(locale)
    storeLocale(locale)
    setState({ locale, messages })
  }, [])

  const value = useMemo(() => ({ locale: state.locale, setLocale }), [state.locale, setLocale])

  return (
    <LocaleContext.Provider value={value}>
      {/* English dates, numbers and lists follow British usage (29/06/2027), not American. */}
      <IntlProvider
        locale={state.locale === 'en' ? 'en-GB' : state.locale}
        defaultLocale={DEFAULT_LOCALE}
        messages={state.messages}
      >
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  )
}
