import { Button, Paragraph } from '@utrecht/component-library-react'
import { type FormEvent, useId, useRef, useState } from 'react'
import { useNavigate } from 'react-router'
import { useCreateCase } from '../../api/cases.ts'
import { FormAlert, serverFieldError, useDescribeError } from '../../components/errors.tsx'
import { focusField } from '../../components/form.tsx'
import { PageHeading } from '../../components/page-heading.tsx'
import { TextLink } from '../../components/router-links.tsx'
import { useT } from '../../components/use-t.ts'
import {
  EMPTY_PROFILE,
  PROFILE_FIELDS,
  type ProfileErrors,
  type ProfileField,
  ProfileFields,
  toProfileBody,
  validateProfile,
} from './profile-fields.tsx'

export function NewCasePage() {
  const t = useT()
  const navigate = useNavigate()
  const createCase = useCreateCase()
  const describeError = useDescribeError()
  const [values, setValues] = useState(EMPTY_PROFILE)
  const [errors, setErrors] = useState<ProfileErrors>({})
  const formRef = useRef<HTMLFormElement>(null)
  const headingId = useId()
  const alertId = useId()

  const change = (field: ProfileField, value: string) => {
    setValues((v) => ({ ...v, [field]: value }))
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }))
  }

  const showErrors = (found: ProfileErrors) => {
    setErrors(found)
    const first = PROFILE_FIELDS.find((f) => found[f])
    if (first) focusField(formRef.current, first)
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (createCase.isPending) return
    const local = validateProfile(values)
    if (Object.keys(local).length > 0) {
      createCase.reset()
      showErrors(Object.fromEntries(Object.entries(local).map(([f, id]) => [f, t(id)])))
      return
    }
    createCase.mutate(toProfileBody(values) as Parameters<typeof createCase.mutate>[0], {
      onSuccess: (created) => navigate(`/dossiers/${created.id}`),
      onError: (err) => showErrors(Object.fromEntries(PROFILE_FIELDS.map((f) => [f, serverFieldError(err, f)]))),
    })
  }

  const formError = createCase.error ? describeError(createCase.error, PROFILE_FIELDS) : null

  return (
    <div className="vp-narrow">
      <PageHeading id={headingId}>{t('newCase.title')}</PageHeading>
      <Paragraph appearance="lead">{t('newCase.intro')}</Paragraph>
      <Paragraph>{t('newCase.privacy')}</Paragraph>
      <form
        ref={formRef}
        className="vp-form"
        noValidate
        onSubmit={submit}
        aria-labelledby={headingId}
        aria-describedby={formError ? alertId : undefined}
      >
        {formError && <FormAlert id={alertId}>{formError}</FormAlert>}
        <ProfileFields values={values} errors={errors} onChange={change} />
        <div className="vp-form__actions">
          <Button type="submit" appearance="primary-action-button" busy={createCase.isPending}>
            {t('newCase.submit')}
          </Button>
          <TextLink to="/">{t('app.cancel')}</TextLink>
        </div>
      </form>
    </div>
  )
}
