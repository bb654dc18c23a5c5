import { useQueryClient } from '@tanstack/react-query'
import { Button, Checkbox, FormLabel, Paragraph, Textbox } from '@utrecht/component-library-react'
import type { Item, ItemKind, ItemView, PersonalDataWarningSchema } from '@vp/shared'
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react'
import { useIntl } from 'react-intl'
import type { z } from 'zod'
import { useCurrentUser } from '../../../api/auth.ts'
import { ApiError } from '../../../api/client.ts'
import { type CreateItemBody, newIdempotencyKey, storeItem, useCreateItem, useUpdateItem } from '../../../api/items.ts'
import type { StepNumber } from '../../../api/steps.ts'
import { usePresence } from '../../../app/live-hooks.ts'
import { FormAlert, serverFieldError, useDescribeError } from '../../../components/errors.tsx'
import { CheckboxGroupField, focusField, RadioGroupField, SelectField, TextField } from '../../../components/form.tsx'
import { Heading } from '../../../components/heading.tsx'
import { Notice } from '../../../components/notice.tsx'
import { useT } from '../../../components/use-t.ts'
import { useEditingPresence } from '../case-layout.tsx'
import { type AudienceMode, audienceFromForm, audienceToForm, driehoekOf } from './audience.ts'
import { ConflictDialog } from './conflict-dialog.tsx'
import {
  type FieldSpec,
  type FormValue,
  type FormValues,
  formValuesOf,
  type ItemContext,
  inputToNumber,
  isRequired,
  isVisible,
  KIND_FIELDS,
  OPTIONAL_TITLE_KINDS,
  toApiValue,
} from './fields.ts'

export type PersonalDataWarning = z.infer<typeof PersonalDataWarningSchema>

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

type Errors = Record<string, ReactNode>

const AUDIENCE_FIELDS = ['audience', 'audienceOrgs'] as const

/** Every value the form sends, by API field name (title, description, the kind's fields, audience). */
function apiValuesOf(
  kind: ItemKind,
  values: FormValues,
  ctx: ItemContext,
  myOrganisationId: string,
  locale: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const spec of KIND_FIELDS[kind]) {
    out[spec.name] = isVisible(spec, values) ? toApiValue(spec, values[spec.name], locale) : null
  }
  out.audience = audienceFromForm(values, ctx.organisations, myOrganisationId)
  return out
}

/**
 * Adds or changes one item. A change sends only the fields the user changed, on top of the version
 * they started from; when someone else saved first (412) the conflict dialog shows both versions.
 * Nothing typed is lost: not by a live refresh, not by a conflict, not when the item was deleted.
 */
