/** ObjectRef names one Kubernetes object of an environment as drift reports it (namespace resolved). */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** groupOf is the API group of an apiVersion ('' for the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** sameObject says whether two references name the same object (apiVersion versions of one group are the same object). */
export function sameObject(a: ObjectRef, b: ObjectRef): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '') && groupOf(a.apiVersion) === groupOf(b.apiVersion);
}
