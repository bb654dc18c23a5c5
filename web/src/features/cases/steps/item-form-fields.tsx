import { FormFieldCheckbox, FormLabel, Paragraph, Textbox } from '@utrecht/component-library-react'
import type { ItemKind, PersonalDataWarningSchema } from '@vp/shared'
import { type ReactNode, useId } from 'react'
import { type Control, useController, useWatch } from 'react-hook-form'
import type { z } from 'zod'
import { FormDateField } from '../../../components/date-field.tsx'
import {
  FormCheckboxGroupField,
  FormRadioGroupField,
  FormSelectField,
  FormTextField,
  useFieldErrorText,
} from '../../../components/form-fields.tsx'
import { useT } from '../../../components/use-t.ts'
import { driehoekOf } from './audience.ts'
import {
  type FieldSpec,
  type FormValues,
  type ItemContext,
  isRequired,
  isVisible,
  OPTIONAL_TITLE_KINDS,
} from './fields.ts'
import { fieldMessages } from './item-form-schema.ts'

export type PersonalDataWarning = z.infer<typeof PersonalDataWarningSchema>

/** The item form's control: form values in, API values out. */
export type ItemFormControl = Control<FormValues, unknown, Record<string, unknown>>

/** The personal-data warnings the server gave for one field, with the advice. */
function warningFor(t: ReturnType<typeof useT>, warnings: PersonalDataWarning[], field: string): ReactNode {
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

interface KindFieldProps {
  kind: ItemKind
  spec: FieldSpec
  ctx: ItemContext
  control: ItemFormControl
  warnings: PersonalDataWarning[]
}

/** One field of an item's kind, as its spec describes it, bound to the form. Absent when it does not apply. */
export function KindField({ kind, spec, ctx, control, warnings }: KindFieldProps) {
  const t = useT()
  const values = useWatch({ control }) as FormValues
  if (!isVisible(spec, values)) return null
  const optionalTitle = spec.name === 'title' && OPTIONAL_TITLE_KINDS.has(kind)
  const required = isRequired(spec, values) && !optionalTitle
  const label = required ? t(spec.label) : t('form.optional', { label: t(spec.label) })
  const common = {
    control,
    name: spec.name,
    description: spec.description ? t(spec.description) : undefined,
    messages: fieldMessages(spec),
  }
  const options = () => spec.options?.(ctx, t, values) ?? []
  const field = (() => {
    switch (spec.type) {
      case 'text':
      case 'textarea':
      case 'number':
        return (
          <FormTextField
            {...common}
            label={label}
            required={required}
            rows={spec.type === 'textarea' ? 4 : undefined}
            inputMode={spec.type === 'number' ? 'decimal' : undefined}
            warning={warningFor(t, warnings, spec.name)}
          />
        )
      case 'date':
        return <FormDateField {...common} label={label} required={required} />
      case 'select':
        return (
          <FormSelectField
            {...common}
            label={label}
            required={required}
            placeholder={spec.placeholder ? t(spec.placeholder) : undefined}
            options={options()}
          />
        )
      case 'radio':
        return <FormRadioGroupField {...common} legend={label} options={options()} />
      case 'checkboxes':
        return (
          <FormCheckboxGroupField
            {...common}
            legend={label}
            options={options()}
            empty={spec.empty ? t(spec.empty) : undefined}
          />
        )
      case 'participants':
        return <ParticipantsField {...common} legend={label} organisations={ctx.contributors} />
    }
  })()
  return <div className={spec.wide ? 'vp-item-form__wide' : undefined}>{field}</div>
}

/** Who may see the item: everyone, the driehoek (gemeente, politie, OM), or chosen organisations. */
export function AudienceField({ ctx, control }: { ctx: ItemContext; control: ItemFormControl }) {
  const t = useT()
  const mode = useWatch({ control, name: 'audience' })
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
      <FormRadioGroupField control={control} name="audience" legend={t('audience.legend')} options={options} />
      {mode === 'chosen' && (
        <FormCheckboxGroupField
          control={control}
          name="audienceOrgs"
          legend={t('audience.organisations')}
          description={t('audience.organisations.description')}
          options={ctx.organisations.filter((o) => o.id !== mine).map((o) => ({ value: o.id, label: o.name }))}
        />
      )}
    </div>
  )
}

interface ParticipantsFieldProps {
  control: ItemFormControl
  name: string
  legend: ReactNode
  description?: ReactNode
  messages?: ReturnType<typeof fieldMessages>
  organisations: { id: string; name: string }[]
}

/** Which organisations take part in an action, each with its hours (as typed, per organisation id). */
function ParticipantsField(props: ParticipantsFieldProps) {
  const t = useT()
  const { field, fieldState } = useController({ control: props.control, name: props.name })
  const errorMessage = useFieldErrorText()(fieldState.error, field.value, props.messages)
  const value = (field.value ?? {}) as Record<string, string>
  const baseId = useId()
  const descriptionId = `${baseId}-description`
  const errorId = `${baseId}-error`
  const describedBy = [props.description && descriptionId, errorMessage && errorId].filter(Boolean).join(' ')
  return (
    <div className={`utrecht-form-fieldset vp-radio-group${errorMessage ? ' utrecht-form-fieldset--invalid' : ''}`}>
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
        {errorMessage && (
          <p id={errorId} className="utrecht-form-field-error-message">
            {errorMessage}
          </p>
        )}
        <ul className="vp-participants">
          {props.organisations.map((o, index) => {
            const checked = o.id in value
            const id = `${baseId}-${o.id}`
            return (
              <li key={o.id} className="vp-participants__row">
                <FormFieldCheckbox
                  className="vp-participants__org"
                  label={o.name}
                  name={index === 0 ? props.name : undefined}
                  checked={checked}
                  onChange={(event) => {
                    const next = { ...value }
                    if (event.target.checked) next[o.id] = next[o.id] ?? ''
                    else delete next[o.id]
                    field.onChange(next)
                  }}
                />
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
                      value={value[o.id] ?? ''}
                      onChange={(event) => field.onChange({ ...value, [o.id]: event.target.value })}
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
