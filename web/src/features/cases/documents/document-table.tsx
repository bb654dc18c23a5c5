import { StatusBadge } from '@utrecht/component-library-react'
import type { Case, DocumentView } from '@vp/shared'
import { useIntl } from 'react-intl'
import { type Column, DataTable } from '../../../components/data-table.tsx'
import { useDates } from '../../../components/dates.ts'
import { useT } from '../../../components/use-t.ts'
import { describeAudience } from '../steps/audience.ts'
import { caseOrganisations } from './audience-choice.tsx'
import { formatBytes } from './format.ts'

interface DocumentTableProps {
  theCase: Case
  documents: DocumentView[]
  labelledBy: string
  empty: string
  /** Title, who and "gelezen" only: for the narrow space on an item. */
  compact?: boolean
  onOpen: (documentId: string) => void
}

/**
 * The documents of a list, one row each: title (opens the detail), type and size, who and when,
 * version and how many have read it. One outside the audience is a placeholder row: from which
 * organisation and when, with no name and nothing to open.
 */
export function DocumentTable({ theCase, documents, labelledBy, empty, compact, onOpen }: DocumentTableProps) {
  const t = useT()
  const intl = useIntl()
  const dates = useDates()
  const organisations = caseOrganisations(theCase)

  const columns: Column<DocumentView>[] = [
    {
      key: 'title',
      header: t('documents.column.title'),
      cell: (d) =>
        d.restricted ? (
          <span className="vp-document__restricted">
            <span aria-hidden="true">🔒 </span>
            {t('documents.restricted', {
              organisation: d.uploaderOrganisation.name,
              date: dates.date(d.createdAt),
            })}
          </span>
        ) : (
          <>
            <button type="button" className="vp-document__open" id={`document-${d.id}`} onClick={() => onOpen(d.id)}>
              {d.title}
            </button>
            {d.audience && (
              <span className="vp-badges vp-document__badges">
                <StatusBadge status="warning">
                  {(() => {
                    const audience = describeAudience(d.audience, organisations)
                    return audience.isDriehoek
                      ? t('audience.badgeDriehoek')
                      : t('audience.badge', { names: intl.formatList(audience.names) })
                  })()}
                </StatusBadge>
              </span>
            )}
          </>
        ),
    },
    {
      key: 'type',
      header: t('documents.column.type'),
      // Type and size in one column: seven columns would not fit beside the case navigation.
      cell: (d) => (d.restricted ? '' : `${t(`documents.family.${d.family}`)}, ${formatBytes(intl, d.size)}`),
    },
    {
      key: 'who',
      header: t('documents.column.who'),
      cell: (d) =>
        d.restricted
          ? ''
          : d.uploadedBy
            ? t('person.withOrganisation', { name: d.uploadedBy.name, organisation: d.uploaderOrganisation.name })
            : d.uploaderOrganisation.name,
    },
    {
      key: 'when',
      header: t('documents.column.when'),
      cell: (d) => (d.restricted ? '' : <time dateTime={d.updatedAt}>{dates.short(d.updatedAt)}</time>),
    },
    {
      key: 'version',
      header: t('documents.column.version'),
      numeric: true,
      cell: (d) => (d.restricted ? '' : d.currentVersion),
    },
    {
      key: 'read',
      header: t('documents.column.read'),
      cell: (d) =>
        d.restricted ? (
          ''
        ) : (
          <>
            {t('documents.readBy', { count: d.acknowledgementCount })}
            {d.acknowledgedVersion !== null && <span className="vp-document__mine"> {t('documents.readByMe')}</span>}
          </>
        ),
    },
  ]
  const shown = compact ? columns.filter((c) => ['title', 'who', 'read'].includes(c.key)) : columns

  return (
    <DataTable
      labelledBy={labelledBy}
      columns={shown}
      rows={documents}
      rowKey={(d) => d.id}
      rowClassName={(d) => (d.restricted ? 'vp-document--restricted' : undefined)}
      empty={empty}
      className="vp-documents"
    />
  )
}
