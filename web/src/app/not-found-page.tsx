import { Paragraph } from '@utrecht/component-library-react'
import { Link } from 'react-router'
import { PageHeading } from '../components/page-heading.tsx'
import { useT } from '../components/use-t.ts'

export function NotFoundPage() {
  const t = useT()
  return (
    <>
      <PageHeading>{t('notFound.title')}</PageHeading>
      <Paragraph>{t('notFound.body')}</Paragraph>
      <Paragraph>
        <Link to="/" className="utrecht-link utrecht-link--html-a">
          {t('notFound.home')}
        </Link>
      </Paragraph>
    </>
  )
}
