import { createReadStream } from 'node:fs'
import { open as openFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { type DocumentExtension, type DocumentType, documentTypeOf } from '@vp/shared'
import CFB from 'cfb'
import { fileTypeFromFile } from 'file-type'
import yauzl, { type Entry, type ZipFile } from 'yauzl'
import { AppError } from '../http/errors.ts'

/** Limits of the archive check (ADR 024): generous for real office files, fatal for zip bombs. */
const ARCHIVE_LIMITS = {
  maxEntries: 5_000,
  maxTotalBytes: 500 * 1024 * 1024,
  /** Uncompressed size over file size, for the archive as a whole. */
  maxRatio: 100,
  /** Small files may expand further: a 20 kB document of repetitive XML is normal. */
  smallFileAllowanceBytes: 10 * 1024 * 1024,
  /** Parts read into memory to check their content. */
  maxManifestBytes: 1024 * 1024,
} as const

type InspectedType = DocumentType & { extension: DocumentExtension }

const unsupported = (message: string) =>
  new AppError(415, 'unsupported_media_type', message, [{ path: 'file', message }])

const NOT_ALLOWED = 'Dit bestandstype is niet toegestaan'
const MISMATCH = 'De inhoud van het bestand past niet bij de extensie'
const BAD_ARCHIVE = 'Het bestand is geen geldig kantoordocument'
const TOO_LARGE = 'Het archief pakt uit tot een verdacht grote omvang'
const MACROS = 'Documenten met macro’s zijn niet toegestaan'

/** What file-type reports for the bytes of each allowed extension (zip-based ones may show as plain zip). */
const MAGIC: Record<DocumentExtension, readonly string[] | 'text'> = {
  pdf: ['pdf'],
  doc: ['cfb'],
  xls: ['cfb'],
  ppt: ['cfb'],
  msg: ['cfb'],
  docx: ['docx', 'zip'],
  xlsx: ['xlsx', 'zip'],
  pptx: ['pptx', 'zip'],
  odt: ['odt', 'zip'],
  ods: ['ods', 'zip'],
  odp: ['odp', 'zip'],
  png: ['png', 'apng'],
  jpg: ['jpg'],
  jpeg: ['jpg'],
  gif: ['gif'],
  webp: ['webp'],
  heic: ['heic'],
  csv: 'text',
  txt: 'text',
  eml: 'text',
}

/** The part without which an OOXML package is not the document its extension names. */
const OOXML_MAIN: Partial<Record<DocumentExtension, string>> = {
  docx: 'word/document.xml',
  xlsx: 'xl/workbook.xml',
  pptx: 'ppt/presentation.xml',
}

/** Executables never pass as anything, whatever file-type makes of them: MZ (Windows), ELF, Mach-O. */
const EXECUTABLE_MAGIC = [
  Buffer.from('MZ'),
  Buffer.from([0x7f, 0x45, 0x4c, 0x46]),
  Buffer.from([0xcf, 0xfa, 0xed, 0xfe]),
  Buffer.from([0xce, 0xfa, 0xed, 0xfe]),
  Buffer.from([0xca, 0xfe, 0xba, 0xbe]),
]

async function head(path: string, bytes: number): Promise<Buffer> {
  const fh = await openFile(path, 'r')
  try {
    const buf = Buffer.alloc(bytes)
    const { bytesRead } = await fh.read(buf, 0, bytes, 0)
    return buf.subarray(0, bytesRead)
  } finally {
    await fh.close()
  }
}

/**
 * The type of an uploaded file, from its bytes: it must be on the allowed list, and its bytes must
 * be what its extension says. Zip-based office files are opened and checked as archives; text
 * types must be text. Anything else is 415 naming `file`. The media type comes from our list,
 * never from what the client declared.
 */
export async function inspectFile(path: string, fileName: string, size: number): Promise<InspectedType> {
  const type = documentTypeOf(fileName)
  if (!type) throw unsupported(NOT_ALLOWED)
  if (size === 0) throw unsupported('Het bestand is leeg')
  const start = await head(path, 8)
  if (EXECUTABLE_MAGIC.some((m) => start.subarray(0, m.length).equals(m))) throw unsupported(MISMATCH)
  const expected = MAGIC[type.extension]
  const detected = await fileTypeFromFile(path)
  if (expected === 'text') {
    if (detected) throw unsupported(MISMATCH)
    await assertText(path, type.extension)
    return type
  }
  if (!detected || !expected.includes(detected.ext)) throw unsupported(MISMATCH)
  if (expected.includes('zip')) await inspectArchive(path, type.extension, size)
  if (expected.includes('cfb')) inspectCompound(path, type.extension)
  return type
}

/**
 * Legacy Office files share one container (Compound File Binary); what makes one a Word, Excel,
 * PowerPoint or Outlook file is its main stream, required by each format's specification. A macro
 * project in a Word or Excel file is refused, as in their OOXML successors.
 */
const COMPOUND_RULES: Partial<Record<DocumentExtension, { main: readonly string[]; macros?: string }>> = {
  doc: { main: ['WordDocument'], macros: 'Macros' },
  xls: { main: ['Workbook', 'Book'], macros: '_VBA_PROJECT_CUR' },
  ppt: { main: ['PowerPoint Document'] },
  msg: { main: ['__properties_version1.0'] },
}

function inspectCompound(path: string, extension: DocumentExtension): void {
  const rule = COMPOUND_RULES[extension]
  if (!rule) return
  let top: { name: string; type: number }[]
  try {
    const container = CFB.read(path, { type: 'file' })
    // Entries directly under the root: their full path is "Root Entry/<name>" (a storage ends in "/").
    top = container.FullPaths.map((full, i) => ({ full, entry: container.FileIndex[i]! }))
      .filter(({ full }) => /^[^/]+\/[^/]+\/?$/.test(full))
      .map(({ entry }) => ({ name: entry.name, type: entry.type }))
  } catch {
    throw unsupported(BAD_ARCHIVE)
  }
  const STREAM = 2
  if (!top.some((e) => e.type === STREAM && rule.main.includes(e.name))) throw unsupported(MISMATCH)
  if (rule.macros && top.some((e) => e.name === rule.macros)) throw unsupported(MACROS)
}

/**
 * Text without magic: no NUL bytes and valid UTF-8 — or, for csv and txt, Windows-1252 as Excel
 * exports it on Dutch Windows (ADR 024). An e-mail starts with a header block.
 */
async function assertText(path: string, extension: DocumentExtension): Promise<void> {
  const utf8 = new TextDecoder('utf-8', { fatal: true })
  let isUtf8 = true
  let isWindows1252 = extension !== 'eml'
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    if (chunk.includes(0)) throw unsupported('Dit is geen tekstbestand')
    if (isUtf8) {
      try {
        utf8.decode(chunk, { stream: true })
      } catch {
        isUtf8 = false
      }
    }
    if (isWindows1252 && !isPlainWindows1252(chunk)) isWindows1252 = false
    if (!isUtf8 && !isWindows1252) throw unsupported('Dit is geen tekstbestand in UTF-8')
  }
  if (isUtf8) {
    try {
      utf8.decode()
    } catch {
      isUtf8 = false
    }
  }
  if (!isUtf8 && !isWindows1252) throw unsupported('Dit is geen tekstbestand in UTF-8')
  if (extension === 'eml' && !hasHeaderBlock((await head(path, 64 * 1024)).toString('utf8'))) {
    throw unsupported('Dit is geen e-mailbericht (.eml)')
  }
}

