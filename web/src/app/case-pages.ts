// The case screens, loaded together as one chunk when the first of them is opened.
export { ActivityPage } from '../features/cases/activity-page.tsx'
export { CaseLayout } from '../features/cases/case-layout.tsx'
export { DocumentsPage } from '../features/cases/documents/documents-page.tsx'
export { NewCasePage } from '../features/cases/new-case-page.tsx'
export { ProjectGroupPage } from '../features/cases/project-group-page.tsx'
export { SummaryPage } from '../features/cases/summary/summary-page.tsx'
