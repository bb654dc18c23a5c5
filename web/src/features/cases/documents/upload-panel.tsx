import { useQueryClient } from '@tanstack/react-query'
import { Button, Paragraph } from '@utrecht/component-library-react'
import type { Case, Document, DocumentSpace } from '@vp/shared'
import { DOCUMENT_ACCEPT, documentTypeOf } from '@vp/shared/constants'
import { type DragEvent, type ReactNode, useId, useRef, useState } from 'react'
import { useIntl } from 'react-intl'
import { ApiError } from '../../../api/client.ts'
import { invalidateDocuments, uploadDocument } from '../../../api/documents.ts'
import { ServerText, useDescribeError } from '../../../components/errors.tsx'
import { TextField } from '../../../components/form.tsx'
import { Heading } from '../../../components/heading.tsx'
import { StatusRegion } from '../../../components/status-region.tsx'
import { useT } from '../../../components/use-t.ts'
import { AudienceChoice, type AudienceValue, audienceOf } from './audience-choice.tsx'
import { allowedList, formatBytes, titleOf } from './format.ts'

/** Until the list has said how many uploads the server takes at once, its default. */
const DEFAULT_PARALLEL_UPLOADS = 3

interface UploadRow {
  key: string
  file: File
  title: string
  status: 'ready' | 'sending' | 'failed'
  sent: number
  total: number
  error: ReactNode | null
}

export interface UploadTarget {
  step?: number | null
  itemId?: string | null
}

interface UploadPanelProps {
  theCase: Case
  target: UploadTarget
  /** Space left, from the last list; unknown until it has loaded. */
  space: DocumentSpace | undefined
  level: 3 | 4 | 5 | 6
  /** A short name of where the files go, for the drop zone's label: "bij dit onderdeel". */
  where: string
}

let nextKey = 1

/**
 * Adding files: a normal file button (the control), a drop zone around it (an enhancement), then a
 * row per file with its title, one audience for them all, and a progress bar per file while it is
 * sent. A file that fails keeps its row with the reason, so it can be tried again.
 */
