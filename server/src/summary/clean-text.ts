// The one place where user text loses the characters a summary cannot hold, for the PDF and for
// the Word document alike.

// Every control character (C0 and C1) other than the line break. Tabs and carriage returns are
// turned into a space and a line break before this applies.
const CONTROL = /(?!\n)\p{Cc}/gu
// What XML 1.0 forbids besides control characters: U+FFFE, U+FFFF and halves of surrogate pairs.
// Without the `u` flag, so that the classes see the halves one by one.
const NOT_XML = /[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * Text without the characters that draw or store nothing sensible: line ends become `\n`, tabs
 * become spaces, and every other control character is removed. With `xml`, U+FFFE, U+FFFF and
 * halves of surrogate pairs go too, as XML 1.0 forbids them (a Word document refuses to open with
 * one). Nothing else changes: markup and field codes stay characters like any other.
 */
export function removeControlCharacters(text: string, options: { xml?: boolean } = {}): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ')
  // The halves are judged before any control character between them goes, so that removing one
  // never joins two halves into a pair.
  return (options.xml ? lines.replace(NOT_XML, '') : lines).replace(CONTROL, '')
}
