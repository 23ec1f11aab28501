import type { KustomizeImage } from '../../../manifests/readKustomization';

/** ImageReference is a container image split into name, tag and digest. */
export interface ImageReference {
  name: string;
  tag?: string;
  digest?: string;
}

/** parseImageReference splits `registry:5000/app:1.2@sha256:…`; a registry port is not a tag. */
export function parseImageReference(image: string): ImageReference {
  const text = image.trim();
  const at = text.indexOf('@');
  const digest = at === -1 ? undefined : text.slice(at + 1);
  const rest = at === -1 ? text : text.slice(0, at);
  const colon = rest.lastIndexOf(':');
  const tagged = colon !== -1 && colon > rest.lastIndexOf('/');
  return { name: tagged ? rest.slice(0, colon) : rest, tag: tagged ? rest.slice(colon + 1) : undefined, digest: digest || undefined };
}

/** formatImageReference joins what parseImageReference split. */
export function formatImageReference(reference: ImageReference): string {
  return `${reference.name}${reference.tag !== undefined ? `:${reference.tag}` : ''}${reference.digest !== undefined ? `@${reference.digest}` : ''}`;
}

/** applyKustomizeImages applies kustomize `images:` entries in order (newName, newTag, digest), as kustomize does. */
export function applyKustomizeImages(reference: ImageReference, images: readonly KustomizeImage[]): ImageReference {
  let current = reference;
  for (const image of images) {
    if (image.name !== current.name) continue;
    const next: ImageReference = { ...current };
    if (image.newName !== undefined) next.name = image.newName;
    if (image.newTag !== undefined) next.tag = image.newTag;
    if (image.digest !== undefined) {
      next.digest = image.digest;
      next.tag = undefined;
    }
    current = next;
  }
  return current;
}
