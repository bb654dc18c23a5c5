import type { ActivityEvent } from '@vp/shared'
import { createIntl } from 'react-intl'
import { describe, expect, it } from 'vitest'
import { keysForEvent } from '../../../api/live-cache.ts'
import nl from '../../../i18n/nl.json'
import { describeEvent, type EventNames } from '../describe-event.ts'
import { formatBytes } from './format.ts'

const CASE = '00000000-0000-4000-8000-000000000001'
const DOCUMENT = '00000000-0000-4000-8000-0000000000d1'
const intl = createIntl({ locale: 'nl', messages: nl })
const names: EventNames = { person: () => undefined, organisation: () => undefined, item: () => undefined }

function event(type: string, payload: Record<string, unknown> | null): ActivityEvent {
  return {
    seq: 7,
    type,
    createdAt: '2026-03-12T09:00:00Z',
    actor: { userId: '00000000-0000-4000-8000-0000000000aa', name: 'Ruud Kalkman', organisation: null },
    entityType: 'document',
    entityId: DOCUMENT,
    step: null,
    visible: payload !== null,
    payload,
  }
}

describe('document events in the activity', () => {
  it('names the document by its title in every sentence', () => {
    const say = (type: string, payload: Record<string, unknown> = { title: 'Wijkscan', fileName: 'wijkscan.pdf' }) =>
      describeEvent(intl, event(type, payload), names)
    expect(say('document.added')).toBe('heeft het document ‘Wijkscan’ toegevoegd')
    expect(say('document.version_added', { title: 'Wijkscan', versionNumber: 2 })).toBe(
      'heeft een nieuwe versie (2) van het document ‘Wijkscan’ toegevoegd',
    )
    expect(say('document.changed')).toBe('heeft het document ‘Wijkscan’ gewijzigd')
    expect(say('document.deleted')).toBe('heeft het document ‘Wijkscan’ verwijderd')
    expect(say('document.acknowledged')).toBe('heeft het document ‘Wijkscan’ als gelezen gemarkeerd')
    expect(say('document.downloaded')).toBe('heeft het document ‘Wijkscan’ gedownload')
  })

  it("names a read mark or a download by the title from the document's other events", () => {
    const known: EventNames = {
      ...names,
      item: (id) => (id === DOCUMENT ? { kind: 'document', title: 'Wijkscan' } : undefined),
    }
    expect(describeEvent(intl, event('document.acknowledged', { versionNumber: 1 }), known)).toBe(
      'heeft het document ‘Wijkscan’ als gelezen gemarkeerd',
    )
  })

  it('falls back to the file name, then to "een document"', () => {
    expect(describeEvent(intl, event('document.added', { fileName: 'verslag.docx' }), names)).toBe(
      'heeft het document ‘verslag.docx’ toegevoegd',
    )
    expect(describeEvent(intl, event('document.deleted', {}), names)).toBe('heeft een document verwijderd')
  })

  it('refreshes every list of documents of the case on a live document event', () => {
    const keys = keysForEvent(CASE, event('document.added', null)).map((k) => JSON.stringify(k))
    expect(keys).toContain(JSON.stringify(['case', CASE, 'documents']))
  })
})

describe('sizes', () => {
  it('reads as people read them, in binary steps as the server counts', () => {
    expect(formatBytes(intl, 2040 * 1024 ** 2)).toBe('2 GB')
    expect(formatBytes(intl, 1.9 * 1024 ** 3)).toBe('1,9 GB')
    expect(formatBytes(intl, 50 * 1024 ** 2)).toBe('50 MB')
    expect(formatBytes(intl, 740 * 1024)).toBe('740 kB')
    expect(formatBytes(intl, 1020 * 1024 ** 2)).toBe('1 GB')
  })
})
