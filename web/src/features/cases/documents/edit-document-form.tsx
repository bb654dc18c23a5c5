import { Button } from '@utrecht/component-library-react'
import type { Case, DocumentDetail, UpdateDocumentBody } from '@vp/shared'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { ApiError } from '../../../api/client.ts'
import { useUpdateDocument } from '../../../api/documents.ts'
import { STEP_NUMBERS, useStep } from '../../../api/steps.ts'
import { FormAlert, ServerText, useDescribeError } from '../../../components/errors.tsx'
import { SelectField, TextField } from '../../../components/form.tsx'
import { Heading } from '../../../components/heading.tsx'
import { useT } from '../../../components/use-t.ts'
import { AudienceChoice, type AudienceValue, audienceOf, audienceValueOf } from './audience-choice.tsx'

interface EditDocumentFormProps {
  theCase: Case
  doc: DocumentDetail
  /** Saved (with the title), or cancelled (null). */
  onDone: (savedTitle: string | null) => void
}

/** Rename, move (the case, a step, an item of that step) and change who may see a document. */
export function EditDocumentForm({ theCase, doc, onDone }: EditDocumentFormProps) {
  const t = useT()
  const describeError = useDescribeError()
  const update = useUpdateDocument(theCase.id)
  const [title, setTitle] = useState(doc.title)
  const [place, setPlace] = useState(doc.step ? String(doc.step) : '')
  const [itemId, setItemId] = useState(doc.itemId ?? '')
  const [audience, setAudience] = useState<AudienceValue>(() => audienceValueOf(theCase, doc.audience))
  const [titleError, setTitleError] = useState<string | null>(null)
  const formRef = useRef<HTMLFormElement>(null)
  const step = place ? Number(place) : null
  const items = useStep(theCase.id, step ?? 1, step !== null)
  const itemOptions = (items.data?.items ?? [])
    .filter((i) => !i.restricted)
    .map((i) => ({ value: i.id, label: i.restricted ? '' : i.title }))

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input')?.focus()
  }, [])

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (update.isPending) return
    if (!title.trim()) {
      setTitleError(t('documents.error.titleRequired'))
      formRef.current?.querySelector<HTMLElement>('input[name="title"]')?.focus()
      return
    }
    setTitleError(null)
    const body: UpdateDocumentBody = {}
    if (title.trim() !== doc.title) body.title = title.trim()
    const nextItem = step === null ? null : itemId || null
    if (step !== doc.step || nextItem !== doc.itemId) {
      body.step = step
      body.itemId = nextItem
    }
    const nextAudience = audienceOf(theCase, audience)
    if (JSON.stringify(nextAudience) !== JSON.stringify(doc.audience)) body.audience = nextAudience
    if (Object.keys(body).length === 0) return onDone(null)
    update.mutate({ documentId: doc.id, version: doc.version, body }, { onSuccess: (saved) => onDone(saved.title) })
  }

  const serverTitleError =
    update.error instanceof ApiError && update.error.status === 400 ? update.error.fieldMessage('title') : undefined
  const formError = update.error && !serverTitleError ? describeError(update.error) : null

  return (
    <form ref={formRef} className="vp-form vp-document-form" noValidate onSubmit={submit}>
      <Heading level={3}>{t('documents.editHeading')}</Heading>
      {formError && <FormAlert>{formError}</FormAlert>}
      <TextField
        name="title"
        label={t('documents.field.title')}
        value={title}
        required
        onChange={setTitle}
        errorMessage={titleError ?? (serverTitleError ? <ServerText>{serverTitleError}</ServerText> : undefined)}
      />
      <SelectField
        name="place"
        label={t('documents.field.place')}
        value={place}
        placeholder={t('documents.where.case')}
        options={STEP_NUMBERS.map((n) => ({ value: String(n), label: t('step.heading', { n, name: t(`step.${n}`) }) }))}
        onChange={(value) => {
          setPlace(value)
          setItemId('')
        }}
      />
      {step !== null && (
        <SelectField
          name="itemId"
          label={t('documents.field.item')}
          value={itemId}
          placeholder={t('documents.field.noItem')}
          options={itemOptions}
          onChange={setItemId}
        />
      )}
      <AudienceChoice theCase={theCase} name="audience" value={audience} onChange={setAudience} />
      <div className="vp-form__actions">
        <Button type="submit" appearance="primary-action-button" busy={update.isPending}>
          {t('app.save')}
        </Button>
        <Button appearance="secondary-action-button" onClick={() => onDone(null)}>
          {t('app.cancel')}
        </Button>
      </div>
    </form>
  )
}
