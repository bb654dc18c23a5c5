import { Heading1 } from '@utrecht/component-library-react'
import { useEffect } from 'react'
import { useT } from './use-t.ts'

interface PageHeadingProps {
  children: string
  id?: string
  /** The page's name in the document title when it is not the heading, e.g. "Projectgroep – <dossier>". */
  documentTitle?: string
}

/**
 * The one h1 of a page; also sets the document title. It can take focus (tabIndex -1) so the
 * layout can move focus to it after a client-side navigation, as a full page load would.
 */
export function PageHeading({ children, id, documentTitle }: PageHeadingProps) {
  const t = useT()
  const title = t('app.pageTitle', { page: documentTitle ?? children })
  useEffect(() => {
    document.title = title
  }, [title])
  return (
    <Heading1 id={id} tabIndex={-1} className="vp-page-heading">
      {children}
    </Heading1>
  )
}
