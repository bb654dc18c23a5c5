import {
  Checkbox,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  RadioButton,
  Select,
  SelectOption,
  Textarea,
  Textbox,
} from '@utrecht/component-library-react'
import { type ChangeEvent, type ReactNode, type Ref, useId } from 'react'

// Utrecht's form fields type their change event on the wrapping div; the target is the input itself.
export const inputValue = (event: ChangeEvent<HTMLElement>) => (event.target as HTMLInputElement).value

export interface Option {
  value: string
  label: string
  description?: string
}

interface FieldFrameProps {
  type: 'select' | 'text' | 'textarea'
  ids: { inputId: string; descriptionId: string; errorId: string }
  label: ReactNode
  description?: ReactNode
  errorMessage?: ReactNode
  className?: string | undefined
  /** Classes beside `utrecht-form-field__input` on the row that holds the input. */
  inputRowClassName?: string
  /** Below the input row, e.g. a warning. */
  after?: ReactNode
  children: ReactNode
}

/**
 * The form-field pattern every one-input field shares (NL Design System): the label, then the
 * description and the error (their ids are the input's aria-describedby), then the input's row.
 */
export function FieldFrame(props: FieldFrameProps) {
  const invalid = Boolean(props.errorMessage)
  const { inputId, descriptionId, errorId } = props.ids
  return (
    <FormField invalid={invalid} type={props.type} className={props.className}>
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={inputId}>{props.label}</FormLabel>
      </div>
      {props.description && (
        <FormFieldDescription id={descriptionId} className="utrecht-form-field__description">
          {props.description}
        </FormFieldDescription>
      )}
      {invalid && (
        <FormFieldErrorMessage id={errorId} className="utrecht-form-field__error-message">
          {props.errorMessage}
        </FormFieldErrorMessage>
      )}
      <div className={['utrecht-form-field__input', props.inputRowClassName].filter(Boolean).join(' ')}>
        {props.children}
      </div>
      {props.after}
    </FormField>
  )
}

interface SelectFieldProps {
  name: string
  label: ReactNode
  value: string
  options: readonly Option[]
  onChange: (value: string) => void
  description?: ReactNode
  errorMessage?: ReactNode
  required?: boolean
  /** A first option without value, e.g. "Kies een organisatie". */
  placeholder?: string
  inputRef?: Ref<HTMLSelectElement>
}

/** A labelled select with description and error tied to it, as Utrecht's FormFieldTextbox does for text. */
export function SelectField(props: SelectFieldProps) {
  const inputId = useId()
  const descriptionId = useId()
  const errorId = useId()
  const invalid = Boolean(props.errorMessage)
  const describedBy = [props.description && descriptionId, invalid && errorId].filter(Boolean).join(' ')
  return (
    <FieldFrame
      type="select"
      ids={{ inputId, descriptionId, errorId }}
      label={props.label}
      description={props.description}
      errorMessage={props.errorMessage}
    >
      <Select
        id={inputId}
        name={props.name}
        ref={props.inputRef}
        value={props.value}
        required={props.required}
        invalid={invalid}
        aria-describedby={describedBy || undefined}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {props.placeholder !== undefined && <SelectOption value="">{props.placeholder}</SelectOption>}
        {props.options.map((option) => (
          <SelectOption key={option.value} value={option.value}>
            {option.label}
          </SelectOption>
        ))}
      </Select>
    </FieldFrame>
  )
}

interface RadioGroupFieldProps {
  name: string
  legend: ReactNode
  value: string
  options: readonly Option[]
  onChange: (value: string) => void
  description?: ReactNode
  errorMessage?: ReactNode
  /** Receives the first radio button, to move focus to the group on an error. */
  inputRef?: Ref<HTMLInputElement>
}

/** A fieldset of radio buttons, each with its own label and optional one-line explanation. */
export function RadioGroupField(props: RadioGroupFieldProps) {
  const baseId = useId()
  const descriptionId = `${baseId}-description`
  const errorId = `${baseId}-error`
  const invalid = Boolean(props.errorMessage)
  const describedBy = [props.description && descriptionId, invalid && errorId].filter(Boolean).join(' ')
  return (
    <div className={`utrecht-form-fieldset vp-radio-group${invalid ? ' utrecht-form-fieldset--invalid' : ''}`}>
      <fieldset
        className="utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset"
        aria-describedby={describedBy || undefined}
      >
        <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
          {props.legend}
        </legend>
        {props.description && <FormFieldDescription id={descriptionId}>{props.description}</FormFieldDescription>}
        {invalid && <FormFieldErrorMessage id={errorId}>{props.errorMessage}</FormFieldErrorMessage>}
        {props.options.map((option, index) => {
          const id = `${baseId}-${option.value}`
          return (
            <FormField key={option.value} type="radio" className="vp-radio">
              <div className="utrecht-form-field__input">
                <RadioButton
                  id={id}
                  name={props.name}
                  value={option.value}
                  checked={props.value === option.value}
                  invalid={invalid}
                  ref={index === 0 ? props.inputRef : undefined}
                  aria-describedby={option.description ? `${id}-description` : undefined}
                  onChange={() => props.onChange(option.value)}
                />
              </div>
              <div className="utrecht-form-field__label">
                <FormLabel htmlFor={id} type="radio">
                  {option.label}
                </FormLabel>
              </div>
              {option.description && (
                <FormFieldDescription id={`${id}-description`} className="utrecht-form-field__description">
                  {option.description}
                </FormFieldDescription>
              )}
            </FormField>
          )
        })}
      </fieldset>
    </div>
  )
}

