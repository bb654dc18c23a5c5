import type { ReactNode } from 'react'

/**
 * Wraps a wide table so that on a narrow screen (320 px, 200% zoom) it scrolls on its own instead of
 * the page. The region is focusable so keyboard users can scroll it too, and named by the caption.
 */
export function ScrollTable({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1).
    <section className="vp-scroll-table" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </section>
  )
}
