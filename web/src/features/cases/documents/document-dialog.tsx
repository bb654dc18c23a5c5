import { useQueryClient } from '@tanstack/react-query'
import { Button, ButtonLink, Paragraph } from '@utrecht/component-library-react'
import type { Case, DocumentDetail } from '@vp/shared'
import { DOCUMENT_ACCEPT } from '@vp/shared/constants'
import { type ReactNode, useId, useRef, useState } from 'react'
import { useIntl } from 'react-intl'
import { useCurrentUser } from '../../../api/auth.ts'
import { ApiError } from '../../../api/client.ts'
import {
  documentContentUrl,
  invalidateDocuments,
  uploadDocumentVersion,
  useAcknowledgeDocument,
  useDeleteDocument,
  useDocument,
} from '../../../api/documents.ts'
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx'
import { useDates } from '../../../components/dates.ts'
import { Dialog } from '../../../components/dialog.tsx'
import { FormAlert, isNotFound, LoadError, useDescribeError } from '../../../components/errors.tsx'
import { Heading } from '../../../components/heading.tsx'
import { Loading } from '../../../components/loading.tsx'
import { Notice } from '../../../components/notice.tsx'
import { StatusRegion } from '../../../components/status-region.tsx'
import { useT } from '../../../components/use-t.ts'
import { describeAudience } from '../steps/audience.ts'
import { caseOrganisations } from './audience-choice.tsx'
import { EditDocumentForm } from './edit-document-form.tsx'
import { allowedList, formatBytes } from './format.ts'

interface DocumentDialogProps {
  theCase: Case
  documentId: string
  onClose: () => void
  onDeleted: (title: string) => void
}

/**
 * One document: its facts, every version with a download link, "Markeer als gelezen", who has read
 * it per organisation; and for those with the abilities: a new version, change, delete.
 */
export function DocumentDialog({ theCase, documentId, onClose, onDeleted }: DocumentDialogProps) {
  const t = useT()
  const dates = useDates()
  // While it is being deleted, a live refresh must not ask for it again (that would only meet a 404).
  const [deleting, setDeleting] = useState(false)
  const query = useDocument(theCase.id, documentId, !deleting)
  const doc = query.data
  const title = doc && !doc.restricted ? doc.title : t('documents.detail.title')

  return (
    <Dialog open title={title} onCancel={onClose} wide>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        isNotFound(query.error) ? (
          <Paragraph>{t('documents.detail.gone')}</Paragraph>
        ) : (
          <LoadError onRetry={() => void query.refetch()} />
        )
      ) : doc!.restricted ? (
        <Paragraph>
          {t('documents.restricted', {
            organisation: doc!.uploaderOrganisation.name,
            date: dates.date(doc!.createdAt),
          })}
        </Paragraph>
      ) : (
        <DocumentDetailBody theCase={theCase} doc={doc!} onDeleting={setDeleting} onDeleted={onDeleted} />
      )}
      <div className="vp-form__actions vp-document-dialog__close">
        <Button appearance="secondary-action-button" onClick={onClose}>
          {t('app.close')}
        </Button>
      </div>
    </Dialog>
  )
}

interface DocumentDetailBodyProps {
  theCase: Case
  doc: DocumentDetail
  onDeleting: (deleting: boolean) => void
  onDeleted: (title: string) => void
}

