// Any line whose first non-blank character is content (not `#`, not a line break).
const contentLine = /(?:^|[\r\n])[ \t]*[^ \t#\r\n]/;

/**
 * hasDocumentContent: the text holds more than blank and comment lines. Empty documents (before
 * the first marker, between markers, after the last) hold no object. A linear scan: a
 * nested-quantifier "every line is blank or a comment" pattern backtracks exponentially on comment
 * lines followed by content.
 */
export function hasDocumentContent(text: string): boolean {
  return contentLine.test(text);
}
