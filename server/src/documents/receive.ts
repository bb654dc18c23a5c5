import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { FastifyRequest } from 'fastify'
import { AppError, badRequest } from '../http/errors.ts'
import { sanitizeFileName } from './names.ts'

/** A finished upload in a temporary file, with what was measured while it streamed in. */
export interface ReceivedFile {
  tempPath: string
  /** Sanitised (names.ts): what is stored and sent. */
  fileName: string
  size: number
  sha256: string
}

/** Text fields of the form are small: a title, a step, an item id, an audience of a few dozen ids. */
export const FIELD_LIMITS = { fields: 8, fieldSize: 16 * 1024, parts: 10, headerPairs: 50 } as const

/** A fresh private directory for one upload's file; removed as a whole when the request ends. */
export async function uploadDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'vp-upload-'))
}

export async function removeDirectory(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

export const tooLarge = (message: string) =>
  new AppError(413, 'payload_too_large', message, [{ path: 'file', message }])

/**
 * Counts and hashes the bytes on their way to disk, and stops the stream when they pass `limit`
 * (busboy stops at its own limit too; this is the check that does not depend on it).
 */
function measuring(limit: number, tooMuch: () => Error) {
  const hash = createHash('sha256')
  let size = 0
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length
      if (size > limit) return done(tooMuch())
      hash.update(chunk)
      done(null, chunk)
    },
  })
  return { stream, result: () => ({ size, sha256: hash.digest('hex') }) }
}

/**
 * Reads a multipart form: the one `file` part is streamed to `<dir>/upload` (never held in memory),
 * the text fields are collected. A file past `limitBytes` ends with 413 as soon as it passes.
 * A connection that breaks mid-way rejects; the caller removes `dir` whatever happens.
 */
export async function receiveUpload(
  req: FastifyRequest,
  dir: string,
  limitBytes: number,
  tooMuch: () => AppError,
): Promise<{ file: ReceivedFile; fields: Record<string, string> }> {
  const fields: Record<string, string> = {}
  let file: ReceivedFile | null = null
  const tempPath = join(dir, 'upload')
  const parts = req.parts({ limits: { ...FIELD_LIMITS, files: 1, fileSize: limitBytes } })
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        if (typeof part.value !== 'string' || part.valueTruncated) {
          throw badRequest('Ongeldig formulierveld', [{ path: `body.${part.fieldname}`, message: 'Te lang' }])
        }
        fields[part.fieldname] = part.value
        continue
      }
      if (part.fieldname !== 'file' || file) {
        part.file.resume()
        throw badRequest('Stuur één bestand in het veld file', [{ path: 'file', message: 'Eén bestand' }])
      }
      const measure = measuring(limitBytes, tooMuch)
      // busboy only truncates at its limit and reads on to the end of the part; stop at once instead,
      // so a chunked upload without Content-Length is not read to its end either.
      part.file.once('limit', () => part.file.destroy(tooMuch()))
      await pipeline(part.file, measure.stream, createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }))
      // A body that arrived at once passed the limit before the listener above was there.
      if (part.file.truncated) throw tooMuch()
      file = { tempPath, fileName: sanitizeFileName(part.filename ?? ''), ...measure.result() }
    }
  } catch (err) {
    // The parser's own size error, when it is the first to notice: answered in our words.
    throw (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' ? tooMuch() : err
  }
  if (!file) throw badRequest('Kies een bestand', [{ path: 'file', message: 'Verplicht' }])
  return { file, fields }
}
