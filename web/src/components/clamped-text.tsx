import { type CSSProperties, type ReactNode, useId, useLayoutEffect, useRef, useState } from 'react'
import { useT } from './use-t.ts'

interface ClampedTextProps {
  children: ReactNode
  /** Lines shown before "Toon meer". */
  lines?: number
  className?: string
}

/**
 * A long text in a list, cut to a few lines (CSS line-clamp) with "Toon meer" / "Toon minder": a
 * button with aria-expanded. Text that fits gets no button and no clamp. Printed in full (print.css).
 */
export function ClampedText({ children, lines = 6, className }: ClampedTextProps) {
  const t = useT()
  const id = useId()
  const ref = useRef<HTMLDivElement>(null)
  const [expanded, setExpanded] = useState(false)
  const [overflows, setOverflows] = useState(false)

  useLayoutEffect(() => {
    const element = ref.current
    if (!element || expanded) return
    const measure = () => setOverflows(element.scrollHeight > element.clientHeight + 1)
    measure()
    if (typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    return () => observer.disconnect()
  }, [expanded])

  const clamped = !expanded
  return (
    <div className="vp-clamp">
      <div
        id={id}
        ref={ref}
        className={`${className ?? ''}${clamped ? ' vp-clamp__text--clamped' : ''}`}
        style={{ '--vp-clamp-lines': lines } as CSSProperties}
      >
        {children}
      </div>
      {(overflows || expanded) && (
        <button
          type="button"
          className="vp-clamp__toggle"
          aria-expanded={expanded}
          aria-controls={id}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? t('clamp.less') : t('clamp.more')}
        </button>
      )}
    </div>
  )
}
