import { FormFieldDescription, Textbox } from '@utrecht/component-library-react'
import { parseDateInput } from '@vp/shared/constants'
import { type ReactNode, type Ref, useId } from 'react'
import type { FieldPath, FieldValues } from 'react-hook-form'
import { useIntl } from 'react-intl'
import './date-field.css'
import { inputLanguage, spellDay } from './dates.ts'
import { FieldFrame } from './form.tsx'
import { type ControlledProps, type FieldMessages, useFormField } from './form-fields.tsx'
import { useT } from './use-t.ts'

interface DateFieldProps {
  name: string
  label: ReactNode
  /** The date as typed: 29-06-2027 (or 29/06/2027 in English). */
  value: string
  onChange: (value: string) => void
  description?: ReactNode
  errorMessage?: ReactNode
  required?: boolean
  inputRef?: Ref<HTMLInputElement>
  className?: string
}

/**
 * The NL Design System date input pattern: a text field for dd-mm-jjjj whatever the browser's
 * language (a browser date input follows the browser: mm/dd/yyyy on an English Windows), with the
 * format as hint and the date spelled out beside it once it is one ("dinsdag 29 juni 2027").
 */
export function DateField(props: DateFieldProps) {
  const t = useT()
  const { locale } = useIntl()
  const inputId = useId()
  const hintId = useId()
  const errorId = useId()
  const spelledId = useId()
  const invalid = Boolean(props.errorMessage)
  const day = parseDateInput(props.value)
  const describedBy = [hintId, invalid && errorId, day && spelledId].filter(Boolean).join(' ')
  return (
    <FieldFrame
      type="text"
      className={['vp-date-field', props.className].filter(Boolean).join(' ')}
      inputRowClassName="vp-date-field__row"
      ids={{ inputId, descriptionId: hintId, errorId }}
      label={props.label}
      description={
        <>
          {props.description && <span className="vp-date-field__description">{props.description} </span>}
          {t('date.hint')}
        </>
      }
      errorMessage={props.errorMessage}
    >
      <Textbox
        id={inputId}
        name={props.name}
        ref={props.inputRef}
        value={props.value}
        required={props.required}
        invalid={invalid}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        className="vp-date-field__input"
        aria-describedby={describedBy}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {day && (
        <span id={spelledId} className="vp-date-field__spelled">
          {spellDay(day, inputLanguage(locale))}
        </span>
      )}
    </FieldFrame>
  )
}

interface TimeFieldProps {
  name: string
  label: ReactNode
  value: string
  onChange: (value: string) => void
  errorMessage?: ReactNode
  inputRef?: Ref<HTMLInputElement>
}

/** A clock time typed as hh:mm, in Dutch time (said in the hint). */
export function TimeField(props: TimeFieldProps) {
  const t = useT()
  const inputId = useId()
  const hintId = useId()
  const errorId = useId()
  const invalid = Boolean(props.errorMessage)
  return (
    <FieldFrame
      type="text"
      className="vp-date-field vp-time-field"
      ids={{ inputId, descriptionId: hintId, errorId }}
      label={props.label}
      description={t('date.timeHint')}
      errorMessage={props.errorMessage}
    >
      <Textbox
        id={inputId}
        name={props.name}
        ref={props.inputRef}
        value={props.value}
        invalid={invalid}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        className="vp-time-field__input"
        aria-describedby={[hintId, invalid && errorId].filter(Boolean).join(' ')}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </FieldFrame>
  )
}

/** Which messages a date field shows: empty → `required`, anything else wrong → "this is no date". */
const dateMessages = (messages: FieldMessages | undefined): FieldMessages => ({
  invalid: 'date.invalid',
  ...messages,
})

type LabelText = { label: string }

/** A DateField whose value (the typed text), check and error come from the form. */
export function FormDateField<T extends FieldValues, O extends FieldValues>({
  control,
  name,
  messages,
  rules,
  ...props
}: ControlledProps<T, O> &
  Omit<DateFieldProps, 'name' | 'value' | 'onChange' | 'errorMessage' | 'inputRef'> &
  LabelText) {
  const { field, errorMessage } = useFormField(
    { control, name, messages: dateMessages(messages), rules },
    { values: { label: props.label } },
  )
  return (
    <DateField
      {...props}
      name={name}
      value={field.value ?? ''}
      onChange={field.onChange}
      inputRef={field.ref}
      errorMessage={errorMessage}
    />
  )
}

/** A date and a time (acuut deadlines), as two fields of the form in one group with a legend. */
export function FormDateTimeField<T extends FieldValues, O extends FieldValues>({
  control,
  dateName,
  timeName,
  legend,
  description,
  messages,
}: {
  control: ControlledProps<T, O>['control']
  dateName: FieldPath<T>
  timeName: FieldPath<T>
  legend: string
  description?: ReactNode
  messages?: { date?: FieldMessages; time?: FieldMessages }
}) {
  const t = useT()
  const legendId = useId()
  const dateLabel = t('date.dateLabel')
  const timeLabel = t('date.timeLabel')
  const date = useFormField(
    { control, name: dateName, messages: dateMessages(messages?.date) },
    { values: { label: `${legend}, ${dateLabel.toLowerCase()}` } },
  )
  const time = useFormField(
    { control, name: timeName, messages: { invalid: 'date.invalidTime', ...messages?.time } },
    { values: { label: `${legend}, ${timeLabel.toLowerCase()}` } },
  )
  return (
    <div className="utrecht-form-fieldset vp-date-time">
      <fieldset
        className="utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset"
        aria-labelledby={legendId}
      >
        <legend id={legendId} className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
          {legend}
        </legend>
        {description && <FormFieldDescription>{description}</FormFieldDescription>}
        <div className="vp-date-time__fields">
          <DateField
            name={dateName}
            label={dateLabel}
            value={String(date.field.value ?? '')}
            onChange={date.field.onChange}
            inputRef={date.field.ref}
            errorMessage={date.errorMessage}
          />
          <TimeField
            name={timeName}
            label={timeLabel}
            value={String(time.field.value ?? '')}
            onChange={time.field.onChange}
            inputRef={time.field.ref}
            errorMessage={time.errorMessage}
          />
        </div>
      </fieldset>
    </div>
  )
}
