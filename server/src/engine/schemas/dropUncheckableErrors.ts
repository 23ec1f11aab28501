import type { ErrorObject } from 'ajv';
import { isJsonObject } from './JsonSchema';

/** sopsValue is a value encrypted by SOPS (ENC[AES256_GCM,data:…,type:int]). */
const sopsValue = /^ENC\[[A-Za-z0-9_]+,/;
/** substitution is a whole value that Flux post-build substitution replaces (${REPLICAS}, ${X:=1}). */
const substitution = /^\$\{[^}]+\}$/;

/**
 * dropUncheckableErrors removes the errors that say nothing about the document as it reaches the
 * cluster, so GitOps repositories do not drown in false positives:
 * - in a SOPS-encrypted document (a top-level `sops` map), the `sops` field itself and values
 *   that are encrypted (their type and format are only known after decryption);
 * - values that are a whole Flux substitution variable (`replicas: ${REPLICAS}`), whose type is
 *   only known after substitution;
 * - with `partial`, missing required fields: a strategic merge patch names only what it changes.
 */
export function dropUncheckableErrors(args: { errors: readonly ErrorObject[]; value: unknown; partial?: boolean }): ErrorObject[] {
  const sops = isJsonObject(args.value) && isJsonObject(args.value.sops);
  return args.errors.filter((error) => {
    if (args.partial && error.keyword === 'required') return false;
    if (typeof error.data === 'string' && error.keyword !== 'additionalProperties' && error.keyword !== 'required') {
      if (substitution.test(error.data)) return false;
      if (sops && sopsValue.test(error.data)) return false;
    }
    if (sops && error.keyword === 'additionalProperties' && error.instancePath === '' && (error.params as { additionalProperty?: string }).additionalProperty === 'sops') return false;
    return true;
  });
}
