// The account screens (set a password, set up the instance, change a password, forgot it) as one chunk.
export { ChangePasswordPage } from '../features/account/change-password-page.tsx'
export { SetPasswordPage } from '../features/account/set-password-page.tsx'
export { SetupPage } from '../features/account/setup-page.tsx'
export { ForgotPasswordPage } from '../features/auth/forgot-password-page.tsx'
