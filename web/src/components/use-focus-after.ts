import { useEffect, useRef } from 'react'

/**
 * Moves focus to `ref` once it is rendered, after `request()`: for a button that comes back when a
 * form closes, or a message that appears after a save. Waiting for the render (rather than a timer)
 * makes sure the element exists.
 */
export function useFocusAfter<T extends HTMLElement>() {
  const ref = useRef<T>(null)
  const pending = useRef(false)
  useEffect(() => {
    if (pending.current && ref.current) {
      pending.current = false
      ref.current.focus()
    }
  })
  return {
    ref,
    request: () => {
      pending.current = true
    },
  }
}
