import { Button, Heading2, Paragraph } from '@utrecht/component-library-react'
import { type ReactNode, useEffect, useId, useRef } from 'react'
import { useT } from './use-t.ts'

interface ConfirmDialogProps {
  open: boolean
  title: string
  children: ReactNode
  confirmLabel: string
  onConfirm: () => void
  onCancel: () => void
  busy?: boolean
  /** Why the action failed, shown in the dialog so the user can try again or cancel. */
  error?: ReactNode
  /**
   * Where focus goes when the dialog closes. Default: back where it was (the button that opened it);
   * give another element when the action removes that button.
   */
  returnFocus?: () => HTMLElement | null
}

/**
 * A confirmation in a native modal <dialog>: showModal() makes the rest of the page inert, and Tab
 * goes round the dialog's buttons; Escape cancels; on close focus goes back to where it came from. Utrecht 14.0.1 has
 * only an alert dialog without this behaviour (shared/docs/FRONTEND.md, trap 5).
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const t = useT()
  const dialogRef = useRef<HTMLDialogElement>(null)
  const cancelRef = useRef<HTMLButtonElement>(null)
  const openerRef = useRef<HTMLElement | null>(null)
  const returnFocusRef = useRef(props.returnFocus)
  returnFocusRef.current = props.returnFocus
  const titleId = useId()
  const bodyId = useId()

  useEffect(() => {
    const dialog = dialogRef.current
    if (!dialog || !props.open) return
    openerRef.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
    dialog.showModal()
    // The safe choice first: a stray Enter must not remove someone.
    cancelRef.current?.focus()
    return () => {
      dialog.close()
      const target = returnFocusRef.current?.() ?? openerRef.current
      if (target?.isConnected) target.focus()
    }
  }, [props.open])

  return (
    <dialog
      ref={dialogRef}
      className="utrecht-alert-dialog vp-dialog"
      aria-labelledby={props.open ? titleId : undefined}
      aria-describedby={props.open ? bodyId : undefined}
      onKeyDown={(event) => {
        if (event.key !== 'Tab' || !dialogRef.current) return
        // The browser would let Tab leave the page for its own toolbar; keep it going round the dialog.
        const focusable = [
          ...dialogRef.current.querySelectorAll<HTMLElement>('button:not([disabled]), [href], input, textarea, select'),
        ]
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
          <div id={bodyId}>{props.children}</div>
          {props.error && (
            <div role="alert" className="vp-dialog__error">
              <Paragraph>{props.error}</Paragraph>
            </div>
          )}
          <div className="vp-form__actions">
            <Button
              appearance="primary-action-button"
              busy={props.busy}
              onClick={() => !props.busy && props.onConfirm()}
            >
              {props.confirmLabel}
            </Button>
            <Button ref={cancelRef} appearance="secondary-action-button" onClick={props.onCancel} disabled={props.busy}>
              {t('app.cancel')}
            </Button>
          </div>
        </div>
      )}
    </dialog>
  )
}
