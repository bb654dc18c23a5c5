import './app/styles.ts'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { Providers } from './app/providers.tsx'
import { AppRoutes } from './app/routes.tsx'
import { readStoredLocale } from './i18n/locale.tsx'
import { loadMessages } from './i18n/messages.ts'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

const locale = readStoredLocale()
// Render once the messages are there, so no one ever sees message ids or a flash of Dutch.
void loadMessages(locale).then((messages) => {
  createRoot(root).render(
    <StrictMode>
      <Providers locale={locale} messages={messages}>
        <AppRoutes />
      </Providers>
    </StrictMode>,
  )
})
