// The six step pages and the case's overview, loaded on demand when a case page needs them.
export { CaseDashboardPage } from '../features/cases/overview/case-dashboard-page.tsx'
export { StepPage } from '../features/cases/steps/step-page.tsx'