/** Bytes Windows-1252 leaves undefined, and control characters other than tab, line ends and form feed. */
function isPlainWindows1252(chunk: Buffer): boolean {
  for (const b of chunk) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return false
    if (b === 0x7f || b === 0x81 || b === 0x8d || b === 0x8f || b === 0x90 || b === 0x9d) return false
  }
  return true
}

const HEADER_LINE = /^[!-9;-~]+:/
const CONTINUATION = /^[ \t]/
const MAIL_HEADERS = /^(from|to|date|subject|message-id|received|return-path|mime-version):/im

/** RFC 5322: header fields (or their folded continuations) up to the first empty line, among them a mail header. */
function hasHeaderBlock(text: string): boolean {
  const lines = text.split(/\r?\n/)
  const end = lines.indexOf('')
  const block = lines.slice(0, end < 0 ? lines.length : end)
  if (block.length === 0 || !HEADER_LINE.test(block[0]!)) return false
  if (!block.every((l) => HEADER_LINE.test(l) || CONTINUATION.test(l))) return false
  return MAIL_HEADERS.test(block.join('\n'))
}

const openZip = promisify(yauzl.open) as (path: string, options: yauzl.Options) => Promise<ZipFile>

/** A name that would leave the directory it is unpacked in, or hides where it goes. */
const unsafeEntryName = (name: string) =>
  name.startsWith('/') || name.includes('\\') || /^[a-z]:/i.test(name) || name.split('/').includes('..')

/**
 * The archive check for zip-based office files: bounded entries, total size and expansion ratio,
 * no unsafe names and no encryption — and every entry is really inflated with a counter, since the
 * declared sizes can lie. OOXML needs its content types and main part and may not carry a macro
 * project; OpenDocument's `mimetype` must name the type its extension says, and it may carry no
 * macros or scripts either.
 */
