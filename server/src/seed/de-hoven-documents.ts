import { createHash } from 'node:crypto'
import { copyFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type UploadDocumentFields, UploadDocumentFieldsSchema } from '@vp/shared'
import { acknowledgeDocument } from '../documents/acknowledge.ts'
import { createDocument } from '../documents/create.ts'
import { unsafeFindDocument } from '../documents/load.ts'
import type { ReceivedFile } from '../documents/receive.ts'
import { authorize, authorizeDocument } from '../policy/policy.ts'
import type { CaseSeed, Clock, Ref } from './case-seed.ts'

/** The demo documents' files in server/src/seed/documents/ (written by scripts/demo-documents.ts). */
export const DEMO_DOCUMENT_FILES = {
  wijkscan: 'wijkscan-de-hoven-2026.pdf',
  policeAnalysis: 'analyse-politie-overlast.pdf',
  minutes: 'verslag-projectgroep-2026-08-11.docx',
  sketch: 'situatieschets-schouw-de-hoven.png',
} as const

/** Days relative to the seeding day (T in DEMO.md) of what the documents tell and of their upload. */
export const DEMO_DOCUMENT_MOMENTS = {
  wijkscanWritten: -205,
  wijkscanAdded: -199.5,
  wijkscanRead: -196,
  schouw: -177,
  sketchAdded: -175.9,
  policeAnalysisWritten: -171,
  policeAnalysisAdded: -169.9,
  meeting: -117,
  minutesAdded: -115.5,
} as const

/** The titles the demo gives its documents. */
export const DEMO_DOCUMENTS = {
  wijkscan: 'Wijkscan De Hoven 2026',
  policeAnalysis: 'Analyse overlast en criminaliteit De Hoven (politie)',
  minutes: 'Verslag projectgroep: plan van aanpak',
  sketch: 'Situatieschets schouw De Hoven (tekening, geen foto)',
} as const

const FOLDER = fileURLToPath(new URL('./documents/', import.meta.url))

/**
 * What the upload route hands the command once the file has streamed in: a temporary copy of the
 * demo file (the command's caller owns it and removes it), its size and hash.
 */
async function received<T>(file: string, use: (upload: ReceivedFile) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'vp-seed-document-'))
  try {
    const tempPath = join(dir, file)
    await copyFile(join(FOLDER, file), tempPath)
    const sha256 = createHash('sha256')
      .update(await readFile(tempPath))
      .digest('hex')
    return await use({ tempPath, fileName: file, size: (await stat(tempPath)).size, sha256 })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * The documents of De Hoven (issue #18): the gemeente's wijkscan in step 1, read by the police the
 * next day; the sketch of the schouw on the signal that reports it; the police analysis in step 2
 * for the driehoek only; and the minutes of the meeting that agreed the plan, on the case. Each is
 * added by its author at its moment, through the commands the routes call (ADR 017).
 */
export function fillDeHovenDocuments(s: CaseSeed, { T }: Clock, refs: { schouw: Ref }) {
  const m = DEMO_DOCUMENT_MOMENTS
  const add = (by: string, days: number, file: string, fields: () => UploadDocumentFields) => {
    const added: { id: string | null } = { id: null }
    s.act(by, T(days), `document ${file} by ${by}`, async (tx, actor, ctx) => {
      authorize(actor, 'document.create', null)
      const body = UploadDocumentFieldsSchema.parse(fields())
      const created = await received(file, (upload) => createDocument(tx, ctx.config, actor, s.caseId, upload, body))
      added.id = created.id
    })
    return added
  }
  const wijkscan = add('GEM', m.wijkscanAdded, DEMO_DOCUMENT_FILES.wijkscan, () => ({
    title: DEMO_DOCUMENTS.wijkscan,
    step: 1,
  }))
  s.act('POL', T(m.wijkscanRead), 'wijkscan read by POL', async (tx, actor) => {
    const doc = await unsafeFindDocument(tx, s.caseId, wijkscan.id!, actor.user.id)
    if (!doc) throw new Error('the wijkscan is not there')
    authorizeDocument(actor, 'document.acknowledge', doc.facts)
    await acknowledgeDocument(tx, actor, doc)
  })
  add('WON', m.sketchAdded, DEMO_DOCUMENT_FILES.sketch, () => ({
    title: DEMO_DOCUMENTS.sketch,
    itemId: refs.schouw.id,
  }))
  add('POL', m.policeAnalysisAdded, DEMO_DOCUMENT_FILES.policeAnalysis, () => ({
    title: DEMO_DOCUMENTS.policeAnalysis,
    step: 2,
    audience: [s.org('GEM'), s.org('POL'), s.org('OM')],
  }))
  add('GEM', m.minutesAdded, DEMO_DOCUMENT_FILES.minutes, () => ({ title: DEMO_DOCUMENTS.minutes }))
}