export function ItemForm(props: ItemFormProps) {
  const { kind, ctx } = props
  const t = useT()
  const intl = useIntl()
  const locale = intl.locale
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
  const [values, setValues] = useState<FormValues>(base.values)
  const [errors, setErrors] = useState<Errors>({})
  const [warnings, setWarnings] = useState<PersonalDataWarning[]>(props.warnings ?? [])
  const [savedWithWarnings, setSavedWithWarnings] = useState(Boolean(props.warnings?.length))
  const [conflict, setConflict] = useState<Item | null>(null)
  /** The item was deleted meanwhile and the user chose to add their text as a new one. */
  const [readding, setReadding] = useState(false)
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

  const isEdit = Boolean(original) && !readding
  const apiNow = apiValuesOf(kind, values, ctx, myOrganisationId, locale)
  const apiBase = apiValuesOf(kind, base.values, ctx, myOrganisationId, locale)
  const changedFields = Object.keys(apiNow).filter((k) => JSON.stringify(apiNow[k]) !== JSON.stringify(apiBase[k]))
  const othersEditing = editingId
    ? people.filter((p) => p.itemId === editingId && p.userId !== me.id).map((p) => p.name)
    : []
  const deletedMeanwhile = isEdit && props.current === null
  const changedMeanwhile =
    isEdit && props.current && !props.current.restricted && props.current.version > base.version && !conflict

  const change = (name: string, value: FormValue) => {
    setValues((v) => {
      const next = { ...v, [name]: value }
      // A trekker person must belong to the trekker organisation.
      if (name === 'trekkerOrganisationId' && v.trekkerUserId) {
        const member = ctx.members.find((m) => m.userId === v.trekkerUserId)
        if (member?.organisation.id !== value) next.trekkerUserId = ''
      }
      return next
    })
    if (errors[name]) setErrors((e) => ({ ...e, [name]: undefined }))
  }

  const validate = (): Errors => {
    const found: Errors = {}
    for (const spec of KIND_FIELDS[kind]) {
      if (!isVisible(spec, values)) continue
      const value = values[spec.name]
      const optionalTitle = spec.name === 'title' && OPTIONAL_TITLE_KINDS.has(kind)
      const empty = Array.isArray(value) ? value.length === 0 : typeof value === 'string' ? !value.trim() : false
      if (isRequired(spec, values) && !optionalTitle && empty) found[spec.name] = t('form.required')
      else if (spec.type === 'number' && typeof value === 'string' && Number.isNaN(inputToNumber(value, locale)))
        found[spec.name] = t('form.notANumber')
      else if (spec.type === 'participants') {
        const bad = Object.values(value as Record<string, string>).some((h) => Number.isNaN(inputToNumber(h, locale)))
        if (bad) found[spec.name] = t('form.notANumber')
      }
    }
    return found
  }

  const showErrors = (found: Errors) => {
    setErrors(found)
    const first = [...KIND_FIELDS[kind].map((s) => s.name), ...AUDIENCE_FIELDS].find((f) => found[f])
    if (first) focusField(formRef.current, first)
  }

  const autoTitle = () => {
    const goal = ctx.goals.find((g) => g.id === values.goalId)
    const date = typeof values.measuredAt === 'string' ? values.measuredAt : ''
    return t('measurement.autoTitle', {
      goal: goal?.title ?? '',
      date: date ? intl.formatDate(date, { dateStyle: 'long' }) : '',
    })
  }

  const onError = (err: Error) => {
    const current = err instanceof ApiError ? err.current<ItemView>() : undefined
    if (current && !current.restricted) {
      setConflict(current)
      return
    }
    const fieldErrors: Errors = {}
    for (const name of [...KIND_FIELDS[kind].map((s) => s.name), 'audience']) {
      const message = serverFieldError(err, name)
      if (message) fieldErrors[name] = message
    }
    if (Object.keys(fieldErrors).length) showErrors(fieldErrors)
  }

  const afterSave = (saved: Item, how: 'created' | 'updated') => {
    if (saved.warnings.length > 0 && how === 'updated') {
      // Saved, but the text looks like personal data: keep the form open with the warnings at their fields.
      const next = initialValues(saved)
      setBase({ version: saved.version, values: next })
      setValues(next)
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

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (create.isPending || update.isPending) return
    create.reset()
    update.reset()
    const found = validate()
    if (Object.keys(found).length) return showErrors(found)

    if (isEdit && original) {
      if (changedFields.length === 0) return props.onSaved(original, 'unchanged')
      return sendUpdate(original.id, base.version, changedFields)
    }
    const fields = Object.fromEntries(Object.entries(apiNow).filter(([, v]) => v !== null))
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
    setValues((v) => {
      const next = { ...v }
      for (const key of Object.keys(theirs)) {
        const mine = JSON.stringify(v[key]) !== JSON.stringify(base.values[key])
        if (!mine) next[key] = theirs[key] as FormValue
      }
      return next
    })
    setBase({ version: conflict.version, values: theirs })
    storeItem(queryClient, ctx.theCase.id, conflict)
    update.reset()
    setConflict(null)
  }

  const mutation = isEdit ? update : create
  const formError =
    mutation.error && !(mutation.error instanceof ApiError && mutation.error.status === 412)
      ? describeError(mutation.error, [...KIND_FIELDS[kind].map((s) => s.name), 'audience'])
      : null

  const warningFor = (field: string): ReactNode => {
    const list = warnings.filter((w) => w.field === field)
    if (list.length === 0) return undefined
    return (
      <>
        {list.map((w) => (
          <Paragraph key={`${w.kind}-${w.match}`} className="vp-field-warning__text">
            {t(`personalData.${w.kind}`, { match: w.match })}
          </Paragraph>
        ))}
        <Paragraph className="vp-field-warning__text">{t('personalData.advice')}</Paragraph>
      </>
    )
  }

  const renderField = (spec: FieldSpec) => {
    if (!isVisible(spec, values)) return null
    const value = values[spec.name]
    const optionalTitle = spec.name === 'title' && OPTIONAL_TITLE_KINDS.has(kind)
    const required = isRequired(spec, values) && !optionalTitle
    const label = required ? t(spec.label) : t('form.optional', { label: t(spec.label) })
    const common = {
      name: spec.name,
      description: spec.description ? t(spec.description) : undefined,
      errorMessage: errors[spec.name],
    }
    const className = spec.wide ? 'vp-item-form__wide' : undefined
    const field = (() => {
      switch (spec.type) {
        case 'text':
        case 'textarea':
        case 'number':
        case 'date':
          return (
            <TextField
              {...common}
              label={label}
              required={required}
              value={typeof value === 'string' ? value : ''}
              rows={spec.type === 'textarea' ? 4 : undefined}
              type={spec.type === 'date' ? 'date' : 'text'}
              inputMode={spec.type === 'number' ? 'decimal' : undefined}
              warning={warningFor(spec.name)}
              onChange={(v) => change(spec.name, v)}
            />
          )
        case 'select':
          return (
            <SelectField
              {...common}
              label={label}
              required={required}
              value={typeof value === 'string' ? value : ''}
              placeholder={spec.placeholder ? t(spec.placeholder) : undefined}
              options={spec.options?.(ctx, t, values) ?? []}
              onChange={(v) => change(spec.name, v)}
            />
          )
        case 'radio':
          return (
            <RadioGroupField
              {...common}
              legend={label}
              value={typeof value === 'string' ? value : ''}
              options={spec.options?.(ctx, t, values) ?? []}
              onChange={(v) => change(spec.name, v)}
            />
          )
        case 'checkboxes':
          return (
            <CheckboxGroupField
              {...common}
              legend={label}
              values={Array.isArray(value) ? value : []}
              options={spec.options?.(ctx, t, values) ?? []}
              empty={spec.empty ? t(spec.empty) : undefined}
              onChange={(v) => change(spec.name, v)}
            />
          )
        case 'participants':
          return (
            <ParticipantsField
              {...common}
              legend={label}
              organisations={ctx.contributors}
              value={(value as Record<string, string>) ?? {}}
              onChange={(v) => change(spec.name, v)}
            />
          )
      }
    })()
    return (
      <div key={spec.name} className={className}>
        {field}
      </div>
    )
  }

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
          {KIND_FIELDS[kind].map(renderField)}
          <div className="vp-item-form__wide">
            <AudienceField
              ctx={ctx}
              mode={(values.audience as AudienceMode) ?? 'all'}
              chosen={(values.audienceOrgs as string[]) ?? []}
              errorMessage={errors.audience}
              onMode={(mode) => change('audience', mode)}
              onChosen={(ids) => change('audienceOrgs', ids)}
            />
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

interface AudienceFieldProps {
  ctx: ItemContext
  mode: AudienceMode
  chosen: string[]
  errorMessage?: ReactNode
  onMode: (mode: AudienceMode) => void
  onChosen: (ids: string[]) => void
}

/** Who may see the item: everyone, the driehoek (gemeente, politie, OM), or chosen organisations. */
function AudienceField({ ctx, mode, chosen, errorMessage, onMode, onChosen }: AudienceFieldProps) {
  const t = useT()
  const mine = ctx.theCase.me.organisation.id
  const driehoek = driehoekOf(ctx.organisations)
  const options = [
    { value: 'all', label: t('audience.all'), description: t('audience.all.description') },
    ...(driehoek.length > 0
      ? [{ value: 'driehoek', label: t('audience.driehoek'), description: t('audience.driehoek.description') }]
      : []),
    { value: 'chosen', label: t('audience.chosen'), description: t('audience.chosen.description') },
  ]
  return (
    <div className="vp-audience">
      <RadioGroupField
        name="audience"
        legend={t('audience.legend')}
        value={mode}
        options={options}
        errorMessage={errorMessage}
        onChange={(v) => onMode(v as AudienceMode)}
      />
      {mode === 'chosen' && (
        <CheckboxGroupField
          name="audienceOrgs"
          legend={t('audience.organisations')}
          description={t('audience.organisations.description')}
          values={chosen}
          options={ctx.organisations.filter((o) => o.id !== mine).map((o) => ({ value: o.id, label: o.name }))}
          onChange={onChosen}
        />
      )}
    </div>
  )
}

interface ParticipantsFieldProps {
  name: string
  legend: ReactNode
  description?: ReactNode
  errorMessage?: ReactNode
  organisations: { id: string; name: string }[]
  value: Record<string, string>
  onChange: (value: Record<string, string>) => void
}

/** Which organisations take part in an action, each with its hours. */
function ParticipantsField(props: ParticipantsFieldProps) {
  const t = useT()
  const baseId = useId()
  const descriptionId = `${baseId}-description`
  const errorId = `${baseId}-error`
  const describedBy = [props.description && descriptionId, props.errorMessage && errorId].filter(Boolean).join(' ')
  return (
    <div
      className={`utrecht-form-fieldset vp-radio-group${props.errorMessage ? ' utrecht-form-fieldset--invalid' : ''}`}
    >
      <fieldset
        className="utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset"
        aria-describedby={describedBy || undefined}
      >
        <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
          {props.legend}
        </legend>
        {props.description && (
          <p id={descriptionId} className="utrecht-form-field-description">
            {props.description}
          </p>
        )}
        {props.errorMessage && (
          <p id={errorId} className="utrecht-form-field-error-message">
            {props.errorMessage}
          </p>
        )}
        <ul className="vp-participants">
          {props.organisations.map((o, index) => {
            const checked = o.id in props.value
            const id = `${baseId}-${o.id}`
            return (
              <li key={o.id} className="vp-participants__row">
                <span className="vp-participants__org">
                  <Checkbox
                    id={id}
                    name={index === 0 ? props.name : undefined}
                    checked={checked}
                    onChange={(event) => {
                      const next = { ...props.value }
                      if (event.target.checked) next[o.id] = next[o.id] ?? ''
                      else delete next[o.id]
                      props.onChange(next)
                    }}
                  />
                  <FormLabel htmlFor={id} type="checkbox">
                    {o.name}
                  </FormLabel>
                </span>
                {checked && (
                  <span className="vp-participants__hours">
                    <FormLabel htmlFor={`${id}-hours`}>
                      {t('field.participants.hoursShort')}
                      <span className="vp-visually-hidden">
                        {' '}
                        {t('field.participants.hoursOf', { organisation: o.name })}
                      </span>
                    </FormLabel>
                    <Textbox
                      id={`${id}-hours`}
                      name={`hours-${o.id}`}
                      inputMode="decimal"
                      className="vp-participants__input"
                      value={props.value[o.id] ?? ''}
                      onChange={(event) => props.onChange({ ...props.value, [o.id]: event.target.value })}
                    />
                  </span>
                )}
              </li>
            )
          })}
        </ul>
      </fieldset>
    </div>
  )
}
