import type { ActivityEvent } from '@vp/shared'

// Which live changes are worth telling a person about, and how a burst of them becomes one message.
// Pure, so it is tested without a browser (live-announcer.test.ts).

/** One kind of change in one announcement, counted. */
export type AnnouncementPart =
  | { kind: 'items'; count: number }
  | { kind: 'comments'; count: number }
  | { kind: 'documents'; count: number }
  | { kind: 'actions'; count: number; organisation: string }
  | { kind: 'step'; count: number; step: number; status: 'opened' | 'closed' | 'reopened' }
  /** New notifications for me (the bell); the title of the first, as the server composed it for me. */
  | { kind: 'notifications'; count: number; title: string }

export interface Announcement {
  /** Distinguishes one announcement from the next with the same text, so it is read out again. */
  id: number
  caseId: string
  parts: AnnouncementPart[]
  /** Where "Bekijk" goes: the first change announced. */
  link: string
}

export interface Viewer {
  userId: string
  /** My organisation in this case, and its name; null when the case is not loaded. */
  organisation: { id: string; name: string } | null
  /** The step page I am looking at in this case, or null. */
  step: number | null
}

export interface Classified {
  part: AnnouncementPart
  link: string
}

const STEP_STATUS: Record<string, 'opened' | 'closed' | 'reopened'> = {
  'step.opened': 'opened',
  'step.closed': 'closed',
  'step.reopened': 'reopened',
}

function concernsOrganisation(payload: Record<string, unknown> | null, organisationId: string): boolean {
  if (!payload) return false
  if (payload.trekkerOrganisationId === organisationId) return true
  const participants = payload.participants
  return (
    Array.isArray(participants) &&
    participants.some((p) => typeof p === 'object' && p !== null && p.organisationId === organisationId)
  )
}

/**
 * What one live event means for me, or null when it is not worth an announcement: my own change, or
 * a change that neither concerns my organisation nor the step I am looking at.
 */
export function classifyEvent(caseId: string, event: ActivityEvent, viewer: Viewer): Classified | null {
  if (!event.actor || event.actor.userId === viewer.userId) return null
  const base = `/dossiers/${caseId}`
  const itemLink = (step: number | null) =>
    step ? `${base}/stap/${step}${event.entityId ? `#item-${event.entityId}` : ''}` : base
  const stepStatus = STEP_STATUS[event.type]
  if (stepStatus && event.step) {
    return {
      part: { kind: 'step', count: 1, step: event.step, status: stepStatus },
      link: `${base}/stap/${event.step}`,
    }
  }
  const payload = event.visible ? event.payload : null
  if (
    (event.type === 'item.created' || event.type === 'item.updated') &&
    payload?.kind === 'action' &&
    viewer.organisation &&
    concernsOrganisation(payload, viewer.organisation.id)
  ) {
    return {
      part: { kind: 'actions', count: 1, organisation: viewer.organisation.name },
      link: itemLink(event.step ?? 5),
    }
  }
  if (viewer.step === null || event.step !== viewer.step) return null
  if (event.type === 'item.created') return { part: { kind: 'items', count: 1 }, link: itemLink(event.step) }
  if (event.type === 'comment.added') return { part: { kind: 'comments', count: 1 }, link: itemLink(event.step) }
  // A file added to this step, or a new version of one (a placeholder counts too: who and when).
  if (event.type === 'document.added' || event.type === 'document.version_added')
    return { part: { kind: 'documents', count: 1 }, link: `${base}/stap/${event.step}` }
  return null
}

const ORDER: AnnouncementPart['kind'][] = ['notifications', 'actions', 'step', 'items', 'comments', 'documents']

/** Adds one change to a burst: equal kinds are counted together (steps per step and status). */
export function addPart(parts: AnnouncementPart[], part: AnnouncementPart): AnnouncementPart[] {
  const same = parts.findIndex(
    (p) => p.kind === part.kind && (p.kind !== 'step' || (part.kind === 'step' && p.step === part.step)),
  )
  if (same === -1) {
    return [...parts, part].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind))
  }
  const next = [...parts]
  const existing = next[same]!
  next[same] = part.kind === 'step' ? part : ({ ...existing, count: existing.count + part.count } as AnnouncementPart)
  return next
}

/**
 * Collects the changes of a burst (a catch-up, someone pasting five signals) for `windowMs`, then
 * publishes them as one announcement per case.
 */
export function createAnnouncer(publish: (announcement: Announcement) => void, windowMs = 1500) {
  let pending: { caseId: string; parts: AnnouncementPart[]; link: string } | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let nextId = 1
  const flush = () => {
    timer = null
    if (pending) publish({ id: nextId++, ...pending })
    pending = null
  }
  return {
    add(caseId: string, classified: Classified) {
      if (pending && pending.caseId !== caseId) flush()
      pending = pending
        ? { ...pending, parts: addPart(pending.parts, classified.part) }
        : { caseId, parts: [classified.part], link: classified.link }
      if (!timer) timer = setTimeout(flush, windowMs)
    },
    cancel() {
      if (timer) clearTimeout(timer)
      timer = null
      pending = null
    },
  }
}
