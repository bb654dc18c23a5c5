import { Button, FormFieldTextbox, Paragraph } from '@utrecht/component-library-react'
import type { OrganisationType } from '@vp/shared'
import { ORGANISATION_TYPES } from '@vp/shared/constants'
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import { useSetup, useSetupLink } from '../../api/account.ts'
import { FormAlert, isNotFound, LoadError, serverFieldError, useDescribeError } from '../../components/errors.tsx'
import { focusField, inputValue, SelectField } from '../../components/form.tsx'
import { Loading } from '../../components/loading.tsx'
import { PageHeading } from '../../components/page-heading.tsx'
import { useT } from '../../components/use-t.ts'
import { checkNewPassword, NewPasswordFields } from './password-fields.tsx'
import { LinkProblem } from './set-password-page.tsx'

const FIELDS = ['email', 'name', 'password', 'repeat', 'organisationName', 'organisationType'] as const
type Field = (typeof FIELDS)[number]
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** `/inrichten/:token`: the first admin of a new instance, with their organisation. */
export function SetupPage() {
  const t = useT()
  const { token = '' } = useParams()
  const link = useSetupLink(token)

  if (link.isPending) return <Loading />
  if (link.isError) {
    if (isNotFound(link.error)) return <LinkProblem title={t('link.notFound.title')} body={t('setup.notFound')} />
    return <LoadError onRetry={() => void link.refetch()} />
  }
  if (link.data.state !== 'valid') {
    return <LinkProblem title={t(`link.${link.data.state}.title`)} body={t('setup.notFound')} />
  }
  return (
    <div className="vp-narrow">
      <PageHeading>{t('setup.title')}</PageHeading>
      <Paragraph appearance="lead">{t('setup.intro')}</Paragraph>
      <SetupForm token={token} />
    </div>
  )
}

function SetupForm({ token }: { token: string }) {
  const t = useT()
  const navigate = useNavigate()
  const describeError = useDescribeError()
  const setup = useSetup(token)
  const [values, setValues] = useState<Record<Field, string>>({
    email: '',
    name: '',
    password: '',
    repeat: '',
    organisationName: '',
    organisationType: 'gemeente',
  })
  const [errors, setErrors] = useState<Partial<Record<Field, ReactNode>>>({})
  const formRef = useRef<HTMLFormElement>(null)
  const headingId = useId()
  const alertId = useId()

  const change = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }))
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }))
  }
  const showErrors = (found: Partial<Record<Field, ReactNode>>) => {
    setErrors(found)
    const first = FIELDS.find((f) => found[f])
    if (first) focusField(formRef.current, first)
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (setup.isPending) return
    const local: Partial<Record<Field, ReactNode>> = {}
    if (!values.email.trim()) local.email = t('login.emailRequired')
    else if (!EMAIL.test(values.email.trim())) local.email = t('login.emailInvalid')
    if (!values.name.trim()) local.name = t('accept.nameRequired')
    const password = checkNewPassword(values.password, values.repeat)
    if (password.password) local.password = t(password.password)
    if (password.repeat) local.repeat = t(password.repeat)
    if (!values.organisationName.trim()) local.organisationName = t('setup.organisationRequired')
    if (Object.keys(local).length > 0) {
      setup.reset()
      showErrors(local)
      return
    }
    setup.mutate(
      {
        email: values.email.trim(),
        name: values.name.trim(),
        password: values.password,
        organisationName: values.organisationName.trim(),
        organisationType: values.organisationType as OrganisationType,
      },
      {
        onSuccess: () => navigate('/beheer', { replace: true }),
        onError: (err) => showErrors(Object.fromEntries(FIELDS.map((f) => [f, serverFieldError(err, f)]))),
      },
    )
  }

  const formError = setup.error ? describeError(setup.error, FIELDS) : null

  return (
    <form
      ref={formRef}
      className="vp-form"
      noValidate
      onSubmit={submit}
      aria-labelledby={headingId}
      aria-describedby={formError ? alertId : undefined}
    >
      <p id={headingId} className="vp-visually-hidden">
        {t('setup.title')}
      </p>
      {formError && <FormAlert id={alertId}>{formError}</FormAlert>}
      <FormFieldTextbox
        name="email"
        type="email"
        autoComplete="username"
        label={t('login.email')}
        required
        value={values.email}
        onChange={(e) => change('email', inputValue(e))}
        invalid={Boolean(errors.email)}
        errorMessage={errors.email}
      />
      <FormFieldTextbox
        name="name"
        autoComplete="name"
        label={t('accept.name')}
        required
        value={values.name}
        onChange={(e) => change('name', inputValue(e))}
        invalid={Boolean(errors.name)}
        errorMessage={errors.name}
      />
      <NewPasswordFields
        password={values.password}
        repeat={values.repeat}
        errors={errors}
        onChange={(field, value) => change(field, value)}
      />
      <FormFieldTextbox
        name="organisationName"
        autoComplete="organization"
        label={t('setup.organisationName')}
        description={t('setup.organisationName.description')}
        required
        value={values.organisationName}
        onChange={(e) => change('organisationName', inputValue(e))}
        invalid={Boolean(errors.organisationName)}
        errorMessage={errors.organisationName}
      />
      <SelectField
        name="organisationType"
        label={t('setup.organisationType')}
        value={values.organisationType}
        options={ORGANISATION_TYPES.map((type) => ({ value: type, label: t(`orgType.${type}`) }))}
        onChange={(value) => change('organisationType', value)}
        errorMessage={errors.organisationType}
      />
      <div className="vp-form__actions">
        <Button type="submit" appearance="primary-action-button" busy={setup.isPending}>
          {t('setup.submit')}
        </Button>
      </div>
    </form>
  )
}
