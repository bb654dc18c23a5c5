import { Route, Routes } from 'react-router'
import { LoginPage } from '../features/auth/login-page.tsx'
import { DashboardPage } from '../features/dashboard/dashboard-page.tsx'
import { Layout } from './layout.tsx'
import { NotFoundPage } from './not-found-page.tsx'
import { RequireAuth } from './require-auth.tsx'

/** Paths are Dutch: they are part of what users see and share. */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path="/inloggen" element={<LoginPage />} />
        <Route element={<RequireAuth />}>
          <Route index element={<DashboardPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  )
}
