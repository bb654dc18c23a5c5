import { Button, Heading2, Heading3, Paragraph } from '@utrecht/component-library-react'
import type { NotificationSettings } from '@vp/shared'
import { useEffect, useId, useState } from 'react'
import {
  useCalendarAddress,
  useNotificationSettings,
  useRotateCalendar,
  useUpdateNotificationSettings,
} from '../../api/notifications.ts'
import { ConfirmDialog } from '../../components/confirm-dialog.tsx'
import { CopyLink } from '../../components/copy-link.tsx'
import { FormAlert, LoadError, useDescribeError } from '../../components/errors.tsx'
import { RadioGroupField, SelectField } from '../../components/form.tsx'
import { Loading } from '../../components/loading.tsx'
import { StatusRegion } from '../../components/status-region.tsx'
import { useT } from '../../components/use-t.ts'

/** The section's id: e-mails link here (`/account#meldingen`) to change what they send. */
export const SETTINGS_ANCHOR = 'meldingen'

const HOURS = Array.from({ length: 24 }, (_, hour) => hour)

/**
 * "Meldingen" on the account page: how e-mail comes (at once, one daily digest at an hour, or not),
 * and the secret calendar address with its renewal. In-app notifications are always on.
 */
export function NotificationSettingsSection() {
  const t = useT()
  const headingId = useId()
  return (
    <section id={SETTINGS_ANCHOR} aria-labelledby={headingId} className="vp-section">
      <Heading2 id={headingId} tabIndex={-1}>
        {t('notifications.settings.title')}
      </Heading2>
      <Paragraph>{t('notifications.settings.intro')}</Paragraph>
      <EmailSettings />
      <CalendarSettings />
    </section>
  )
}

function EmailSettings() {
  const settings = useNotificationSettings()
  if (settings.isPending) return <Loading />
  if (settings.isError) return <LoadError onRetry={() => void settings.refetch()} />
  return <EmailForm saved={settings.data} />
}

function EmailForm({ saved }: { saved: NotificationSettings }) {
  const t = useT()
  const describeError = useDescribeError()
  const update = useUpdateNotificationSettings()
  const [draft, setDraft] = useState<NotificationSettings>(saved)
  const [status, setStatus] = useState<string | null>(null)
  const alertId = useId()
  useEffect(() => setDraft(saved), [saved])

  const submit = (event: React.FormEvent) => {
    event.preventDefault()
    if (update.isPending) return
    setStatus(null)
    update.mutate(draft, { onSuccess: () => setStatus(t('notifications.settings.saved')) })
  }
  const error = update.error ? describeError(update.error) : null
  return (
    <form className="vp-form" noValidate onSubmit={submit} aria-describedby={error ? alertId : undefined}>
      {error && <FormAlert id={alertId}>{error}</FormAlert>}
      <RadioGroupField
        name="email"
        legend={t('notifications.settings.emailLegend')}
        description={t('notifications.settings.emailDescription')}
        value={draft.email}
        options={[
          { value: 'immediate', label: t('notifications.settings.immediate') },
          { value: 'daily', label: t('notifications.settings.daily') },
          {
            value: 'off',
            label: t('notifications.settings.off'),
            description: t('notifications.settings.offDescription'),
          },
        ]}
        onChange={(email) => setDraft({ ...draft, email: email as NotificationSettings['email'] })}
      />
      {draft.email === 'daily' && (
        <SelectField
          name="digestHour"
          label={t('notifications.settings.digestHour')}
          description={t('notifications.settings.digestHourDescription')}
          value={String(draft.digestHour)}
          options={HOURS.map((hour) => ({ value: String(hour), label: `${String(hour).padStart(2, '0')}:00` }))}
          onChange={(hour) => setDraft({ ...draft, digestHour: Number(hour) })}
        />
      )}
      <div className="vp-form__actions">
        <Button type="submit" appearance="primary-action-button" busy={update.isPending}>
          {t('notifications.settings.save')}
        </Button>
      </div>
      <StatusRegion>{status}</StatusRegion>
    </form>
  )
}

function CalendarSettings() {
  const t = useT()
  const describeError = useDescribeError()
  const address = useCalendarAddress()
  const rotate = useRotateCalendar()
  const [confirming, setConfirming] = useState(false)
  const [status, setStatus] = useState<string | null>(null)
  return (
    <div className="vp-calendar-settings">
      <Heading3>{t('notifications.calendar.title')}</Heading3>
      <Paragraph>{t('notifications.calendar.intro')}</Paragraph>
      {address.isPending ? (
        <Loading />
      ) : address.isError ? (
        <LoadError onRetry={() => void address.refetch()} />
      ) : (
        <>
          <CopyLink link={address.data.url} label={t('notifications.calendar.address')} />
          <div className="vp-form__actions">
            <Button
              appearance="secondary-action-button"
              onClick={() => {
                rotate.reset()
                setStatus(null)
                setConfirming(true)
              }}
            >
              {t('notifications.calendar.rotate')}
            </Button>
          </div>
        </>
      )}
      <StatusRegion>{status}</StatusRegion>
      <ConfirmDialog
        open={confirming}
        title={t('notifications.calendar.rotateTitle')}
        confirmLabel={t('notifications.calendar.rotate')}
        busy={rotate.isPending}
        error={rotate.error ? describeError(rotate.error) : null}
        onConfirm={() => {
          if (rotate.isPending) return
          rotate.mutate(undefined, {
            onSuccess: () => {
              setConfirming(false)
              setStatus(t('notifications.calendar.rotated'))
            },
          })
        }}
        onCancel={() => setConfirming(false)}
      >
        <Paragraph>{t('notifications.calendar.rotateExplain')}</Paragraph>
      </ConfirmDialog>
    </div>
  )
}
