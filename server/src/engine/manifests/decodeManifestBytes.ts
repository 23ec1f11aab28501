import type { Finding } from '../validation/Finding';

/** DecodedManifest is a file's text, or the reason it has none. */
export interface DecodedManifest {
  text?: string;
  problems: Finding[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * decodeManifestBytes checks a file before parsing: size limit, binary content, UTF-8 validity
 * and a byte order mark. Every refusal is one clear "yaml-syntax" finding on the first line.
 */
export function decodeManifestBytes(args: { file: string; bytes: Uint8Array; maxFileSize: number; size?: number }): DecodedManifest {
  const { file, bytes, maxFileSize } = args;
  // `size` is the whole file's when only its beginning was read (ManifestFileReader).
  const size = args.size ?? bytes.length;
  const atStart = (message: string, severity: Finding['severity']): DecodedManifest => ({
    problems: [{ file, rule: 'yaml-syntax', severity, message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }],
  });
  if (size > maxFileSize) {
    return atStart(`file is ${formatBytes(size)}, over the ${formatBytes(maxFileSize)} size limit (setting gitopsWorkbench.maxFileSize); not validated`, 'warning');
  }
  // Bytes that are only the file's beginning, within the limit, are a caller's mistake: never parsed as the file.
  if (bytes.length < size) return atStart(`file was read only in part (${bytes.length} of ${size} bytes); not validated`, 'warning');
  const probe = bytes.subarray(0, 8000);
  if (probe.includes(0)) return atStart('file looks binary (it contains NUL bytes); not validated', 'warning');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    return atStart(`file is not valid UTF-8 (first invalid byte at offset ${offset}); YAML files must be UTF-8`, 'error');
  }
  if (text.charCodeAt(0) === 0xfeff) {
    // The BOM is allowed by YAML but trips some tools; drop it so positions match what editors show.
    const notice = atStart('file starts with a UTF-8 byte order mark; it is ignored here, but some tools reject it', 'info');
    return { text: text.slice(1), problems: notice.problems };
  }
  return { text, problems: [] };
}

function formatBytes(size: number): string {
  if (size >= 1024 * 1024) return `${(size / (1024 * 1024)).toFixed(1)} MB`;
  if (size >= 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${size} bytes`;
}

/**
 * firstInvalidUtf8Offset returns where the first malformed UTF-8 sequence starts (a stray or
 * missing continuation byte, an overlong form, a surrogate, a truncated sequence at the end).
 */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    // Continuation bytes to follow, and the range of the first one (RFC 3629 table 3-7).
    let count: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) count = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      count = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      count = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    if (i + count >= bytes.length || bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (let k = 2; k <= count; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += count + 1;
  }
  return bytes.length;
}
