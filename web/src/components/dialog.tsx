import { Heading2 } from '@utrecht/component-library-react'
import { type ReactNode, type RefObject, useEffect, useId, useRef } from 'react'

interface DialogProps {
  open: boolean
  title: string
  children: ReactNode
  /** Escape, or the dialog's own cancel button. Not called while `busy`. */
  onCancel: () => void
  busy?: boolean
  /** The element to focus when the dialog opens; by default the first focusable one. */
  initialFocus?: RefObject<HTMLElement | null>
  /** Where focus goes when the dialog closes; by default back where it was (the button that opened it). */
  returnFocus?: () => HTMLElement | null
  /** A wider dialog, e.g. for two versions side by side. */
  wide?: boolean
  /** The id of the element that says what the dialog is about, read with its title. */
  describedBy?: string
}

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])'

/**
 * A modal native <dialog>: showModal() makes the rest of the page inert; Tab and Shift+Tab go round
 * the dialog's controls; Escape cancels; on close focus returns to where it came from. Utrecht
 * 14.0.1 has only an alert dialog without this behaviour (shared/docs/FRONTEND.md, trap 5).
 */
export function Dialog(props: DialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null)
  const openerRef = useRef<HTMLElement | null>(null)
  const returnFocusRef = useRef(props.returnFocus)
  returnFocusRef.current = props.returnFocus
  const initialFocusRef = useRef(props.initialFocus)
  initialFocusRef.current = props.initialFocus
  const titleId = useId()

  useEffect(() => {
    const dialog = dialogRef.current
    if (!dialog || !props.open) return
    openerRef.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
    dialog.showModal()
    const first = initialFocusRef.current?.current ?? dialog.querySelector<HTMLElement>(FOCUSABLE)
    first?.focus()
    return () => {
      dialog.close()
      const target = returnFocusRef.current?.() ?? openerRef.current
      if (target?.isConnected) target.focus()
    }
  }, [props.open])

  return (
    <dialog
      ref={dialogRef}
      className={`utrecht-alert-dialog vp-dialog${props.wide ? ' vp-dialog--wide' : ''}`}
      aria-labelledby={props.open ? titleId : undefined}
      aria-describedby={props.open ? props.describedBy : undefined}
      onKeyDown={(event) => {
        if (event.key !== 'Tab' || !dialogRef.current) return
        // The browser would let Tab leave the page for its own toolbar; keep it going round the dialog.
        const focusable = [...dialogRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
          (el) => el.offsetParent !== null || el === document.activeElement,
        )
        const first = focusable[0]
        const last = focusable[focusable.length - 1]
        if (!first || !last) return
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault()
          last.focus()
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault()
          first.focus()
        }
      }}
      onCancel={(event) => {
        // Escape: let React state decide, so the dialog and the state never disagree.
        event.preventDefault()
        if (!props.busy) props.onCancel()
      }}
    >
      {props.open && (
        <div className="vp-dialog__content">
          <Heading2 id={titleId} className="vp-dialog__title">
            {props.title}
          </Heading2>
          {props.children}
        </div>
      )}
    </dialog>
  )
}
