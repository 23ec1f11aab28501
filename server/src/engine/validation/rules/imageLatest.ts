import type { ManifestDocument } from '../../manifests/ManifestDocument';
import type { KustomizeImage } from '../../manifests/readKustomization';
import type { RuleFinding } from '../Finding';
import type { DocumentFinding, EnvironmentRule } from '../Rule';
import { applyKustomizeImages, formatImageReference, parseImageReference } from './support/imageReference';
import { containerLabel, podContainers } from './support/podTemplates';
import { rememberedPerValue } from './support/rememberedPerValue';
import { scopeWorkloads, type Workload } from './support/scopeWorkloads';

/**
 * image-latest: a container image without a tag or with `:latest` (a digest pins it). Runs per
 * environment so that a kustomization's `images:` (newTag, digest) counts, as in the render.
 */
export const imageLatest: EnvironmentRule = {
  id: 'image-latest',
  defaultSeverity: 'warning',
  description: 'A container image has no tag or uses :latest; pin a version tag or a digest.',
  scope: 'environment',
  check({ environment, memo }) {
    const findings: DocumentFinding[] = [];
    const report = (document: ManifestDocument, containers: () => Workload['containers']): void => {
      const images = environment.transforms?.get(document)?.images ?? noImages;
      // Most documents come into their environments untouched by kustomize `images:`: then their
      // findings depend on the value alone (see rememberedPerValue).
      const found = images.length === 0 ? rememberedPerValue(untransformed, document.value, memo !== undefined, () => checkContainers(containers(), images)) : checkContainers(containers(), images);
      found.forEach((finding) => findings.push({ ...finding, document }));
    };
    // forEach rather than for…of: these run once per document or workload of every scope, mostly
    // before the code is optimized, where for…of pays for an iterator at every step.
    if (memo) {
      // An edit re-checks scopes of mostly unchanged values: only a new value's containers are read.
      environment.documents.forEach((document) => report(document, () => podContainers(document, true)));
    } else {
      scopeWorkloads(environment).list.forEach((workload) => report(workload.document, () => workload.containers));
    }
    return findings;
  },
};

const untransformed = new WeakMap<object, readonly RuleFinding[]>();
const noImages: readonly KustomizeImage[] = [];

const noFindings: readonly RuleFinding[] = [];

/** checkContainers checks the containers of each pod template of a document. */
function checkContainers(perTemplate: Workload['containers'], images: readonly KustomizeImage[]): readonly RuleFinding[] {
  // Most documents have no findings: the list is made for the first one.
  let findings: RuleFinding[] | undefined;
  perTemplate.forEach((containers) => {
    containers.forEach((at) => {
      const image = at.container.image;
      // Skip empty values and images assembled from variables (Flux substitution, templates).
      if (typeof image !== 'string' || image.trim() === '' || image.includes('$') || image.includes('{{')) return;
      const written = parseImageReference(image);
      const effective = applyKustomizeImages(written, images);
      const untagged = effective.tag === undefined || effective.tag === '';
      if (effective.digest !== undefined || (!untagged && effective.tag !== 'latest')) return;
      // Only a finding needs the image spelled out.
      const shown = formatImageReference(effective);
      const via = shown === formatImageReference(written) ? '' : ` (after the kustomization's images: "${shown}")`;
      const problem = untagged ? `has no tag${via}, so it runs whatever "latest" is when the node pulls it` : `uses the :latest tag${via}`;
      (findings ??= []).push({ path: [...at.path, 'image'], message: `image "${image.trim()}" of ${containerLabel(at)} ${problem}; pin a version tag or a digest` });
    });
  });
  return findings ?? noFindings;
}