/** Moves focus to a named field of a form (the first radio button of a group). */
export function focusField(form: HTMLFormElement | null, name: string) {
  const item = form?.elements.namedItem(name)
  const element = item instanceof RadioNodeList ? item[0] : item
  if (element instanceof HTMLElement) element.focus()
}

interface TextFieldProps {
  name: string
  label: ReactNode
  value: string
  onChange: (value: string) => void
  description?: ReactNode
  errorMessage?: ReactNode
  /** Shown, never blocking: e.g. text that looks like personal data. */
  warning?: ReactNode
  required?: boolean
  /** A textarea with this many rows instead of a one-line textbox. */
  rows?: number
  /** Dates are typed in a DateField (components/date-field.tsx), never a browser date input. */
  type?: 'text' | 'email' | 'password'
  inputMode?: 'text' | 'decimal' | 'numeric'
  autoComplete?: string
  disabled?: boolean
  inputRef?: Ref<HTMLInputElement & HTMLTextAreaElement>
  className?: string
}

/**
 * A labelled text field (one line or several) with its description, error and warning all tied to
 * the input by aria-describedby, so a screen reader reads them with the field.
 */
export function TextField(props: TextFieldProps) {
  const inputId = useId()
  const descriptionId = useId()
  const errorId = useId()
  const warningId = useId()
  const invalid = Boolean(props.errorMessage)
  const describedBy = [props.description && descriptionId, props.warning && warningId, invalid && errorId]
    .filter(Boolean)
    .join(' ')
  const common = {
    id: inputId,
    name: props.name,
    value: props.value,
    required: props.required,
    invalid,
    disabled: props.disabled,
    'aria-describedby': describedBy || undefined,
  }
  return (
    <FieldFrame
      type={props.rows ? 'textarea' : 'text'}
      className={props.className}
      ids={{ inputId, descriptionId, errorId }}
      label={props.label}
      description={props.description}
      errorMessage={props.errorMessage}
      after={
        props.warning && (
          <div id={warningId} className="vp-field-warning">
            {props.warning}
          </div>
        )
      }
    >
      {props.rows ? (
        <Textarea
          {...common}
          ref={props.inputRef}
          rows={props.rows}
          onChange={(event) => props.onChange(event.target.value)}
        />
      ) : (
        <Textbox
          {...common}
          ref={props.inputRef}
          type={props.type ?? 'text'}
          inputMode={props.inputMode}
          autoComplete={props.autoComplete}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </FieldFrame>
  )
}

interface CheckboxGroupFieldProps {
  name: string
  legend: ReactNode
  values: readonly string[]
  options: readonly Option[]
  onChange: (values: string[]) => void
  description?: ReactNode
  errorMessage?: ReactNode
  /** Shown instead of the checkboxes when there is nothing to choose from. */
  empty?: ReactNode
}

/** A fieldset of checkboxes: choose any number of the options. */
export function CheckboxGroupField(props: CheckboxGroupFieldProps) {
  const baseId = useId()
  const descriptionId = `${baseId}-description`
  const errorId = `${baseId}-error`
  const invalid = Boolean(props.errorMessage)
  const describedBy = [props.description && descriptionId, invalid && errorId].filter(Boolean).join(' ')
  const toggle = (value: string, checked: boolean) =>
    props.onChange(checked ? [...props.values, value] : props.values.filter((v) => v !== value))
  return (
    <div className={`utrecht-form-fieldset vp-radio-group${invalid ? ' utrecht-form-fieldset--invalid' : ''}`}>
      <fieldset
        className="utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset"
        aria-describedby={describedBy || undefined}
      >
        <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
          {props.legend}
        </legend>
        {props.description && <FormFieldDescription id={descriptionId}>{props.description}</FormFieldDescription>}
        {invalid && <FormFieldErrorMessage id={errorId}>{props.errorMessage}</FormFieldErrorMessage>}
        {props.options.length === 0 && props.empty && <p className="vp-muted vp-field-empty">{props.empty}</p>}
        {props.options.map((option) => {
          const id = `${baseId}-${option.value}`
          return (
            <FormField key={option.value} type="checkbox" className="vp-radio">
              <div className="utrecht-form-field__input">
                <Checkbox
                  id={id}
                  name={props.name}
                  value={option.value}
                  checked={props.values.includes(option.value)}
                  invalid={invalid}
                  aria-describedby={option.description ? `${id}-description` : undefined}
                  onChange={(event) => toggle(option.value, event.target.checked)}
                />
              </div>
              <div className="utrecht-form-field__label">
                <FormLabel htmlFor={id} type="checkbox">
                  {option.label}
                </FormLabel>
              </div>
              {option.description && (
                <FormFieldDescription id={`${id}-description`} className="utrecht-form-field__description">
                  {option.description}
                </FormFieldDescription>
              )}
            </FormField>
          )
        })}
      </fieldset>
    </div>
  )
}
