import type { ActivityEvent } from '@vp/shared'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type Announcement, addPart, classifyEvent, createAnnouncer, type Viewer } from './live-announcer.ts'

const CASE = '00000000-0000-4000-8000-000000000001'
const ME = '00000000-0000-4000-8000-0000000000aa'
const OTHER = '00000000-0000-4000-8000-0000000000bb'
const MY_ORG = { id: '00000000-0000-4000-8000-0000000000c1', name: 'Politie' }
const ITEM = '00000000-0000-4000-8000-0000000000d1'

const viewer: Viewer = { userId: ME, organisation: MY_ORG, step: 2 }

function event(change: Partial<ActivityEvent>): ActivityEvent {
  return {
    seq: 1,
    type: 'item.created',
    createdAt: '2026-03-01T12:00:00Z',
    actor: { userId: OTHER, name: 'Iris Brinkhorst', organisation: null },
    entityType: 'item',
    entityId: ITEM,
    step: 2,
    visible: true,
    payload: { kind: 'signal', title: 'Nieuw signaal' },
    ...change,
  }
}

describe('classifyEvent', () => {
  it('announces a new contribution on the step I am looking at, with a link to it', () => {
    expect(classifyEvent(CASE, event({}), viewer)).toEqual({
      part: { kind: 'items', count: 1 },
      link: `/dossiers/${CASE}/stap/2#item-${ITEM}`,
    })
  })

  it('announces a document added to the step I am looking at, or a new version of one, and nothing else about documents', () => {
    const doc = (type: string, step = 2) => event({ type, entityType: 'document', step, payload: {} })
    for (const type of ['document.added', 'document.version_added'])
      expect(classifyEvent(CASE, doc(type), viewer)).toEqual({
        part: { kind: 'documents', count: 1 },
        link: `/dossiers/${CASE}/stap/2`,
      })
    expect(classifyEvent(CASE, doc('document.added', 3), viewer)).toBeNull()
    for (const type of ['document.changed', 'document.acknowledged', 'document.downloaded', 'document.deleted'])
      expect(classifyEvent(CASE, doc(type), viewer)).toBeNull()
  })

  it('stays silent on my own changes, and on contributions to another step', () => {
    expect(classifyEvent(CASE, event({ actor: { userId: ME, name: 'Ik', organisation: null } }), viewer)).toBeNull()
    expect(classifyEvent(CASE, event({ step: 3 }), viewer)).toBeNull()
    expect(classifyEvent(CASE, event({}), { ...viewer, step: null })).toBeNull()
    expect(classifyEvent(CASE, event({ type: 'item.position_set' }), viewer)).toBeNull()
  })

  it('announces an action for my organisation, as trekker or participant, wherever I am', () => {
    const trekker = event({ step: 5, payload: { kind: 'action', trekkerOrganisationId: MY_ORG.id } })
    expect(classifyEvent(CASE, trekker, { ...viewer, step: null })?.part).toEqual({
      kind: 'actions',
      count: 1,
      organisation: 'Politie',
    })
    const participant = event({
      type: 'item.updated',
      step: 5,
      payload: { kind: 'action', participants: [{ organisationId: MY_ORG.id, hours: 4 }] },
    })
    expect(classifyEvent(CASE, participant, viewer)?.link).toBe(`/dossiers/${CASE}/stap/5#item-${ITEM}`)
    // Someone else's action, and one I may not see, say nothing.
    expect(
      classifyEvent(CASE, event({ step: 5, payload: { kind: 'action', trekkerOrganisationId: OTHER } }), viewer),
    ).toBeNull()
    expect(classifyEvent(CASE, event({ step: 5, visible: false, payload: null }), { ...viewer, step: null })).toBeNull()
  })

  it('announces a step that opens, closes or reopens', () => {
    const closed = classifyEvent(
      CASE,
      event({ type: 'step.closed', entityType: 'step', entityId: null, step: 4 }),
      viewer,
    )
    expect(closed).toEqual({
      part: { kind: 'step', count: 1, step: 4, status: 'closed' },
      link: `/dossiers/${CASE}/stap/4`,
    })
  })
})

describe('announcer', () => {
  afterEach(() => vi.useRealTimers())

  it('turns a burst of three contributions into one message, linking to the first', () => {
    vi.useFakeTimers()
    const published: Announcement[] = []
    const announcer = createAnnouncer((a) => published.push(a), 1000)
    for (const id of ['a', 'b', 'c']) {
      announcer.add(CASE, { part: { kind: 'items', count: 1 }, link: `#${id}` })
      vi.advanceTimersByTime(200)
    }
    expect(published).toEqual([])
    vi.advanceTimersByTime(1000)
    expect(published).toEqual([{ id: 1, caseId: CASE, parts: [{ kind: 'items', count: 3 }], link: '#a' }])
  })

  it('keeps different kinds apart and the latest status of a step', () => {
    let parts = addPart([], { kind: 'items', count: 1 })
    parts = addPart(parts, { kind: 'step', count: 1, step: 2, status: 'closed' })
    parts = addPart(parts, { kind: 'step', count: 1, step: 2, status: 'reopened' })
    parts = addPart(parts, { kind: 'actions', count: 1, organisation: 'Politie' })
    expect(parts).toEqual([
      { kind: 'actions', count: 1, organisation: 'Politie' },
      { kind: 'step', count: 1, step: 2, status: 'reopened' },
      { kind: 'items', count: 1 },
    ])
  })
})
