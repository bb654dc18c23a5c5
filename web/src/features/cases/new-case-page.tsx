import { Button, Paragraph } from '@utrecht/component-library-react'
import { useId } from 'react'
import { useNavigate } from 'react-router'
import { useCreateCase } from '../../api/cases.ts'
import { FormAlert, useDescribeError } from '../../components/errors.tsx'
import { showServerErrors } from '../../components/form-fields.tsx'
import { PageHeading } from '../../components/page-heading.tsx'
import { TextLink } from '../../components/router-links.tsx'
import { useT } from '../../components/use-t.ts'
import { useZodForm } from '../../components/use-zod-form.ts'
import { EMPTY_PROFILE, PROFILE_FIELDS, ProfileFields, ProfileFormSchema } from './profile-fields.tsx'

export function NewCasePage() {
  const t = useT()
  const navigate = useNavigate()
  const createCase = useCreateCase()
  const describeError = useDescribeError()
  const form = useZodForm(ProfileFormSchema, EMPTY_PROFILE)
  const headingId = useId()
  const alertId = useId()

  const submit = form.handleSubmit(
    (body) => {
      if (createCase.isPending) return
      createCase.mutate(body, {
        onSuccess: (created) => navigate(`/dossiers/${created.id}`),
        onError: (err) => showServerErrors(form, err, PROFILE_FIELDS),
      })
    },
    () => createCase.reset(),
  )

  const formError = createCase.error ? describeError(createCase.error, PROFILE_FIELDS) : null

  return (
    <div className="vp-narrow">
      <PageHeading id={headingId}>{t('newCase.title')}</PageHeading>
      <Paragraph appearance="lead">{t('newCase.intro')}</Paragraph>
      <Paragraph>{t('newCase.privacy')}</Paragraph>
      <form
        className="vp-form"
        noValidate
        onSubmit={submit}
        aria-labelledby={headingId}
        aria-describedby={formError ? alertId : undefined}
      >
        {formError && <FormAlert id={alertId}>{formError}</FormAlert>}
        <ProfileFields form={form} />
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
