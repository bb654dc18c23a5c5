/**
 * The files a case may hold (F7): extension → media type and family. The type of an upload is
 * taken from its bytes and must match both this list and the name's extension (ADR 024). Nothing a
 * browser would run (SVG, HTML, scripts) is on it.
 */
export const DOCUMENT_FAMILIES = ['pdf', 'word', 'spreadsheet', 'presentation', 'image', 'text', 'email'] as const
export type DocumentFamily = (typeof DOCUMENT_FAMILIES)[number]

export interface DocumentType {
  mediaType: string
  family: DocumentFamily
}

export const DOCUMENT_TYPES = {
  pdf: { mediaType: 'application/pdf', family: 'pdf' },
  doc: { mediaType: 'application/msword', family: 'word' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', family: 'word' },
  odt: { mediaType: 'application/vnd.oasis.opendocument.text', family: 'word' },
  xls: { mediaType: 'application/vnd.ms-excel', family: 'spreadsheet' },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', family: 'spreadsheet' },
  ods: { mediaType: 'application/vnd.oasis.opendocument.spreadsheet', family: 'spreadsheet' },
  csv: { mediaType: 'text/csv', family: 'spreadsheet' },
  ppt: { mediaType: 'application/vnd.ms-powerpoint', family: 'presentation' },
  pptx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    family: 'presentation',
  },
  odp: { mediaType: 'application/vnd.oasis.opendocument.presentation', family: 'presentation' },
  png: { mediaType: 'image/png', family: 'image' },
  jpg: { mediaType: 'image/jpeg', family: 'image' },
  jpeg: { mediaType: 'image/jpeg', family: 'image' },
  gif: { mediaType: 'image/gif', family: 'image' },
  webp: { mediaType: 'image/webp', family: 'image' },
  heic: { mediaType: 'image/heic', family: 'image' },
  txt: { mediaType: 'text/plain', family: 'text' },
  eml: { mediaType: 'message/rfc822', family: 'email' },
  msg: { mediaType: 'application/vnd.ms-outlook', family: 'email' },
} as const satisfies Record<string, DocumentType>

export type DocumentExtension = keyof typeof DOCUMENT_TYPES
export const DOCUMENT_EXTENSIONS = Object.keys(DOCUMENT_TYPES) as DocumentExtension[]

/** For a file input's `accept`: every allowed extension. */
export const DOCUMENT_ACCEPT = DOCUMENT_EXTENSIONS.map((e) => `.${e}`).join(',')

/** The allowed type of a file name, or null (no extension, or one not on the list). */
export function documentTypeOf(fileName: string): (DocumentType & { extension: DocumentExtension }) | null {
  const dot = fileName.lastIndexOf('.')
  if (dot < 0) return null
  const ext = fileName.slice(dot + 1).toLowerCase()
  if (!Object.hasOwn(DOCUMENT_TYPES, ext)) return null
  const extension = ext as DocumentExtension
  return { ...DOCUMENT_TYPES[extension], extension }
}

/** Live and activity event types about documents (entity type `document`). */
export const DOCUMENT_EVENT_TYPES = [
  'document.added',
  'document.version_added',
  'document.changed',
  'document.deleted',
  'document.acknowledged',
  /** Only for documents with a limited audience: one event per download (the audit log). */
  'document.downloaded',
] as const
