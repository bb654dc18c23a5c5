import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query'
import type { Locale } from '@vp/shared'
import { type ReactNode, useEffect, useState } from 'react'
import { BrowserRouter } from 'react-router'
import { forgetSession, meQueryKey } from '../api/auth.ts'
import { ApiError, setUnauthorizedHandler } from '../api/client.ts'
import { LocaleProvider } from '../i18n/locale.tsx'
import type { Messages } from '../i18n/messages.ts'
import { LiveProvider } from './live-provider.tsx'
import { SessionEndContext, SessionEndStore } from './session-hooks.ts'

function createQueryClient() {
  const queryClient: QueryClient = new QueryClient({
    // A load answered 401 while someone is signed in waits for the sign-in dialog (see
    // useSessionEndHandler); one that still fails (no one signed in, or the person gave up): forget the
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

/**
 * Sign-in, sign-out and password change answer 401 for their own reasons; everything else answering
 * 401 while someone is signed in means their session ended.
 */
function endsSession(path: string) {
  return !path.startsWith('/api/auth/') || path === '/api/auth/me'
}

/**
 * A 401 while signed in: open the sign-in dialog and hold the request (load or change) until the same
 * person has signed in again, then send it again. The page under the dialog stays as it was.
 */
function useSessionEndHandler(queryClient: QueryClient, sessionEnd: SessionEndStore) {
  useEffect(
    () =>
      setUnauthorizedHandler(async ({ path }) => {
        if (!endsSession(path) || !queryClient.getQueryData(meQueryKey)) return 'fail'
        sessionEnd.end()
        return (await sessionEnd.waitForResume()) ? 'retry' : 'fail'
      }),
    [queryClient, sessionEnd],
  )
}

export function Providers({ locale, messages, children }: ProvidersProps) {
  const [queryClient] = useState(createQueryClient)
  const [sessionEnd] = useState(() => new SessionEndStore())
  useSessionEndHandler(queryClient, sessionEnd)
  return (
    <QueryClientProvider client={queryClient}>
      <SessionEndContext.Provider value={sessionEnd}>
        <LocaleProvider initialLocale={locale} initialMessages={messages}>
          <BrowserRouter>
            <LiveProvider>{children}</LiveProvider>
          </BrowserRouter>
        </LocaleProvider>
      </SessionEndContext.Provider>
    </QueryClientProvider>
  )
}
