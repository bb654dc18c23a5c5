import { Button } from '@utrecht/component-library-react'
import type { Case } from '@vp/shared'
import { DOCUMENT_FAMILIES, type DocumentFamily } from '@vp/shared/constants'
import { useEffect, useId, useRef, useState } from 'react'
import { type DocumentFilter, useDocuments } from '../../../api/documents.ts'
import { STEP_NUMBERS } from '../../../api/steps.ts'
import { LoadError } from '../../../components/errors.tsx'
import { SelectField } from '../../../components/form.tsx'
import { Heading } from '../../../components/heading.tsx'
import { Loading } from '../../../components/loading.tsx'
import { StatusRegion } from '../../../components/status-region.tsx'
import { useT } from '../../../components/use-t.ts'
import { caseOrganisations } from './audience-choice.tsx'
import { DocumentDialog } from './document-dialog.tsx'
import { DocumentTable } from './document-table.tsx'
import { UploadPanel, type UploadTarget } from './upload-panel.tsx'
import './documents.css'

type Sort = NonNullable<DocumentFilter['sort']>
const SORTS: Sort[] = ['newest', 'oldest', 'title']

interface DocumentsSectionProps {
  theCase: Case
  /** Which documents: of the case (empty), of a step, or of an item. */
  filter: DocumentFilter
  /** Where an upload goes. */
  target: UploadTarget
  /** The section's own heading; without it the page's heading (`labelledBy`) names the list. */
  heading?: { text: string; level: 3 | 4 | 5 | 6 }
  labelledBy?: string
  /** The drop zone's "where": "bij deze stap", "bij dit onderdeel", "in dit dossier". */
  where: string
  empty: string
  /** Filters on step, organisation and type, and sorting: on the Documenten page. */
  withFilters?: boolean
  compact?: boolean
}

/**
 * A list of documents with, while the case is active, the upload panel below it, and the detail of
 * one document in a dialog. Refreshes live: document events invalidate every list (live-cache.ts).
 */
export function DocumentsSection(props: DocumentsSectionProps) {
  const { theCase } = props
  const t = useT()
  const [step, setStep] = useState('')
  const [organisationId, setOrganisationId] = useState('')
  const [family, setFamily] = useState('')
  const [sort, setSort] = useState<Sort>('newest')
  const [openId, setOpenId] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const focusHeading = useRef(false)
  const ownHeadingId = useId()
  const headingId = props.heading ? ownHeadingId : (props.labelledBy ?? ownHeadingId)

  const filter: DocumentFilter = props.withFilters
    ? {
        ...props.filter,
        ...(step ? { step: Number(step) } : {}),
        ...(organisationId ? { organisationId } : {}),
        ...(family ? { family: family as DocumentFamily } : {}),
        sort,
      }
    : props.filter
  const query = useDocuments(theCase.id, filter)
  const documents = query.data?.pages.flatMap((p) => p.items) ?? []
  const space = query.data?.pages[0]?.space
  const active = theCase.status === 'active'

  // After a delete the row that opened the dialog is gone: focus the list's heading instead.
  useEffect(() => {
    if (!focusHeading.current || openId) return
    focusHeading.current = false
    ;(headingRef.current ?? document.getElementById(headingId))?.focus()
  })

  const heading = props.heading && (
    <Heading
      level={props.heading.level}
      id={headingId}
      ref={headingRef}
      tabIndex={-1}
      className="vp-documents__heading"
    >
      {query.isSuccess && !query.hasNextPage
        ? t('item.listHeading', { heading: props.heading.text, count: documents.length })
        : props.heading.text}
    </Heading>
  )

  return (
    <section
      aria-labelledby={props.heading ? headingId : undefined}
      className="vp-documents-section"
      data-testid="documents"
    >
      {heading}
      {props.withFilters && (
        <div className="vp-filters">
          <SelectField
            name="step"
            label={t('documents.filter.step')}
            value={step}
            placeholder={t('documents.filter.allSteps')}
            options={STEP_NUMBERS.map((n) => ({
              value: String(n),
              label: t('step.heading', { n, name: t(`step.${n}`) }),
            }))}
            onChange={setStep}
          />
          <SelectField
            name="organisationId"
            label={t('documents.filter.organisation')}
            value={organisationId}
            placeholder={t('documents.filter.allOrganisations')}
            options={caseOrganisations(theCase).map((o) => ({ value: o.id, label: o.name }))}
            onChange={setOrganisationId}
          />
          <SelectField
            name="family"
            label={t('documents.filter.family')}
            value={family}
            placeholder={t('documents.filter.allFamilies')}
            options={DOCUMENT_FAMILIES.map((f) => ({ value: f, label: t(`documents.family.${f}`) }))}
            onChange={setFamily}
          />
          <SelectField
            name="sort"
            label={t('documents.sort')}
            value={sort}
            options={SORTS.map((s) => ({ value: s, label: t(`documents.sort.${s}`) }))}
            onChange={(value) => setSort(value as Sort)}
          />
        </div>
      )}
      <StatusRegion>{status}</StatusRegion>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError onRetry={() => void query.refetch()} />
      ) : (
        <DocumentTable
          theCase={theCase}
          documents={documents}
          labelledBy={headingId}
          empty={props.empty}
          compact={props.compact}
          onOpen={(id) => {
            setStatus(null)
            setOpenId(id)
          }}
        />
      )}
      {query.hasNextPage && (
        <Button
          appearance="secondary-action-button"
          busy={query.isFetchingNextPage}
          onClick={() => !query.isFetchingNextPage && void query.fetchNextPage()}
        >
          {t('app.loadMore')}
        </Button>
      )}
      {active && (
        <UploadPanel
          theCase={theCase}
          target={props.target}
          space={space}
          level={props.heading ? (Math.min(props.heading.level + 1, 6) as 4 | 5 | 6) : 3}
          where={props.where}
        />
      )}
      {openId && (
        <DocumentDialog
          theCase={theCase}
          documentId={openId}
          onClose={() => setOpenId(null)}
          onDeleted={(title) => {
            focusHeading.current = true
            setOpenId(null)
            setStatus(t('documents.deleted', { title }))
          }}
        />
      )}
    </section>
  )
}
