// The shape of an event as it is appended to a case's log. Types only, so that the log and what it
// calls (the notifications made with each event) share it without importing each other.

/** An event as appendEvent writes it: the case, the type, who acted and on what. */
export interface NewEvent {
  caseId: string
  type: string
  actor: { userId: string; organisationId: string | null } | null
  entityType: string
  entityId: string | null
  step?: number | null
  /** Never another entity's text: who may read it is decided by this event's own entity (ADR 014). */
  payload?: Record<string, unknown>
}
