import { Button, Paragraph } from '@utrecht/component-library-react'
import { type ReactNode, useId, useRef } from 'react'
import { Dialog } from './dialog.tsx'
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

/** A confirmation in the modal Dialog: the question, an error if the action failed, confirm and cancel. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const t = useT()
  const cancelRef = useRef<HTMLButtonElement>(null)
  const bodyId = useId()

  return (
    <Dialog
      open={props.open}
      title={props.title}
      onCancel={props.onCancel}
      busy={props.busy}
      // The safe choice first: a stray Enter must not remove someone.
      initialFocus={cancelRef}
      returnFocus={props.returnFocus}
      describedBy={bodyId}
    >
      <div id={bodyId}>{props.children}</div>
      {props.error && (
        <div role="alert" className="vp-dialog__error">
          <Paragraph>{props.error}</Paragraph>
        </div>
      )}
      <div className="vp-form__actions">
        <Button appearance="primary-action-button" busy={props.busy} onClick={() => !props.busy && props.onConfirm()}>
          {props.confirmLabel}
        </Button>
        <Button ref={cancelRef} appearance="secondary-action-button" onClick={props.onCancel} disabled={props.busy}>
          {t('app.cancel')}
        </Button>
      </div>
    </Dialog>
  )
}
