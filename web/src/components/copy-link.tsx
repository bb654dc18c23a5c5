import { Button, FormFieldTextbox } from '@utrecht/component-library-react'
import { useState } from 'react'
import { useT } from './use-t.ts'

/**
 * A single-use link to pass on personally, in a read-only field (selectable by hand) with a copy
 * button. The clipboard can be refused (permissions, insecure origin); then we say so.
 */
export function CopyLink({ link, label }: { link: string; label: string }) {
  const t = useT()
  const [result, setResult] = useState<'copied' | 'failed' | null>(null)
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link)
      setResult('copied')
    } catch {
      setResult('failed')
    }
  }
  return (
    <div className="vp-copy-link">
      <FormFieldTextbox
        name="link"
        label={label}
        readOnly
        value={link}
        onFocus={(event) => (event.target as HTMLInputElement).select()}
      />
      <div className="vp-form__actions">
        <Button appearance="secondary-action-button" onClick={() => void copy()}>
          {t('copyLink.button')}
        </Button>
        <p role="status" className="vp-copy-link__status">
          {result === 'copied' && t('copyLink.copied')}
          {result === 'failed' && t('copyLink.failed')}
        </p>
      </div>
    </div>
  )
}