function DocumentDetailBody(props: DocumentDetailBodyProps) {
  const { theCase, doc } = props
  const t = useT()
  const intl = useIntl()
  const dates = useDates()
  const me = useCurrentUser()
  const describeError = useDescribeError()
  const acknowledge = useAcknowledgeDocument(theCase.id)
  const remove = useDeleteDocument(theCase.id)
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [status, setStatus] = useState<string | null>(null)
  const editButton = useRef<HTMLButtonElement>(null)
  const active = theCase.status === 'active'

  const audience = doc.audience ? describeAudience(doc.audience, caseOrganisations(theCase)) : null
  const mine = doc.acknowledgements.flatMap((g) => g.people).filter((p) => p.person.userId === me.id)
  const readAt = mine.reduce<string | null>(
    (last, p) => (!last || p.acknowledgedAt > last ? p.acknowledgedAt : last),
    null,
  )
  // Who has read it or downloaded it, per organisation; the others named once, in one line.
  const readGroups = doc.acknowledgements.filter((g) => g.people.length > 0 || g.downloadedBy > 0)
  const unread = doc.acknowledgements.filter((g) => g.people.length === 0).map((g) => g.organisation.name)
  const readCurrent = doc.acknowledgedVersion !== null && doc.acknowledgedVersion >= doc.currentVersion
  const uploader = doc.uploadedBy
    ? t('person.withOrganisation', { name: doc.uploadedBy.name, organisation: doc.uploaderOrganisation.name })
    : doc.uploaderOrganisation.name
  const place = doc.itemId
    ? t('documents.where.item', { step: doc.step ?? 0 })
    : doc.step
      ? t('step.heading', { n: doc.step, name: t(`step.${doc.step as 1 | 2 | 3 | 4 | 5 | 6}`) })
      : t('documents.where.case')

  if (editing) {
    return (
      <EditDocumentForm
        theCase={theCase}
        doc={doc}
        onDone={(saved) => {
          setEditing(false)
          if (saved) setStatus(t('documents.saved', { title: saved }))
          requestAnimationFrame(() => editButton.current?.focus())
        }}
      />
    )
  }

  return (
    <div className="vp-document-detail">
      <StatusRegion>{status}</StatusRegion>
      {doc.warnings.length > 0 && doc.abilities.update && (
        <Notice type="warning">
          <Paragraph>
            {t('documents.personalData', { matches: intl.formatList(doc.warnings.map((w) => `“${w.match}”`)) })}
          </Paragraph>
          <Paragraph>{t('personalData.advice')}</Paragraph>
        </Notice>
      )}
      <dl className="vp-facts">
        <div>
          <dt>{t('documents.fact.file')}</dt>
          <dd className="vp-document__file">{doc.fileName}</dd>
        </div>
        <div>
          <dt>{t('documents.column.type')}</dt>
          <dd>
            {t(`documents.family.${doc.family}`)}, {formatBytes(intl, doc.size)}
          </dd>
        </div>
        <div>
          <dt>{t('documents.fact.added')}</dt>
          <dd>
            {uploader}, <time dateTime={doc.createdAt}>{dates.date(doc.createdAt)}</time>
          </dd>
        </div>
        <div>
          <dt>{t('documents.fact.place')}</dt>
          <dd>{place}</dd>
        </div>
        <div>
          <dt>{t('documents.fact.audience')}</dt>
          <dd>
            {!audience
              ? t('audience.all')
              : audience.isDriehoek
                ? t('audience.driehoek')
                : intl.formatList(audience.names)}
          </dd>
        </div>
      </dl>

      <div className="vp-document-detail__actions">
        <ButtonLink
          appearance="primary-action-button"
          href={documentContentUrl(theCase.id, doc.id)}
          download={doc.fileName}
        >
          {t('documents.download')}
          <span className="vp-visually-hidden"> ({doc.title})</span>
        </ButtonLink>
        {readCurrent ? (
          <Paragraph className="vp-document-detail__read">
            {readAt ? t('documents.readOn', { date: dates.dateTime(readAt) }) : t('documents.readByMe')}
          </Paragraph>
        ) : (
          doc.abilities.acknowledge && (
            <Button
              appearance="secondary-action-button"
              busy={acknowledge.isPending}
              onClick={() => {
                if (acknowledge.isPending) return
                acknowledge.mutate(
                  { documentId: doc.id },
                  { onSuccess: () => setStatus(t('documents.acknowledged', { title: doc.title })) },
                )
              }}
            >
              {doc.acknowledgedVersion === null
                ? t('documents.acknowledge')
                : t('documents.acknowledgeVersion', { n: doc.currentVersion })}
            </Button>
          )
        )}
        {active && doc.abilities.update && (
          <Button ref={editButton} appearance="secondary-action-button" onClick={() => setEditing(true)}>
            {t('app.edit')}
          </Button>
        )}
        {active && doc.abilities.delete && (
          <Button
            appearance="subtle-button"
            className="vp-button--danger"
            onClick={() => {
              remove.reset()
              setConfirming(true)
            }}
          >
            {t('documents.delete')}
          </Button>
        )}
      </div>
      {acknowledge.error && <FormAlert>{describeError(acknowledge.error)}</FormAlert>}

      {active && doc.abilities.addVersion && <VersionUpload theCase={theCase} doc={doc} onAdded={setStatus} />}

      <Heading level={3} className="vp-document-detail__heading">
        {t('documents.versions')}
      </Heading>
      <ol className="vp-document-versions" reversed>
        {[...doc.versions]
          .sort((a, b) => b.number - a.number)
          .map((v) => (
            <li key={v.number}>
              <span className="vp-document-versions__what">
                {t('documents.version', { n: v.number })}: <span className="vp-document__file">{v.fileName}</span>,{' '}
                {formatBytes(intl, v.size)}
              </span>
              <span className="vp-muted">
                {' '}
                {v.uploadedBy
                  ? t('person.withOrganisation', {
                      name: v.uploadedBy.name,
                      organisation: v.uploadedByOrganisation.name,
                    })
                  : v.uploadedByOrganisation.name}
                , <time dateTime={v.createdAt}>{dates.dateTime(v.createdAt)}</time>
              </span>{' '}
              <a
                className="utrecht-link utrecht-link--html-a"
                href={documentContentUrl(theCase.id, doc.id, v.number)}
                download={v.fileName}
              >
                {t('documents.downloadVersion', { n: v.number })}
              </a>
            </li>
          ))}
      </ol>

      <Heading level={3} className="vp-document-detail__heading">
        {t('documents.readHeading')}
      </Heading>
      {readGroups.length === 0 ? (
        <Paragraph className="vp-muted">{t('documents.readByNobody')}</Paragraph>
      ) : (
        <ul className="vp-document-reads">
          {readGroups.map((group) => (
            <li key={group.organisation.id}>
              <span className="vp-document-reads__organisation">{group.organisation.name}</span>:{' '}
              {group.people.length === 0
                ? t('documents.readByNobodyOf')
                : intl.formatList(
                    group.people.map((p) =>
                      t('documents.readPerson', { name: p.person.name, date: dates.short(p.acknowledgedAt) }),
                    ),
                  )}
              {group.downloadedBy > 0 && (
                <span className="vp-muted">
                  {'; '}
                  {t('documents.downloadedBy', { count: group.downloadedBy })}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {unread.length > 0 && readGroups.length > 0 && (
        <Paragraph>{t('documents.notReadBy', { organisations: intl.formatList(unread) })}</Paragraph>
      )}

      <ConfirmDialog
        open={confirming}
        title={t('documents.deleteConfirm.title', { title: doc.title })}
        confirmLabel={t('documents.delete')}
        busy={remove.isPending}
        error={remove.error ? describeError(remove.error) : undefined}
        returnFocus={() => null}
        onConfirm={() => {
          props.onDeleting(true)
          remove
            .mutateAsync({ documentId: doc.id, version: doc.version })
            .then(() => {
              setConfirming(false)
              props.onDeleted(doc.title)
            })
            .catch(() => props.onDeleting(false))
        }}
        onCancel={() => setConfirming(false)}
      >
        <Paragraph>{t('documents.deleteConfirm.body')}</Paragraph>
      </ConfirmDialog>
    </div>
  )
}

/** "Nieuwe versie uploaden": one file, sent on top of the version shown, with its progress. */
function VersionUpload(props: { theCase: Case; doc: DocumentDetail; onAdded: (status: string) => void }) {
  const { theCase, doc } = props
  const t = useT()
  const intl = useIntl()
  const queryClient = useQueryClient()
  const describeError = useDescribeError()
  const inputRef = useRef<HTMLInputElement>(null)
  const progressId = useId()
  const [progress, setProgress] = useState<number | null>(null)
  const [error, setError] = useState<ReactNode>(null)

  const send = async (file: File) => {
    setError(null)
    setProgress(0)
    try {
      const saved = await uploadDocumentVersion(theCase.id, doc.id, doc.version, file, {
        onProgress: (sent, total) => setProgress(total > 0 ? Math.round((sent / total) * 100) : 0),
      })
      props.onAdded(t('documents.versionAdded', { n: saved.currentVersion }))
    } catch (err) {
      if (err instanceof ApiError && err.status === 413) setError(t('documents.error.noSpaceOrSize'))
      else if (err instanceof ApiError && err.status === 415)
        setError(t('documents.error.type', { allowed: allowedList(intl) }))
      else if (err instanceof ApiError && err.status === 429) setError(t('documents.error.tooMany'))
      else setError(describeError(err))
    } finally {
      setProgress(null)
      void invalidateDocuments(queryClient, theCase.id)
    }
  }

  return (
    <div className="vp-document-detail__version-upload">
      <Button
        appearance="secondary-action-button"
        busy={progress !== null}
        onClick={() => progress === null && inputRef.current?.click()}
      >
        {t('documents.newVersion')}
      </Button>
      <input
        ref={inputRef}
        type="file"
        accept={DOCUMENT_ACCEPT}
        hidden
        tabIndex={-1}
        aria-hidden="true"
        onChange={(event) => {
          const file = event.target.files?.[0]
          event.target.value = ''
          if (file) void send(file)
        }}
      />
      {progress !== null && (
        <div className="vp-upload__progress">
          <label htmlFor={progressId}>{t('documents.upload.progressVersion')}</label>
          <progress id={progressId} max={100} value={progress}>
            {progress}%
          </progress>
          <span aria-hidden="true">{progress}%</span>
        </div>
      )}
      {error && <FormAlert>{error}</FormAlert>}
    </div>
  )
}
