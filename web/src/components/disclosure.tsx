import { type ReactNode, useState } from 'react'

interface DisclosureProps {
  summary: ReactNode
  children: ReactNode
  className?: string
  /** Controlled: open or not; with onToggle. */
  open?: boolean
  onToggle?: (open: boolean) => void
}

/**
 * A native details/summary whose content is rendered only while it is open. Chromium lays out the
 * content of a closed details element, so a wide table inside it would widen the page at 320 px.
 */
export function Disclosure({ summary, children, className, open, onToggle }: DisclosureProps) {
  const [own, setOwn] = useState(false)
  const isOpen = open ?? own
  return (
    <details
      className={`vp-details${className ? ` ${className}` : ''}`}
      open={isOpen}
      onToggle={(event) => {
        const next = (event.target as HTMLDetailsElement).open
        if (next === isOpen) return
        setOwn(next)
        onToggle?.(next)
      }}
    >
      <summary>{summary}</summary>
      {isOpen && children}
    </details>
  )
}
