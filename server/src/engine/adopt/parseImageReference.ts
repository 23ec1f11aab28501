/** ImageReference is a container image as written: `name[:tag][@digest]`. */
export interface ImageReference {
  name: string;
  tag?: string;
  digest?: string;
}

/** parseImageReference splits `registry:5000/team/app:1.2@sha256:…` into name, tag and digest (a registry port is not a tag). */
export function parseImageReference(reference: string): ImageReference {
  const at = reference.indexOf('@');
  const digest = at === -1 ? undefined : reference.slice(at + 1);
  const rest = at === -1 ? reference : reference.slice(0, at);
  const colon = rest.lastIndexOf(':');
  const slash = rest.lastIndexOf('/');
  const result: ImageReference = colon > slash ? { name: rest.slice(0, colon), tag: rest.slice(colon + 1) } : { name: rest };
  if (digest) result.digest = digest;
  return result;
}
