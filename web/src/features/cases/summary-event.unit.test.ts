import type { ActivityEvent } from '@vp/shared'
import { createIntl } from 'react-intl'
import { describe, expect, it } from 'vitest'
import en from '../../i18n/en.json'
import nl from '../../i18n/nl.json'
import { describeEvent, type EventNames } from './describe-event.ts'

const names: EventNames = { person: () => undefined, organisation: () => undefined, item: () => undefined }

function exported(payload: Record<string, unknown>): ActivityEvent {
  return {
    seq: 12,
    type: 'summary.exported',
    createdAt: '2027-03-12T09:00:00Z',
    actor: { userId: '00000000-0000-4000-8000-0000000000aa', name: 'Iris Brinkhorst', organisation: null },
    entityType: 'case',
    entityId: '00000000-0000-4000-8000-000000000001',
    step: null,
    visible: true,
    payload,
  }
}

describe('a summary export in the activity', () => {
  it('says which version was downloaded in which format, in Dutch and English', () => {
    const say = (messages: typeof nl, locale: string, payload: Record<string, unknown>) =>
      describeEvent(createIntl({ locale, messages }), exported(payload), names)
    expect(say(nl, 'nl', { format: 'pdf', variant: 'raad' })).toBe(
      'heeft de samenvatting (raadsversie) als PDF gedownload',
    )
    expect(say(nl, 'nl', { format: 'docx', variant: 'full' })).toBe(
      'heeft de samenvatting als Word-document gedownload',
    )
    expect(say(en, 'en', { format: 'pdf', variant: 'raad' })).toBe('downloaded the summary (council version) as PDF')
    expect(say(en, 'en', { format: 'docx', variant: 'full' })).toBe('downloaded the summary as Word document')
  })
})
