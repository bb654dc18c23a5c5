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
  wijkscanRead: -198,
  schouw: -177,
  sketchAdded: -175.9,
  policeAnalysisWritten: -171,
  policeAnalysisAdded: -169.9,
  meeting: -117,
  minutesAdded: -115.5,
} as const