export function UploadPanel({ theCase, target, space, level, where }: UploadPanelProps) {
  const t = useT()
  const intl = useIntl()
  const queryClient = useQueryClient()
  const describeError = useDescribeError()
  const [rows, setRows] = useState<UploadRow[]>([])
  const [audience, setAudience] = useState<AudienceValue>({ mode: 'all', organisations: [] })
  const [dragging, setDragging] = useState(false)
  const [status, setStatus] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  const inputRef = useRef<HTMLInputElement>(null)
  const chooseRef = useRef<HTMLButtonElement>(null)
  const headingId = useId()
  const spaceId = useId()

  const update = (key: string, change: Partial<UploadRow>) =>
    setRows((all) => all.map((r) => (r.key === key ? { ...r, ...change } : r)))

  /** What is wrong with a file before it is sent: a type or size the server would refuse anyway. */
  const precheck = (file: File): ReactNode | null => {
    if (!documentTypeOf(file.name)) return t('documents.error.type', { allowed: allowedList(intl) })
    if (space && file.size > space.maxFileBytes) {
      return t('documents.error.tooLarge', { max: formatBytes(intl, space.maxFileBytes) })
    }
    return null
  }

  const addFiles = (files: FileList | File[] | null) => {
    if (!files || files.length === 0) return
    setStatus(null)
    const added = [...files].map((file): UploadRow => {
      const error = precheck(file)
      return {
        key: String(nextKey++),
        file,
        title: titleOf(file.name),
        status: error ? 'failed' : 'ready',
        sent: 0,
        total: file.size,
        error,
      }
    })
    setRows((all) => [...all, ...added])
    setStatus(t('documents.upload.chosen', { count: added.length }))
  }

  const describeUploadError = (err: unknown, file: File): ReactNode => {
    if (!(err instanceof ApiError)) return describeError(err)
    const tooLarge = space && file.size > space.maxFileBytes
    // A 413 may arrive as a cut connection: the server stops reading past the limit.
    if (err.status === 413 || (err.status === 0 && tooLarge)) {
      return tooLarge || !space
        ? t('documents.error.tooLarge', { max: formatBytes(intl, space?.maxFileBytes ?? 0) })
        : t('documents.error.noSpace')
    }
    if (err.status === 415) return t('documents.error.type', { allowed: allowedList(intl) })
    if (err.status === 429) return t('documents.error.tooMany')
    if (err.status === 400) return <ServerText>{err.fieldMessage('title') ?? err.message}</ServerText>
    return describeError(err)
  }

  const sendOne = async (row: UploadRow): Promise<Document | null> => {
    update(row.key, { status: 'sending', sent: 0, error: null })
    try {
      const saved = await uploadDocument(
        theCase.id,
        row.file,
        {
          title: row.title.trim() || titleOf(row.file.name),
          step: target.step ?? null,
          itemId: target.itemId ?? null,
          audience: audienceOf(theCase, audience),
        },
        { onProgress: (sent, total) => update(row.key, { sent, total }) },
      )
      setRows((all) => all.filter((r) => r.key !== row.key))
      return saved
    } catch (err) {
      update(row.key, { status: 'failed', error: describeUploadError(err, row.file) })
      return null
    }
  }

  const send = async () => {
    if (sending) return
    const queue = rows.filter((r) => r.status === 'ready' || (r.status === 'failed' && !precheck(r.file)))
    if (queue.length === 0) return
    setSending(true)
    setStatus(t('documents.upload.sending', { count: queue.length }))
    const saved: Document[] = []
    let next = 0
    const worker = async () => {
      while (next < queue.length) {
        const result = await sendOne(queue[next++]!)
        if (result) saved.push(result)
      }
    }
    await Promise.all(
      Array.from({ length: Math.min(space?.maxParallelUploads ?? DEFAULT_PARALLEL_UPLOADS, queue.length) }, worker),
    )
    setSending(false)
    void invalidateDocuments(queryClient, theCase.id)
    const failed = queue.length - saved.length
    setStatus(
      [
        saved.length > 0 &&
          (saved.length === 1
            ? t('documents.upload.doneOne', { title: saved[0]!.title })
            : t('documents.upload.done', { count: saved.length })),
        failed > 0 && t('documents.upload.failed', { count: failed }),
      ]
        .filter(Boolean)
        .join(' '),
    )
    // The send button goes with the last row: keep focus in the panel.
    if (failed === 0) chooseRef.current?.focus()
  }

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault()
    setDragging(false)
    addFiles(event.dataTransfer?.files ?? null)
  }

  // A file refused before sending (type, size) stays listed with its reason but is not counted.
  const sendable = rows.filter((r) => r.status === 'ready' || (r.status === 'failed' && !precheck(r.file))).length

  return (
    <section className="vp-upload" aria-labelledby={headingId}>
      <Heading level={level} id={headingId} className="vp-upload__heading">
        {t('documents.upload.heading')}
      </Heading>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping is an enhancement for the mouse; the file button inside is the control for everyone. */}
      <div
        className={`vp-dropzone${dragging ? ' vp-dropzone--active' : ''}`}
        onDragOver={(event) => {
          event.preventDefault()
          if (!dragging) setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <Paragraph className="vp-dropzone__hint">{t('documents.upload.drop', { where })}</Paragraph>
        <Button
          ref={chooseRef}
          appearance="secondary-action-button"
          aria-describedby={spaceId}
          onClick={() => inputRef.current?.click()}
        >
          {t('documents.upload.choose')}
        </Button>
        <input
          ref={inputRef}
          type="file"
          multiple
          accept={DOCUMENT_ACCEPT}
          hidden
          tabIndex={-1}
          aria-hidden="true"
          onChange={(event) => {
            addFiles(event.target.files)
            // The same file may be chosen again after a failure.
            event.target.value = ''
          }}
        />
        <Paragraph id={spaceId} className="vp-muted vp-dropzone__space">
          {space && (
            <>
              {t('documents.space.case', { size: formatBytes(intl, space.caseLeftBytes) })}
              {space.personLeftBytes < space.caseLeftBytes &&
                ` ${t('documents.space.person', { size: formatBytes(intl, space.personLeftBytes) })}`}{' '}
              {t('documents.space.maxFile', { size: formatBytes(intl, space.maxFileBytes) })}
            </>
          )}
        </Paragraph>
      </div>
      <StatusRegion>{status}</StatusRegion>
      {rows.length > 0 && (
        <div className="vp-upload__form">
          <ul className="vp-upload__rows">
            {rows.map((row) => (
              <UploadRowView
                key={row.key}
                row={row}
                onTitle={(title) => update(row.key, { title })}
                onRemove={() => setRows((all) => all.filter((r) => r.key !== row.key))}
              />
            ))}
          </ul>
          <AudienceChoice theCase={theCase} name="documentAudience" value={audience} onChange={setAudience} />
          <div className="vp-form__actions">
            <Button
              appearance="primary-action-button"
              busy={sending}
              disabled={sendable === 0 && !sending}
              onClick={() => void send()}
            >
              {t('documents.upload.send', { count: Math.max(sendable, 1) })}
            </Button>
            {!sending && (
              <Button
                appearance="secondary-action-button"
                onClick={() => {
                  setRows([])
                  setStatus(null)
                  chooseRef.current?.focus()
                }}
              >
                {t('app.cancel')}
              </Button>
            )}
          </div>
        </div>
      )}
    </section>
  )
}

function UploadRowView(props: { row: UploadRow; onTitle: (title: string) => void; onRemove: () => void }) {
  const { row } = props
  const t = useT()
  const intl = useIntl()
  const progressId = useId()
  const percent = row.total > 0 ? Math.min(100, Math.round((row.sent / row.total) * 100)) : 0
  return (
    <li className={`vp-upload__row${row.status === 'failed' ? ' vp-upload__row--failed' : ''}`}>
      <p className="vp-upload__file">
        <span className="vp-upload__name">{row.file.name}</span>{' '}
        <span className="vp-muted">{formatBytes(intl, row.file.size)}</span>
      </p>
      <TextField
        name={`title-${row.key}`}
        label={
          <>
            {t('documents.field.title')}
            <span className="vp-visually-hidden"> ({row.file.name})</span>
          </>
        }
        value={row.title}
        disabled={row.status === 'sending'}
        onChange={props.onTitle}
        errorMessage={row.error ?? undefined}
      />
      {row.status === 'sending' && (
        <div className="vp-upload__progress">
          <label htmlFor={progressId}>{t('documents.upload.progress', { file: row.file.name })}</label>
          <progress id={progressId} max={100} value={percent}>
            {percent}%
          </progress>
          <span aria-hidden="true">{percent}%</span>
        </div>
      )}
      {row.status !== 'sending' && (
        <Button appearance="subtle-button" onClick={props.onRemove}>
          {t('documents.upload.remove')}
          <span className="vp-visually-hidden"> ({row.file.name})</span>
        </Button>
      )}
    </li>
  )
}
