import { Paragraph } from '@utrecht/component-library-react'
import { SectionHeading } from '../../../components/section-heading.tsx'
import { useT } from '../../../components/use-t.ts'
import { useCaseContext } from '../case-layout.tsx'
import { DocumentsSection } from './documents-section.tsx'

/** `/dossiers/:caseId/documenten`: every document of the case, filtered and sorted, and uploads to the case. */
export function DocumentsPage() {
  const t = useT()
  const theCase = useCaseContext()
  return (
    <section aria-labelledby="documenten" className="vp-section">
      <SectionHeading id="documenten">{t('documents.title')}</SectionHeading>
      <Paragraph>{t('documents.intro')}</Paragraph>
      <DocumentsSection
        theCase={theCase}
        filter={{}}
        target={{}}
        labelledBy="documenten"
        where={t('documents.where.inCase')}
        empty={t('documents.none')}
        withFilters
      />
    </section>
  )
}
