import * as vscode from 'vscode';
import type { ObjectRefDto, ResourceDriftDto } from '../../../server/src/protocol/dtos';

export const desiredScheme = 'gitops-desired';
export const liveScheme = 'gitops-live';

/** ManifestTarget names one side of an object, or of a whole environment, for the diff editor. */
export interface ManifestTarget {
  side: 'desired' | 'live';
  /** `file:` URI of the workspace folder of the repository. */
  folderUri: string;
  environment: string;
  /** One object; absent for the whole environment. */
  object?: ObjectRefDto;
}

/**
 * manifestUri encodes a target as a `gitops-desired:` / `gitops-live:` URI. The path reads well in
 * tabs and breadcrumbs (`/staging/Deployment/shop/cart.yaml`, `.yaml` so the editor highlights
 * it as YAML); the query carries the exact target.
 */
export function manifestUri(target: ManifestTarget): vscode.Uri {
  const object = target.object;
  const segments = object ? [target.environment, object.kind, ...(object.namespace ? [object.namespace] : []), `${object.name}.yaml`] : [target.environment, `${target.environment}.yaml`];
  const query = JSON.stringify({ folderUri: target.folderUri, environment: target.environment, ...(object ? { object } : {}) });
  return vscode.Uri.from({ scheme: target.side === 'desired' ? desiredScheme : liveScheme, path: `/${segments.map(encodeSegment).join('/')}`, query });
}

/** parseManifestUri reads a target back from its URI (undefined when it is not one of ours). */
export function parseManifestUri(uri: vscode.Uri): ManifestTarget | undefined {
  if (uri.scheme !== desiredScheme && uri.scheme !== liveScheme) return undefined;
  try {
    const parsed = JSON.parse(uri.query) as { folderUri?: unknown; environment?: unknown; object?: ObjectRefDto };
    if (typeof parsed.folderUri !== 'string' || typeof parsed.environment !== 'string') return undefined;
    return { side: uri.scheme === desiredScheme ? 'desired' : 'live', folderUri: parsed.folderUri, environment: parsed.environment, ...(parsed.object ? { object: parsed.object } : {}) };
  } catch {
    return undefined;
  }
}

/** diffTitle is the diff editor's title: "<Kind>/<name> (desired ↔ live)", or the environment's name. */
export function diffTitle(target: Pick<ManifestTarget, 'environment' | 'object'>): string {
  return `${target.object ? `${target.object.kind}/${target.object.name}` : target.environment} (desired ↔ live)`;
}

function encodeSegment(segment: string): string {
  return segment.replace(/[/\\?#]/g, '_');
}

/** refOf names a resource of the drift report for gitops/objectManifest. */
export function refOf(resource: ResourceDriftDto): ObjectRefDto {
  return { apiVersion: resource.apiVersion, kind: resource.kind, ...(resource.namespace ? { namespace: resource.namespace } : {}), name: resource.name };
}
