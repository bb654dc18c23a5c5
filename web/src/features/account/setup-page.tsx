import { Button, Paragraph } from '@utrecht/component-library-react'
import { SetupBodySchema } from '@vp/shared'
import { ORGANISATION_TYPES } from '@vp/shared/constants'
import { useId } from 'react'
import { useNavigate, useParams } from 'react-router'
import { useSetup, useSetupLink } from '../../api/account.ts'
import { FormAlert, isNotFound, LoadError, useDescribeError } from '../../components/errors.tsx'
import { type FieldMessages, FormSelectField, FormTextField, showServerErrors } from '../../components/form-fields.tsx'
import { Loading } from '../../components/loading.tsx'
import { NewPasswordFields, withRepeatedPassword } from '../../components/new-password-fields.tsx'
import { PageHeading } from '../../components/page-heading.tsx'
import { useT } from '../../components/use-t.ts'
import { useZodForm } from '../../components/use-zod-form.ts'
import { LinkProblem } from './set-password-page.tsx'

const FormSchema = withRepeatedPassword(SetupBodySchema, 'password')
const FIELDS = ['email', 'name', 'password', 'organisationName', 'organisationType'] as const
const EMAIL_MESSAGES: FieldMessages = { required: 'login.emailRequired', invalid: 'login.emailInvalid' }
const NAME_MESSAGES: FieldMessages = { invalid: 'accept.nameRequired' }
const ORGANISATION_MESSAGES: FieldMessages = { invalid: 'setup.organisationRequired' }

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
  const form = useZodForm(FormSchema, {
    email: '',
    name: '',
    password: '',
    repeat: '',
    organisationName: '',
    organisationType: 'gemeente',
  })
  const headingId = useId()
  const alertId = useId()

  const submit = form.handleSubmit(
    ({ repeat: _, ...body }) => {
      if (setup.isPending) return
      setup.mutate(body, {
        onSuccess: () => navigate('/beheer', { replace: true }),
        onError: (err) => showServerErrors(form, err, FIELDS),
      })
    },
    () => setup.reset(),
  )

  const formError = setup.error ? describeError(setup.error, FIELDS) : null

  return (
    <form
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
      <FormTextField
        control={form.control}
        name="email"
        type="email"
        autoComplete="username"
        label={t('login.email')}
        required
        messages={EMAIL_MESSAGES}
      />
      <FormTextField
        control={form.control}
        name="name"
        autoComplete="name"
        label={t('accept.name')}
        required
        messages={NAME_MESSAGES}
      />
      <NewPasswordFields control={form.control} name="password" repeatName="repeat" />
      <FormTextField
        control={form.control}
        name="organisationName"
        autoComplete="organization"
        label={t('setup.organisationName')}
        description={t('setup.organisationName.description')}
        required
        messages={ORGANISATION_MESSAGES}
      />
      <FormSelectField
        control={form.control}
        name="organisationType"
        label={t('setup.organisationType')}
        options={ORGANISATION_TYPES.map((type) => ({ value: type, label: t(`orgType.${type}`) }))}
      />
      <div className="vp-form__actions">
        <Button type="submit" appearance="primary-action-button" busy={setup.isPending}>
          {t('setup.submit')}
        </Button>
      </div>
    </form>
  )
}
