import { Paragraph } from '@utrecht/component-library-react'
import { useT } from './use-t.ts'

export function Loading() {
  const t = useT()
  return (
    <Paragraph role="status" className="vp-loading">
      {t('app.loading')}
    </Paragraph>
  )
}
