import { useCallback } from 'react'
import { useIntl } from 'react-intl'
import type { MessageId } from '../i18n/messages.ts'

type Values = Record<string, string | number>

/** `t('login.title')`: a translated string by message id; ids are checked against nl.json. */
export function useT() {
  const intl = useIntl()
  return useCallback((id: MessageId, values?: Values) => intl.formatMessage({ id }, values), [intl])
}
