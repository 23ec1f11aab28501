/**
 * isBase64 accepts what the API server decodes as Secret data: standard base64 with padding; line
 * breaks are ignored, as Go's base64 decoder ignores \r and \n.
 */
export function isBase64(text: string): boolean {
  const compact = text.replace(/[\r\n]/g, '');
  return compact.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(compact);
}
