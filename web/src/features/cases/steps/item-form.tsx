import { useQueryClient } from '@tanstack/react-query'
import { Button, Paragraph } from '@utrecht/component-library-react'
import type { Item, ItemKind, ItemView } from '@vp/shared'
import { parseDateInput } from '@vp/shared/constants'
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import { useIntl } from 'react-intl'
import { useCurrentUser } from '../../../api/auth.ts'
import { ApiError } from '../../../api/client.ts'
import { type CreateItemBody, newIdempotencyKey, storeItem, useCreateItem, useUpdateItem } from '../../../api/items.ts'
import type { StepNumber } from '../../../api/steps.ts'
import { usePresence } from '../../../app/live-hooks.ts'
import { useDates } from '../../../components/dates.ts'
import { FormAlert, useDescribeError } from '../../../components/errors.tsx'
import { focusField } from '../../../components/form.tsx'
import { showServerErrors } from '../../../components/form-fields.tsx'
import { Heading } from '../../../components/heading.tsx'
import { Notice } from '../../../components/notice.tsx'
import { useT } from '../../../components/use-t.ts'
import { useZodForm } from '../../../components/use-zod-form.ts'
import { useEditingPresence } from '../case-layout.tsx'
import { audienceToForm } from './audience.ts'
import { ConflictDialog } from './conflict-dialog.tsx'
import {
  type FormValue,
  type FormValues,
  formValuesOf,
  type ItemContext,
  KIND_FIELDS,
  OPTIONAL_TITLE_KINDS,
} from './fields.ts'
import { AudienceField, type ItemFormControl, KindField, type PersonalDataWarning } from './item-form-fields.tsx'
import { apiValuesOf, formFieldNames, itemFormSchema } from './item-form-schema.ts'

export type { PersonalDataWarning } from './item-form-fields.tsx'

export interface ItemFormProps {
  kind: ItemKind
  step: StepNumber
  ctx: ItemContext
  /** To change an item: the version the user started from. Without it the form adds a new item. */
  item?: Item
  /** The item as it is now on the server (from the live cache); null when it was deleted meanwhile. */
  current?: ItemView | null
  /** Starting values for a new item, e.g. the action a progress update is about. */
  defaults?: FormValues
  /** Personal-data warnings the server gave on the last save, shown at their fields. */
  warnings?: PersonalDataWarning[]
  /** The heading of the form, e.g. "Signaal toevoegen", and its level. */
  heading: string
  level?: 4 | 5
  onSaved: (item: Item, how: 'created' | 'updated' | 'unchanged' | 'keptTheirs') => void
  onCancel: () => void
}

/**
 * Adds or changes one item. A change sends only the fields the user changed, on top of the version
 * they started from; when someone else saved first (412) the conflict dialog shows both versions.
 * Nothing typed is lost: not by a live refresh, not by a conflict, not when the item was deleted.
 * The values are checked by the shared create or update schema of the kind (item-form-schema.ts).
 */