async function inspectArchive(path: string, extension: DocumentExtension, size: number): Promise<void> {
  let zip: ZipFile
  try {
    zip = await openZip(path, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true, autoClose: true })
  } catch {
    throw unsupported(BAD_ARCHIVE)
  }
  // An error after the walk gave up (a stream still closing) must not go unhandled.
  zip.on('error', () => {})
  try {
    await walkArchive(zip, extension, size)
  } finally {
    zip.close()
  }
}

async function walkArchive(zip: ZipFile, extension: DocumentExtension, size: number): Promise<void> {
  const limits = ARCHIVE_LIMITS
  if (zip.entryCount > limits.maxEntries) throw unsupported('Het archief bevat te veel onderdelen')
  const maxTotal = Math.min(limits.maxTotalBytes, Math.max(size * limits.maxRatio, limits.smallFileAllowanceBytes))
  const names = new Set<string>()
  const manifests = new Map<string, string>()
  let declared = 0
  let inflated = 0
  const wanted = (name: string) => name === '[Content_Types].xml' || name === 'mimetype'
  for await (const entry of entries(zip)) {
    if (unsafeEntryName(entry.fileName)) throw unsupported(BAD_ARCHIVE)
    if (entry.isEncrypted()) throw unsupported('Versleutelde documenten zijn niet toegestaan')
    if (!entry.canDecodeFileData()) throw unsupported(BAD_ARCHIVE)
    // Two entries of one name: readers disagree on which one counts, a known way to smuggle content.
    if (names.has(entry.fileName)) throw unsupported(BAD_ARCHIVE)
    declared += entry.uncompressedSize
    if (declared > maxTotal) throw unsupported(TOO_LARGE)
    names.add(entry.fileName)
    const keep = wanted(entry.fileName)
    if (keep && entry.uncompressedSize > limits.maxManifestBytes) throw unsupported(BAD_ARCHIVE)
    const pieces: Buffer[] = []
    let own = 0
    const stream = await openEntry(zip, entry)
    try {
      for await (const piece of stream as AsyncIterable<Buffer>) {
        own += piece.length
        inflated += piece.length
        // yauzl compares with the declared size too; this stops a lie at once, whatever it declared.
        if (own > entry.uncompressedSize || inflated > maxTotal) {
          throw unsupported(TOO_LARGE)
        }
        if (keep) pieces.push(piece)
      }
    } catch (err) {
      if (err instanceof AppError) throw err
      // yauzl's own size check (validateEntrySizes) may see the lie first.
      throw unsupported(/too many bytes/.test(String((err as Error)?.message)) ? TOO_LARGE : BAD_ARCHIVE)
    } finally {
      stream.destroy()
    }
    if (keep) manifests.set(entry.fileName, Buffer.concat(pieces).toString('utf8'))
  }
  const main = OOXML_MAIN[extension]
  if (main) {
    const contentTypes = manifests.get('[Content_Types].xml')
    if (contentTypes === undefined || !names.has(main)) throw unsupported(BAD_ARCHIVE)
    const macros =
      [...names].some((n) => n.toLowerCase().endsWith('vbaproject.bin')) ||
      /macroEnabled|vbaProject/i.test(contentTypes)
    if (macros) throw unsupported(MACROS)
    return
  }
  // LibreOffice keeps macros in Basic/ and scripts in Scripts/; a document without them has neither.
  if ([...names].some((n) => /^(basic|scripts)\//i.test(n)))
    throw unsupported('Documenten met macro’s zijn niet toegestaan')
  const mimetype = manifests.get('mimetype')?.trim()
  const odf = { odt: 'text', ods: 'spreadsheet', odp: 'presentation' } as Partial<Record<DocumentExtension, string>>
  if (mimetype !== `application/vnd.oasis.opendocument.${odf[extension]}`) throw unsupported(MISMATCH)
}

/** The entries one by one (lazyEntries): the next is read only when the previous one is done. */
async function* entries(zip: ZipFile): AsyncGenerator<Entry> {
  while (true) {
    const next = await new Promise<Entry | null>((resolve, reject) => {
      const onEntry = (e: Entry) => settle(() => resolve(e))
      const onEnd = () => settle(() => resolve(null))
      const onError = () => settle(() => reject(unsupported(BAD_ARCHIVE)))
      const settle = (fn: () => void) => {
        zip.off('entry', onEntry).off('end', onEnd).off('error', onError)
        fn()
      }
      zip.on('entry', onEntry).on('end', onEnd).on('error', onError)
      zip.readEntry()
    })
    if (!next) return
    yield next
  }
}

function openEntry(zip: ZipFile, entry: Entry) {
  return new Promise<NodeJS.ReadableStream & { destroy(): void }>((resolve, reject) =>
    zip.openReadStream(entry, (err, stream) => (err ? reject(unsupported(BAD_ARCHIVE)) : resolve(stream))),
  )
}
