import { createHash } from 'node:crypto';
import { isBase64 } from './isBase64';

/**
 * maskSecretValue replaces one Secret value by `<masked sha256:xxxxxxxx>`: the first 8 hex digits of the
 * SHA-256 of the decoded value. `base64` is the value as Secret `data` holds it; text that is not valid
 * base64 is hashed as it is written. Equal values give equal hashes, so a changed key shows as two
 * different hashes without showing either value.
 */
export function maskSecretValue(args: { base64: unknown }): string {
  const { base64 } = args;
  const bytes =
    typeof base64 === 'string' && isBase64(base64)
      ? Buffer.from(base64.replace(/[\r\n]/g, ''), 'base64')
      : Buffer.from(typeof base64 === 'string' ? base64 : (JSON.stringify(base64) ?? ''), 'utf8');
  return `<masked sha256:${createHash('sha256').update(bytes).digest('hex').slice(0, 8)}>`;
}
