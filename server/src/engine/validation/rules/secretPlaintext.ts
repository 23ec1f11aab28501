import type { RuleFinding } from '../Finding';
import { asMap } from '../../manifests/plainData';
import type { DocumentRule } from '../Rule';

const sopsValue = /^ENC\[[A-Z0-9_]+,/;
const substitution = /^\$\{[^}]+\}$/;

/**
 * secret-plaintext: a v1 Secret with `data` or `stringData` committed as is. SOPS-encrypted
 * documents (a top-level `sops` map, or every value `ENC[AES256_GCM,…]`) and SealedSecrets pass;
 * values that are only a Flux substitution variable (`${DB_PASSWORD}`) or empty are not secrets.
 */
export const secretPlaintext: DocumentRule = {
  id: 'secret-plaintext',
  defaultSeverity: 'error',
  description: 'A Secret is committed with unencrypted data or stringData; encrypt it with SOPS or use Sealed Secrets.',
  scope: 'document',
  check({ document }) {
    const identity = document.identity;
    if (!identity || identity.kind !== 'Secret' || identity.group !== '') return [];
    const value = asMap(document.value);
    if (!value || asMap(value.sops)) return [];
    const findings: RuleFinding[] = [];
    for (const field of ['data', 'stringData'] as const) {
      const entries = asMap(value[field]);
      if (!entries) continue;
      const plain = Object.keys(entries).filter((key) => isPlaintext(entries[key]));
      if (plain.length === 0) continue;
      const name = identity.name !== '' ? `Secret "${identity.name}"` : 'This Secret';
      const keys = plain.slice(0, 3).map((key) => `"${key}"`).join(', ') + (plain.length > 3 ? ` and ${plain.length - 3} more` : '');
      const encoding = field === 'data' ? ' (base64 is an encoding, not encryption)' : '';
      findings.push({
        path: [field],
        target: 'key',
        message: `${name} has unencrypted ${field}${encoding} for ${keys} committed to Git; encrypt it with SOPS or use a SealedSecret (or an ExternalSecret)`,
      });
    }
    return findings;
  },
};

function isPlaintext(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value !== 'string') return typeof value === 'number' || typeof value === 'boolean';
  const text = value.trim();
  return text !== '' && !sopsValue.test(text) && !substitution.test(text);
}