export function ItemForm(props: ItemFormProps) {
  const { kind, ctx } = props
  const t = useT()
  const intl = useIntl()
  const locale = intl.locale
  const dates = useDates()
  const me = useCurrentUser()
  const queryClient = useQueryClient()
  const describeError = useDescribeError()
  const create = useCreateItem(ctx.theCase.id)
  const update = useUpdateItem(ctx.theCase.id)
  const myOrganisationId = ctx.theCase.me.organisation.id
  const [original] = useState(() => props.item)
  const initialValues = (item: Item | undefined): FormValues => ({
    ...formValuesOf(kind, item ?? null, locale, props.defaults),
    ...(item
      ? audienceToForm(item.audience, ctx.organisations, myOrganisationId)
      : { audience: 'all', audienceOrgs: [] }),
  })
  const [base, setBase] = useState(() => ({ version: original?.version ?? 0, values: initialValues(original) }))
  /** The item was deleted meanwhile and the user chose to add their text as a new one. */
  const [readding, setReadding] = useState(false)
  const isEdit = Boolean(original) && !readding
  const schema = useMemo(
    () => itemFormSchema(kind, isEdit, ctx, myOrganisationId, locale),
    [kind, isEdit, ctx, myOrganisationId, locale],
  )
  // Focus goes to the first field in the form's order (a group of checkboxes too), see onInvalid.
  const form = useZodForm(schema, base.values, { shouldFocusError: false })
  const values = form.watch()
  const [warnings, setWarnings] = useState<PersonalDataWarning[]>(props.warnings ?? [])
  const [savedWithWarnings, setSavedWithWarnings] = useState(Boolean(props.warnings?.length))
  const [conflict, setConflict] = useState<Item | null>(null)
  const idempotencyKey = useRef(newIdempotencyKey())
  const formRef = useRef<HTMLFormElement>(null)
  const headingId = useId()
  const alertId = useId()
  const setEditing = useEditingPresence()
  const people = usePresence(ctx.theCase.id)
  const editingId = original && !readding ? original.id : null

  // Everyone in the case sees that I am editing this item, for as long as the form is open.
  useEffect(() => {
    if (!editingId) return
    setEditing(editingId, true)
    return () => setEditing(editingId, false)
  }, [editingId, setEditing])

  // Start typing at once: focus the first field when the form opens.
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input:not([type="hidden"]), select, textarea')?.focus()
  }, [])

  const apiNow = apiValuesOf(kind, values, ctx, myOrganisationId, locale)
  const apiBase = apiValuesOf(kind, base.values, ctx, myOrganisationId, locale)
  const changedFields = Object.keys(apiNow).filter((k) => JSON.stringify(apiNow[k]) !== JSON.stringify(apiBase[k]))
  const othersEditing = editingId
    ? people.filter((p) => p.itemId === editingId && p.userId !== me.id).map((p) => p.name)
    : []
  const deletedMeanwhile = isEdit && props.current === null
  const changedMeanwhile =
    isEdit && props.current && !props.current.restricted && props.current.version > base.version && !conflict

  // A trekker person must belong to the trekker organisation.
  useEffect(() => {
    const subscription = form.watch((now, { name }) => {
      if (name !== 'trekkerOrganisationId' || !now.trekkerUserId) return
      const member = ctx.members.find((m) => m.userId === now.trekkerUserId)
      if (member?.organisation.id !== now.trekkerOrganisationId) form.setValue('trekkerUserId', '')
    })
    return () => subscription.unsubscribe()
  }, [form, ctx.members])

  const fieldNames = formFieldNames(kind)
  /** Focus the first field with an error, in the order of the form. */
  const focusFirstError = (errors: Partial<Record<string, unknown>> = form.formState.errors) => {
    const first = [...fieldNames, 'audienceOrgs'].find((f) => errors[f])
    if (first) focusField(formRef.current, first)
  }

  const autoTitle = () => {
    const goal = ctx.goals.find((g) => g.id === values.goalId)
    // The date as typed (dd-mm-jjjj); named only once it is one.
    const day = parseDateInput(typeof values.measuredAt === 'string' ? values.measuredAt : '')
    return t('measurement.autoTitle', { goal: goal?.title ?? '', date: day ? dates.date(day) : '' })
  }

  const onError = (err: Error) => {
    const current = err instanceof ApiError ? err.current<ItemView>() : undefined
    if (current && !current.restricted) {
      setConflict(current)
      return
    }
    if (showServerErrors(form, err, fieldNames)) focusFirstError()
  }

  const afterSave = (saved: Item, how: 'created' | 'updated') => {
    if (saved.warnings.length > 0 && how === 'updated') {
      // Saved, but the text looks like personal data: keep the form open with the warnings at their fields.
      const next = initialValues(saved)
      setBase({ version: saved.version, values: next })
      form.reset(next)
      setWarnings(saved.warnings)
      setSavedWithWarnings(true)
      return
    }
    props.onSaved(saved, how)
  }

  const sendUpdate = (itemId: string, version: number, fields: string[]) => {
    const body = Object.fromEntries(fields.map((f) => [f, apiNow[f]]))
    update.mutate(
      { itemId, version, body },
      {
        onSuccess: (saved) => {
          setConflict(null)
          afterSave(saved, 'updated')
        },
        onError,
      },
    )
  }

  const submit = form.handleSubmit(
    (parsed) => {
      if (create.isPending || update.isPending) return
      create.reset()
      update.reset()
      send(parsed)
    },
    (errors) => {
      create.reset()
      update.reset()
      focusFirstError(errors)
    },
  )

  const send = (parsed: Record<string, unknown>) => {
    if (isEdit && original) {
      if (changedFields.length === 0) return props.onSaved(original, 'unchanged')
      return sendUpdate(original.id, base.version, changedFields)
    }
    const fields = Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== null))
    if (OPTIONAL_TITLE_KINDS.has(kind) && !fields.title) fields.title = autoTitle()
    const body = { ...fields, kind, step: props.step } as CreateItemBody
    create.mutate(
      { body, idempotencyKey: idempotencyKey.current },
      {
        onSuccess: (saved) => {
          idempotencyKey.current = newIdempotencyKey()
          afterSave(saved, 'created')
        },
        onError,
      },
    )
  }

  const resolveKeepTheirs = () => {
    if (!conflict) return
    storeItem(queryClient, ctx.theCase.id, conflict)
    const theirs = conflict
    setConflict(null)
    props.onSaved(theirs, 'keptTheirs')
  }

  const resolveSaveMine = () => {
    if (!conflict || !original) return
    sendUpdate(original.id, conflict.version, changedFields)
  }

  /** Back to the form, now on top of their version: fields I did not change take their values. */
  const backToForm = () => {
    if (!conflict) return
    const theirs = initialValues(conflict)
    const next = { ...values }
    for (const key of Object.keys(theirs)) {
      const mine = JSON.stringify(values[key]) !== JSON.stringify(base.values[key])
      if (!mine) next[key] = theirs[key] as FormValue
    }
    form.reset(next)
    setBase({ version: conflict.version, values: theirs })
    storeItem(queryClient, ctx.theCase.id, conflict)
    update.reset()
    setConflict(null)
  }

  const mutation = isEdit ? update : create
  const formError =
    mutation.error && !(mutation.error instanceof ApiError && mutation.error.status === 412)
      ? describeError(mutation.error, fieldNames)
      : null

  const control: ItemFormControl = form.control

  return (
    <>
      <form
        ref={formRef}
        className="vp-form vp-item-form"
        noValidate
        onSubmit={submit}
        aria-labelledby={headingId}
        aria-describedby={formError ? alertId : undefined}
      >
        <Heading level={props.level ?? 4} id={headingId} className="vp-item-form__heading">
          {readding ? t('item.readdHeading') : props.heading}
        </Heading>
        {othersEditing.length > 0 && (
          <Notice type="warning">
            <Paragraph>{t('item.othersEditing', { names: intl.formatList(othersEditing) })}</Paragraph>
          </Notice>
        )}
        {changedMeanwhile && (
          <Notice type="warning">
            <Paragraph>{t('item.changedMeanwhile')}</Paragraph>
          </Notice>
        )}
        {deletedMeanwhile && !readding && (
          <Notice type="warning">
            <Paragraph>{t('item.deletedMeanwhile')}</Paragraph>
            <Button appearance="secondary-action-button" onClick={() => setReadding(true)}>
              {t('item.readd')}
            </Button>
          </Notice>
        )}
        {savedWithWarnings && warnings.length > 0 && (
          <Notice type="warning">
            <Paragraph>{t('personalData.savedWithWarning')}</Paragraph>
          </Notice>
        )}
        {formError && <FormAlert id={alertId}>{formError}</FormAlert>}
        <div className="vp-item-form__fields">
          {KIND_FIELDS[kind].map((spec) => (
            <KindField key={spec.name} kind={kind} spec={spec} ctx={ctx} control={control} warnings={warnings} />
          ))}
          <div className="vp-item-form__wide">
            <AudienceField ctx={ctx} control={control} />
          </div>
        </div>
        <div className="vp-form__actions">
          <Button
            type="submit"
            appearance="primary-action-button"
            busy={mutation.isPending}
            disabled={deletedMeanwhile && !readding}
          >
            {isEdit ? t('app.save') : readding ? t('item.readd') : t('item.add')}
          </Button>
          <Button appearance="secondary-action-button" onClick={props.onCancel}>
            {savedWithWarnings ? t('app.close') : t('app.cancel')}
          </Button>
        </div>
      </form>
      {conflict && original && (
        <ConflictDialog
          kind={kind}
          ctx={ctx}
          theirs={conflict}
          mine={apiNow}
          base={apiBase}
          busy={update.isPending}
          error={
            update.error && !(update.error instanceof ApiError && update.error.status === 412)
              ? describeError(update.error)
              : null
          }
          onKeepTheirs={resolveKeepTheirs}
          onSaveMine={resolveSaveMine}
          onBack={backToForm}
        />
      )}
    </>
  )
}
