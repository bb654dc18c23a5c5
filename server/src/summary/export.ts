import type { Summary, SummaryFormat } from '@vp/shared'
import type { FastifyReply } from 'fastify'
import type { Db } from '../db/client.ts'
import { inTransaction } from '../db/tx.ts'
import { attachmentDisposition } from '../documents/download.ts'
import { appendEvent, eventActor } from '../events/append.ts'
import type { Member } from '../policy/policy.ts'
import { summaryFileName } from './labels.ts'
import { SUMMARY_MEDIA_TYPES } from './render.ts'

/**
 * Records one export of the summary as a `summary.exported` case event: who took the state of the
 * case out of the application, in which format and variant. No content: the event is about the case.
 */
export async function recordExport(db: Db, actor: Member, summary: Summary, format: SummaryFormat) {
  await inTransaction(db, (tx) =>
    appendEvent(tx, {
      caseId: summary.case.id,
      type: 'summary.exported',
      actor: eventActor(actor.user, actor.membership.organisationId),
      entityType: 'case',
      entityId: summary.case.id,
      payload: { format, variant: summary.variant },
    }),
  )
}

/** Sends a rendered summary as a download no browser renders in place or caches for someone else. */
export function sendExport(reply: FastifyReply, summary: Summary, format: SummaryFormat, bytes: Buffer) {
  return reply
    .header('content-type', SUMMARY_MEDIA_TYPES[format])
    .header('content-disposition', attachmentDisposition(summaryFileName(summary, format)))
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(bytes)
}
