import type { ReactNode } from 'react'
import { Link } from 'react-router'

type Appearance = 'primary-action' | 'secondary-action' | 'subtle'

/** A link that looks like a Utrecht button and navigates inside the app (no page load). */
export function ButtonLink({ to, appearance, children }: { to: string; appearance: Appearance; children: ReactNode }) {
  return (
    <Link to={to} className={`utrecht-button-link utrecht-button-link--html-a utrecht-button-link--${appearance}`}>
      {children}
    </Link>
  )
}

/** An ordinary text link inside the app. */
export function TextLink({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  return (
    <Link to={to} className={`utrecht-link utrecht-link--html-a${className ? ` ${className}` : ''}`}>
      {children}
    </Link>
  )
}
