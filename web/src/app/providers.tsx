import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import type { Locale } from '@vp/shared'
import { type ReactNode, useState } from 'react'
import { BrowserRouter } from 'react-router'
import { ApiError } from '../api/client.ts'
import { LocaleProvider } from '../i18n/locale.tsx'
import type { Messages } from '../i18n/messages.ts'

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx answer will not change on retry; network trouble and 5xx may.
        retry: (failureCount, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
      },
    },
  })
}

interface ProvidersProps {
  locale: Locale
  messages: Messages
  children: ReactNode
}

export function Providers({ locale, messages, children }: ProvidersProps) {
  const [queryClient] = useState(createQueryClient)
  return (
    <QueryClientProvider client={queryClient}>
      <LocaleProvider initialLocale={locale} initialMessages={messages}>
        <BrowserRouter>{children}</BrowserRouter>
      </LocaleProvider>
    </QueryClientProvider>
  )
}
