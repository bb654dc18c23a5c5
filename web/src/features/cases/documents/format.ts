import { DOCUMENT_EXTENSIONS } from '@vp/shared/constants'
import type { useIntl } from 'react-intl'

type Intl = ReturnType<typeof useIntl>

const UNITS = [
  ['gigabyte', 1024 ** 3],
  ['megabyte', 1024 ** 2],
  ['kilobyte', 1024],
] as const

/** A size as people read it: "1,9 GB", "740 kB", "12 byte"; binary steps, as the server counts. */
export function formatBytes(intl: Intl, bytes: number): string {
  for (const [unit, size] of UNITS) {
    // From 1000 of the unit below on, so never "1.020 MB".
    if (bytes >= size * (1000 / 1024)) {
      return intl.formatNumber(bytes / size, {
        style: 'unit',
        unit,
        unitDisplay: 'short',
        maximumFractionDigits: bytes / size < 10 ? 1 : 0,
      })
    }
  }
  return intl.formatNumber(bytes, { style: 'unit', unit: 'byte', unitDisplay: 'long' })
}

/** The allowed extensions as a readable list for an error message: ".pdf, .docx, …". */
export function allowedList(intl: Intl): string {
  return intl.formatList(
    DOCUMENT_EXTENSIONS.map((e) => `.${e}`),
    { type: 'unit' },
  )
}

/** A file name without its extension: the default title of an upload. */
export function titleOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.')
  const base = dot > 0 ? fileName.slice(0, dot) : fileName
  return base.trim().slice(0, 200) || fileName.slice(0, 200)
}
