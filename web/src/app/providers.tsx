import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query'
import type { Locale } from '@vp/shared'
import { type ReactNode, useState } from 'react'
import { BrowserRouter } from 'react-router'
import { forgetSession, meQueryKey } from '../api/auth.ts'
import { ApiError } from '../api/client.ts'
import { LocaleProvider } from '../i18n/locale.tsx'
import type { Messages } from '../i18n/messages.ts'
import { LiveProvider } from './live-provider.tsx'

function createQueryClient() {
  const queryClient: QueryClient = new QueryClient({
    // A load answered 401 means the session ended (expired, password changed elsewhere): forget the
    // user, so <RequireAuth> sends the browser to /inloggen and back here after signing in.
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (error instanceof ApiError && error.status === 401 && query.queryKey[0] !== meQueryKey[0]) {
          forgetSession(queryClient)
        }
      },
    }),
    defaultOptions: {
      queries: {
        // A 4xx answer will not change on retry; network trouble and 5xx may.
        retry: (failureCount, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
      },
    },
  })
  return queryClient
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
        <BrowserRouter>
          <LiveProvider>{children}</LiveProvider>
        </BrowserRouter>
      </LocaleProvider>
    </QueryClientProvider>
  )
}
