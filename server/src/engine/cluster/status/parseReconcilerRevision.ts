import type { ParsedRevision } from './ReconciledRevision';

/**
 * parseReconcilerRevision takes apart a revision as Flux and Argo CD write it:
 * - Flux (source-controller v1): `main@sha1:<sha>`, `refs/heads/main@sha1:<sha>`,
 *   `v1.2.0@sha1:<sha>`, `sha1:<sha>`; OCI and Bucket digests `latest@sha256:<digest>`,
 *   `sha256:<digest>`. The hash is what follows the last ':', the ref what precedes the last '@'.
 * - Flux before v2.0: `main/<sha>`, `feature/x/<sha>` (the hash is the last path segment).
 * - Argo CD: a bare commit id, or a Helm chart version.
 * `sha` is set only for a full SHA-1 commit id (and no other algorithm named); anything else
 * (a digest, a chart version, an abbreviated id) is not a commit of a git repository.
 */
export function parseReconcilerRevision(args: { revision: string }): ParsedRevision {
  const raw = args.revision.trim();
  let ref: string | undefined;
  let algorithm: string | undefined;
  let hash: string;
  const colon = raw.lastIndexOf(':');
  if (colon !== -1) {
    hash = raw.slice(colon + 1);
    const prefix = raw.slice(0, colon);
    const at = prefix.lastIndexOf('@');
    if (at !== -1) {
      ref = prefix.slice(0, at) || undefined;
      algorithm = prefix.slice(at + 1) || undefined;
    } else {
      algorithm = prefix || undefined;
    }
  } else {
    const slash = raw.lastIndexOf('/');
    const last = slash === -1 ? raw : raw.slice(slash + 1);
    // The legacy form only when the last segment is a commit id: "release/1.2" is a ref, not a hash.
    if (slash !== -1 && /^[0-9a-f]{40}$/i.test(last)) {
      ref = raw.slice(0, slash) || undefined;
      hash = last;
    } else {
      hash = raw;
    }
  }
  const isSha1 = /^[0-9a-f]{40}$/i.test(hash) && (algorithm === undefined || algorithm.toLowerCase() === 'sha1');
  return {
    raw,
    ...(ref !== undefined ? { ref } : {}),
    ...(algorithm !== undefined ? { algorithm } : {}),
    hash,
    ...(isSha1 ? { sha: hash.toLowerCase() } : {}),
  };
}
