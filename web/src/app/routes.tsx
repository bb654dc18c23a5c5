import { lazy } from 'react'
import { Outlet, Route, Routes } from 'react-router'
import { useCurrentUser } from '../api/auth.ts'
import { LoginPage } from '../features/auth/login-page.tsx'
import { Layout } from './layout.tsx'
import { NotFoundPage } from './not-found-page.tsx'
import { RequireAuth } from './require-auth.tsx'

// Every screen but the login page loads on demand, to keep the first route within 150 KB gzip JS.
// Pages of one feature share a chunk.
const DashboardPage = lazy(() =>
  import('../features/dashboard/dashboard-page.tsx').then((m) => ({ default: m.DashboardPage })),
)
const cases = () => import('./case-pages.ts')
const NewCasePage = lazy(() => cases().then((m) => ({ default: m.NewCasePage })))
const CaseLayout = lazy(() => cases().then((m) => ({ default: m.CaseLayout })))
const steps = () => import('./step-pages.ts')
const CaseDashboardPage = lazy(() => steps().then((m) => ({ default: m.CaseDashboardPage })))
const StepPage = lazy(() => steps().then((m) => ({ default: m.StepPage })))
const ProjectGroupPage = lazy(() => cases().then((m) => ({ default: m.ProjectGroupPage })))
const ActivityPage = lazy(() => cases().then((m) => ({ default: m.ActivityPage })))
const DocumentsPage = lazy(() => cases().then((m) => ({ default: m.DocumentsPage })))
const SummaryPage = lazy(() => cases().then((m) => ({ default: m.SummaryPage })))
const AcceptInvitationPage = lazy(() =>
  import('../features/invitations/accept-invitation-page.tsx').then((m) => ({ default: m.AcceptInvitationPage })),
)
const account = () => import('./account-pages.ts')
const SetPasswordPage = lazy(() => account().then((m) => ({ default: m.SetPasswordPage })))
const SetupPage = lazy(() => account().then((m) => ({ default: m.SetupPage })))
const ChangePasswordPage = lazy(() => account().then((m) => ({ default: m.ChangePasswordPage })))
const ForgotPasswordPage = lazy(() => account().then((m) => ({ default: m.ForgotPasswordPage })))
const notifications = () => import('./notification-pages.ts')
const NotificationsPage = lazy(() => notifications().then((m) => ({ default: m.NotificationsPage })))
const AccountPage = lazy(() => notifications().then((m) => ({ default: m.AccountPage })))
const AdminPage = lazy(() => import('../features/admin/admin-page.tsx').then((m) => ({ default: m.AdminPage })))

/** Beheer is for the instance's admins; anyone else gets the page that does not exist. */
function RequireAdmin() {
  const user = useCurrentUser()
  return user.isAdmin ? <Outlet /> : <NotFoundPage />
}

/** Paths are Dutch: they are part of what users see and share. */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path="/inloggen" element={<LoginPage />} />
        <Route path="/uitnodiging/:token" element={<AcceptInvitationPage />} />
        <Route path="/wachtwoord-instellen/:token" element={<SetPasswordPage />} />
        <Route path="/wachtwoord-vergeten" element={<ForgotPasswordPage />} />
        <Route path="/inrichten/:token" element={<SetupPage />} />
        <Route element={<RequireAuth />}>
          <Route index element={<DashboardPage />} />
          <Route path="/dossiers/nieuw" element={<NewCasePage />} />
          <Route path="/dossiers/:caseId" element={<CaseLayout />}>
            <Route index element={<CaseDashboardPage />} />
            <Route path="stap/:step" element={<StepPage />} />
            <Route path="projectgroep" element={<ProjectGroupPage />} />
            <Route path="documenten" element={<DocumentsPage />} />
            <Route path="activiteit" element={<ActivityPage />} />
            <Route path="samenvatting" element={<SummaryPage />} />
          </Route>
          <Route path="/meldingen" element={<NotificationsPage />} />
          <Route path="/account" element={<AccountPage />} />
          <Route path="/account/wachtwoord" element={<ChangePasswordPage />} />
          <Route element={<RequireAdmin />}>
            <Route path="/beheer" element={<AdminPage />} />
          </Route>
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  )
}
