import { Heading2 } from '@utrecht/component-library-react'
import type { ReactNode } from 'react'

/**
 * The heading of a sub-page inside a page with its own h1 (a case's Projectgroep, Activiteit).
 * After a navigation the layout puts focus here rather than on the h1 (see layout.tsx).
 */
export function SectionHeading({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <Heading2 id={id} tabIndex={-1} className="vp-page-heading" data-vp-focus="">
      {children}
    </Heading2>
  )
}
